/**
 * What a failing queue database means to a user (issue 8 §5). SQLite's codes are
 * sorted into the three a batch can pause with: DB_BUSY (another process kept the
 * lock past the bounded wait), HOME_FULL (the disk under the home is full) and
 * DB_ERROR (I/O errors, a damaged or read-only file). Each fault names the file.
 */
import { describeError } from '../../shared/errors';

export type DbFaultCode = 'DB_BUSY' | 'HOME_FULL' | 'DB_ERROR';

/** A queue write or read that cannot succeed now; the engine pauses the batch with `code`. */
export class QueueDbError extends Error {
  constructor(
    readonly code: DbFaultCode,
    readonly file: string,
    override readonly cause: unknown,
  ) {
    super(`${describeError(code)} (queue database: ${file}; ${(cause as Error)?.message ?? String(cause)})`);
  }
}

function codeOf(e: unknown): string {
  const c = (e as { code?: unknown })?.code;
  return typeof c === 'string' ? c : '';
}

/** better-sqlite3 raises SQLITE_BUSY once its busy handler gives up; SQLITE_LOCKED is the same within one process. */
export function isBusy(e: unknown): boolean {
  const c = codeOf(e);
  return c.startsWith('SQLITE_BUSY') || c.startsWith('SQLITE_LOCKED');
}

/** The fault a database error stands for, or null for anything else (a bug, a constraint). */
export function dbFaultCode(e: unknown): DbFaultCode | null {
  if (e instanceof QueueDbError) return e.code;
  const c = codeOf(e);
  if (isBusy(e)) return 'DB_BUSY';
  if (c === 'SQLITE_FULL' || c === 'ENOSPC' || c === 'EDQUOT') return 'HOME_FULL';
  if (/^SQLITE_(IOERR|CORRUPT|NOTADB|READONLY|CANTOPEN|PROTOCOL|NOLFS|AUTH)/.test(c)) return 'DB_ERROR';
  return null;
}

const waitCell = new Int32Array(new SharedArrayBuffer(4));
/** better-sqlite3 is synchronous, so is the wait between tries. */
function sleepSync(ms: number): void {
  Atomics.wait(waitCell, 0, 0, ms);
}

export interface BusyRetry {
  /** Give up after this long (SQLite's own busy handler waits inside each try). */
  boundMs: number;
  now?: () => number;
  sleep?: (ms: number) => void;
}

/**
 * Run `fn`, retrying on SQLITE_BUSY with backoff until `boundMs` have passed; then,
 * and for any other fault, throw a QueueDbError naming `file`. Only call this around
 * whole transactions (a retried fn must not have half-committed anything).
 */
export function withDbRetry<T>(fn: () => T, file: string, opts: BusyRetry): T {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? sleepSync;
  const deadline = now() + opts.boundMs;
  for (let pause = 50; ; pause = Math.min(pause * 2, 1000)) {
    try {
      return fn();
    } catch (e) {
      const code = dbFaultCode(e);
      if (code === null || e instanceof QueueDbError) throw e;
      if (code !== 'DB_BUSY' || now() + pause >= deadline) throw new QueueDbError(code, file, e);
      sleep(pause);
    }
  }
}

/**
 * Wrap every method of `target`'s class so each call, as a whole, goes through
 * withDbRetry. Nested calls (a method using another inside its transaction) pass
 * straight through: only the outermost call is retried, never half a transaction.
 */
export function guardMethods(target: object, file: string, opts: BusyRetry): void {
  const proto = Object.getPrototypeOf(target) as Record<string, unknown>;
  let depth = 0;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const desc = Object.getOwnPropertyDescriptor(proto, name);
    if (name === 'constructor' || !desc || typeof desc.value !== 'function') continue;
    const original = desc.value as (...a: unknown[]) => unknown;
    Object.defineProperty(target, name, {
      configurable: true,
      writable: true,
      value: function guarded(this: unknown, ...args: unknown[]) {
        if (depth > 0) return original.apply(this, args);
        depth++;
        try {
          return withDbRetry(() => original.apply(this, args), file, opts);
        } finally {
          depth--;
        }
      },
    });
  }
}
