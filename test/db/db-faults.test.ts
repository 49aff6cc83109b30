/**
 * The queue database layer under faults (issue 8 §5): busy retries, full disks, I/O
 * errors, garbage and cut-short files. Pure parts first, then real SQLite files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, truncateSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { dbFaultCode, QueueDbError, withDbRetry } from '../../src/core/db/errors';
import { databaseHeaderProblem, DatabaseOpenError, openDatabase } from '../../src/core/db/open';
import { QueueStore } from '../../src/core/queue/store';
import { DEFAULT_MIN_FREE_BYTES, parseByteSize } from '../../src/shared/limits';
import { tempDir } from '../helpers/tmp';

const sqliteError = (code: string) => Object.assign(new Error(code.toLowerCase()), { code });

test('withDbRetry retries SQLITE_BUSY with growing pauses, then gives up with DB_BUSY naming the file', () => {
  let clock = 0;
  const pauses: number[] = [];
  let calls = 0;
  const r = withDbRetry(
    () => {
      if (++calls < 4) throw sqliteError('SQLITE_BUSY');
      return 'ok';
    },
    '/h/altdeck.db',
    { boundMs: 10_000, now: () => clock, sleep: (ms) => (pauses.push(ms), (clock += ms)) },
  );
  assert.equal(r, 'ok');
  assert.deepEqual(pauses, [50, 100, 200]);
  clock = 0;
  assert.throws(
    () => withDbRetry(() => { throw sqliteError('SQLITE_BUSY_SNAPSHOT'); }, '/h/altdeck.db', { boundMs: 3_000, now: () => clock, sleep: (ms) => (clock += ms) }),
    (e: unknown) => e instanceof QueueDbError && e.code === 'DB_BUSY' && e.message.includes('/h/altdeck.db') && /Close the other program/.test(e.message),
  );
  assert.ok(clock <= 3_000, 'bounded');
});

test('withDbRetry: a full disk is HOME_FULL, an I/O error DB_ERROR, at once; other errors pass through untouched', () => {
  const opts = { boundMs: 10_000, sleep: () => assert.fail('no retry') };
  assert.throws(() => withDbRetry(() => { throw sqliteError('SQLITE_FULL'); }, 'f', opts), (e: unknown) => e instanceof QueueDbError && e.code === 'HOME_FULL');
  assert.throws(() => withDbRetry(() => { throw sqliteError('SQLITE_IOERR_WRITE'); }, 'f', opts), (e: unknown) => e instanceof QueueDbError && e.code === 'DB_ERROR');
  const bug = new TypeError('x is undefined');
  assert.throws(() => withDbRetry(() => { throw bug; }, 'f', opts), (e: unknown) => e === bug);
  assert.throws(() => withDbRetry(() => { throw sqliteError('SQLITE_CONSTRAINT_UNIQUE'); }, 'f', opts), /sqlite_constraint/);
  assert.equal(dbFaultCode(sqliteError('SQLITE_CORRUPT')), 'DB_ERROR');
  assert.equal(dbFaultCode(Object.assign(new Error('x'), { code: 'ENOSPC' })), 'HOME_FULL');
});

test('a store call waits for a second connection holding BEGIN EXCLUSIVE, and fails with DB_BUSY once the bound passes', (t) => {
  const file = join(tempDir(t), 'altdeck.db');
  const store = new QueueStore(openDatabase(file), Date.now, { busyMs: 400 });
  t.after(() => store.db.close());
  const other = new Database(file);
  t.after(() => other.close());
  other.exec('BEGIN EXCLUSIVE');
  const t0 = Date.now();
  assert.throws(() => store.heartbeatBatch('none', 1), (e: unknown) => e instanceof QueueDbError && e.code === 'DB_BUSY' && e.message.includes(file));
  assert.ok(Date.now() - t0 >= 300, 'it waited before giving up');
  other.exec('COMMIT');
  store.heartbeatBatch('none', 1); // free again: works
  assert.equal(store.listBatches().length, 0, 'reads work throughout (WAL)');
});

test('databaseHeaderProblem: garbage, a cut-short file and an intact one', (t) => {
  const file = join(tempDir(t), 'q.db');
  const db = openDatabase(file);
  db.exec('CREATE TABLE filler (x BLOB); INSERT INTO filler VALUES (zeroblob(200000));');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const bytes = readFileSync(file);
  assert.equal(databaseHeaderProblem(bytes.subarray(0, 100), bytes.length), null);
  assert.equal(databaseHeaderProblem(Buffer.alloc(0), 0), null, 'empty: SQLite treats it as new');
  assert.match(databaseHeaderProblem(Buffer.from('PK\x03\x04 not a database at all, certainly not SQLite'.padEnd(100)), 4096)!, /not a SQLite database/);
  assert.match(databaseHeaderProblem(bytes.subarray(0, 100), Math.floor(bytes.length / 2 / 4096) * 4096)!, /cut short/);
  assert.match(databaseHeaderProblem(bytes.subarray(0, 100), bytes.length - 100)!, /cut short/);
});

for (const kind of ['garbage', 'truncated'] as const) {
  test(`a ${kind} queue file is refused with a sentence naming it and what to do, and left byte for byte as it was`, (t) => {
    const dir = tempDir(t);
    const file = join(dir, 'altdeck.db');
    if (kind === 'garbage') writeFileSync(file, Buffer.alloc(64 * 1024, 'not a database '));
    else {
      const db = openDatabase(file);
      db.exec('CREATE TABLE filler (x BLOB); INSERT INTO filler VALUES (zeroblob(300000));');
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      truncateSync(file, 100_000);
    }
    const before = readFileSync(file);
    const mtime = statSync(file).mtimeMs;
    assert.throws(
      () => openDatabase(file),
      (e: unknown) =>
        e instanceof DatabaseOpenError && e.code === 'DB_DAMAGED' && e.message.includes(file) && /did not change it/.test(e.message) && /Move it aside/.test(e.message),
    );
    assert.deepEqual(readFileSync(file), before);
    assert.equal(statSync(file).mtimeMs, mtime);
    assert.equal(existsSync(`${file}-wal`), false, 'SQLite never opened it');
  });
}

test('parseByteSize: the sizes --min-free and Settings accept', () => {
  assert.equal(parseByteSize('200MB'), 200 * 1024 ** 2);
  assert.equal(parseByteSize('1GB'), DEFAULT_MIN_FREE_BYTES);
  assert.equal(parseByteSize('1.5 GB'), 1.5 * 1024 ** 3);
  assert.equal(parseByteSize('500m'), 500 * 1024 ** 2);
  assert.equal(parseByteSize('2GiB'), 2 * 1024 ** 3);
  assert.equal(parseByteSize('0'), 0);
  assert.equal(parseByteSize('4096'), 4096);
  for (const bad of ['', 'lots', '-1GB', '1 XB', '1e9']) assert.equal(parseByteSize(bad), null, bad);
});
