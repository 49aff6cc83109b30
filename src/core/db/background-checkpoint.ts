/**
 * A large transaction's WAL checkpoint, made by a thread of its own (issue 10: enqueue
 * 100,000 jobs in < 1 s).
 *
 * With `wal_autocheckpoint`, the commit that pushes the WAL past 1,000 pages copies every
 * page it wrote into the database file and syncs it before it returns: for a 100,000-deck
 * batch ~32 MB, 0.17-0.45 s of a ~0.6-1.1 s enqueue. The rows are durable once they are
 * in the WAL (the README's promise: WAL, synchronous=NORMAL); copying them into the
 * database can happen after the commit has returned. So a writer that knows it is about
 * to write a lot turns the automatic checkpoint off around its transaction and hands the
 * checkpoint to a worker thread with its own connection (SQLite checkpoints a WAL from
 * any connection, while the engine goes on reading and writing: readers and the writer
 * are not blocked by a PASSIVE checkpoint). When the thread is done, or cannot start
 * (a runtime without worker threads, a failed load of the native module), the automatic
 * checkpoint is turned back on, and the next commit does what is left, as before.
 *
 * A crash, kill or power cut meanwhile loses nothing: the WAL holds the transaction, and
 * the next open replays it (a checkpoint cut short is redone).
 */
import { Worker } from 'node:worker_threads';
import type { Db } from './open';

/** SQLite's default: the automatic checkpoint once the WAL holds this many pages. */
export const AUTO_CHECKPOINT_PAGES = 1000;

/** Below this many rows a transaction's checkpoint costs less than starting a thread. */
export const BACKGROUND_CHECKPOINT_MIN_ROWS = 10_000;

interface Target {
  file: string;
  module: string;
  nativeBinding?: string;
}

// By the database's file name (Database#name), so a connection wrapped by the queue's
// statement cache (a Proxy) finds the same entry.
/** How to open a database file again from a thread; set by openDatabase. */
const targets = new Map<string, Target>();
/** Files with a background checkpoint under way (the writer's automatic one is off until it ends). */
const inFlight = new Map<string, Promise<BackgroundCheckpoint>>();

export function registerCheckpointTarget(db: Db, target: Target): void {
  targets.set(db.name, target);
}

export interface BackgroundCheckpoint {
  /** 'done': the thread checkpointed; 'fallback': it could not, and the automatic checkpoint does it. */
  outcome: 'done' | 'fallback';
  /** WAL frames before the checkpoint, and how many it copied (PRAGMA wal_checkpoint). */
  log?: number;
  checkpointed?: number;
  message?: string;
}

// Plain CommonJS, run with eval: no file to ship beside the bundles (main, CLI, the app's engine).
const THREAD_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
let db;
try {
  const Database = require(workerData.module);
  db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
  db.pragma('synchronous = NORMAL');
  const [r] = db.pragma('wal_checkpoint(PASSIVE)');
  parentPort.postMessage({ outcome: 'done', log: r.log, checkpointed: r.checkpointed });
} catch (e) {
  parentPort.postMessage({ outcome: 'fallback', message: String((e && e.message) || e) });
} finally {
  try { if (db) db.close(); } catch {}
}
`;

/**
 * Run `write` (one transaction) with the automatic checkpoint off, then checkpoint what it
 * wrote from a worker thread. Returns `write`'s value at once; `settled` (for tests and
 * benchmarks) resolves when the automatic checkpoint is back on.
 */
export function withBackgroundCheckpoint<T>(db: Db, rows: number, write: () => T, minRows = BACKGROUND_CHECKPOINT_MIN_ROWS): { value: T; settled: Promise<BackgroundCheckpoint> | null } {
  const target = targets.get(db.name);
  if (!target || rows < minRows || inFlight.has(db.name)) return { value: write(), settled: null };
  db.pragma('wal_autocheckpoint = 0');
  let value: T;
  try {
    value = write();
  } catch (e) {
    restore(db);
    throw e;
  }
  const name = db.name;
  const settled = start(target).then((r) => {
    restore(db);
    inFlight.delete(name);
    return r;
  });
  inFlight.set(name, settled);
  return { value, settled };
}

function restore(db: Db): void {
  try {
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  } catch {
    // closed meanwhile: SQLite checkpointed on close, or the next open replays the WAL
  }
}

function start(target: Target): Promise<BackgroundCheckpoint> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(THREAD_CODE, { eval: true, workerData: target });
    } catch (e) {
      resolve({ outcome: 'fallback', message: (e as Error).message });
      return;
    }
    // Not unref'd: a command that ends right after a large enqueue (a dry run) waits the
    // fraction of a second the checkpoint takes, and leaves the database checkpointed.
    let answer: BackgroundCheckpoint | null = null;
    worker.once('message', (m: BackgroundCheckpoint) => (answer = m));
    worker.once('error', (e) => (answer ??= { outcome: 'fallback', message: e.message }));
    worker.once('exit', () => resolve(answer ?? { outcome: 'fallback', message: 'the checkpoint thread ended without an answer' }));
  });
}

/** The background checkpoint under way on this connection, if any (tests and benchmarks wait for it). */
export function checkpointInFlight(db: Db): Promise<BackgroundCheckpoint> | null {
  return inFlight.get(db.name) ?? null;
}
