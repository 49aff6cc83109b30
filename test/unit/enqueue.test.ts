/**
 * Enqueue (issue 10: 100,000 jobs in < 1 s): rows go in 200 a statement from one reused
 * parameter array, the check's verdict is stored without the path it shares with the job,
 * and each job's creation event is read back by rowid range. What must hold whatever the
 * speed: every job in seq order with its own verdict (path included), one creation event per
 * job, in order, with a reject's code, and none for another batch's jobs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDatabase } from '../../src/core/db/open';
import { QueueStore, type NewJob } from '../../src/core/queue/store';
import { resolveSettings, settingsKey } from '../../src/core/settings';
import type { PreflightResult } from '../../src/shared/types';
import { tempDir } from '../helpers/tmp';

const ok = (path: string): PreflightResult =>
  ({
    ok: true,
    path,
    code: 'OK',
    size: 1000,
    mtimeMs: 1_700_000_000_123.5,
    warnings: [],
    audit: { slides: 3, pictures: 2, picturesMissingAlt: 1, graphicFrames: 0, hiddenSlides: 0, signed: false, macroEnabled: false, uncompressedBytes: 5000 },
  }) as PreflightResult;

test('enqueue: every job in order with its verdict and path, one creation event each, per batch', (t) => {
  const db = openDatabase(join(tempDir(t, 'altdeck-enqueue-'), 'altdeck.db'));
  t.after(() => db.close());
  const store = new QueueStore(db);
  const settings = resolveSettings({}, { outputDir: '/out', inputRoot: '/in' });
  const jobs = (n: number, tag: string): NewJob[] =>
    Array.from({ length: n }, (_, i) => {
      const inputPath = `/share/${tag}/lecture ${i}.pptx`;
      if (i % 97 === 5) {
        return { inputPath, relPath: `lecture ${i}.pptx`, preflight: { ok: false, path: inputPath, code: 'ENCRYPTED', message: 'locked' } as PreflightResult, workUnits: 0, state: 'rejected', error: { code: 'ENCRYPTED', message: 'locked' } };
      }
      // a verdict about another spelling of the path (a link) keeps its own path
      const preflight = i === 7 ? ok(`/mnt/link/${tag}/lecture ${i}.pptx`) : ok(inputPath);
      return { inputPath, relPath: `lecture ${i}.pptx`, preflight, workUnits: 2, state: 'pending', fingerprint: { size: 1000, mtimeMs: 1_700_000_000_123.5 } };
    });
  const a = store.createBatch('20260101_000000_aaaaaaaa', settings, jobs(450, 'a'), settingsKey(settings)); // 200 + 200 + 50
  const b = store.createBatch('20260101_000001_bbbbbbbb', settings, jobs(3, 'b'), settingsKey(settings));
  assert.equal(a.counts.total, 450);
  assert.equal(b.counts.total, 3);

  const listed = store.listJobs(a.id).jobs;
  assert.deepEqual(listed.map((j) => j.inputPath), jobs(450, 'a').map((j) => j.inputPath), 'seq order');
  for (const [i, j] of listed.entries()) {
    const want = jobs(450, 'a')[i];
    assert.deepEqual(j.preflight, want.preflight, `job ${i}: the verdict as given, path included`);
    assert.equal(j.state, want.state);
  }
  const raw = db.prepare('SELECT preflight FROM jobs WHERE batch_id = ? ORDER BY seq').pluck().all(a.id) as string[];
  assert.ok(!JSON.parse(raw[0]).path, 'the path the job already has is not stored twice');
  assert.equal(JSON.parse(raw[7]).path, '/mnt/link/a/lecture 7.pptx');

  const events = db.prepare('SELECT e.job_id, e.from_state, e.to_state, e.details, j.batch_id FROM job_events e JOIN jobs j ON j.id = e.job_id ORDER BY e.id').all() as Array<{
    job_id: number;
    from_state: string | null;
    to_state: string;
    details: string | null;
    batch_id: string;
  }>;
  assert.equal(events.length, 453, 'one creation event per job, none twice');
  assert.deepEqual(
    events.map((e) => e.job_id),
    [...listed, ...store.listJobs(b.id).jobs].map((j) => j.id),
    'in seq order, batch after batch',
  );
  for (const e of events) {
    const job = store.getJob(e.job_id)!;
    assert.equal(e.from_state, null);
    assert.equal(e.to_state, job.state);
    assert.deepEqual(e.details ? JSON.parse(e.details) : null, job.state === 'rejected' ? { code: 'ENCRYPTED' } : null);
  }
});
