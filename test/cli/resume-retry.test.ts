/**
 * Issue 8 §1, §8, §9 through the real `altdeck` binary: rejected files at default
 * settings, `--resume` with changed settings, `altdeck retry`, exit codes, and the
 * total processing time across runs, also after a second Ctrl+C.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { makeWorld, type World } from '../engine/helpers';
import { fixtureCommandLine } from '../fixtures/processors';
import { runCli, startCli } from './run-cli';
import { buildCfb } from '../preflight/cfb-builder';

/** Polls a read-only view of the queue until `fn` returns a value, or fails at the deadline. */
async function waitForDb<T>(w: World, what: string, fn: (db: Database.Database) => T | null | undefined, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const db = new Database(join(w.home, 'altdeck.db'), { readonly: true, fileMustExist: true });
      try {
        const v = fn(db);
        if (v !== null && v !== undefined) return v;
      } finally {
        db.close();
      }
    } catch {
      /* not created yet */
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function query<T>(w: World, sql: string, ...args: unknown[]): T {
  const db = new Database(join(w.home, 'altdeck.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).get(...args) as T;
  } finally {
    db.close();
  }
}

function brokenFiles(w: World): void {
  writeFileSync(join(w.inputs, 'not-a-zip.pptx'), 'this is not a zip');
  writeFileSync(join(w.inputs, 'empty.pptx'), '');
  writeFileSync(join(w.inputs, 'cut-short.pptx'), readFileSync(w.decks[0]).subarray(0, 2000));
  writeFileSync(join(w.inputs, 'protected.pptx'), buildCfb({ entries: ['EncryptionInfo', 'EncryptedPackage', { storage: '\u0006DataSpaces' }] }));
  writeFileSync(join(w.inputs, 'old.ppt'), buildCfb({ entries: ['PowerPoint Document'] }));
  writeFileSync(join(w.inputs, 'also-not-a-zip.pptm'), 'PK but not really');
}

test('6 broken files and 3 good decks at default settings: the batch completes, rejects are listed with code and sentence in the summary and every report, exit 1', async (t) => {
  const w = await makeWorld(t, 3);
  brokenFiles(w);
  const r = await runCli(['batch', w.inputs, '--home', w.home, '--out', w.out, '--processor', fixtureCommandLine('succeed'), '--json']);
  assert.equal(r.code, 1, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.state, 'completed');
  assert.equal(s.reason, null);
  assert.deepEqual(s.counts, { total: 9, succeeded: 3, failed: 0, skipped: 0, cancelled: 0, rejected: 6, pending: 0 });
  const rejects = s.items.filter((i: { state: string }) => i.state === 'rejected');
  assert.equal(rejects.length, 6);
  for (const i of rejects) {
    assert.ok(i.code && i.code !== 'OK', i.path);
    assert.ok(i.message.length > 20, `a sentence for ${i.path}`);
  }
  const report = JSON.parse(readFileSync(s.reports.json, 'utf8'));
  assert.equal(report.summary.counts.rejected, 6);
  const old = report.decks.find((d: { path: string }) => d.path.endsWith('old.ppt'));
  assert.equal(old.state, 'rejected');
  assert.equal(old.error.code, 'LEGACY_PPT');
  assert.match(old.error.message, /save it as \.pptx/);
  const csv = readFileSync(s.reports.csv, 'utf8');
  assert.match(csv, /old\.ppt,,rejected,LEGACY_PPT,"This is an old binary PowerPoint file/);
  const html = readFileSync(s.reports.html, 'utf8');
  assert.match(html, /Not accepted by the check<\/th><td class="num">6</);
  assert.match(html, /<code>ENCRYPTED<\/code>: The deck is password-protected/);
  // The text summary names them apart from failures.
  const text = await runCli(['status', s.batchId, '--home', w.home]);
  assert.match(text.stdout, /0 failed, 0 skipped, 0 cancelled, 6 rejected by the check/);
  assert.match(text.stdout, /REJECTED EMPTY_FILE .*empty\.pptx/);
});

test('altdeck retry: failed decks back in the queue (only those with --code), never rejected ones; runs the batch and exits like a batch', async (t) => {
  const w = await makeWorld(t, 2);
  brokenFiles(w);
  // Attempt 1 of each deck fails (exit 75) and one attempt is allowed: both fail.
  const first = await runCli(['batch', w.inputs, '--home', w.home, '--out', w.out, '--max-attempts', '1', '--processor', fixtureCommandLine('flaky'), '--json'], {
    ALTDECK_TEST_FAIL_ATTEMPTS: '1',
  });
  assert.equal(first.code, 1, first.stderr);
  const s1 = JSON.parse(first.stdout);
  assert.equal(s1.counts.failed, 2);
  assert.equal(s1.counts.rejected, 6);
  const code = s1.items.find((i: { state: string }) => i.state === 'failed').code;

  const none = await runCli(['retry', s1.batchId, '--code', 'PROCESSOR_TIMEOUT', '--home', w.home]);
  assert.equal(none.code, 0, none.stderr);
  assert.match(none.stderr, /No failed decks with PROCESSOR_TIMEOUT to retry.*6 deck\(s\) rejected by the check are never retried/s);
  assert.equal(query<{ n: number }>(w, "SELECT COUNT(*) AS n FROM jobs WHERE state = 'failed'").n, 2, 'nothing changed');

  // The decks were fixed (the processor now succeeds on attempt 1): retry them.
  const again = await runCli(['retry', s1.batchId, '--code', code, '--home', w.home, '--json'], { ALTDECK_TEST_FAIL_ATTEMPTS: '0' });
  assert.match(again.stderr, /2 failed deck\(s\) with .* back in the queue/);
  // It says what it does: a retry, not a resume.
  assert.match(again.stderr, new RegExp(`Retrying batch ${s1.batchId} \\(2 deck\\(s\\) to do\\)`));
  assert.doesNotMatch(again.stderr, /Resuming/);
  const s2 = JSON.parse(again.stdout);
  assert.deepEqual({ succeeded: s2.counts.succeeded, failed: s2.counts.failed, rejected: s2.counts.rejected }, { succeeded: 2, failed: 0, rejected: 6 });
  assert.equal(again.code, 1, 'rejected files are still reported');
  const ev = query<{ kind: string; details: string }>(w, 'SELECT kind, details FROM batch_events ORDER BY id DESC LIMIT 1');
  assert.deepEqual({ kind: ev.kind, details: JSON.parse(ev.details) }, { kind: 'retry-failed', details: { code, requeued: 2 } });
  assert.equal((await runCli(['retry', '20200101_000000_00000000', '--home', w.home])).code, 2, 'unknown batch: usage error');
});

/** Starts `args`, waits for a deck in flight, sends SIGINT; with `twice`, a second SIGINT once the first is acknowledged. */
async function interrupt(w: World, args: string[], twice: boolean): Promise<{ batchId: string; stderr: string; code: number | null }> {
  const run = startCli(args);
  const batchId = await waitForDb(w, 'a deck in flight', (db) =>
    // progress_total is set by the processor's first line, sent after it installed its SIGTERM handler.
    (db.prepare("SELECT batch_id FROM jobs WHERE state = 'running' AND progress_total > 0").get() as { batch_id: string } | undefined)?.batch_id,
  );
  const acknowledged = new Promise<void>((resolve) => {
    const check = (d: Buffer) => {
      if (/finishing safely/.test(String(d))) resolve();
    };
    run.child.stderr!.on('data', check);
  });
  run.child.kill('SIGINT');
  if (twice) {
    await acknowledged;
    run.child.kill('SIGINT');
  }
  const r = await run.done;
  return { batchId, stderr: r.stderr, code: r.code };
}

test('--resume with changed settings, and the processing time of every run, also after a second Ctrl+C', async (t) => {
  const w = await makeWorld(t, 2);
  // A processor that ignores SIGTERM: with a long grace, the first Ctrl+C leaves time for the second.
  const first = await interrupt(w, ['batch', w.inputs, '--home', w.home, '--out', w.out, '--grace', '60', '--processor', fixtureCommandLine('ignore-sigterm')], true);
  assert.equal(first.code, 130, first.stderr);
  const { batchId } = first;
  // Earlier runs of this batch took ten hours: a second run's forced stop must keep them.
  const EARLIER = 10 * 3600_000;
  const db = new Database(join(w.home, 'altdeck.db'));
  db.prepare('UPDATE batches SET active_ms = active_ms + ? WHERE id = ?').run(EARLIER, batchId);
  db.close();
  const r = await interrupt(w, ['batch', '--resume', batchId, '--home', w.home], true);
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /Stopping at once/);
  const stopped = query<{ state: string; active_ms: number }>(w, 'SELECT state, active_ms FROM batches WHERE id = ?', batchId);
  assert.equal(stopped.state, 'interrupted');
  assert.ok(stopped.active_ms >= EARLIER, `the second Ctrl+C kept the earlier runs' time (${stopped.active_ms} ms)`);

  // Settings that would change the outputs cannot change on resume.
  const refused = await runCli(['batch', '--resume', batchId, '--policy', 'overwrite', '--home', w.home]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--policy cannot change when a batch is resumed/);

  // Resume with a short time limit, one attempt, two workers: the hanging decks time out.
  const end = await runCli(['batch', '--resume', batchId, '--timeout', '0.5', '--grace', '0.2', '--max-attempts', '1', '--workers', '2', '--error-threshold', '0.9', '--home', w.home, '--json']);
  assert.equal(end.code, 1, end.stderr);
  assert.match(end.stderr, /workers: 1 -> 2/);
  const s = JSON.parse(end.stdout);
  assert.equal(s.state, 'completed');
  assert.equal(s.counts.failed, 2);
  assert.ok(s.items.every((i: { code: string; attempts: number }) => i.code === 'PROCESSOR_TIMEOUT' && i.attempts === 1), JSON.stringify(s.items));
  assert.ok(s.durationMs > stopped.active_ms, `durationMs ${s.durationMs} counts every run`);
  const report = JSON.parse(readFileSync(s.reports.json, 'utf8'));
  assert.equal(report.batch.durationMs, s.durationMs);
  assert.match(readFileSync(s.reports.html, 'utf8'), /Processing time \(every run\): 10 h</);
  assert.deepEqual(
    [report.batch.settings.workers, report.batch.settings.timeoutSec, report.batch.settings.graceSec, report.batch.settings.maxAttempts, report.batch.settings.errorThreshold],
    [2, 0.5, 0.2, 1, 0.9],
  );
  const ev = query<{ kind: string; details: string }>(w, "SELECT kind, details FROM batch_events WHERE kind = 'settings-changed'");
  assert.deepEqual(JSON.parse(ev.details), {
    origin: 'cli --resume',
    from: { workers: 1, timeoutSec: 300, graceSec: 60, maxAttempts: 3, errorThreshold: 0.5 },
    to: { workers: 2, timeoutSec: 0.5, graceSec: 0.2, maxAttempts: 1, errorThreshold: 0.9 },
  });
});

test('a batch another AltDeck is running cannot be resumed, retried or changed from a second one', async (t) => {
  const w = await makeWorld(t, 1);
  const run = startCli(['batch', w.inputs, '--home', w.home, '--out', w.out, '--grace', '0.2', '--processor', fixtureCommandLine('ignore-sigterm')]);
  t.after(() => run.child.kill('SIGKILL'));
  const batchId = await waitForDb(w, 'a deck in flight', (db) =>
    (db.prepare("SELECT batch_id FROM jobs WHERE state = 'running' AND progress_total > 0").get() as { batch_id: string } | undefined)?.batch_id,
  );
  const resume = await runCli(['batch', '--resume', batchId, '--workers', '2', '--home', w.home]);
  assert.equal(resume.code, 2, resume.stderr);
  assert.match(resume.stderr, /is running in another AltDeck right now/);
  const retry = await runCli(['retry', batchId, '--home', w.home]);
  assert.equal(retry.code, 2, retry.stderr);
  assert.match(retry.stderr, /is running in another AltDeck right now/);
  assert.equal(query<{ n: number }>(w, 'SELECT COUNT(*) AS n FROM batch_events').n, 0, 'nothing recorded');
  assert.equal(JSON.parse(query<{ settings: string }>(w, 'SELECT settings FROM batches').settings).workers, 1);
  run.child.kill('SIGINT');
  assert.equal((await run.done).code, 130);
});

test('exit 4 for a batch paused for low disk; --resume with a lower --min-free finishes it (exit 0) and records the change', async (t) => {
  const w = await makeWorld(t, 2);
  const paused = await runCli(['batch', w.inputs, '--home', w.home, '--out', w.out, '--min-free', '1000TB', '--processor', fixtureCommandLine('succeed'), '--json']);
  assert.equal(paused.code, 4, paused.stderr);
  const s = JSON.parse(paused.stdout);
  assert.equal(s.state, 'paused');
  assert.equal(s.counts.pending, 2);
  const text = await runCli(['batch', '--resume', s.batchId, '--home', w.home]);
  assert.equal(text.code, 4, 'still not enough space: still exit 4');
  assert.match(text.stderr, new RegExp(`altdeck batch --resume ${s.batchId}`), 'says how to continue');
  const done = await runCli(['batch', '--resume', s.batchId, '--min-free', '0', '--home', w.home, '--json']);
  assert.equal(done.code, 0, done.stderr);
  assert.equal(JSON.parse(done.stdout).counts.succeeded, 2);
  const ev = query<{ details: string }>(w, "SELECT details FROM batch_events WHERE kind = 'settings-changed'");
  assert.deepEqual(JSON.parse(ev.details).to, { minFreeBytes: 0 });
});
