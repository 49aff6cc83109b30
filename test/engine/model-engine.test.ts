/**
 * The engine, the built-in processor and a stand-in model server together: the
 * processors get the queue database as their model cache, so a picture shared by
 * several decks is asked once, and two workers never have two requests in flight.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeWorld, openEngine } from './helpers';
import { startFakeOllama } from '../helpers/fake-ollama';

test('a batch with two workers: one request per distinct picture, one at a time, answers in the reports', { timeout: 240_000 }, async (t) => {
  const server = await startFakeOllama({
    generateDelayMs: 150,
    reply: (_b, g) => JSON.stringify({ role: 'informative', alt: `Colour test card ${g.image!.length}`, long_description: '', text_in_image: '' }),
  });
  t.after(() => server.close());
  // three decks: 2, 4 and 2 pictures drawn from the same four images (make-deck seeds them by index)
  const w = await makeWorld(t, 3);
  const engine = openEngine(w, null);
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: w.decks, settings: { outputDir: w.out, workers: 2, modelServer: server.url, model: 'llava' } });
  await engine.start(b.id);
  await engine.waitForBatch(b.id);
  const jobs = engine.listJobs(b.id).jobs;
  assert.deepEqual(jobs.map((j) => j.state), ['succeeded', 'succeeded', 'succeeded'], JSON.stringify(jobs.map((j) => j.error)));
  assert.equal(new Set(server.generations.map((g) => g.image!.toString('base64'))).size, server.generations.length, 'no picture asked twice');
  assert.equal(server.generations.length, 4, 'four distinct pictures in eight');
  assert.equal(server.maxInFlight, 1);
  const written = jobs.flatMap((j) => j.result!.items.filter((i) => i.kind === 'picture'));
  assert.equal(written.length, 8);
  assert.ok(written.every((i) => i.source === 'model' && /^Colour test card \d+$/.test(i.newAlt ?? '')), JSON.stringify(written.map((i) => [i.source, i.newAlt])));
});
