/**
 * The engine, the built-in processor and a stand-in model server together: the
 * processors get the queue database as their model cache, so a picture shared by
 * several decks is asked once, and two workers never have two requests in flight.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { makeWorld, openEngine } from './helpers';
import { makeDeck } from '../helpers/make-deck';
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

test('a deck stopped mid-way and resumed asks the model only for the pictures it had not got', { timeout: 240_000 }, async (t) => {
  const reply = (_b: unknown, g: { image: Buffer | null }) => JSON.stringify({ role: 'informative', alt: `Colour test card ${g.image!.length}`, long_description: '', text_in_image: '' });
  const server = await startFakeOllama({
    reply: (b, g) => {
      // after two answers the third request is held: the deck is in the middle of its pictures
      if (server.generations.length === 2) server.set({ generateDelayMs: 600_000 });
      return reply(b, g);
    },
  });
  t.after(() => server.close());
  const w = await makeWorld(t, 0);
  const deck = await makeDeck(join(w.inputs, 'four.pptx'), { slides: 4 });
  const engine = openEngine(w, null);
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [deck], settings: { outputDir: w.out, modelServer: server.url, model: 'llava' } });
  await engine.start(b.id);
  const deadline = Date.now() + 120_000;
  while (server.generations.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(server.generations.length, 3, 'two answered, the third in flight');
  await engine.stop(b.id);
  assert.equal(engine.getBatch(b.id)!.counts.pending, 1);

  server.set({ generateDelayMs: 0, reply });
  await engine.start(b.id);
  await engine.waitForBatch(b.id);
  const job = engine.listJobs(b.id).jobs[0];
  assert.equal(job.state, 'succeeded', JSON.stringify(job.error));
  assert.equal(server.generations.length, 5, 'only the interrupted third and the fourth picture asked again');
  const pics = job.result!.items.filter((i) => i.kind === 'picture');
  assert.equal(pics.length, 4);
  assert.ok(pics.every((i) => i.source === 'model'));
});
