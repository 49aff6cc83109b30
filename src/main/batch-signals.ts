/**
 * What the desktop shows outside the window while batches run: taskbar/dock
 * progress (BrowserWindow.setProgressBar) and one notification when a batch stops
 * running by itself. Fed the engine's coalesced events; Electron comes in as plain
 * functions so this runs (and is tested) under Node.
 */
import type { EngineEvent } from '../shared/engine-api';
import { batchFraction, finishedNotice } from '../shared/batch-status';

export interface SignalSinks {
  /** setProgressBar: 0..1 while a batch runs, -1 removes it. */
  setProgress(value: number, mode: 'normal' | 'error'): void;
  notify(title: string, body: string): void;
}

export function createBatchSignals(sinks: SignalSinks) {
  /** Batches running now, with their last completion and whether a deck failed. */
  const running = new Map<string, { fraction: number; failed: boolean }>();
  let shown: string | null = null;

  const show = () => {
    let key: string;
    if (!running.size) {
      key = 'off';
      if (shown !== key) sinks.setProgress(-1, 'normal');
    } else {
      // Several batches at once: the least advanced one says how long is left.
      const list = [...running.values()];
      const fraction = Math.min(...list.map((r) => r.fraction));
      const mode = list.some((r) => r.failed) ? 'error' : 'normal';
      const value = Math.round(fraction * 1000) / 1000;
      key = `${value}:${mode}`;
      if (shown !== key) sinks.setProgress(value, mode);
    }
    shown = key;
  };

  return {
    onEvents(events: EngineEvent[]) {
      for (const e of events) {
        if (e.type === 'batch-state') {
          const b = e.batch;
          if (b.state === 'active') {
            if (!running.has(b.id)) running.set(b.id, { fraction: batchFraction(b.counts, 0, 0), failed: b.counts.failed > 0 });
          } else if (running.delete(b.id)) {
            // Once per run: only a batch seen running can finish, and it leaves the set here.
            const n = finishedNotice(b);
            if (n) sinks.notify(n.title, n.body);
          }
        } else if (e.type === 'batch-progress') {
          const p = e.progress;
          const r = running.get(p.batchId);
          if (r) {
            r.fraction = batchFraction(p.counts, p.unitsDone, p.unitsTotal);
            r.failed = p.counts.failed > 0;
          }
        }
      }
      show();
    },
    isRunning: () => running.size > 0,
  };
}
