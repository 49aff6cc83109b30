/**
 * Calibration against real deck sizes: a simulated batch of the shared corpus (picture
 * counts from INVENTORY.tsv, in its order), two workers, per-deck time = overhead +
 * pictures × per-picture cost with ±30% noise, a pause and a night's sleep in the
 * middle. At every tick the ETA range is compared with the true time left.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ThroughputTracker, estimateRemaining } from '../../src/core/progress';
import { corpusSkip, readInventory } from '../helpers/corpus';

/** Deterministic noise (mulberry32), so a failure reproduces. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Deck {
  pictures: number;
  durationMs: number;
}

/** Event simulation of N workers; each deck's start and finish on the active timeline. */
function schedule(decks: Deck[], workers: number): Array<{ start: number; end: number }> {
  const free = new Array<number>(workers).fill(0);
  return decks.map((d) => {
    const w = free.indexOf(Math.min(...free));
    const start = free[w];
    free[w] += d.durationMs;
    return { start, end: free[w] };
  });
}

/** Pictures done at `t` as the engine counts them: finished decks plus the done share of running ones. */
function unitsAt(decks: Array<Deck & { start: number; end: number }>, t: number): number {
  let u = 0;
  for (const d of decks) {
    if (d.end <= t) u += d.pictures;
    else if (d.start < t) u += (d.pictures * (t - d.start)) / d.durationMs;
  }
  return u;
}

test('the ETA range holds the true time left most of the time, over the real corpus sizes', { skip: corpusSkip }, () => {
  const random = rng(42);
  const decks: Deck[] = readInventory()
    .filter((r) => r.pictures !== 'NA')
    .map((r) => {
      const pictures = Number(r.pictures);
      return { pictures, durationMs: Math.round((800 + pictures * 1200) * (0.7 + 0.6 * random())) };
    });
  const workers = 2;
  const times = schedule(decks, workers);
  const timed = decks.map((d, i) => ({ ...d, ...times[i] }));
  const order = [...timed].sort((a, b) => a.end - b.end);
  const end = order[order.length - 1].end;
  const totalUnits = decks.reduce((n, d) => n + d.pictures, 0);

  let wall = Date.UTC(2026, 0, 5, 8, 0, 0);
  const tracker = new ThroughputTracker({ now: () => wall });
  tracker.start();
  let active = 0;
  let next = 0;
  let units = 0;
  let inside = 0;
  let checked = 0;
  let unknownAfterFirst = 0;
  const widths: number[] = [];
  while (next < order.length) {
    wall += 1000;
    active += 1000;
    if (active === 150_000) {
      tracker.pause(); // a coffee break: ten minutes paused
      wall += 600_000;
      tracker.resume();
    }
    if (active === 350_000) wall += 9 * 3_600_000; // the laptop slept overnight
    tracker.noteGap();
    // Like the engine: a record on every finished deck, with the in-flight share included.
    while (next < order.length && order[next].end <= active) {
      next++;
      tracker.record(unitsAt(timed, order[next - 1].end), next);
    }
    units = unitsAt(timed, active);
    if (next === order.length) break;
    const r = tracker.rate();
    const eta = estimateRemaining({
      unitsRemaining: totalUnits - units,
      decksRemaining: order.length - next,
      unitsPerSec: r.unitsPerSec,
      decksPerMin: r.decksPerMin,
      workers,
      samples: r.samples,
    });
    if (active > 10_000 && next >= 1 && eta.lowMs === null) unknownAfterFirst++;
    if (next < 10 || eta.lowMs === null || eta.highMs === null) continue;
    const truth = end - active;
    checked++;
    if (eta.lowMs <= truth && truth <= eta.highMs) inside++;
    widths.push((eta.highMs - eta.lowMs) / Math.max(truth, 1));
  }
  // The tick that spans the sleep is dropped whole: at most one tick of real work is lost.
  assert.ok(Math.abs(tracker.activeMs() - active) <= 1000, `active ${tracker.activeMs()} vs ${active}: pause and sleep excluded`);
  assert.equal(unknownAfterFirst, 0, 'known from the first finished deck on (after 10 s)');
  assert.ok(checked > 100, `only ${checked} ticks checked`);
  const coverage = inside / checked;
  if (process.env.ETA_DEBUG) console.log({ coverage, medianWidth: widths.slice().sort((a, b) => a - b)[Math.floor(widths.length / 2)], checked });
  widths.sort((a, b) => a - b);
  const medianWidth = widths[Math.floor(widths.length / 2)];
  // A range that is right only half the time is noise; one that is always right but
  // spans "1 min to 5 h" is useless. Both bounds are checked.
  assert.ok(coverage >= 0.85, `true time left inside the range on ${(coverage * 100).toFixed(0)}% of ticks`);
  assert.ok(medianWidth < 0.8, `median range width ${(medianWidth * 100).toFixed(0)}% of the time left`);
});
