/**
 * Running batches: start, the claim loop with its worker slots, the end of a run
 * (completed, paused, stopped, aborted), queue database faults, and stopping every
 * run at shutdown. The Engine (engine.ts) owns one and delegates to it. A run's
 * worker pools are in batch-pools.ts, what its decks get from the engine in
 * batch-executor-env.ts, its state and end in batch-run.ts.
 */
import { REASON_CANCELLED } from '../shared/batch-status';
import type { EngineEvent, NoticeCode } from '../shared/engine-api';
import type { BatchInfo, BatchProgress } from '../shared/types';
import { finishedWork } from '../shared/types';
import { describeError } from '../shared/errors';
import { dbFaultCode, QueueDbError, type DbFaultCode } from './db/errors';
import { outputFolderProblem } from './output-check';
import type { QueueStore } from './queue/store';
import { removeProcessorTemps } from './output-path';
import { removePlaceholder } from './output-reserve';
import { releaseAllLocks } from './locks/deck-lock';
import { killProcessTree } from './runner';
import { RunPools } from './batch-pools';
import { batchExecutorEnv } from './batch-executor-env';
import type { ProcessorLauncher } from './processor-command';
import type { Logger } from './log';
import { startJob, type ExecutorEnv, type JobEnd } from './job-executor';
import { ThroughputTracker } from './progress';
import type { EngineOptions } from './engine-options';
import { activeMsOf, refuseWaiters, runEndState, thresholdExceeded, type BatchRun, type RunMode } from './batch-run';

/** What the runner needs from the engine: its store, settings and ways to report. */
export interface RunnerHost {
  readonly store: QueueStore;
  readonly log: Logger;
  readonly opts: EngineOptions;
  readonly builtin: ProcessorLauncher;
  readonly now: () => number;
  readonly leaseMs: number;
  isClosed(): boolean;
  emit(e: EngineEvent): void;
  notice(batchId: string | null, code: NoticeCode, message: string): void;
  emitBatch(id: string): void;
  emitJob(id: number): void;
  scheduleProgress(batchId: string): void;
  getProgress(batchId: string): BatchProgress;
}

export class BatchRunner {
  readonly runs = new Map<string, BatchRun>();
  private readonly pools: RunPools;
  fault: { code: DbFaultCode; message: string } | null = null;

  constructor(private readonly host: RunnerHost) {
    this.pools = new RunPools(host);
  }

  private get store(): QueueStore {
    return this.host.store;
  }

  /**
   * A fault in a timer, a callback or the loop. A queue database fault (busy past the
   * bounded wait, full disk, I/O error) pauses every batch this engine runs: processors
   * stopped with the usual SIGTERM, grace, SIGKILL, decks handed back where the database
   * still takes it (otherwise the next start's recovery does, without charging them),
   * locks released. Anything else is logged: a timer must never crash the engine.
   */
  onFault(e: unknown, where: string): void {
    const code = dbFaultCode(e);
    if (!code) {
      this.host.log.error(`unexpected error in ${where}`, e);
      return;
    }
    if (this.fault) return;
    const message = e instanceof QueueDbError ? e.message : `${describeError(code)} (${(e as Error).message})`;
    this.fault = { code, message };
    this.store.failFast();
    this.host.log.error(`queue database fault in ${where}: ${message}`, e);
    for (const run of this.runs.values()) {
      if (run.mode === 'running' || run.mode === 'pausing') {
        run.mode = 'db-fault';
        run.reason = message;
      }
      this.host.notice(run.id, code, message);
      refuseWaiters(run);
      for (const { running } of run.inflight.values()) running.stop('shutdown');
      run.wake();
    }
  }

