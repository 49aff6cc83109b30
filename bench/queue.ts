/**
 * Queue costs on a real SQLite file (WAL): enqueue 100,000 jobs, the cost of one
 * state transition (claim + finish, each its own transaction), and start-up
 * recovery on a 100,000-job database with 1,000 jobs left running by a dead engine.
 * Against this disk's floors (issue 10): a 4 KiB write + fdatasync (what a commit
 * costs where every commit is made durable) and a 4 KiB write alone (what a WAL commit
 * with synchronous=NORMAL, the README's setting, costs at least). Also the per-deck summary
 * (counts + units done) the engine reads after every deck.
 */
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/core/db/open';
import { checkpointInFlight } from '../src/core/db/background-checkpoint';
import { QueueStore, type NewJob } from '../src/core/queue/store';
import { recoverQueue } from '../src/core/queue/recovery';
import { resolveSettings, settingsKey } from '../src/core/settings';
import type { PreflightResult } from '../src/shared/types';
import { table, time } from './_table';

const N = Number(process.env.BENCH_JOBS ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'altdeck-bench-queue-'));
void (async () => {
try {
  // The disk's floors, on the same folder as the database.
  const fd = openSync(join(dir, 'floor.bin'), 'w');
  const page = Buffer.alloc(4096, 7);
  const F = 300;
  const fsyncFloor = time(() => {
    for (let i = 0; i < F; i++) {
      writeSync(fd, page, 0, page.length, (i % 16) * 4096);
      fdatasyncSync(fd);
    }
  });
  const writeFloor = time(() => {
    for (let i = 0; i < F * 10; i++) writeSync(fd, page, 0, page.length, (i % 16) * 4096);
  });
  closeSync(fd);
  const fsyncUs = (fsyncFloor.ms * 1000) / F;
  const writeUs = (writeFloor.ms * 1000) / (F * 10);

  const db = openDatabase(join(dir, 'altdeck.db'));
  const store = new QueueStore(db);
  const settings = resolveSettings({}, { outputDir: '/out', inputRoot: '/in' });
  const preflight: PreflightResult = {
    ok: true,
    path: '',
    code: 'OK',
    size: 1_000_000,
    mtimeMs: 0,
    warnings: [],
    audit: { slides: 30, pictures: 12, picturesMissingAlt: 10, graphicFrames: 1, hiddenSlides: 0, signed: false, macroEnabled: false, uncompressedBytes: 2_000_000 },
  };
  const jobs: NewJob[] = Array.from({ length: N }, (_, i) => ({
    inputPath: `/share/course-${i % 50}/lecture-${i}.pptx`,
    relPath: `course-${i % 50}/lecture-${i}.pptx`,
    preflight: { ...preflight, path: `/share/course-${i % 50}/lecture-${i}.pptx` },
    workUnits: 13,
    state: 'pending',
  }));
  const enq = time(() => store.createBatch('20260101_000000_deadbeef', settings, jobs, settingsKey(settings)));
  const id = enq.value.id;
  // The batch's WAL checkpoint, made by a thread after the commit (src/core/db/background-checkpoint.ts):
  // waited for here so that it does not share the cores with the transitions below.
  const ck0 = performance.now();
  const ck = await checkpointInFlight(db);
  const ckMs = performance.now() - ck0;

  const T = 5_000;
  const transitions = time(() => {
    for (let i = 0; i < T; i++) {
      const c = store.claimNext(id, 30_000)!;
      store.finish(c.job.id, c.token, { state: 'succeeded', outputPath: '/out/x.pptx' });
    }
  });
  const hb = time(() => {
    const c = store.claimNext(id, 30_000)!;
    for (let i = 0; i < T; i++) store.heartbeat(c.job.id, c.token, 30_000, { done: i, total: T });
  });

  // 1,000 jobs left running by an engine that died.
  db.prepare(`UPDATE jobs SET state='running', owner_pid=?, owner_host=?, attempts=1, lease_token='x' WHERE id IN (SELECT id FROM jobs WHERE state='pending' LIMIT 1000)`).run(2 ** 22 + 1, hostname());
  const rec = time(() =>
    recoverQueue(store, { isAlive: () => false, stopIfSame: () => false, cleanupJob: () => {} }),
  );
  const counts = time(() => store.counts(id));
  // What the engine asks after every deck (issue 11): it must not grow with the batch.
  const S = 2_000;
  const summary = time(() => {
    for (let i = 0; i < S; i++) {
      store.counts(id);
      store.unitsDone(id);
    }
  });
  const transitionUs = (transitions.ms * 1000) / T / 2;
  table([
    { operation: 'floor: 4 KiB write + fdatasync (a durable commit)', total_ms: fsyncFloor.ms, per_job_us: fsyncUs },
    { operation: 'floor: 4 KiB write (a WAL commit, synchronous=NORMAL)', total_ms: writeFloor.ms, per_job_us: writeUs },
    { operation: `enqueue ${N} jobs (one transaction)`, total_ms: enq.ms, per_job_us: (enq.ms * 1000) / N },
    { operation: `  then its checkpoint, in a thread (${ck ? ck.outcome : 'none'})`, total_ms: ckMs, per_job_us: (ckMs * 1000) / N },
    { operation: `claim+finish x${T} (2 transactions each)`, total_ms: transitions.ms, per_job_us: transitionUs },
    { operation: `heartbeat x${T}`, total_ms: hb.ms, per_job_us: (hb.ms * 1000) / T },
    { operation: `start-up recovery, ${N} jobs, 1000 stale`, total_ms: rec.ms, per_job_us: (rec.ms * 1000) / 1000 },
    { operation: `counts by state over ${N} jobs`, total_ms: counts.ms, per_job_us: (counts.ms * 1000) / N },
    { operation: `counts + unitsDone x${S} (after each deck), ${N} jobs`, total_ms: summary.ms, per_job_us: (summary.ms * 1000) / S },
  ]);
  console.log(
    `\none transition = ${transitionUs.toFixed(0)} µs: ${(transitionUs / fsyncUs).toFixed(2)}× the fdatasync floor, ${(transitionUs / writeUs).toFixed(1)}× the plain-write floor` +
      ` (goal ≤ 100 µs; enqueue goal < 1,000 ms: ${enq.ms.toFixed(0)} ms; recovery goal < 100 ms: ${rec.ms.toFixed(0)} ms)`,
  );
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
})();
