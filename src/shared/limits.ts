/** Limits every layer shares (one source, DESIGN.md §2). */

/**
 * Engine deaths (kill -9, power cut, a closed laptop lid that never woke) a deck may
 * live through before it is no longer tried automatically. Each death hits only the
 * decks in flight at that moment, so random kills spread over a batch never reach it;
 * a deck that takes the engine itself down every time does, instead of looping forever
 * (an app restarted by a script, a cron'd `--resume`). Not counted as attempts.
 */
export const ENGINE_DEATH_LIMIT = 20;

/** Free space kept on the output drive by default (bytes); `--min-free` / Settings override it. */
export const DEFAULT_MIN_FREE_BYTES = 1024 ** 3;

/**
 * How long a write waits for a queue database another process holds (its lock) before
 * the batch pauses with DB_BUSY. SQLite's own busy handler backs off inside each try.
 */
export const DEFAULT_DB_BUSY_MS = 30_000;

// Binary units, as file managers and df -h count them: "1GB" is exactly the default floor.
const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4, tib: 1024 ** 4 };

/** "200MB", "1.5 GB", "500M", "0" → bytes (1 MB = 1024 KB); null if not a size. */
export function parseByteSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return null;
  const unit = UNITS[m[2].toLowerCase()];
  if (unit === undefined) return null;
  const n = Math.round(Number(m[1]) * unit);
  return Number.isSafeInteger(n) ? n : null;
}
