import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { makeWorld, debris, isAlive } from '../engine/helpers';
import { fixtureCommandLine } from '../fixtures/processors';
import { runCli, startCli } from './run-cli';
import { waitUntil } from '../helpers/wait';
import { makeDeck } from '../helpers/make-deck';


test('altdeck batch --json: summary shape, outputs, reports, exit 0; status and batches read the same database', async (t) => {
  const w = await makeWorld(t, 2);
  writeFileSync(join(w.inputs, '~$lecture-9.pptx'), Buffer.alloc(162)); // an Office owner file: not a deck, ignored
  const r = await runCli(['batch', w.inputs, '--out', w.out, '--home', w.home, '--processor', fixtureCommandLine('succeed'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.match(s.batchId, /^\d{8}_\d{6}_[0-9a-f]{8}$/);
  assert.equal(s.state, 'completed');
  assert.deepEqual(s.counts, { total: 2, succeeded: 2, failed: 0, skipped: 0, cancelled: 0, rejected: 0, pending: 0 });
  assert.equal(typeof s.durationMs, 'number');
  for (const item of s.items) {
    assert.ok(item.path.startsWith(w.inputs));
    assert.equal(item.state, 'succeeded');
    assert.equal(item.code, 'OK');
    assert.equal(item.attempts, 1);
    assert.ok(existsSync(item.outputPath));
  }
  for (const f of ['csv', 'json', 'html']) assert.ok(existsSync(s.reports[f]), `${f} report written`);
  assert.equal(s.reports.folder, join(w.out, 'altdeck-reports', 'altdeck-report.html'), 'the output folder report, next to the batch reports');
  assert.ok(existsSync(s.reports.folder));
  const st = await runCli(['status', s.batchId, '--home', w.home, '--json']);
  assert.equal(JSON.parse(st.stdout).counts.succeeded, 2);
  const list = await runCli(['batches', '--json'], { ALTDECK_HOME: w.home });
  assert.equal(JSON.parse(list.stdout)[0].batchId, s.batchId);
  const rep = await runCli(['report', s.batchId, '--format', 'csv', '--out', join(w.root, 'r.csv'), '--home', w.home]);
  assert.equal(rep.code, 0, rep.stderr);
  assert.ok(readFileSync(join(w.root, 'r.csv'), 'utf8').includes('lecture-1.pptx'));
});

test('altdeck batch --dry-run: accepted decks carry code OK and their audit, rejects their code; nothing is written beside the decks', async (t) => {
  const w = await makeWorld(t, 2);
  writeFileSync(join(w.inputs, 'empty.pptx'), '');
  const r = await runCli(['batch', w.inputs, '--dry-run', '--json', '--home', w.home]);
  assert.equal(r.code, 1, 'a rejected deck makes the dry run exit 1');
  const s = JSON.parse(r.stdout);
  const ok = s.items.filter((i: { code: string }) => i.code === 'OK');
  assert.equal(ok.length, 2);
  for (const i of ok) assert.deepEqual(Object.keys(i.audit).filter((k) => ['slides', 'pictures', 'picturesMissingAlt'].includes(k)).sort(), ['pictures', 'picturesMissingAlt', 'slides']);
  assert.equal(ok[0].audit.slides, 2);
  const bad = s.items.find((i: { path: string }) => i.path.endsWith('empty.pptx'));
  assert.equal(bad.code, 'EMPTY_FILE');
  assert.match(bad.message, /empty/);
  assert.equal(existsSync(join(w.inputs, 'altdeck-output')), false);
  assert.deepEqual(debris(w.inputs), []);
});

test('usage errors and inputs with no deck exit 2 with a sentence', async (t) => {
  const w = await makeWorld(t, 0);
  const u = await runCli(['batch', '--workers', 'many', w.inputs, '--home', w.home]);
  assert.equal(u.code, 2);
  assert.match(u.stderr, /--workers needs a whole number/);
  const none = await runCli(['batch', w.inputs, '--home', w.home]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /No PowerPoint decks were found/);
  writeFileSync(join(w.inputs, 'notes.txt'), 'hi');
  const wrong = await runCli(['batch', join(w.inputs, 'notes.txt'), '--home', w.home, '--json']);
  assert.equal(wrong.code, 2);
  assert.equal(JSON.parse(wrong.stdout).items[0].code, 'WRONG_EXTENSION');
});

test('exit 1 when some decks fail, 3 when the error threshold stops the batch', async (t) => {
  const w = await makeWorld(t, 6);
  const r = await runCli(['batch', w.inputs, '--home', w.home, '--out', w.out, '--processor', fixtureCommandLine('fail-65'), '--json']);
  assert.equal(r.code, 3, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.state, 'aborted');
  const r2 = await runCli(['batch', w.decks[0], '--home', w.home, '--out', w.out, '--processor', fixtureCommandLine('fail-65'), '--error-threshold', '0', '--json']);
  assert.equal(r2.code, 1);
  assert.equal(JSON.parse(r2.stdout).items[0].code, 'PROCESSOR_FAILED');
});

test('SIGINT: processors stopped, decks back in the queue, exit 130; --resume finishes', async (t) => {
  const w = await makeWorld(t, 3);
  // Decks that take 60 s: both workers are surely busy at once, however slowly a loaded machine starts them.
  const env = { ALTDECK_TEST_STEP_MS: '200', ALTDECK_TEST_STEPS: '300' };
  const run = startCli(['batch', w.inputs, '--home', w.home, '--out', w.out, '--workers', '2', '--processor', fixtureCommandLine('slow')], env);
  const db = () => new Database(join(w.home, 'altdeck.db'), { readonly: true, fileMustExist: true });
  const pids = await waitUntil('two processors running', () => {
    if (!existsSync(join(w.home, 'altdeck.db'))) return null;
    const d = db();
    try {
      const now = (d.prepare("SELECT proc_pid FROM jobs WHERE state='running' AND proc_pid IS NOT NULL").all() as Array<{ proc_pid: number }>).map((r) => r.proc_pid);
      return now.length === 2 ? now : null;
    } catch {
      return null; // tables not created yet
    } finally {
      d.close();
    }
  });
  run.child.kill('SIGINT');
  const r = await run.done;
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /--resume/);
  for (const pid of pids) assert.equal(isAlive(pid), false);
  const d = db();
  const rows = d.prepare('SELECT state, attempts FROM jobs').all() as Array<{ state: string; attempts: number }>;
  d.close();
  assert.deepEqual(rows.map((x) => x.state).sort(), ['pending', 'pending', 'pending']);
  assert.ok(rows.every((x) => x.attempts === 0), 'an interrupt spends no attempt');
  assert.deepEqual(debris(w.inputs), []);
  const again = await runCli(['batch', '--resume', '--home', w.home, '--json'], { ALTDECK_TEST_STEP_MS: '10' });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(JSON.parse(again.stdout).counts.succeeded, 3);
});

test('a second Ctrl+C ends at once: processors killed, decks back in the queue, no lock left', async (t) => {
  const w = await makeWorld(t, 1);
  // A processor that ignores SIGTERM, with a long grace: only the second Ctrl+C ends this quickly.
  const run = startCli(['batch', w.inputs, '--home', w.home, '--out', w.out, '--grace', '60', '--processor', fixtureCommandLine('ignore-sigterm')]);
  const dbFile = join(w.home, 'altdeck.db');
  const pid = await waitUntil('the processor started', () => {
    if (!existsSync(dbFile)) return null;
    const d = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      // progress_total is set by the processor's first progress line, sent after it installed its SIGTERM handler.
      return (d.prepare("SELECT proc_pid FROM jobs WHERE state='running' AND proc_pid IS NOT NULL AND progress_total > 0").get() as { proc_pid: number } | undefined)?.proc_pid ?? null;
    } catch {
      return null; // not yet
    } finally {
      d.close();
    }
  });
  run.child.kill('SIGINT');
  // The second Ctrl+C once the first was taken (its message printed), not after a guessed delay.
  await waitUntil('the first Ctrl+C to be taken', () => run.stderrSoFar().includes('Press Ctrl+C again'));
  run.child.kill('SIGINT');
  const r = await run.done;
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /Stopping at once/);
  // Killed (its grace is 60 s and it ignores SIGTERM): gone well before that.
  await waitUntil('the processor to be gone', () => !isAlive(pid), { timeoutMs: 20_000 });
  const d = new Database(dbFile, { readonly: true });
  const row = d.prepare('SELECT state, attempts FROM jobs').get() as { state: string; attempts: number };
  const batch = d.prepare('SELECT state FROM batches').get() as { state: string };
  d.close();
  assert.deepEqual(row, { state: 'pending', attempts: 0 });
  assert.equal(batch.state, 'interrupted');
  assert.deepEqual(debris(w.inputs), []);
});

