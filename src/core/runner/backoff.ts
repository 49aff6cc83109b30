/**
 * Delay before retry number `attempt` (1 = the first retry): exponential, capped,
 * with "equal jitter" (half fixed, half random). The fixed half keeps a retry from
 * landing at once on a resource that just failed (an Office lock, a busy share);
 * the random half keeps parallel workers from retrying in lockstep.
 */
export function backoffMs(
  attempt: number,
  opts: { baseMs?: number; maxMs?: number; random?: () => number } = {},
): number {
  const base = Math.max(0, opts.baseMs ?? 1000);
  const max = Math.max(0, opts.maxMs ?? 5 * 60_000);
  const random = opts.random ?? Math.random;
  const n = Number.isNaN(attempt) ? 1 : Math.max(1, Math.floor(Math.min(attempt, 1e6)));
  // 2 ** 1024 is Infinity: clamp the exponent so the cap, not NaN, wins.
  const ceiling = Math.min(max, base * 2 ** Math.min(n - 1, 52));
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(ceiling / 2 + (ceiling / 2) * r);
}
