/**
 * Coalesces engine events for the renderer: at most one delivery per interval
 * (≤ 10 per second at the default), each an array in which only the latest event
 * per key survives (progress of a job, state of a job, a batch's progress…).
 * Notices are never dropped. Without this, 8 workers × progress lines per picture
 * would flood IPC and re-render a 10,000-row table hundreds of times a second.
 */
import type { EngineEvent } from '../shared/engine-api';

export interface EventThrottle {
  push(e: EngineEvent): void;
  /** Deliver what is pending now (used at shutdown, so the last state is shown). */
  flush(): void;
  dispose(): void;
}

export interface ThrottleClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: ThrottleClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

let noticeSeq = 0;

export function eventKey(e: EngineEvent): string {
  switch (e.type) {
    case 'batch-state':
      return `bs:${e.batch.id}`;
    case 'job-state':
      return `js:${e.job.id}`;
    case 'job-progress':
      return `jp:${e.jobId}`;
    case 'batch-progress':
      return `bp:${e.progress.batchId}`;
    case 'preflight-progress':
      return 'pp';
    case 'notice':
      return `n:${noticeSeq++}`;
  }
}

export function createEventThrottle(
  deliver: (events: EngineEvent[]) => void,
  intervalMs = 100,
  clock: ThrottleClock = realClock,
): EventThrottle {
  const pending = new Map<string, EngineEvent>();
  let timer: unknown = null;
  let lastSent = -Infinity;
  let disposed = false;

  const flush = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    if (!pending.size) return;
    const batch = [...pending.values()];
    pending.clear();
    lastSent = clock.now();
    deliver(batch);
  };

  return {
    push(e) {
      if (disposed) return;
      const key = eventKey(e);
      // Re-insert so the map's order is the order of the latest updates.
      pending.delete(key);
      pending.set(key, e);
      if (timer !== null) return;
      const wait = Math.max(0, lastSent + intervalMs - clock.now());
      timer = clock.setTimeout(flush, wait);
    },
    flush,
    dispose() {
      disposed = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      pending.clear();
    },
  };
}
