/**
 * Quit with a batch running, against the real engine and real processor
 * subprocesses: the lifecycle's shutdown stops the processors, returns their decks
 * to pending without spending an attempt, and only then lets the app quit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Engine } from '../../src/core/engine';
import { createShutdown } from '../../src/main/lifecycle';
import { makeDeck } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { waitUntil } from '../helpers/wait';
import { fixtureCommandLine } from '../fixtures/processors';
import { FakeApp } from './stand-ins';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('quitting mid-batch: processors stopped, decks back to pending, batch offered for resume', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  process.env.ALTDECK_TEST_STEPS = '200';
  process.env.ALTDECK_TEST_STEP_MS = '100';
  t.after(() => {
    delete process.env.ALTDECK_TEST_STEPS;
    delete process.env.ALTDECK_TEST_STEP_MS;
  });
  for (let i = 0; i < 3; i++) await makeDeck(join(dir, 'in', `d${i}.pptx`), { title: (n) => `deck ${i} slide ${n}` });
  const home = join(dir, 'home');
  const engine = Engine.open({ home });
  const b = await engine.createBatch({ inputs: [join(dir, 'in')], settings: { processor: fixtureCommandLine('slow'), workers: 2, outputDir: join(dir, 'out'), graceSec: 2 } });
  await engine.start(b.id);
  await waitUntil('two decks running', () => engine.getProgress(b.id).counts.running >= 2);
  // The processors' pids, found by their command line (they are spawned just after the claim).
  const { execFileSync } = await import('node:child_process');
  const pids = await waitUntil('two processors running', () => {
    const found: number[] = [];
    const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
    for (const line of ps.split('\n')) if (line.includes('slow.mjs') && line.includes(dir)) found.push(Number(line.trim().split(/\s+/)[0]));
    return found.length === 2 ? found : null;
  });

  const app = new FakeApp();
  const ctl = createShutdown({ shutdownEngine: () => engine.shutdown(), notify: () => {}, quit: () => app.quit(), log: { info() {}, warn() {}, error() {} } });
  app.on('before-quit', (e) => ctl.onBeforeQuit(e));
  let quitted = false;
  app.on('quit', () => (quitted = true));
  app.quit();
  assert.equal(quitted, false);
  await ctl.done;
  assert.equal(quitted, true);
  for (const pid of pids) assert.equal(alive(pid), false, `processor ${pid} is gone`);

  const again = Engine.open({ home });
  const after = again.getBatch(b.id)!;
  assert.equal(after.counts.running, 0);
  assert.equal(after.counts.pending, 3);
  assert.ok(again.listJobs(b.id).jobs.every((j) => j.attempts === 0), 'a shutdown spends no attempt');
  assert.deepEqual(again.interruptedBatches().map((x) => x.id), [b.id]);
  again.close();
});