  /** Run `fn` where a throw would escape the engine (timers, event handlers). */
  guard(where: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.onFault(e, where);
    }
  }

  async start(batchId: string): Promise<void> {
    if (this.host.isClosed()) throw new Error('The engine is shutting down.');
    const existing = this.runs.get(batchId);
    if (existing) {
      if (existing.mode === 'running') return;
      // Still winding down (pause/stop): let it finish, then start afresh.
      await existing.loop;
    }
    const batch = this.store.getBatch(batchId);
    if (!batch) throw new Error(`No batch ${batchId}.`);
    if (batch.settings.dryRun) throw new Error(`Batch ${batchId} was a dry run; create a new batch to process its decks.`);
    this.fault = null;
    this.store.waitFully();
    // Before the first deck: a folder nobody can write into is one message, not three failed attempts per deck.
    const problem = batch.settings.altPolicy === 'audit' ? null : outputFolderProblem(batch.settings.outputDir, { hadOutputs: batch.counts.succeeded > 0 });
    if (problem) {
      const reason = `${describeError('OUTPUT_NOT_WRITABLE')} (${problem}.)`;
      this.store.setBatchState(batchId, 'paused', { reason, owner: false });
      this.host.notice(batchId, 'OUTPUT_NOT_WRITABLE', reason);
      this.host.emitBatch(batchId);
      return;
    }
    let wake: () => void = () => {};
    const tracker = new ThroughputTracker({ now: this.host.now });
    const previousActive = this.store.batchRow(batchId)?.active_ms ?? 0;
    const run: BatchRun = {
      id: batchId,
      settings: batch.settings,
      mode: 'running',
      reason: null,
      inflight: new Map(),
      tracker,
      previousActiveMs: previousActive,
      slots: { free: batch.settings.workers, waiters: [] },
      // A resumed batch's ETA starts from the decks its earlier runs finished.
      costSamples: this.store.processTimes(batchId).reverse(),
      loop: Promise.resolve(batch),
      lastInfo: batch,
      get wake() {
        return wake;
      },
    };
    this.runs.set(batchId, run);
    // A resumed batch: the rate is measured from what is done now, not from zero.
    tracker.start({ unitsDone: this.store.unitsDone(batchId).done, decksDone: finishedWork(batch.counts) });
    this.store.setBatchState(batchId, 'active', { started: true, owner: true, reason: null });
    this.host.log.info(`=== batch ${batchId} started (workers ${batch.settings.workers}, ${batch.counts.total} deck(s)) ===`);
    this.host.emitBatch(batchId);
    const waitWake = (ms: number) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    run.loop = this.loop(run, waitWake).finally(() => this.runs.delete(batchId));
  }

  /** Resolves when the batch's run ends (completed, paused, stopped, aborted). */
  async waitForBatch(batchId: string): Promise<BatchInfo> {
    const run = this.runs.get(batchId);
    if (run) return run.loop;
    return this.store.getBatch(batchId)!;
  }

  /** Start the built-in processor's workers for a batch about to be made (RunPools `spare`). */
  prewarm(workers: number, graceSec: number): void {
    this.pools.prewarm(workers, graceSec);
  }

  /** Workers no batch took: their stdin closes and they exit. */
  dropSpare(): void {
    this.pools.dropSpare();
  }

  private async loop(run: BatchRun, waitWake: (ms: number) => Promise<void>): Promise<BatchInfo> {
    const { id } = run;
    const env = batchExecutorEnv(this.host, this.store, id, () => this.runs.get(id), (e) => this.onFault(e, `batch ${id}`));
    const pool = this.pools.forRun(id, run.settings);
    env.workers = pool;
    const activeMs = () => activeMsOf(run);
    const beat = setInterval(
      () =>
        this.guard('batch heartbeat', () => {
          run.tracker.noteGap();
          this.store.heartbeatBatch(id, activeMs());
        }),
      1000,
    );
    beat.unref();
    try {
      try {
        await this.claimLoop(run, env, waitWake);
      } catch (e) {
        if (!dbFaultCode(e)) throw e;
        this.onFault(e, `batch ${id}`);
      }
      refuseWaiters(run);
      if (run.mode === 'stopping' || run.mode === 'shutdown' || run.mode === 'cancelling' || run.mode === 'db-fault') {
        for (const { running } of run.inflight.values()) running.stop(run.mode === 'stopping' || run.mode === 'cancelling' ? 'user' : 'shutdown');
      }
      await Promise.all([...run.inflight.values()].map((e) => e.done));
    } finally {
      clearInterval(beat);
      run.tracker.pause();
      // Every deck has ended: idle workers exit when their stdin closes (busy ones were stopped).
      await pool?.close();
      this.pools.forget(id);
    }
    try {
      return this.finishRun(run, activeMs());
    } catch (e) {
      if (!dbFaultCode(e)) throw e;
      this.onFault(e, `batch ${id}`);
      // The end could not be recorded: the batch stays "active" under this (soon dead)
      // owner, and the next start marks it interrupted and hands its decks back uncharged.
      return { ...run.lastInfo, state: 'paused', reason: this.fault?.message ?? run.reason };
    }
  }

  private async claimLoop(run: BatchRun, env: ExecutorEnv, waitWake: (ms: number) => Promise<void>): Promise<void> {
    const { id, settings } = run;
    {
      while (run.mode === 'running') {
        if (thresholdExceeded(this.store, id, settings)) {
          run.mode = 'threshold';
          const c = this.store.counts(id);
          run.reason = `Stopped: ${c.failed} of ${c.succeeded + c.failed + c.skipped} finished decks failed, more than the error threshold (${Math.round(settings.errorThreshold * 100)}%). Check the errors, then resume or retry.`;
          this.host.notice(id, 'ERROR_THRESHOLD', run.reason);
          break;
        }
        // One deck more than the workers is claimed and prepared (lock, fingerprint,
        // output name) while the others' processors run; it waits for a slot to spawn.
        const busy = () => [...run.inflight.values()].filter((e) => !e.running.slotFree).length;
        while (busy() < settings.workers + 1 && run.mode === 'running') {
          const claim = this.store.claimNext(id, this.host.leaseMs);
          if (!claim) break;
          this.host.emitJob(claim.job.id);
          const started = startJob(env, settings, claim);
          const entry = {
            running: started.running,
            done: started.done.then((end) => {
              run.inflight.delete(claim.token);
              // A deck that ran to a success teaches the ETA what a deck costs here.
              if (end.kind === 'finished' && end.state === 'succeeded' && started.running.processMs !== null) {
                run.costSamples.push({ units: claim.job.workUnits, ms: started.running.processMs });
              }
              this.guard(`batch ${id}`, () => this.afterJob(run, claim.job.id, end));
              run.wake();
              return end;
            }),
          };
          run.inflight.set(claim.token, entry);
        }
        if (run.mode !== 'running') break;
        if (run.inflight.size === 0) {
          const next = this.store.nextRunAfter(id);
          if (next === null) break; // nothing pending, nothing waiting: done
          await waitWake(Math.max(10, next - this.host.now()));
          continue;
        }
        await waitWake(1000);
      }
    }
  }

  private afterJob(run: BatchRun, jobId: number, end: JobEnd): void {
    this.host.emitJob(jobId);
    if ((end.kind === 'low-disk' || end.kind === 'output-unwritable') && run.mode === 'running') {
      run.mode = 'low-disk';
      run.reason = end.message;
      this.host.notice(run.id, end.kind === 'low-disk' ? 'LOW_DISK' : 'OUTPUT_NOT_WRITABLE', end.message);
    }
    const c = this.store.counts(run.id);
    const units = this.store.unitsDone(run.id);
    run.tracker.record(units.done, finishedWork(c));
    this.host.scheduleProgress(run.id);
  }

  private finishRun(run: BatchRun, activeMs: number): BatchInfo {
    const { id } = run;
    if (run.mode === 'cancelling') this.store.cancelRemaining(id);
    const c = this.store.counts(id);
    const open = c.pending + c.retrying + c.running;
    const [state, reason] = runEndState(run, open);
    this.store.setBatchState(id, state, { reason, finished: state === 'completed' || state === 'aborted', activeMs, owner: false });
    this.host.log.info(
      `=== batch ${id} ${state}: ${c.succeeded} succeeded, ${c.failed} failed, ${c.skipped} skipped, ${c.cancelled} cancelled, ${c.rejected} rejected, ${open} open ===`,
    );
    this.host.emitBatch(id);
    if (!this.host.isClosed()) this.host.emit({ type: 'batch-progress', progress: this.host.getProgress(id) });
    return this.store.getBatch(id)!;
  }

  /** Pause, stop, cancel or shutdown a running batch; resolves when its run has ended. */
  async endRun(batchId: string, mode: RunMode): Promise<void> {
    const run = this.runs.get(batchId);
    if (!run) return;
    if (run.mode === 'running' || run.mode === 'pausing' || mode === 'shutdown' || mode === 'cancelling') run.mode = mode;
    // Decks prepared but not started go back to the queue at once.
    refuseWaiters(run);
    if (mode !== 'pausing') for (const { running } of run.inflight.values()) running.stop(mode === 'shutdown' ? 'shutdown' : 'user');
    run.wake();
    await run.loop;
  }

  /** Cancel: a running batch ends its run; a stopped one has its remaining decks cancelled at once. */
  async cancel(batchId: string): Promise<void> {
    if (this.runs.has(batchId)) await this.endRun(batchId, 'cancelling');
    else {
      this.store.cancelRemaining(batchId);
      this.store.setBatchState(batchId, 'aborted', { reason: REASON_CANCELLED, finished: true });
      this.host.emitBatch(batchId);
    }
  }

  /** Graceful: stop claiming, stop processors (SIGTERM, grace, SIGKILL), jobs back to pending. */
  async shutdownAll(): Promise<void> {
    await Promise.all([...this.runs.keys()].map((id) => this.endRun(id, 'shutdown')));
  }

  /**
   * Second Ctrl+C: end now. Synchronous on purpose (better-sqlite3 is), so it
   * works inside a signal handler: kill every processor group, give the jobs
   * back, release locks, mark batches interrupted.
   */
  forceStopAll(): void {
    for (const run of this.runs.values()) {
      for (const { running } of run.inflight.values()) {
        const pid = running.handle?.pid;
        if (pid) killProcessTree(pid, 'SIGKILL');
        // A database that cannot take it now: the next start's recovery hands the deck back.
        this.guard('forced stop', () => this.store.release(running.claim.job.id, running.claim.token, 'forced exit'));
        if (running.outputPath) {
          removeProcessorTemps(running.outputPath);
          removePlaceholder(running.outputPath);
        }
      }
      this.guard('forced stop', () =>
        this.store.setBatchState(run.id, 'interrupted', {
          reason: 'AltDeck was stopped at once while this batch ran. Nothing was lost: resume it to continue.',
          owner: false,
          // The whole batch's time, not this run's: a second Ctrl+C must not lose earlier runs.
          activeMs: activeMsOf(run),
        }),
      );
    }
    this.pools.killAll();
    releaseAllLocks();
  }
}
