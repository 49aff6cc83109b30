/**
 * The promise AltDeck makes to a coordinator: kill -9 (or a power cut) in the
 * middle of a batch loses nothing. Kill the real CLI several times while two
 * workers run real processors, resume, and check the end state.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { makeWorld, debris, isAlive } from '../engine/helpers';
import { fixtureCommandLine } from '../fixtures/processors';
import { validateOutput } from '../../src/core/runner';
import { runCli, startCli } from './run-cli';
import { waitUntil } from '../helpers/wait';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Processors recorded as running (by the engine `ownerPid` only, when given: rows a killed engine left are stale). */
function runningPids(dbFile: string, ownerPid?: number): number[] {
  if (!existsSync(dbFile)) return [];
  const d = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return (
      d
        .prepare("SELECT proc_pid FROM jobs WHERE state='running' AND proc_pid IS NOT NULL AND (? IS NULL OR owner_pid = ?)")
        .all(ownerPid ?? null, ownerPid ?? null) as Array<{ proc_pid: number }>
    ).map((r) => r.proc_pid);
  } catch {
    return [];
  } finally {
    d.close();
  }
}

test('kill -9 of the CLI mid-batch, three times, then --resume: every deck succeeds, nothing left behind, no processor survives', async (t) => {
  const w = await makeWorld(t, 10, { nested: true });
  const dbFile = join(w.home, 'altdeck.db');
  const env = { ALTDECK_TEST_STEP_MS: '60', ALTDECK_TEST_STEPS: '8' };
  const common = ['--home', w.home, '--workers', '2', '--max-attempts', '10'];
  const seenPids = new Set<number>();
  let killed = 0;
  for (let round = 0; round < 3; round++) {
    const args = round === 0 ? ['batch', w.inputs, '--out', w.out, '--processor', fixtureCommandLine('slow'), ...common] : ['batch', '--resume', ...common];
    const run = startCli(args, env);
    // Kill while processors are running, at a different moment each round.
    for (let i = 0; i < 400; i++) {
      await sleep(25);
      const pids = runningPids(dbFile);
      pids.forEach((p) => seenPids.add(p));
      if (pids.length >= 1 && i >= 8 + round * 7) break;
    }
    run.child.kill('SIGKILL');
    const r = await run.done;
    if (r.signal === 'SIGKILL') killed++;
  }
  assert.ok(killed >= 2, `the CLI was killed mid-batch (${killed} times)`);

  const final = await runCli(['batch', '--resume', ...common, '--json'], env);
  assert.equal(final.code, 0, final.stderr);
  const s = JSON.parse(final.stdout);
  assert.equal(s.counts.succeeded, 10, JSON.stringify(s.counts));
  assert.equal(s.counts.failed, 0);

  const d = new Database(dbFile, { readonly: true });
  const events = d.prepare("SELECT COUNT(*) AS n FROM job_events WHERE details LIKE '%recovered%'").get() as { n: number };
  d.close();
  assert.ok(events.n >= 1, 'recovery requeued the decks that were mid-flight');
  for (const item of s.items) assert.ok((await validateOutput(item.outputPath)).ok, `${item.outputPath} is a complete deck`);
  for (const [p, bytes] of w.snapshot) assert.deepEqual(readFileSync(p), bytes, 'original byte-identical');
  assert.deepEqual(debris(w.inputs), [], 'no lock or temp file beside the inputs');
  assert.deepEqual(debris(w.out), [], 'no temp file beside the outputs');
  // Processors of killed engines are stopped by recovery or by their stdin closing: wait for that, with a deadline.
  await waitUntil('every processor seen to be gone', () => ![...seenPids].some(isAlive), { timeoutMs: 30_000 }).catch(() => undefined);
  const alive = [...seenPids].filter(isAlive);
  assert.deepEqual(alive, [], 'no processor survives');
});

test('ten kill -9 of the CLI at random moments at default max-attempts (3), then --resume: every deck succeeds, none CRASH_LOOP (issue 8 §4)', async (t) => {
  const w = await makeWorld(t, 8);
  const dbFile = join(w.home, 'altdeck.db');
  // 600 ms a deck: a round (decks in flight, then up to 600 ms) can never finish the whole
  // batch, which left the final --resume nothing to resume on a fast engine.
  const env = { ALTDECK_TEST_STEP_MS: '40', ALTDECK_TEST_STEPS: '15' };
  const common = ['--home', w.home, '--workers', '2']; // default --max-attempts: 3
  // Deterministic "random" moments: a small LCG, so a failure can be replayed.
  let seed = 8_4;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let killedMidFlight = 0;
  for (let round = 0; round < 10; round++) {
    const args = round === 0 ? ['batch', w.inputs, '--out', w.out, '--processor', fixtureCommandLine('slow'), ...common] : ['batch', '--resume', ...common];
    const run = startCli(args, env);
    // Wait until decks are in flight, then a random extra moment (0-600 ms).
    const deadline = Date.now() + 60_000;
    const pid = run.child.pid!;
    while (Date.now() < deadline && runningPids(dbFile, pid).length === 0 && run.child.exitCode === null) await sleep(20);
    await sleep(Math.floor(rand() * 600));
    if (runningPids(dbFile, pid).length > 0) killedMidFlight++;
    run.child.kill('SIGKILL');
    await run.done;
  }
  assert.ok(killedMidFlight >= 5, `decks were in flight at most kills (${killedMidFlight} of 10)`);

  const final = await runCli(['batch', '--resume', ...common, '--json'], env);
  assert.ok(final.stdout.trim(), `the final --resume printed its summary (exit ${final.code}): ${final.stderr}`);
  const s = JSON.parse(final.stdout);
  const notOk = s.items.filter((i: { state: string }) => i.state !== 'succeeded');
  assert.equal(final.code, 0, `${final.stderr}\n${JSON.stringify(notOk, null, 1)}`);
  assert.equal(s.counts.succeeded, 8, JSON.stringify(s.counts));
  assert.equal(s.counts.failed, 0);
  assert.ok(!s.items.some((i: { code: string }) => /CRASH_LOOP/.test(i.code)));

  const d = new Database(dbFile, { readonly: true });
  const refunds = d.prepare("SELECT COUNT(*) AS n FROM job_events WHERE details LIKE '%\"cause\":\"engine\"%'").get() as { n: number };
  const maxAttempts = d.prepare('SELECT MAX(attempts) AS n FROM jobs').get() as { n: number };
  d.close();
  assert.ok(refunds.n >= 5, `recovery gave the engine's deaths back (${refunds.n} refunds)`);
  assert.ok(maxAttempts.n <= 3);
  for (const item of s.items) assert.ok((await validateOutput(item.outputPath)).ok, `${item.outputPath} is a complete deck`);
  for (const [p, bytes] of w.snapshot) assert.deepEqual(readFileSync(p), bytes, 'original byte-identical');
  assert.deepEqual(debris(w.inputs), [], 'no lock or temp file beside the inputs');
});
