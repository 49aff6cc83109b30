import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffMs } from '../../src/core/runner/backoff';

test('doubles per attempt between half and all of the ceiling', () => {
  const lo = (a: number) => backoffMs(a, { baseMs: 1000, maxMs: 1e9, random: () => 0 });
  const hi = (a: number) => backoffMs(a, { baseMs: 1000, maxMs: 1e9, random: () => 1 });
  assert.deepEqual([1, 2, 3, 4].map(lo), [500, 1000, 2000, 4000]);
  assert.deepEqual([1, 2, 3, 4].map(hi), [1000, 2000, 4000, 8000]);
  assert.equal(backoffMs(3, { baseMs: 1000, maxMs: 1e9, random: () => 0.5 }), 3000);
});

test('is capped, even for absurd attempt numbers', () => {
  for (const a of [10, 100, 5000, Number.MAX_SAFE_INTEGER, Infinity]) {
    const v = backoffMs(a, { baseMs: 1000, maxMs: 60_000, random: () => 1 });
    assert.equal(v, 60_000, String(a));
    assert.ok(backoffMs(a, { baseMs: 1000, maxMs: 60_000, random: () => 0 }) >= 30_000);
  }
});

test('nonsense inputs give a finite delay', () => {
  for (const a of [0, -3, NaN, 1.7]) {
    const v = backoffMs(a, { baseMs: 1000, random: () => 0.5 });
    assert.ok(Number.isFinite(v) && v >= 500 && v <= 1000, `${a} -> ${v}`);
  }
  // A random source outside [0,1] is clamped.
  assert.equal(backoffMs(1, { baseMs: 1000, random: () => 7 }), 1000);
});

test('the default random source stays within bounds', () => {
  for (let i = 0; i < 200; i++) {
    const v = backoffMs(2);
    assert.ok(v >= 1000 && v <= 2000, String(v));
  }
});
