/**
 * The engine: the one API the CLI and Electron main use (src/shared/engine-api.ts).
 * It owns the queue database, runs start-up recovery before anything is claimed,
 * runs batches with N workers, and reports everything as typed events.
 * The work is done by: batch-create.ts (preflight, batch creation), batch-runner.ts
 * (the run loop, worker slots, faults, shutdown), batch-run.ts (a run and its
 * progress) and engine-review.ts (reports, review, apply: the methods of EngineReview,
 * which this class extends).
 */
import { join } from 'node:path';
import type {
  CreateBatchRequest,
  EngineApi,
  ReviewApi,
  EngineEvent,
  JobQuery,
  NoticeCode,
  PreflightReport,
} from '../shared/engine-api';
import type { BatchInfo, BatchProgress, BatchSettings, JobInfo, JobState, SettingsOverride } from '../shared/types';
import { describeError } from '../shared/errors';
import { makeFolderFor, openDatabase, DatabaseOpenError, type Db } from './db/open';
import { dbFaultCode, withDbRetry, type DbFaultCode } from './db/errors';
import { DEFAULT_DB_BUSY_MS } from '../shared/limits';
import { QueueStore } from './queue/store';
import { removeProcessorAliases } from './processor-alias';
import { recoverQueue, type RecoveryReport } from './queue/recovery';
import { resolveSettings, validateOverride } from './settings';
import { removeProcessorTemps } from './output-path';
import { removePlaceholder } from './output-reserve';
import { clearDeadLock, releaseAllLocks } from './locks/deck-lock';
import { isProcessAlive, stopProcessTreeIfSame } from './runner';
import { builtinProcessorLauncher, type ProcessorLauncher } from './processor-command';
import { createLogger, type Logger } from './log';
import { VerdictCache } from './preflight/verdict-cache';
import { ReviewStore } from './review/review-store';
import type { EngineOptions } from './engine-options';
import { BatchRunner } from './batch-runner';
import { batchProgress } from './batch-run';
import { createBatchOnce, defaultOutputDir, preflightInputs } from './batch-create';
import { EngineReview, type ReviewDeps } from './engine-review';

export type { EngineOptions };

export class Engine extends EngineReview implements EngineApi, ReviewApi {
  readonly store: QueueStore;
  readonly review: ReviewStore;
  readonly recovery: RecoveryReport;
  private readonly runner: BatchRunner;
  private readonly log: Logger;
  private readonly builtin: ProcessorLauncher;
  private readonly now: () => number;
  private closed = false;
  private progressTimers = new Map<string, NodeJS.Timeout>();
  /** The dry run's verdicts, reused by the next dry run and by createBatch for decks that did not change. */
  readonly verdicts = new VerdictCache();
  /** createBatch requests being made, by request: a second identical one joins the first. */
  private readonly creating = new Map<string, Promise<BatchInfo>>();

  static open(opts: EngineOptions): Engine {
    return new Engine(opts);
  }

  private constructor(private readonly opts: EngineOptions) {
    super();
    makeFolderFor(join(opts.home, 'altdeck.db'));
    this.log = opts.logger ?? createLogger(opts.home);
    this.now = opts.now ?? Date.now;
    this.builtin = opts.processor ?? builtinProcessorLauncher();
    const dbFile = join(opts.home, 'altdeck.db');
    const db: Db = openDatabase(dbFile, { nativeBinding: opts.sqliteBinding });
    this.store = new QueueStore(db, this.now, { busyMs: opts.dbBusyMs });
    this.review = new ReviewStore(this.store, this.now, { boundMs: opts.dbBusyMs ?? DEFAULT_DB_BUSY_MS });
    this.runner = new BatchRunner({
      store: this.store,
      log: this.log,
      opts,
      builtin: this.builtin,
      now: this.now,
      leaseMs: this.leaseMs,
      isClosed: () => this.closed,
      emit: (e) => this.emit('event', e),
      notice: (batchId, code, message) => this.notice(batchId, code, message),
      emitBatch: (id) => this.emitBatch(id),
      emitJob: (id) => this.emitJob(id),
      scheduleProgress: (batchId) => this.scheduleProgress(batchId),
      getProgress: (batchId) => this.getProgress(batchId),
    });
    try {
      this.recovery = this.recover(opts);
    } catch (e) {
      db.close();
      throw dbFaultCode(e) ? new DatabaseOpenError(dbFile, e) : e;
    }
    const r = this.recovery;
    if (r.requeued.length || r.crashLooped.length || r.orphansStopped.length || r.interruptedBatches.length) {
      this.log.warn(
        `recovery: ${r.requeued.length} deck(s) back in the queue (${r.engineDeaths.length} of them not charged an attempt: the engine died, not the deck), ` +
          `${r.crashLooped.length} failed as CRASH_LOOP, ` +
          `${r.orphansStopped.length} orphaned processor(s) stopped, interrupted batches: ${r.interruptedBatches.join(', ') || 'none'}`,
      );
    }
  }

