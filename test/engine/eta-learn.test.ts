/**
 * The learnt ETA in the engine (issue 12): each succeeded deck's processor time is kept
 * in its finish event, so after Stop and Resume the estimate speaks at once, priced on
 * the decks left, instead of "estimating" until the new run's first deck is done.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Engine } from '../../src/core/engine';
import { makeDeck } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { waitUntil } from '../helpers/wait';
import { fixtureCommandLine } from '../fixtures/processors';

test('processor times are recorded per deck; a resumed batch has an ETA before its first new deck finishes', { timeout: 90_000 }, async (t) => {
  const dir = tempDir(t);
  process.env.ALTDECK_TEST_STEPS = '4';
  process.env.ALTDECK_TEST_STEP_MS = '150';
  t.after(() => {
    delete process.env.ALTDECK_TEST_STEPS;
    delete process.env.ALTDECK_TEST_STEP_MS;
  });
  for (let i = 0; i < 5; i++) await makeDeck(join(dir, 'in', `d${i}.pptx`), { picturesPerSlide: 1 + i });
  const engine = Engine.open({ home: join(dir, 'home') });
  t.after(() => engine.shutdown());
  const b = await engine.createBatch({ inputs: [join(dir, 'in')], settings: { processor: fixtureCommandLine('slow'), workers: 1, outputDir: join(dir, 'out') } });
  await engine.start(b.id);
  await waitUntil('two decks done', () => engine.getProgress(b.id).counts.succeeded >= 2);
  const learnt = await waitUntil('an ETA once decks are done', () => engine.getProgress(b.id).eta.lowMs !== null);
  assert.ok(learnt);
  await engine.stop(b.id);

  const times = engine.store.processTimes(b.id);
  assert.ok(times.length >= 2, JSON.stringify(times));
  // The slow fixture runs 4 steps of 150 ms: its processor time, not the time the deck waited for a worker.
  for (const x of times) assert.ok(x.ms >= 500 && x.ms < 30_000, `processor time ${x.ms} ms`);

  await engine.start(b.id);
  const p = engine.getProgress(b.id);
  assert.ok(p.counts.succeeded < 5);
  assert.notEqual(p.eta.lowMs, null, 'the resumed run starts from what earlier runs measured');
  assert.ok(p.eta.highMs! > 0);
  await engine.waitForBatch(b.id);
});
