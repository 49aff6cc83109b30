/**
 * The model cache shares the queue database with the engine and other processors: a write or a
 * look-up while another process holds the database past the connection's own busy wait retries
 * (db/errors.ts, as the queue store does) instead of throwing SQLITE_BUSY.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { openDatabase } from '../../../src/core/db/open';
import { DescriptionCache } from '../../../src/processor/model/cache';
import { REPO_ROOT } from '../../helpers/corpus';
import { tempDir } from '../../helpers/tmp';

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

test('model cache put and get while a second process holds BEGIN EXCLUSIVE for ~1 s: they wait, nothing throws', async (t) => {
  const file = join(tempDir(t), 'altdeck.db');
  const db = openDatabase(file);
  // The connection's own wait is 10 s; shortened here so a 1 s hold outlasts it, as a long hold would.
  db.pragma('busy_timeout = 100');
  const cache = DescriptionCache.fromDb(db);
  t.after(() => cache.close());
  const key = { imageSha256: 'a'.repeat(64), model: 'llava', promptVersion: 'p1', language: 'en' };

  let lock = holdLock(file, 1000);
  await lock.locked;
  cache.put(key, 'Chest X-ray, frontal view', false, 'http://127.0.0.1:11434');
  await lock.released;

  lock = holdLock(file, 1000);
  await lock.locked;
  assert.equal(cache.get(key)?.answer, 'Chest X-ray, frontal view');
  await lock.released;
});
