/**
 * Running batches: start, the claim loop with its worker slots, the end of a run
 * (completed, paused, stopped, aborted), queue database faults, and stopping every
 * run at shutdown. The Engine (engine.ts) owns one and delegates to it.
 */
import { REASON_CANCELLED, REASON_PAUSED, REASON_STOPPED } from '../shared/batch-status';
import type { EngineEvent, NoticeCode } from '../shared/engine-api';
import type { BatchInfo, BatchProgress, BatchSettings } from '../shared/types';
import { finishedWork } from '../shared/types';
import { describeError } from '../shared/errors';
import { dbFaultCode, QueueDbError, type DbFaultCode } from './db/errors';
import { outputFolderProblem } from './output-check';
import type { QueueStore } from './queue/store';
import { removeProcessorTemps } from './output-path';
import { removePlaceholder } from './output-reserve';
import { identityOf } from './file-identity';
import { releaseAllLocks } from './locks/deck-lock';
import { killProcessTree, type WorkerPool } from './runner';
import { newWorkerPool, poolLauncher, type OwnedPool } from './batch-pools';
import type { ProcessorLauncher } from './processor-command';
import type { Logger } from './log';
import { startJob, type ExecutorEnv, type JobEnd } from './job-executor';
import { ThroughputTracker } from './progress';
import type { EngineOptions } from './engine-options';
import { acquireSlot, activeMsOf, refuseWaiters, releaseSlot, type BatchRun, type RunMode } from './batch-run';

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
  private readonly pools = new Map<string, WorkerPool>();
  /**
   * Built-in workers started before their batch exists (the CLI starts them while the dry
   * run checks the decks, so Node's start-up and loading the processor overlap it), adopted
   * by the next run that needs as many; dropped when the engine closes.
   */
  private spare: OwnedPool | null = null;
  fault: { code: DbFaultCode; message: string } | null = null;

  constructor(private readonly host: RunnerHost) {}

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

  private executorEnv(batchId: string): ExecutorEnv {
    const { opts } = this.host;
    // Identities of the batch's inputs, gathered once per run and only when a name
    // in the way must be checked (a stat per deck on a share is not free).
    let inputIds: Set<string> | null = null;
    const isBatchInput = (path: string) => {
      const id = identityOf(path);
      if (id === null) return false;
      inputIds ??= new Set(this.store.inputPaths(batchId).map(identityOf).filter((x): x is string => x !== null));
      return inputIds.has(id);
    };
    return {
      isBatchInput,
      store: this.store,
      home: opts.home,
      log: this.host.log,
      builtin: this.host.builtin,
      leaseMs: this.host.leaseMs,
      heartbeatMs: opts.heartbeatMs ?? 2_000,
      lockRetryMs: opts.lockRetryMs ?? 15_000,
      maxLockWaits: opts.maxLockWaits ?? 40,
      lockStaleMs: opts.lockStaleMs ?? 60_000,
      minFreeBytes: opts.minFreeBytes,
      batchDecks: () => this.runs.get(batchId)?.lastInfo.counts.total ?? 1,
      now: this.host.now,
      backoffBaseMs: opts.backoffBaseMs,
      onSlotFree: () => this.runs.get(batchId)?.wake(),
      onPhase: () => this.host.scheduleProgress(batchId),
      acquireSlot: () => acquireSlot(this.runs.get(batchId)),
      releaseSlot: () => releaseSlot(this.runs.get(batchId)),
      onProgress: (jobId, done, total) => {
        this.host.emit({ type: 'job-progress', batchId, jobId, done, total });
        this.host.scheduleProgress(batchId);
      },
      onFault: (e) => this.onFault(e, `batch ${batchId}`),
    };
  }

  /**
   * Only decks the engine tried count: rejected files never ran (a share with 15 bad
   * files among 198 must not stop at once), cancelled ones were never tried either.
   */
  private thresholdExceeded(batchId: string, s: BatchSettings): boolean {
    if (!s.errorThreshold) return false;
    const c = this.store.counts(batchId);
    const finished = c.succeeded + c.failed + c.skipped;
    return finished >= 5 && c.failed / finished > s.errorThreshold;
  }

  /**
   * The run's persistent workers when its processor speaks the worker protocol (the
   * built-in one): started now, so Node's start-up overlaps the first deck's preparation.
   */
  private workerPool(run: BatchRun): WorkerPool | null {
    const s = run.settings;
    const launcher = poolLauncher(s, this.host.builtin);
    const spare = this.spare;
    this.spare = null;
    if (spare && launcher === this.host.builtin && spare.pool.opts.size === s.workers && spare.pool.opts.graceMs === s.graceSec * 1000) {
      spare.owner.id = run.id;
      this.pools.set(run.id, spare.pool);
      spare.pool.warm(s.workers);
      return spare.pool;
    }
    void spare?.pool.close();
    if (!launcher) return null;
    const { pool } = this.newPool(launcher, s.workers, s.graceSec * 1000, run.id);
    this.pools.set(run.id, pool);
    pool.warm(s.workers);
    return pool;
  }

  private newPool(launcher: ProcessorLauncher, size: number, graceMs: number, ownerId: string): OwnedPool {
    const { opts, log } = this.host;
    return newWorkerPool(launcher, { size, graceMs, maxDecks: opts.workerMaxDecks, maxRssBytes: opts.workerMaxRssBytes }, log, ownerId);
  }

  /** Start the built-in processor's workers for a batch about to be made (see `spare`). */
  prewarm(workers: number, graceSec: number): void {
    if (this.spare || this.host.builtin.protocol !== 'worker') return;
    this.spare = this.newPool(this.host.builtin, workers, graceSec * 1000, 'not yet made');
    this.spare.pool.warm(workers);
  }

  /** Workers no batch took: their stdin closes and they exit. */
  dropSpare(): void {
    void this.spare?.pool.close();
    this.spare = null;
  }

  private async loop(run: BatchRun, waitWake: (ms: number) => Promise<void>): Promise<BatchInfo> {
    const { id } = run;
    const env = this.executorEnv(id);
    const pool = this.workerPool(run);
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
      this.pools.delete(id);
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
        if (this.thresholdExceeded(id, settings)) {
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
    const [state, reason] = run.mode === 'running' && !open ? ['completed' as const, null] : stateFor[run.mode];
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
    for (const pool of this.pools.values()) pool.killAll();
    this.spare?.pool.killAll();
    this.spare = null;
    releaseAllLocks();
  }
}
