/** "did you mean --workers?": the nearest known word, if it is near enough to be a typo. */

/** Edits between two words, a swap of two neighbours counting as one ("bacth" is one slip from "batch"). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

export function closest(word: string, candidates: readonly string[]): string | null {
  const w = word.toLowerCase();
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    // A prefix ("--work") is as good a hint as a typo.
    const d = c.startsWith(w) && w.length >= 3 ? 1 : editDistance(w, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  // At most a third of the word wrong: "wrokers" → workers, but "x" suggests nothing.
  return best !== null && bestD <= Math.max(1, Math.floor(best.length / 3)) ? best : null;
}
