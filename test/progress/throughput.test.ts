import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ThroughputTracker } from '../../src/core/progress';

/** A clock the test moves by hand: ETA logic must never depend on real time passing. */
function fakeClock(start = Date.UTC(2026, 0, 5, 9, 0, 0)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

/** Ticks once a second for `ms`, like the engine's timer. */
function run(tr: ThroughputTracker, clock: ReturnType<typeof fakeClock>, ms: number) {
  for (let i = 0; i < ms / 1000; i++) {
    clock.advance(1000);
    tr.noteGap();
  }
}

test('rate is unknown at start, before a deck finishes and before 5 s of activity', () => {
  const clock = fakeClock();
  const tr = new ThroughputTracker({ now: clock.now });
  assert.deepEqual({ ...tr.rate(), samples: undefined }, { unitsPerSec: null, decksPerMin: null, samples: undefined });
  tr.start();
  run(tr, clock, 3000);
  tr.record(4, 1); // one quick deck after 3 s: too little to extrapolate from
  assert.equal(tr.rate().decksPerMin, null);
  run(tr, clock, 10_000);
  tr.record(4, 1);
  const r = tr.rate();
  assert.ok(r.decksPerMin !== null && r.unitsPerSec !== null);
  // 1 deck and 4 pictures in 13 s of activity
  assert.ok(Math.abs(r.decksPerMin - 60 / 13) < 1e-9);
  assert.ok(Math.abs(r.unitsPerSec - 4 / 13) < 1e-9);
});

test('no finished deck means unknown, however long it runs', () => {
  const clock = fakeClock();
  const tr = new ThroughputTracker({ now: clock.now });
  tr.start();
  run(tr, clock, 60_000);
  tr.record(10, 0);
  assert.equal(tr.rate().unitsPerSec, null);
});

test('paused time does not count as active time or lower the rate', () => {
  const clock = fakeClock();
  const tr = new ThroughputTracker({ now: clock.now });
  tr.start();
  run(tr, clock, 20_000);
  tr.record(10, 2);
  tr.pause();
  clock.advance(3_600_000); // an hour paused, nobody ticks a paused batch's clock
  tr.noteGap();
  assert.equal(tr.activeMs(), 20_000);
  tr.resume();
  run(tr, clock, 20_000);
  tr.record(20, 4);
  assert.equal(tr.activeMs(), 40_000);
  assert.ok(Math.abs((tr.rate().decksPerMin ?? 0) - 6) < 1e-9); // 4 decks in 40 s
});

test('a wall-clock jump while running (machine asleep) is excluded like a pause', () => {
  const clock = fakeClock();
  const tr = new ThroughputTracker({ now: clock.now });
  tr.start();
  run(tr, clock, 30_000);
  tr.record(30, 3);
  clock.advance(8 * 3_600_000); // lid closed overnight
  tr.noteGap();
  run(tr, clock, 30_000);
  tr.record(60, 6);
  assert.equal(tr.activeMs(), 60_000);
  assert.ok(Math.abs((tr.rate().unitsPerSec ?? 0) - 1) < 1e-9);
});

test('the sleep is also excluded when a progress record arrives before the next tick', () => {
  const clock = fakeClock();
  const tr = new ThroughputTracker({ now: clock.now });
  tr.start();
  run(tr, clock, 10_000);
  clock.advance(2 * 3_600_000);
  tr.record(5, 1); // processor output wakes the engine before its timer
  assert.equal(tr.activeMs(), 10_000);
});

test('without ticks nothing is guessed to be sleep (a slow deck is still work)', () => {
  const clock = fakeClock();
  const tr = new ThroughputTracker({ now: clock.now });
  tr.start();
  clock.advance(300_000);
  tr.record(50, 1);
  assert.equal(tr.activeMs(), 300_000);
});

test('a clock set backwards never makes active time shrink', () => {
  const clock = fakeClock();
  const tr = new ThroughputTracker({ now: clock.now });
  tr.start();
  run(tr, clock, 10_000);
  clock.advance(-60_000);
  tr.noteGap();
  assert.equal(tr.activeMs(), 10_000);
  run(tr, clock, 5_000);
  assert.equal(tr.activeMs(), 15_000);
});

test('the rate follows the recent window, and falls back to the whole run when no deck finished in it', () => {
  const clock = fakeClock();
  const tr = new ThroughputTracker({ now: clock.now, windowMs: 60_000 });
  tr.start();
  // Fast start: 10 decks in the first 60 s.
  for (let i = 1; i <= 10; i++) {
    run(tr, clock, 6_000);
    tr.record(i, i);
  }
  // Then slow: 1 deck per 30 s.
  for (let i = 11; i <= 14; i++) {
    run(tr, clock, 30_000);
    tr.record(i, i);
  }
  // Window covers the last 60 s: 2 decks → 2/min, not the 14/3 min overall.
  assert.ok(Math.abs((tr.rate().decksPerMin ?? 0) - 2) < 1e-9);
  // A giant deck: 5 minutes without a finish. The rate decays over the whole run.
  run(tr, clock, 300_000);
  const r = tr.rate();
  assert.ok(Math.abs((r.decksPerMin ?? 0) - 14 / 8) < 1e-9, String(r.decksPerMin));
  assert.equal(r.samples, 14);
});

test('a resumed batch counts only work done in this session', () => {
  const clock = fakeClock();
  const tr = new ThroughputTracker({ now: clock.now });
  tr.start({ unitsDone: 500, decksDone: 100 });
  run(tr, clock, 60_000);
  tr.record(560, 106);
  const r = tr.rate();
  assert.ok(Math.abs((r.decksPerMin ?? 0) - 6) < 1e-9);
  assert.ok(Math.abs((r.unitsPerSec ?? 0) - 1) < 1e-9);
  assert.equal(r.samples, 6);
});

test('a resumed batch started without a baseline measures from its first record, not from zero', () => {
  const clock = fakeClock();
  const tr = new ThroughputTracker({ now: clock.now });
  tr.start();
  run(tr, clock, 30_000);
  tr.record(510, 101); // 100 decks were done in an earlier session
  assert.equal(tr.rate().decksPerMin, null, 'no evidence from this session yet');
  run(tr, clock, 30_000);
  tr.record(530, 103);
  const r = tr.rate();
  assert.ok(Math.abs((r.decksPerMin ?? 0) - 4) < 1e-9, String(r.decksPerMin)); // 2 decks in 30 s
  assert.equal(r.samples, 2);
});

test('a fresh batch started without a baseline counts its first deck', () => {
  const clock = fakeClock();
  const tr = new ThroughputTracker({ now: clock.now });
  tr.start();
  run(tr, clock, 30_000);
  tr.record(12, 1);
  assert.ok(Math.abs((tr.rate().decksPerMin ?? 0) - 2) < 1e-9);
});
