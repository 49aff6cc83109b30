/**
 * A large batch's WAL checkpoint is made by a thread after the commit (issue 10: enqueue
 * 100,000 jobs in < 1 s), on real database files: the automatic checkpoint is off only
 * while it runs, a thread that cannot work hands it back, and a kill -9 in the middle
 * loses nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { openDatabase } from '../../src/core/db/open';
import { BACKGROUND_CHECKPOINT_MIN_ROWS, checkpointInFlight, registerCheckpointTarget, withBackgroundCheckpoint } from '../../src/core/db/background-checkpoint';
import { QueueStore, type NewJob } from '../../src/core/queue/store';
import { resolveSettings, settingsKey } from '../../src/core/settings';
import { tempDir } from '../helpers/tmp';

const settings = resolveSettings({}, { outputDir: '/out', inputRoot: '/in' });

function jobs(n: number): NewJob[] {
  return Array.from({ length: n }, (_, i) => ({
    inputPath: `/share/course-${i % 20}/lecture-${i}.pptx`,
    relPath: `course-${i % 20}/lecture-${i}.pptx`,
    preflight: { ok: false, path: `/share/course-${i % 20}/lecture-${i}.pptx`, code: 'NOT_FOUND', message: 'gone', size: 0, mtimeMs: 0, warnings: [] },
    workUnits: 1,
    state: 'pending',
  }));
}

const walFrames = (db: ReturnType<typeof openDatabase>) => (db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number; checkpointed: number }>)[0];

test('a school-sized batch: committed with the automatic checkpoint off, checkpointed by a thread, the automatic checkpoint back on', async (t) => {
  const db = openDatabase(join(tempDir(t), 'altdeck.db'));
  t.after(() => db.close());
  const store = new QueueStore(db);
  const n = BACKGROUND_CHECKPOINT_MIN_ROWS + 5_000;
  const b = store.createBatch('20260101_000000_aaaaaaaa', settings, jobs(n), settingsKey(settings));
  assert.equal(b.counts.pending, n, 'committed and readable at once');
  const inFlight = checkpointInFlight(db);
  assert.ok(inFlight, 'a checkpoint thread is at work');
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0, 'the commit did not checkpoint');
  // the engine goes on writing meanwhile
  const c = store.claimNext(b.id, 30_000)!;
  store.finish(c.job.id, c.token, { state: 'succeeded', outputPath: '/out/x.pptx' });
  const r = await inFlight;
  assert.equal(r.outcome, 'done', r.message);
  assert.ok((r.log ?? 0) > 1000 && r.checkpointed! > 1000, JSON.stringify(r));
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000);
  assert.equal(checkpointInFlight(db), null);
  assert.equal(store.counts(b.id).pending, n - 1);
  const f = walFrames(db);
  assert.equal(f.checkpointed, f.log, 'nothing left in the WAL that is not in the database');
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
});

test('a small batch keeps the automatic checkpoint (a thread would cost more than it saves)', (t) => {
  const db = openDatabase(join(tempDir(t), 'altdeck.db'));
  t.after(() => db.close());
  new QueueStore(db).createBatch('20260101_000000_bbbbbbbb', settings, jobs(200), settingsKey(settings));
  assert.equal(checkpointInFlight(db), null);
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000);
});

test('a thread that cannot open the database hands the checkpoint back to the next commit', async (t) => {
  const file = join(tempDir(t), 'altdeck.db');
  const db = openDatabase(file);
  t.after(() => db.close());
  db.exec('CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT)');
  registerCheckpointTarget(db, { file, module: join(tempDir(t), 'no-such-module.js') });
  const ins = db.prepare('INSERT INTO t (b) VALUES (?)');
  const { settled } = withBackgroundCheckpoint(db, 20_000, () => db.transaction(() => { for (let i = 0; i < 20_000; i++) ins.run('x'.repeat(100)); })(), 1);
  assert.ok(settled);
  const r = await settled;
  assert.equal(r.outcome, 'fallback');
  assert.match(r.message ?? '', /no-such-module|Cannot find module/);
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000, 'the automatic checkpoint is back');
  ins.run('one more'); // this commit finds the WAL past 1,000 pages and checkpoints it
  const f = walFrames(db);
  assert.equal(f.checkpointed, f.log);
  assert.equal((db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n, 20_001);
});

test('kill -9 while the thread checkpoints: the next open has every job', { timeout: 120_000 }, async (t) => {
  const file = join(tempDir(t), 'altdeck.db');
  const n = BACKGROUND_CHECKPOINT_MIN_ROWS * 3;
  const src = (p: string) => JSON.stringify(join(__dirname, '../../src/core', p));
  const code = `
    const { openDatabase } = require(${src('db/open')});
    const { QueueStore } = require(${src('queue/store')});
    const { resolveSettings, settingsKey } = require(${src('settings')});
    const s = resolveSettings({}, { outputDir: '/out', inputRoot: '/in' });
    const jobs = Array.from({ length: ${n} }, (_, i) => ({ inputPath: '/s/' + i + '.pptx', relPath: i + '.pptx',
      preflight: { ok: false, path: '/s/' + i + '.pptx', code: 'NOT_FOUND', size: 0, mtimeMs: 0, warnings: [] }, workUnits: 1, state: 'pending' }));
    new QueueStore(openDatabase(${JSON.stringify(file)})).createBatch('20260101_000000_cccccccc', s, jobs, settingsKey(s));
    process.stdout.write('committed\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('committed') && resolve());
    child.on('exit', (c) => reject(new Error(`exited ${c} before committing: ${stderr}`)));
  });
  child.kill('SIGKILL'); // the checkpoint thread is at most just started
  await new Promise((r) => child.on('close', r));
  const db = openDatabase(file);
  t.after(() => db.close());
  assert.equal((db.prepare("SELECT count(*) AS n FROM jobs WHERE batch_id = '20260101_000000_cccccccc'").get() as { n: number }).n, n);
  assert.equal((db.prepare('SELECT count(*) AS n FROM job_events').get() as { n: number }).n, n);
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
});
