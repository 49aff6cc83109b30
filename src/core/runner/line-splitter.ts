/**
 * Splits a byte stream into lines without ever holding more than `maxLineBytes`
 * of one line. Works on bytes, not strings, so a UTF-8 character cut between two
 * chunks is never mangled, and a child printing gigabytes with no newline costs
 * us nothing: the over-long line is counted and dropped, not buffered.
 */
export type SplitItem = { kind: 'line'; line: string } | { kind: 'dropped'; bytes: number };

export interface LineSplitter {
  /** Feed a chunk; returns the lines it completed, in order. */
  push(chunk: Buffer): SplitItem[];
  /** End of stream: returns the unterminated last line, if any. */
  end(): SplitItem[];
}

const NL = 0x0a;

export function createLineSplitter(maxLineBytes: number): LineSplitter {
  if (!(maxLineBytes > 0)) throw new RangeError('maxLineBytes must be positive');
  let parts: Buffer[] = [];
  let held = 0;
  // Bytes of the current line seen so far while dropping it (it outgrew the limit).
  let dropping = false;
  let droppedBytes = 0;

  function takeLine(tail: Buffer): string {
    const buf = parts.length === 0 ? tail : Buffer.concat([...parts, tail], held + tail.length);
    parts = [];
    held = 0;
    let end = buf.length;
    if (end > 0 && buf[end - 1] === 0x0d) end--; // CRLF from Windows processors
    return buf.toString('utf8', 0, end);
  }

  function accumulate(piece: Buffer, out: SplitItem[], terminated: boolean): void {
    if (dropping) {
      droppedBytes += piece.length;
      if (terminated) {
        out.push({ kind: 'dropped', bytes: droppedBytes });
        dropping = false;
        droppedBytes = 0;
      }
      return;
    }
    if (held + piece.length > maxLineBytes) {
      // Too long: forget what we hold and skip to the next newline.
      droppedBytes = held + piece.length;
      parts = [];
      held = 0;
      if (terminated) {
        out.push({ kind: 'dropped', bytes: droppedBytes });
        droppedBytes = 0;
      } else {
        dropping = true;
      }
      return;
    }
    if (terminated) {
      out.push({ kind: 'line', line: takeLine(piece) });
    } else if (piece.length > 0) {
      // Copy: the stream may reuse or retain the chunk's whole backing store.
      parts.push(Buffer.from(piece));
      held += piece.length;
    }
  }

  return {
    push(chunk: Buffer): SplitItem[] {
      const out: SplitItem[] = [];
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(NL, start);
        if (nl === -1) break;
        accumulate(chunk.subarray(start, nl), out, true);
        start = nl + 1;
      }
      if (start < chunk.length) accumulate(chunk.subarray(start), out, false);
      return out;
    },
    end(): SplitItem[] {
      const out: SplitItem[] = [];
      if (dropping) {
        out.push({ kind: 'dropped', bytes: droppedBytes });
        dropping = false;
        droppedBytes = 0;
      } else if (held > 0) {
        out.push({ kind: 'line', line: takeLine(Buffer.alloc(0)) });
      }
      return out;
    },
  };
}

/** Convenience for tests and one-shot text: split a whole input given as chunks. */
export function splitLines(chunks: Buffer[], maxLineBytes: number): SplitItem[] {
  const s = createLineSplitter(maxLineBytes);
  const out: SplitItem[] = [];
  for (const c of chunks) out.push(...s.push(c));
  out.push(...s.end());
  return out;
}
