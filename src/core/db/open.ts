/**
 * Opening the queue database: WAL, foreign keys, a busy timeout so a second
 * AltDeck process (CLI beside the app) waits instead of failing, and migrations.
 * A database written by a newer AltDeck is refused, never "downgraded" (the
 * lesson Signal Desktop learnt): its user must update instead of losing a queue.
 */
import Database from 'better-sqlite3';
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { registerCheckpointTarget } from './background-checkpoint';
import { LATEST_VERSION, MIGRATIONS } from './migrations';
import { dbFaultCode } from './errors';

export type Db = Database.Database;

export class DatabaseFromFutureError extends Error {
  readonly code = 'DB_FROM_FUTURE';
  constructor(
    readonly file: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `The AltDeck queue at ${file} was written by a newer version of AltDeck (schema ${found}; this version reads up to ${supported}). ` +
        'Update AltDeck to open it; nothing was changed.',
    );
  }
}

export type DatabaseOpenProblem = 'DB_DAMAGED' | 'DB_READONLY' | 'HOME_FULL' | 'DB_BUSY' | 'DB_ERROR';

/**
 * The queue cannot be opened: a sentence naming the file and what to do (issue 8 §5).
 * AltDeck refuses before writing anything, so the file is left exactly as it was.
 */
export class DatabaseOpenError extends Error {
  readonly code: DatabaseOpenProblem;
  constructor(
    readonly file: string,
    readonly reason: unknown,
    code?: DatabaseOpenProblem,
  ) {
    const detail = (reason as Error)?.message ?? String(reason);
    const c = code ?? problemOf(reason);
    const what: Record<DatabaseOpenProblem, string> = {
      DB_DAMAGED:
        `The AltDeck queue at ${file} is damaged or is not an AltDeck database (${detail}). AltDeck did not change it. ` +
        'Move it aside (rename it, e.g. to altdeck.db.damaged) to start with an empty queue, or put back a backup; keep it for support if it held batches you need.',
      DB_READONLY:
        `The AltDeck queue at ${file} cannot be written: the file, its folder or its disk is read-only (${detail}). AltDeck did not change it. ` +
        'Give your account write access there, or use another home folder (--home DIR or ALTDECK_HOME).',
      HOME_FULL:
        `The disk holding the AltDeck queue at ${file} is full (${detail}). AltDeck did not change the queue. ` +
        'Free some space on that disk, or use another home folder (--home DIR or ALTDECK_HOME), then run AltDeck again.',
      DB_BUSY:
        `Another program kept the AltDeck queue at ${file} locked for too long (${detail}). AltDeck did not change it. ` +
        'Close the other program (another AltDeck, a backup or a database viewer), then run AltDeck again.',
      DB_ERROR:
        `AltDeck could not open its queue at ${file} (${detail}). AltDeck did not change it. ` +
        'Check the disk or network share holding it, then run AltDeck again.',
    };
    super(what[c]);
    this.code = c;
  }
}

