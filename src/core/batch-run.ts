/**
 * One batch's run in this engine: its mode, the decks in flight, its worker slots and
 * its clock; when its failures stop it, and the state it ends in. The run loop
 * (batch-runner.ts) drives it; progress is read from it.
 */
import { REASON_CANCELLED, REASON_PAUSED, REASON_STOPPED } from '../shared/batch-status';
import type { BatchInfo, BatchProgress, BatchSettings, DeckPhase } from '../shared/types';
import { finishedWork, workTotal } from '../shared/types';
import type { QueueStore } from './queue/store';
import type { JobEnd, RunningJob } from './job-executor';
import { estimateRemaining, type ThroughputTracker } from './progress';
import { learnDeckCost, modelUncertainty, priorCost, remainingByModel, type DeckSample } from './progress/learn';

/** 'low-disk' pauses with run.reason (low disk, output folder not writable); 'db-fault' pauses on a queue database fault. */
export type RunMode = 'running' | 'pausing' | 'stopping' | 'shutdown' | 'cancelling' | 'threshold' | 'low-disk' | 'db-fault';

export interface BatchRun {
  id: string;
  settings: BatchSettings;
  mode: RunMode;
  reason: string | null;
  /**
   * Keyed by the claim's lease token, not the job id: a deck's next attempt can be
   * claimed while the previous attempt's bookkeeping is still settling, and the
   * older entry's clean-up must not remove the newer one.
   */
  inflight: Map<string, { running: RunningJob; done: Promise<JobEnd> }>;
  tracker: ThroughputTracker;
  /** Active time of the batch's earlier runs: every figure of processing time adds this run's to it. */
  previousActiveMs: number;
  loop: Promise<BatchInfo>;
  wake: () => void;
  /** Worker slots: a processor runs only while its deck holds one. */
  slots: { free: number; waiters: Array<(ok: boolean) => void> };
  /** Processor times of the decks this run finished well: what the ETA learns a deck's cost from. */
  costSamples: DeckSample[];
  /** What the batch looked like when it started: returned when the database cannot be read at the end. */
  lastInfo: BatchInfo;
}

/** The whole batch's processing time: earlier runs plus this one so far. */
export function activeMsOf(run: BatchRun): number {
  return run.previousActiveMs + run.tracker.activeMs();
}

export function acquireSlot(run: BatchRun | undefined): Promise<boolean> {
  // Pausing still lets a deck within the worker count start (it was in flight);
  // only the extra, prepared one goes back to the queue.
  if (!run || (run.mode !== 'running' && !(run.mode === 'pausing' && run.slots.free > 0))) return Promise.resolve(false);
  if (run.slots.free > 0) {
    run.slots.free--;
    return Promise.resolve(true);
  }
  return new Promise<boolean>((resolve) => run.slots.waiters.push(resolve));
}

export function releaseSlot(run: BatchRun | undefined): void {
  if (!run) return;
  const next = run.slots.waiters.shift();
  if (next && run.mode === 'running') next(true);
  else {
    if (next) next(false);
    run.slots.free++;
  }
}

/** Decks prepared but waiting for a slot are told no: they go back to the queue. */
export function refuseWaiters(run: BatchRun): void {
  for (const w of run.slots.waiters.splice(0)) w(false);
}

/**
 * Only decks the engine tried count: rejected files never ran (a share with 15 bad
 * files among 198 must not stop at once), cancelled ones were never tried either.
 */
export function thresholdExceeded(store: QueueStore, batchId: string, s: BatchSettings): boolean {
  if (!s.errorThreshold) return false;
  const c = store.counts(batchId);
  const finished = c.succeeded + c.failed + c.skipped;
  return finished >= 5 && c.failed / finished > s.errorThreshold;
}

/** The batch's state and reason once its run has ended; `open` counts the decks still to do. */
export function runEndState(run: BatchRun, open: number): [BatchInfo['state'], string | null] {
  const stateFor: Record<RunMode, [BatchInfo['state'], string | null]> = {
    running: open ? ['paused', null] : ['completed', null],
    pausing: ['paused', REASON_PAUSED],
    stopping: ['paused', REASON_STOPPED],
    shutdown: ['interrupted', 'AltDeck was closed while this batch ran. Nothing was lost: resume it to continue.'],
    cancelling: ['aborted', REASON_CANCELLED],
    threshold: ['aborted', run.reason],
    'low-disk': ['paused', run.reason],
    'db-fault': ['paused', run.reason],
  };
  return run.mode === 'running' && !open ? ['completed', null] : stateFor[run.mode];
}

/** Counts, work units, time, ETA and the decks in flight; `run` only while this engine runs the batch. */
export function batchProgress(store: QueueStore, batchId: string, run: BatchRun | undefined, now: () => number): BatchProgress {
  const counts = store.counts(batchId);
  const units = store.unitsDone(batchId);
  const row = store.batchRow(batchId);
  const activeMs = run ? activeMsOf(run) : (row?.active_ms ?? 0);
  const rate = run ? run.tracker.rate() : { unitsPerSec: null, decksPerMin: null, samples: 0 };
  const model = run && run.costSamples.length ? learnedRemaining(store, batchId, run, now) : null;
  const eta = estimateRemaining({
    modelMs: model?.ms ?? null,
    modelSpread: model?.spread,
    unitsRemaining: Math.max(0, units.total - units.done),
    // Rejected files are neither done nor to do: they are no work.
    decksRemaining: workTotal(counts) - finishedWork(counts),
    unitsPerSec: rate.unitsPerSec,
    decksPerMin: rate.decksPerMin,
    workers: run?.settings.workers ?? 1,
    // Evidence is what this run measured, not what earlier runs finished.
    samples: rate.samples,
  });
  const runningJobs = run
    ? [...run.inflight.values()].map(({ running }) => {
        const j = store.jobRow(running.claim.job.id);
        return {
          jobId: running.claim.job.id,
          path: running.claim.job.inputPath,
          done: j?.progress_done ?? 0,
          total: j?.progress_total ?? 0,
          startedAt: j?.started_at ?? now(),
          phase: (running.processing ? 'processing' : running.slotFree ? 'finishing' : 'preparing') as DeckPhase,
        };
      })
    : [];
  const processing = runningJobs.filter((r) => r.phase === 'processing').length;
  return { batchId, counts, unitsDone: units.done, unitsTotal: units.total, activeMs, eta, running: runningJobs, processing };
}

/** Time left by the deck-cost model fitted to this run's finished decks (src/core/progress/learn.ts). */
function learnedRemaining(store: QueueStore, batchId: string, run: BatchRun, now: () => number): { ms: number; spread: number } {
  const cost = learnDeckCost(run.costSamples, priorCost(run.settings));
  const left = store.unfinishedWork(batchId);
  const inFlight = [...run.inflight.values()]
    .filter(({ running }) => running.processing && running.processStartedAt !== null)
    .map(({ running }) => ({ units: running.claim.job.workUnits, elapsedMs: Math.max(0, now() - running.processStartedAt!) }));
  return { ms: remainingByModel(cost, { decks: left.decks, units: left.units, inFlight, workers: run.settings.workers }), spread: modelUncertainty(cost, left.decks) };
}
