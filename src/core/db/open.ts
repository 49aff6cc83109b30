/**
 * Opening the queue database: WAL, foreign keys, a busy timeout so a second
 * AltDeck process (CLI beside the app) waits instead of failing, and migrations.
 * A database written by a newer AltDeck is refused, never "downgraded" (the
 * lesson Signal Desktop learnt): its user must update instead of losing a queue.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LATEST_VERSION, MIGRATIONS } from './migrations';

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
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { readonly: opts.readonly ?? false, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) });
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
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function migrate(db: Db, from: number, to: number): void {
  for (const m of MIGRATIONS) {
    if (m.version <= from || m.version > to) continue;
    // The pragma is a no-op inside a transaction, so it is switched around it.
    if (m.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      // Each migration and its version bump commit together: a crash mid-way leaves the old schema.
      db.transaction(() => {
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