test('altdeck review: counts, approve-all, export, import, apply — the final deck carries the approved text', async (t) => {
  const w = await makeWorld(t, 1);
  // pictures whose original file names say what they show: evidence, so there are drafts to approve
  await makeDeck(w.decks[0], { slides: 2, picturesPerSlide: 1, alt: (i) => ['heart-anatomy.png', 'lung-lobes.png'][i] });
  const r = await runCli(['batch', w.inputs, '--out', w.out, '--home', w.home, '--json', '--timeout', '120']);
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  const batchId = summary.batchId;
  // the summary's score: file-name drafts await review, nothing is "done" yet
  assert.deepEqual(summary.score.after, { images: 2, done: 0, draft: 2, missing: 0 });
  assert.deepEqual(summary.score.before, { images: 2, done: 0, draft: 0, missing: 2 });
  const counts = JSON.parse((await runCli(['review', batchId, '--home', w.home, '--json'])).stdout);
  assert.ok(counts.items >= 2 && counts.undecided === counts.items, JSON.stringify(counts));
  const approved = await runCli(['review', batchId, '--approve-all', '--home', w.home]);
  assert.match(approved.stdout, /\d+ proposal\(s\) approved/);
  const csv = join(w.root, 'decisions.csv');
  assert.equal((await runCli(['review', batchId, '--export', csv, '--home', w.home])).code, 0);
  assert.match(readFileSync(csv, 'utf8'), /itemKey/);
  const imp = await runCli(['review', batchId, '--import', csv, '--home', w.home, '--json']);
  assert.deepEqual(JSON.parse(imp.stdout), { imported: 0, skippedOlder: JSON.parse((await runCli(['review', batchId, '--home', w.home, '--json'])).stdout).reviewed, unmatched: 0 });
  const text = await runCli(['review', batchId, '--home', w.home]);
  assert.match(text.stdout, /Images: 2 done, 0 draft \(awaiting review\), 0 missing alternative text/);
  assert.match(text.stdout, /Decisions: [12] needed for 2 image\(s\) \(identical images are decided once\), [12] made\./);
  const apply = await runCli(['review', batchId, '--apply', '--home', w.home, '--json']);
  assert.equal(apply.code, 0, apply.stderr);
  const s = JSON.parse(apply.stdout);
  assert.equal(s.counts.succeeded, 1);
  // the applied decks carry the approved words: a person's, so done
  assert.deepEqual(s.score.after, { images: 2, done: 2, draft: 0, missing: 0 });
  assert.ok(existsSync(s.items[0].outputPath));
  assert.deepEqual(debris(w.inputs), []);
});
