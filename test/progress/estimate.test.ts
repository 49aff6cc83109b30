import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateRemaining, estimateFromAudit, formatDuration, formatEtaRange, perPictureMsFor } from '../../src/core/progress';

const MIN = 60_000;

test('unknown while there is no rate or no finished deck', () => {
  const base = { unitsRemaining: 100, decksRemaining: 10, workers: 2 };
  assert.deepEqual(estimateRemaining({ ...base, unitsPerSec: null, decksPerMin: null }), {
    lowMs: null,
    highMs: null,
    unitsPerSec: null,
    decksPerMin: null,
  });
  const e = estimateRemaining({ ...base, unitsPerSec: 1, decksPerMin: 6, samples: 0 });
  assert.equal(e.lowMs, null);
  assert.equal(e.highMs, null);
});

test('the range follows the pictures view, leans toward the decks view, and narrows with more finished decks', () => {
  // 1 picture/s, 6 decks/min; 120 pictures and 10 decks to go: 120 s by pictures, 100 s by decks.
  const input = { unitsRemaining: 120, decksRemaining: 10, unitsPerSec: 1, decksPerMin: 6, workers: 1 };
  const few = estimateRemaining({ ...input, samples: 1 });
  const many = estimateRemaining({ ...input, samples: 100 });
  const pulled = Math.pow(120_000, 0.75) * Math.pow(100_000, 0.25); // ≈ 114.8 s
  for (const e of [few, many]) {
    assert.ok(e.lowMs !== null && e.highMs !== null);
    assert.ok(e.lowMs < pulled && e.highMs > 120_000, JSON.stringify(e));
  }
  assert.equal(many.lowMs, Math.round(pulled / 1.15));
  assert.equal(many.highMs, Math.round(120_000 * 1.15));
  const width = (e: typeof few) => (e.highMs ?? 0) - (e.lowMs ?? 0);
  assert.ok(width(many) < width(few) / 2, `${width(many)} vs ${width(few)}`);
  assert.equal(many.unitsPerSec, 1);
  assert.equal(many.decksPerMin, 6);
});

test('nothing left is zero, not unknown', () => {
  const e = estimateRemaining({ unitsRemaining: 0, decksRemaining: 0, unitsPerSec: null, decksPerMin: null, workers: 2 });
  assert.equal(e.lowMs, 0);
  assert.equal(e.highMs, 0);
});

test('the last decks in parallel take at least what is left of one deck', () => {
  // 4 workers together finish 4 decks/min: each deck takes a worker about 1 min.
  const e = estimateRemaining({ unitsRemaining: 0, decksRemaining: 2, unitsPerSec: 0, decksPerMin: 4, workers: 4, samples: 400 });
  // Naively 2 decks / 4 per min = 30 s; really both run side by side for about a minute.
  assert.ok((e.lowMs ?? 0) > 50_000, JSON.stringify(e));
  const half = estimateRemaining({ unitsRemaining: 0, decksRemaining: 2, unitsPerSec: 0, decksPerMin: 4, workers: 4, samples: 400, inFlightFraction: 0.5 });
  assert.ok((half.highMs ?? 0) < (e.highMs ?? 0));
});

test('decks without pictures are estimated by decks alone', () => {
  const e = estimateRemaining({ unitsRemaining: 0, decksRemaining: 60, unitsPerSec: 0, decksPerMin: 6, workers: 2, samples: 25 });
  assert.ok((e.lowMs ?? 0) < 10 * MIN && (e.highMs ?? 0) > 10 * MIN);
});

test('audit estimate scales with pictures and divides by usable workers', () => {
  assert.equal(estimateFromAudit({ decks: 0, pictures: 0 }, 4), 0);
  assert.equal(estimateFromAudit({ decks: 10, pictures: 100 }, 1, 1000, 500), 105_000);
  assert.equal(estimateFromAudit({ decks: 10, pictures: 100 }, 2, 1000, 500), 52_500);
  // One deck cannot use four workers.
  assert.equal(estimateFromAudit({ decks: 1, pictures: 10 }, 4, 1000, 0), 10_000);
  assert.ok(estimateFromAudit({ decks: 2000, pictures: 30000 }, 2) > estimateFromAudit({ decks: 2000, pictures: 3000 }, 2));
});

test('formatDuration speaks like a person', () => {
  assert.equal(formatDuration(null), '—');
  assert.equal(formatDuration(Number.NaN), '—');
  assert.equal(formatDuration(10_000), 'less than 1 min');
  assert.equal(formatDuration(50_000), 'about 1 min');
  assert.equal(formatDuration(3 * MIN + 10_000), 'about 3 min');
  assert.equal(formatDuration(59 * MIN), 'about 59 min');
  assert.equal(formatDuration(60 * MIN), '1 h');
  assert.equal(formatDuration(80 * MIN), '1 h 20 min');
  assert.equal(formatDuration(82 * MIN), '1 h 20 min');
  assert.equal(formatDuration(23 * 60 * MIN), '23 h');
  assert.equal(formatDuration(26 * 60 * MIN), '1 d 2 h');
  assert.equal(formatDuration(48 * 60 * MIN), '2 d');
});

test('formatEtaRange shares the unit when it can', () => {
  const eta = (lowMs: number | null, highMs: number | null) => ({ lowMs, highMs, unitsPerSec: null, decksPerMin: null });
  assert.equal(formatEtaRange(eta(12 * MIN, 18 * MIN)), '12–18 min left');
  assert.equal(formatEtaRange(eta(3 * MIN, 3 * MIN + 5_000)), 'about 3 min left');
  assert.equal(formatEtaRange(eta(50 * MIN, 70 * MIN)), '50 min – 1 h 10 min left');
  assert.equal(formatEtaRange(eta(70 * MIN, 100 * MIN)), '1 h 10 min – 1 h 40 min left');
  assert.equal(formatEtaRange(eta(20_000, 3 * MIN)), 'up to 3 min left');
  assert.equal(formatEtaRange(eta(5_000, 20_000)), 'less than 1 min left');
  assert.equal(formatEtaRange(eta(0, 0)), 'almost done');
  assert.equal(formatEtaRange(eta(null, null)), 'estimating time left…');
});

test('per-picture cost grows with the sources the settings turn on', () => {
  const plain = perPictureMsFor({ ocr: false, modelServer: null });
  const ocr = perPictureMsFor({ ocr: true, modelServer: null });
  const model = perPictureMsFor({ ocr: true, modelServer: 'http://127.0.0.1:11434' });
  assert.ok(plain < ocr && ocr < model);
  // 2,000 decks of 15 pictures on 2 workers: under an hour plain, many hours with a CPU model.
  const audit = { decks: 2000, pictures: 30_000 };
  assert.ok(estimateFromAudit(audit, 2, plain) < 3_600_000);
  assert.ok(estimateFromAudit(audit, 2, model) > 24 * 3_600_000);
});
