/** Position-based edits of a part's text: the only way the processor changes XML. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

export function applySplices(source: string, splices: Splice[]): string {
  const sorted = [...splices].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let pos = 0;
  let last: Splice | null = null;
  for (const s of sorted) {
    // the same edit reached twice (a shape listed in two branches) is one edit
    if (last && s.start === last.start && s.end === last.end && s.text === last.text) continue;
    last = s;
    if (s.start < pos) throw new Error(`overlapping edits at ${s.start}`);
    out += source.slice(pos, s.start) + s.text;
    pos = s.end;
  }
  return out + source.slice(pos);
}