  /** Start-up recovery, retried like any store call while another process holds the database. */
  private recover(opts: EngineOptions): RecoveryReport {
    return withDbRetry(() => recoverQueue(this.store, {
      isAlive: isProcessAlive,
      stopIfSame: (pid, start) => stopProcessTreeIfSame(pid, start, 'SIGKILL'),
      cleanupJob: (row) => {
        clearDeadLock(row.input_path, opts.home);
        if (row.output_path) {
          removeProcessorTemps(row.output_path);
          removeProcessorAliases(row.output_path, row.id, opts.home);
          removePlaceholder(row.output_path);
        }
      },
      now: this.now,
      leaseGraceMs: this.leaseMs,
    }), this.store.db.name, { boundMs: opts.dbBusyMs ?? DEFAULT_DB_BUSY_MS });
  }

  /** The queue database fault that paused this engine's batches, if any (issue 8 §5). */
  get dbFault(): { code: DbFaultCode; message: string } | null {
    return this.runner.fault;
  }

  private get leaseMs(): number {
    return this.opts.leaseMs ?? 30_000;
  }

  override emit(event: 'event', e: EngineEvent): boolean {
    // A listener's error (the UI, the CLI's progress line) must not break the engine's
    // own work, nor keep the event from the other listeners.
    const listeners = this.listeners('event') as Array<(ev: EngineEvent) => void>;
    for (const l of listeners) {
      try {
        l(e);
      } catch (err) {
        this.log.error(`an engine event listener failed on ${e.type}`, err);
      }
    }
    return listeners.length > 0;
  }

  override on(event: 'event', listener: (e: EngineEvent) => void): this {
    return super.on(event, listener);
  }

  private notice(batchId: string | null, code: NoticeCode, message: string): void {
    this.log.info(`[${batchId ?? '-'}] ${code}: ${message}`);
    this.emit('event', { type: 'notice', batchId, code, message });
  }

  private emitBatch(id: string): void {
    const b = this.store.getBatch(id);
    if (b) this.emit('event', { type: 'batch-state', batch: b });
  }

  private emitJob(id: number): void {
    const j = this.store.getJob(id);
    if (j) this.emit('event', { type: 'job-state', job: j });
  }

  /** Coalesced: at most one batch-progress event per interval (≤ 10/s by default). */
  private scheduleProgress(batchId: string): void {
    if (this.progressTimers.has(batchId)) return;
    const t = setTimeout(() => {
      this.progressTimers.delete(batchId);
      if (this.closed) return;
      this.runner.guard('progress timer', () => this.emit('event', { type: 'batch-progress', progress: this.getProgress(batchId) }));
    }, this.opts.progressIntervalMs ?? 100);
    t.unref();
    this.progressTimers.set(batchId, t);
  }

  /* ------------------------------ preflight ------------------------------ */

  /**
   * Start the built-in processor's workers for a batch about to be made with these
   * settings, so their start-up overlaps the dry run and the queue; the batch's run adopts
   * them (same count and grace), else they exit when the engine closes.
   */
  warmWorkers(settings: Partial<BatchSettings>): void {
    let s: BatchSettings;
    try {
      s = resolveSettings(settings, { outputDir: '/', inputRoot: '/' });
    } catch {
      return; // settings createBatch will refuse with a sentence: nothing to start
    }
    if (!s.processor && !s.dryRun) this.runner.prewarm(s.workers, s.graceSec);
  }

  async preflight(inputs: string[], excludeDirs: string[] = []): Promise<PreflightReport> {
    return preflightInputs(inputs, excludeDirs, {
      verdicts: this.verdicts,
      concurrency: this.opts.preflightConcurrency ?? 8,
      emit: (e) => this.emit('event', e),
    });
  }

  /* ------------------------------ batches ------------------------------ */

  defaultOutputDir(inputs: string[]): string {
    return defaultOutputDir(inputs);
  }

  /**
   * The app's Start can be pressed twice before the first press returns: an identical request
   * while one is being created gets that same batch, never a second one. The dry run's
   * verdicts are reused (see VerdictCache), so the batch made is the verdict shown.
   * `checked`: the preflight the caller already ran on the same inputs (the CLI checks before it
   * creates, so an empty folder leaves no batch).
   */
  createBatch(req: CreateBatchRequest, checked?: PreflightReport): Promise<BatchInfo> {
    const key = JSON.stringify([[...req.inputs].sort(), req.settings ?? {}]);
    const inFlight = this.creating.get(key);
    if (inFlight) return inFlight;
    const made = this.createBatchOnce(req, checked).finally(() => this.creating.delete(key));
    this.creating.set(key, made);
    return made;
  }

  private createBatchOnce(req: CreateBatchRequest, checked?: PreflightReport): Promise<BatchInfo> {
    return createBatchOnce(
      {
        store: this.store,
        log: this.log,
        now: this.now,
        lockRetryMs: this.opts.lockRetryMs ?? 15_000,
        defaultOutputDir: (inputs) => this.defaultOutputDir(inputs),
        preflight: (inputs, excludeDirs) => this.preflight(inputs, excludeDirs),
        emitBatch: (id) => this.emitBatch(id),
      },
      req,
      checked,
    );
  }

