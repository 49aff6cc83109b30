/**
 * With a vision model the deck's time limit grows with the pictures still to
 * describe (src/core/time-limit.ts): a slow deck that would be killed at the
 * plain limit finishes when a model is configured, and the processor is told
 * where the model cache lives (the queue database).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeWorld, openEngine } from './helpers';
import { deckTimeLimitMs, picturesToDescribe } from '../../src/core/time-limit';
import type { PreflightResult } from '../../src/shared/types';

const audit = (pictures: number, missing: number): PreflightResult => ({
  ok: true,
  path: '/x.pptx',
  code: 'OK',
  size: 1,
  mtimeMs: 1,
  warnings: [],
  audit: { slides: 1, pictures, picturesMissingAlt: missing, graphicFrames: 0, hiddenSlides: 0, signed: false, macroEnabled: false, uncompressedBytes: 1 },
});

const base = { timeoutSec: 300, altPolicy: 'preserve' as const, modelServer: 'http://127.0.0.1:11434', model: 'llava', processor: null, workers: 1 };

test('deckTimeLimitMs: timeout + pictures to describe × seconds per picture × workers sharing one server', () => {
  assert.equal(deckTimeLimitMs({ ...base, modelServer: null, model: null }, audit(40, 30)), 300_000, 'no model: the plain limit');
  assert.equal(deckTimeLimitMs(base, audit(40, 30)), 300_000 + 30 * 60_000, 'default 60 s a picture missing ALT');
  assert.equal(deckTimeLimitMs({ ...base, altPolicy: 'overwrite' }, audit(40, 30)), 300_000 + 40 * 60_000, 'overwrite: every picture');
  assert.equal(deckTimeLimitMs({ ...base, modelSecPerPicture: 10 }, audit(40, 30)), 300_000 + 30 * 10_000);
  assert.equal(deckTimeLimitMs({ ...base, workers: 3 }, audit(40, 30)), 300_000 + 30 * 60_000 * 3, 'three workers wait for one server');
  assert.equal(deckTimeLimitMs({ ...base, workers: 4, modelConcurrency: 2 }, audit(40, 30)), 300_000 + 30 * 60_000 * 2);
  assert.equal(deckTimeLimitMs(base, null), 300_000, 'no audit: nothing to add');
  assert.equal(picturesToDescribe(base, { ok: false, path: '/x', code: 'NOT_ZIP', message: '' }), 0);
});

test('a slow deck is killed at the plain limit without a model, and finishes within the scaled limit with one', { timeout: 120_000 }, async (t) => {
  // the fixture takes ~3 s (10 steps × 300 ms); the plain limit is 1 s; the deck has 2 pictures without ALT
  process.env.ALTDECK_TEST_STEPS = '10';
  process.env.ALTDECK_TEST_STEP_MS = '300';
  t.after(() => {
    delete process.env.ALTDECK_TEST_STEPS;
    delete process.env.ALTDECK_TEST_STEP_MS;
  });

  const plain = await makeWorld(t, 1);
  const e1 = openEngine(plain, 'slow');
  t.after(() => e1.close());
  const b1 = await e1.createBatch({ inputs: plain.decks, settings: { outputDir: plain.out, maxAttempts: 1, timeoutSec: 1, graceSec: 1 } });
  await e1.start(b1.id);
  await e1.waitForBatch(b1.id);
  assert.equal(e1.listJobs(b1.id).jobs[0].error?.code, 'PROCESSOR_TIMEOUT');

  const model = await makeWorld(t, 1);
  const e2 = openEngine(model, 'slow');
  t.after(() => e2.close());
  const b2 = await e2.createBatch({
    inputs: model.decks,
    settings: { outputDir: model.out, maxAttempts: 1, timeoutSec: 1, graceSec: 1, modelServer: 'http://127.0.0.1:9', model: 'llava', modelSecPerPicture: 60 },
  });
  await e2.start(b2.id);
  await e2.waitForBatch(b2.id);
  const job = e2.listJobs(b2.id).jobs[0];
  assert.equal(job.state, 'succeeded', JSON.stringify(job.error));
  const log = readFileSync(join(model.home, 'logs', 'jobs', b2.id, `${job.id}.log`), 'utf8');
  assert.match(log, /time limit 121 s \(1 s \+ pictures to describe\)/);
  assert.match(log, new RegExp(`--model-cache ${join(model.home, 'altdeck.db').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
});
