/**
 * Issue 8 §2: the same deck filed in 40 course folders. A batch killed once
 * (a real kill -9 of the CLI) and resumed gives 40 outputs, each at its own
 * path and valid; copies reuse the finished output instead of being processed
 * again. A later batch over the same folders skips them as ALREADY_DONE (same
 * paths), and their outputs stay.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { makeDeck } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { debris } from '../engine/helpers';
import { fixtureCommandLine } from '../fixtures/processors';
import { validateOutput } from '../../src/core/runner';
import { runCli, startCli } from './run-cli';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function succeededCount(dbFile: string): number {
  if (!existsSync(dbFile)) return 0;
  const d = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return (d.prepare("SELECT COUNT(*) AS n FROM jobs WHERE state = 'succeeded'").get() as { n: number }).n;
  } catch {
    return 0;
  } finally {
    d.close();
  }
}

test('40 copies of one deck in 40 folders, the CLI killed once (kill -9), then --resume: 40 outputs, all valid, copies reused', async (t) => {
  const root = tempDir(t);
  const inputs = join(root, 'courses');
  const out = join(root, 'out');
  const home = join(root, 'home');
  const master = await makeDeck(join(root, 'master.pptx'), { slides: 2, picturesPerSlide: 1 });
  const copies: string[] = [];
  for (let i = 1; i <= 40; i++) {
    const dir = join(inputs, `course-${String(i).padStart(2, '0')}`);
    mkdirSync(dir, { recursive: true });
    copyFileSync(master, join(dir, 'lecture.pptx'));
    copies.push(join(dir, 'lecture.pptx'));
  }
  const dbFile = join(home, 'altdeck.db');
  const env = { ALTDECK_TEST_STEP_MS: '40', ALTDECK_TEST_STEPS: '4' };
  const common = ['--home', home, '--workers', '2'];
  const run = startCli(['batch', inputs, '--out', out, '--processor', fixtureCommandLine('slow'), ...common], env);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && succeededCount(dbFile) === 0 && run.child.exitCode === null) await sleep(5);
  run.child.kill('SIGKILL');
  const first = await run.done;
  assert.equal(first.signal, 'SIGKILL', 'killed mid-batch');

  const final = await runCli(['batch', '--resume', ...common, '--json'], env);
  assert.equal(final.code, 0, final.stderr);
  const s = JSON.parse(final.stdout);
  assert.equal(s.counts.succeeded, 40, JSON.stringify(s.counts));
  const outputs = new Set<string>();
  for (const item of s.items) {
    assert.equal(item.state, 'succeeded');
    assert.ok((await validateOutput(item.outputPath)).ok, `${item.outputPath} is a complete deck`);
    outputs.add(item.outputPath);
  }
  assert.equal(outputs.size, 40, 'each copy has its own output');
  for (const c of copies) assert.deepEqual(readFileSync(c), readFileSync(master), 'originals untouched');

  const d = new Database(dbFile, { readonly: true });
  const reused = (d.prepare("SELECT COUNT(*) AS n FROM jobs WHERE json_extract(result, '$.reusedFrom.jobId') IS NOT NULL").get() as { n: number }).n;
  const events = (d.prepare("SELECT COUNT(*) AS n FROM job_events WHERE to_state = 'succeeded' AND details LIKE '%reusedFrom%'").get() as { n: number }).n;
  d.close();
  // Only decks claimed before the first one finished (workers + the one prepared ahead, per run) are processed.
  assert.ok(reused >= 30, `copies reused the finished output (${reused} of 40)`);
  assert.equal(events, reused, 'each reuse is in the event log');
  assert.equal(s.items.filter((i: { detail?: string }) => /output was copied/.test(i.detail ?? '')).length, reused, 'the summary says which were copied');
  assert.deepEqual(debris(inputs), []);
  assert.deepEqual(debris(out), []);

  // Same paths, same bytes, same settings, outputs present: nothing to do.
  const again = await runCli(['batch', inputs, '--out', out, '--processor', fixtureCommandLine('slow'), ...common, '--json'], env);
  assert.equal(again.code, 0, again.stderr);
  const s2 = JSON.parse(again.stdout);
  assert.equal(s2.counts.skipped, 40, JSON.stringify(s2.counts));
  assert.ok(s2.items.every((i: { code: string }) => i.code === 'ALREADY_DONE'));
});