  listBatches(): BatchInfo[] {
    return this.store.listBatches();
  }

  getBatch(id: string): BatchInfo | null {
    return this.store.getBatch(id);
  }

  listJobs(batchId: string, q: JobQuery = {}): { total: number; jobs: JobInfo[] } {
    const states = q.state === undefined ? undefined : Array.isArray(q.state) ? q.state : [q.state];
    return this.store.listJobs(batchId, states as JobState[] | undefined, q.offset ?? 0, q.limit ?? -1);
  }

  /**
   * Start-up recovery already turned batches whose engine died into `interrupted`;
   * an `active` batch here belongs to a live AltDeck (say, the CLI) and is not offered.
   */
  interruptedBatches(): BatchInfo[] {
    return this.store.listBatches().filter((b) => b.state === 'interrupted');
  }

  /** The most recent batch that still has work. */
  latestUnfinished(): BatchInfo | null {
    return (
      this.store
        .listBatches()
        .find((b) => !b.settings.dryRun && b.state !== 'completed' && (b.counts.pending + b.counts.retrying + b.counts.running > 0 || b.state === 'interrupted')) ??
      null
    );
  }

  getProgress(batchId: string): BatchProgress {
    return batchProgress(this.store, batchId, this.runner.runs.get(batchId), this.now);
  }

  /* ------------------------------ running ------------------------------ */

  async start(batchId: string): Promise<void> {
    await this.runner.start(batchId);
  }

  /** Resolves when the batch's run ends (completed, paused, stopped, aborted). */
  async waitForBatch(batchId: string): Promise<BatchInfo> {
    return this.runner.waitForBatch(batchId);
  }

  async pause(batchId: string): Promise<void> {
    await this.runner.endRun(batchId, 'pausing');
  }

  async stop(batchId: string): Promise<void> {
    await this.runner.endRun(batchId, 'stopping');
  }

  async cancel(batchId: string): Promise<void> {
    await this.runner.cancel(batchId);
  }

  /** "Retry failed": failed decks (only those with error `code`, when given) back in the queue; never rejected ones. */
  async retryFailed(batchId: string, code?: string): Promise<number> {
    if (this.runner.runs.get(batchId)?.mode === 'running' || this.store.getBatch(batchId)?.state === 'active') {
      throw new Error(`Batch ${batchId} is running; pause it before retrying its failed decks.`);
    }
    const n = this.store.retryFailed(batchId, code);
    this.log.info(`[${batchId}] retry failed${code ? ` (${code})` : ''}: ${n} deck(s) back in the queue`);
    this.emitBatch(batchId);
    return n;
  }

  /**
   * Change what a stopped batch may change before it is resumed (RESUMABLE_SETTINGS):
   * validated like any setting, stored in the batch's settings and recorded in
   * batch_events. Returns what changed.
   */
  changeSettings(batchId: string, patch: SettingsOverride, origin = 'resume'): { from: SettingsOverride; to: SettingsOverride } {
    const batch = this.store.getBatch(batchId);
    if (!batch) throw new Error(`No batch ${batchId}.`);
    // `active` after start-up recovery means another live AltDeck runs it (a dead owner's batch is `interrupted`).
    if (this.runner.runs.has(batchId) || batch.state === 'active') throw new Error(`Batch ${batchId} is running; its settings can change once it is paused or stopped.`);
    if (batch.settings.dryRun) throw new Error(`Batch ${batchId} was a dry run; create a new batch to process its decks.`);
    const clean = validateOverride(patch);
    const changed = this.store.changeSettings(batchId, clean, origin)!;
    if (Object.keys(changed.to).length) {
      this.log.info(`[${batchId}] settings changed (${origin}): ${JSON.stringify(changed.from)} -> ${JSON.stringify(changed.to)}`);
      this.emitBatch(batchId);
    }
    return changed;
  }

  /* ------------------------------ reports and review: EngineReview (engine-review.ts) ------------------------------ */

  protected override get reviewDeps(): ReviewDeps {
    return { store: this.store, review: this.review, log: this.log, home: this.opts.home, now: this.now, emitBatch: (id) => this.emitBatch(id) };
  }

  /* ------------------------------ shutdown ------------------------------ */

  /** Graceful: stop claiming, stop processors (SIGTERM, grace, SIGKILL), jobs back to pending, close. */
  async shutdown(): Promise<void> {
    if (this.closed) return;
    await this.runner.shutdownAll();
    this.close();
  }

  /**
   * Second Ctrl+C: end now. Synchronous on purpose (better-sqlite3 is), so it
   * works inside a signal handler: kill every processor group, give the jobs
   * back, release locks, mark batches interrupted.
   */
  forceStop(): void {
    this.runner.forceStopAll();
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.runner.dropSpare();
    for (const t of this.progressTimers.values()) clearTimeout(t);
    releaseAllLocks();
    try {
      this.store.db.close();
    } catch (e) {
      this.log.error('closing the queue database failed', e);
    }
  }

  describe(code: Parameters<typeof describeError>[0]): string {
    return describeError(code);
  }
}
