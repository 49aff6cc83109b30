/**
 * A reviewer's decision while another process holds the queue database for a moment
 * (a second AltDeck's write, a backup tool): it waits and is saved, it never throws
 * SQLITE_BUSY at the reviewer. The same bounded retry as the queue store (db/errors.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { processedBatch, item } from './fixtures';
import { REPO_ROOT } from '../helpers/corpus';

/** Another process holding the database's write lock (BEGIN EXCLUSIVE) for `holdMs`. */
function holdLock(dbFile: string, holdMs: number): { locked: Promise<void>; released: Promise<void> } {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(dbFile)});
    db.exec('BEGIN EXCLUSIVE');
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); process.exit(0); }, ${holdMs});`;
  const child = spawn(process.execPath, ['-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('locked') && resolve());
    child.on('exit', () => reject(new Error('the lock holder exited before locking')));
  });
  return { locked, released: new Promise<void>((resolve) => child.on('exit', () => resolve())) };
}

// SQLite's own busy handler on the queue connection gives up after 5 s (store.ts); the queue
// store then keeps retrying up to ALTDECK_DB_BUSY_MS (30 s). A hold just past 5 s is the gap.
const HOLD_MS = 6_000;

for (const kind of ['decide', 'bulkApprove'] as const) {
  test(`review ${kind} while a second process holds BEGIN EXCLUSIVE past SQLite's own wait: it waits and is saved, no SQLITE_BUSY`, async (t) => {
    const { w, engine, batchId, jobIds } = await processedBatch(t, [[item(1, '4'), item(1, '5')]]);
    const dbFile = join(w.home, 'altdeck.db');
    const lock = holdLock(dbFile, HOLD_MS);
    await lock.locked;
    if (kind === 'decide') engine.decide({ batchId, jobId: jobIds[0], itemKey: 'ppt/slides/slide1.xml#4', action: 'edit', text: 'Aortic arch' });
    else assert.equal(engine.bulkApprove({ batchId }), 2);
    await lock.released;
    const db = new Database(dbFile, { readonly: true });
    t.after(() => db.close());
    const rows = db.prepare('SELECT item_key, action, text FROM review_decisions ORDER BY item_key').all();
    assert.deepEqual(
      rows,
      kind === 'decide'
        ? [{ item_key: 'ppt/slides/slide1.xml#4', action: 'edit', text: 'Aortic arch' }]
        : [
            { item_key: 'ppt/slides/slide1.xml#4', action: 'approve', text: 'Diagram 4' },
            { item_key: 'ppt/slides/slide1.xml#5', action: 'approve', text: 'Diagram 5' },
          ],
    );
  });
}
