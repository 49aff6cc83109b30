import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEventThrottle, type ThrottleClock } from '../../src/main/event-throttle';
import type { EngineEvent } from '../../src/shared/engine-api';

/** A manual clock: timers run only when the test advances time. */
function manualClock() {
  let now = 0;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let seq = 0;
  const clock: ThrottleClock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = ++seq;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const t = timers[0];
      if (!t || t.at > end) break;
      timers.shift();
      now = t.at;
      t.fn();
    }
    now = end;
  };
  return { clock, advance };
}

const jp = (jobId: number, done: number): EngineEvent => ({ type: 'job-progress', batchId: 'B', jobId, done, total: 100 });

test('a flood of progress events becomes at most 10 deliveries per second, latest values kept', () => {
  const { clock, advance } = manualClock();
  const sent: EngineEvent[][] = [];
  const th = createEventThrottle((e) => sent.push(e), 100, clock);
  // 8 workers × 200 progress lines per second for 2 seconds.
  for (let ms = 0; ms < 2000; ms += 5) {
    for (let job = 1; job <= 8; job++) th.push(jp(job, ms));
    advance(5);
  }
  advance(200);
  assert.ok(sent.length <= 21, `${sent.length} deliveries in 2 s`);
  assert.ok(sent.length >= 15, 'still delivers steadily');
  for (const batch of sent) assert.ok(batch.length <= 8, 'one event per job per delivery');
  const last = sent.at(-1)!.filter((e) => e.type === 'job-progress');
  assert.deepEqual(new Set(last.map((e) => (e as { done: number }).done)), new Set([1995]));
});

test('notices are never coalesced; states are keyed per job and batch', () => {
  const { clock, advance } = manualClock();
  const sent: EngineEvent[][] = [];
  const th = createEventThrottle((e) => sent.push(e), 100, clock);
  th.push({ type: 'notice', batchId: 'B', code: 'INFO', message: 'one' });
  th.push({ type: 'notice', batchId: 'B', code: 'INFO', message: 'two' });
  th.push(jp(1, 1));
  th.push(jp(2, 1));
  th.push(jp(1, 2));
  advance(100);
  assert.equal(sent.length, 1);
  assert.deepEqual(
    sent[0].map((e) => (e.type === 'notice' ? e.message : `${e.type}:${(e as { jobId: number }).jobId}:${(e as { done: number }).done}`)),
    ['one', 'two', 'job-progress:2:1', 'job-progress:1:2'],
  );
});

test('the first event after a quiet spell goes out at once; flush delivers pending; dispose drops', () => {
  const { clock, advance } = manualClock();
  const sent: EngineEvent[][] = [];
  const th = createEventThrottle((e) => sent.push(e), 100, clock);
  advance(1000);
  th.push(jp(1, 1));
  advance(0);
  assert.equal(sent.length, 1, 'no needless delay');
  th.push(jp(1, 2));
  th.flush();
  assert.equal(sent.length, 2);
  th.push(jp(1, 3));
  th.dispose();
  advance(1000);
  assert.equal(sent.length, 2);
});