function problemOf(e: unknown): DatabaseOpenProblem {
  const code = String((e as { code?: unknown })?.code ?? '');
  if (/^SQLITE_(NOTADB|CORRUPT)/.test(code)) return 'DB_DAMAGED';
  if (/^SQLITE_READONLY/.test(code) || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return 'DB_READONLY';
  const fault = dbFaultCode(e);
  return fault === 'HOME_FULL' || fault === 'DB_BUSY' ? fault : 'DB_ERROR';
}

/**
 * Pure check of a database file's first 100 bytes against its size: null when it
 * looks like an intact SQLite file (or is empty, which SQLite treats as new),
 * otherwise what is wrong. Catches garbage and a file cut short by a copy.
 */
export function databaseHeaderProblem(head: Buffer, size: number, opts: { walHoldsPages?: boolean } = {}): string | null {
  if (size === 0) return null;
  if (size < 100 || head.subarray(0, 16).toString('latin1') !== 'SQLite format 3\0') return 'the file is not a SQLite database';
  const rawPage = head.readUInt16BE(16);
  const pageSize = rawPage === 1 ? 65536 : rawPage;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return 'the file header is damaged';
  if (opts.walHoldsPages) return null;
  const pages = head.readUInt32BE(28);
  // The page count is trusted only when it was written with the current change counter.
  const countValid = pages > 0 && head.readUInt32BE(92) === head.readUInt32BE(24);
  if (countValid && size < pages * pageSize) return `the file is cut short (${size} of ${pages * pageSize} bytes)`;
  if (size % pageSize !== 0) return `the file is cut short (${size} bytes is not a whole number of ${pageSize}-byte pages)`;
  return null;
}

function readHead(file: string): { head: Buffer; size: number } {
  const size = statSync(file).size;
  const head = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  return { head, size };
}

/** The folder of the queue `file` (the home), made if missing; a DatabaseOpenError saying why it cannot be. */
export function makeFolderFor(file: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch (e) {
    // A recursive mkdir on a read-only disk can report ENOENT: ask the nearest existing folder.
    let dir = dirname(file);
    while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
    try {
      accessSync(dir, constants.W_OK);
    } catch (denied) {
      throw new DatabaseOpenError(file, denied, 'DB_READONLY');
    }
    throw new DatabaseOpenError(file, e);
  }
}

/** Refuse, before SQLite touches it, a file that is garbage, cut short or not writable. */
function precheck(file: string, readonly: boolean): void {
  makeFolderFor(file);
  if (!existsSync(file)) {
    if (readonly) return;
    try {
      accessSync(dirname(file), constants.W_OK);
    } catch (e) {
      throw new DatabaseOpenError(file, e, 'DB_READONLY');
    }
    return;
  }
  let problem: string | null;
  try {
    const { head, size } = readHead(file);
    // Pages not yet checkpointed (or a checkpoint cut short by a full disk) live in the
    // WAL: the main file may then be shorter than its header says, and SQLite recovers it.
    const wal = `${file}-wal`;
    const walHoldsPages = existsSync(wal) && statSync(wal).size > 32;
    problem = databaseHeaderProblem(head, size, { walHoldsPages });
  } catch (e) {
    throw new DatabaseOpenError(file, e);
  }
  if (problem) throw new DatabaseOpenError(file, new Error(problem), 'DB_DAMAGED');
  if (readonly) return;
  for (const p of [file, dirname(file), `${file}-wal`, `${file}-shm`]) {
    if (!existsSync(p)) continue;
    try {
      accessSync(p, constants.W_OK);
    } catch (e) {
      throw new DatabaseOpenError(file, e, 'DB_READONLY');
    }
  }
}

export interface OpenOptions {
  /** Tests use this to simulate an older app reading a newer file. */
  latestVersion?: number;
  readonly?: boolean;
  /**
   * A better-sqlite3 addon built for another runtime (Electron's ABI) while
   * node_modules keeps the Node build, so `npm test` and `npm start` work in
   * either order. See docs/desktop.md.
   */
  nativeBinding?: string;
}

export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  if (file !== ':memory:') precheck(file, opts.readonly ?? false);
  let db: Db;
  try {
    db = new Database(file, { readonly: opts.readonly ?? false, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) });
  } catch (e) {
    // A missing native binding is a broken install, not a database problem.
    throw dbFaultCode(e) || /^SQLITE_/.test(String((e as { code?: unknown }).code)) ? new DatabaseOpenError(file, e) : e;
  }
  try {
    db.pragma('busy_timeout = 10000');
    const found = db.pragma('user_version', { simple: true }) as number;
    const latest = opts.latestVersion ?? LATEST_VERSION;
    if (found > latest) throw new DatabaseFromFutureError(file, found, latest);
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      // NORMAL is durable in WAL mode except for the last transaction on power loss,
      // which recovery handles (a job found running is simply re-run).
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, found, latest);
      // A large transaction's checkpoint can then be made from a thread (background-checkpoint.ts).
      if (file !== ':memory:') registerCheckpointTarget(db, { file: resolve(file), module: require.resolve('better-sqlite3'), nativeBinding: opts.nativeBinding });
    }
    return db;
  } catch (err) {
    db.close();
    if (err instanceof DatabaseFromFutureError || !/^SQLITE_/.test(String((err as { code?: unknown }).code))) throw err;
    throw new DatabaseOpenError(file, err);
  }
}

/** Exported for the test of a stale `from` (another process migrated meanwhile). */
export function migrate(db: Db, from: number, to: number): void {
  for (const m of MIGRATIONS) {
    if (m.version <= from || m.version > to) continue;
    // The pragma is a no-op inside a transaction, so it is switched around it.
    if (m.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      // Each migration and its version bump commit together: a crash mid-way leaves the old schema.
      // Another process (two processors opening a fresh home at once) may have applied it
      // between our read of user_version and this write lock: read it again under the lock.
      db.transaction(() => {
        if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return;
        if (typeof m.up === 'string') db.exec(m.up);
        else m.up(db);
        if (m.rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length) throw new Error(`migration ${m.version} (${m.name}) would break ${broken.length} reference(s); nothing was changed`);
        }
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    } finally {
      if (m.rebuildsTables) db.pragma('foreign_keys = ON');
    }
  }
}
