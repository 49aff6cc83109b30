/**
 * The learned ETA (issue 12) on recorded real durations: 45 corpus decks processed by
 * the built-in processor with OCR on this project's machine (test/progress/fixtures/
 * ocr-durations.tsv: pictures, work units and each processor's run time). The batch is
 * replayed deck by deck; at every finish the estimate of the time left is compared
 * with the true time left.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { estimateFromAudit, estimateRemaining, perPictureMsFor, ThroughputTracker } from '../../src/core/progress';
import { learnDeckCost, modelUncertainty, priorCost, remainingByModel, type DeckSample } from '../../src/core/progress/learn';

interface Recorded {
  deck: string;
  pictures: number;
  units: number;
  ms: number;
}

const RECORDED: Recorded[] = readFileSync(join(__dirname, 'fixtures', 'ocr-durations.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => {
    const [deck, pictures, , units, ms] = l.split('\t');
    return { deck, pictures: Number(pictures), units: Number(units), ms: Number(ms) };
  });

const OCR = { ocr: true, modelServer: null };
/** Geometric middle of a range: what the person reads as "about". */
const mid = (lo: number, hi: number) => Math.sqrt(Math.max(1, lo) * Math.max(1, hi));
const off = (estimate: number, truth: number) => Math.max(estimate / truth, truth / estimate);

/** Replays the recording on one worker; calls `at` after each finished deck with what the engine knows then. */
function replay(decks: Recorded[], at: (k: number, done: Recorded[], left: Recorded[], clock: number) => void) {
  let clock = 0;
  for (let k = 0; k < decks.length - 1; k++) {
    clock += decks[k].ms;
    at(k + 1, decks.slice(0, k + 1), decks.slice(k + 1), clock);
  }
}

test('the recording is real and big enough to judge an ETA', () => {
  assert.ok(RECORDED.length >= 40, `${RECORDED.length} decks`);
  assert.ok(RECORDED.every((r) => Number.isFinite(r.ms) && r.ms > 0), 'every deck has a processor time');
});

test('with OCR the learned ETA is within 1.5× of the truth (p90) once 3 decks are done, closer than throughput alone, and its range holds the truth', () => {
  const truthTotal = RECORDED.reduce((s, r) => s + r.ms, 0);
  // Before: the dry run's guess from the audit. It stays in the report, so say how far off it is.
  const audit = estimateFromAudit({ decks: RECORDED.length, pictures: RECORDED.reduce((s, r) => s + r.pictures, 0) }, 1, perPictureMsFor(OCR));
  const auditOff = off(audit, truthTotal);

  const learned: number[] = [];
  const throughput: number[] = [];
  let inside = 0;
  let ticks = 0;
  let t = 0;
  const tracker = new ThroughputTracker({ now: () => t });
  tracker.start({ unitsDone: 0, decksDone: 0 });
  replay(RECORDED, (k, done, left, clock) => {
    t = clock;
    tracker.record(
      done.reduce((s, r) => s + r.units, 0),
      k,
    );
    const truth = left.reduce((s, r) => s + r.ms, 0);
    const samples: DeckSample[] = done.map((r) => ({ units: r.units, ms: r.ms }));
    const cost = learnDeckCost(samples, priorCost(OCR));
    const modelMs = remainingByModel(cost, { decks: left.length, units: left.reduce((s, r) => s + r.units, 0), inFlight: [], workers: 1 });
    const rate = tracker.rate();
    const common = { unitsRemaining: left.reduce((s, r) => s + r.units, 0), decksRemaining: left.length, unitsPerSec: rate.unitsPerSec, decksPerMin: rate.decksPerMin, workers: 1, samples: k };
    const withModel = estimateRemaining({ ...common, modelMs, modelSpread: modelUncertainty(cost, left.length) });
    const without = estimateRemaining(common);
    if (k < 3 || withModel.lowMs === null || withModel.highMs === null) return;
    ticks++;
    if (truth >= withModel.lowMs && truth <= withModel.highMs) inside++;
    learned.push(off(mid(withModel.lowMs, withModel.highMs), truth));
    if (without.lowMs !== null && without.highMs !== null) throughput.push(off(mid(without.lowMs, without.highMs), truth));
  });
  const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
  const p90 = (a: number[]) => sorted(a)[Math.floor(a.length * 0.9)];
  const median = (a: number[]) => sorted(a)[Math.floor(a.length / 2)];
  const worstLearned = Math.max(...learned);
  console.log(
    `audit guess ${Math.round(audit / 1000)} s vs truth ${Math.round(truthTotal / 1000)} s (×${auditOff.toFixed(2)}); ` +
      `learned: median ×${median(learned).toFixed(2)}, p90 ×${p90(learned).toFixed(2)}, worst ×${worstLearned.toFixed(2)}, truth inside the range ${inside}/${ticks}; ` +
      `throughput only: median ×${median(throughput).toFixed(2)}, p90 ×${p90(throughput).toFixed(2)}`,
  );
  assert.ok(p90(learned) <= 1.5, `learned ETA p90 off by ×${p90(learned).toFixed(2)}`);
  assert.ok(p90(learned) < p90(throughput), 'closer than the throughput view it replaces');
  assert.ok(inside / ticks >= 0.8, `truth inside the range on ${inside} of ${ticks} ticks`);
});

test('learnDeckCost: the prior alone before any deck; a batch 3× dearer than the guess is learnt from a few decks', () => {
  const prior = priorCost(OCR);
  assert.deepEqual(learnDeckCost([], prior), prior);
  // A guess of 3 s a deck + 0.85 s a picture (fixed here, not the defaults, which follow the
  // processor's speed); every deck costs 3 s + 2.4 s per picture: three times the guess per picture.
  const guess = { perDeckMs: 3000, perUnitMs: 850, samples: 0 };
  const truth = (u: number) => 3000 + 2400 * u;
  const samples = [1, 5, 2, 8].map((u) => ({ units: u, ms: truth(u) }));
  const c = learnDeckCost(samples, guess);
  for (const u of [0, 3, 20]) assert.ok(off(c.perDeckMs + c.perUnitMs * u, truth(u)) < 1.25, `deck of ${u} pictures`);
  // Costs never go negative, whatever the data.
  const odd = learnDeckCost([{ units: 10, ms: 100 }, { units: 0, ms: 5000 }], prior);
  assert.ok(odd.perDeckMs >= 0 && odd.perUnitMs >= 0);
});

test('remainingByModel: workers share the work, the running decks count what they spent, the last deck is the floor', () => {
  const cost = { perDeckMs: 1000, perUnitMs: 500, samples: 5 };
  assert.equal(remainingByModel(cost, { decks: 4, units: 8, inFlight: [], workers: 1 }), 4 * 1000 + 8 * 500);
  assert.equal(remainingByModel(cost, { decks: 4, units: 8, inFlight: [], workers: 2 }), (4 * 1000 + 8 * 500) / 2);
  // One running deck of 2 pictures (2 s expected), 1.5 s in: 0.5 s left of it.
  assert.equal(remainingByModel(cost, { decks: 1, units: 2, inFlight: [{ units: 2, elapsedMs: 1500 }], workers: 2 }), 500);
  // One big deck left among 4 workers: it cannot be split.
  assert.equal(remainingByModel(cost, { decks: 1, units: 40, inFlight: [], workers: 4 }), 21_000);
});
