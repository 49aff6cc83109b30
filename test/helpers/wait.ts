/**
 * Waiting in tests without fixed sleeps: poll a condition until it holds or a deadline passes.
 * The deadline is generous (the suite runs on loaded 2-core machines); a condition that never
 * holds fails with what was awaited and the last value seen, not with a later, confusing assert.
 */
export const DEFAULT_WAIT_MS = 60_000;

export async function waitUntil<T>(
  what: string,
  probe: () => T | Promise<T>,
  { timeoutMs = DEFAULT_WAIT_MS, intervalMs = 20 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
