/**
 * The engine: the one API the CLI and Electron main use (src/shared/engine-api.ts).
 * It owns the queue database, runs start-up recovery before anything is claimed,
 * runs batches with N workers, and reports everything as typed events.
 */
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type {
  CreateBatchRequest,
  EngineApi,
  ReviewApi,
  EngineEvent,
  JobQuery,
  NoticeCode,
  PreflightReport,
  ReportFormat,
} from '../shared/engine-api';
import type { BatchInfo, BatchProgress, BatchSettings, JobInfo, JobState, PreflightResult, SettingsOverride } from '../shared/types';
import { finishedWork, workTotal } from '../shared/types';
import { describeError } from '../shared/errors';
import { DEFAULT_OUTPUT_FOLDER } from '../shared/output-folder';
import { makeFolderFor, openDatabase, DatabaseOpenError, type Db } from './db/open';
import { dbFaultCode, QueueDbError, withDbRetry, type DbFaultCode } from './db/errors';
import { outputFolderProblem } from './output-check';
import { DEFAULT_DB_BUSY_MS } from '../shared/limits';
import { QueueStore, type NewJob } from './queue/store';
import { newBatchId } from './queue/ids';
import { removeProcessorAliases } from './processor-alias';
import { recoverQueue, type RecoveryReport } from './queue/recovery';
import { resolveSettings, settingsKey, validateOverride } from './settings';
import { preflightFile, scanInputs } from './preflight';
import { commonRoot, relativeToRoot, removeProcessorTemps } from './output-path';
import { assertOutputFolderSafe } from './output-safety';
import { removePlaceholder } from './output-reserve';
import { identityOf } from './file-identity';
import { clearDeadLock, releaseAllLocks } from './locks/deck-lock';
import { isProcessAlive, killProcessTree, processStartTime } from './runner';
import { builtinProcessorLauncher, type ProcessorLauncher } from './processor-command';
import { createLogger, type Logger } from './log';
import { startJob, workUnitsOf, type ExecutorEnv, type JobEnd, type RunningJob } from './job-executor';
import { ThroughputTracker, estimateFromAudit, estimateRemaining } from './progress';
import { writeBatchReport } from './report-writer';
import { VerdictCache } from './preflight/verdict-cache';
import { ReviewStore } from './review/review-store';
import { collectThumbnails } from './report';
import type { ImportResult, ReviewAction, ReviewCounts, ReviewDecision, ReviewItem, ReviewQuery } from '../shared/review';

export interface EngineOptions {
  home: string;
  processor?: ProcessorLauncher;
  logger?: Logger;
  leaseMs?: number;
  heartbeatMs?: number;
  lockRetryMs?: number;
  maxLockWaits?: number;
  lockStaleMs?: number;
  /** Free space to keep on the output drive; overrides the batch's setting (CLI --min-free at resume, tests). */
  minFreeBytes?: number;
  /** How long a queue write waits for a database another process holds before the batch pauses with DB_BUSY. */
  dbBusyMs?: number;
  progressIntervalMs?: number;
  preflightConcurrency?: number;
  /** better-sqlite3 addon for this runtime when it is not the one in node_modules (Electron from a checkout). */
  sqliteBinding?: string;
  /** First retry delay; doubles per attempt (tests make it small). */
  backoffBaseMs?: number;
  now?: () => number;
}

/** 'low-disk' pauses with run.reason (low disk, output folder not writable); 'db-fault' pauses on a queue database fault. */
type RunMode = 'running' | 'pausing' | 'stopping' | 'shutdown' | 'cancelling' | 'threshold' | 'low-disk' | 'db-fault';

interface BatchRun {
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
  /** What the batch looked like when it started: returned when the database cannot be read at the end. */
  lastInfo: BatchInfo;
}

export class Engine extends EventEmitter implements EngineApi, ReviewApi {
  readonly store: QueueStore;
  readonly review: ReviewStore;
  readonly recovery: RecoveryReport;
  private readonly runs = new Map<string, BatchRun>();
  private readonly log: Logger;
  private readonly builtin: ProcessorLauncher;
  private readonly now: () => number;
  private closed = false;
  private progressTimers = new Map<string, NodeJS.Timeout>();
  private fault: { code: DbFaultCode; message: string } | null = null;
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
      processStartTime,
      killTree: (pid, sig) => killProcessTree(pid, sig),
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
    return this.fault;
  }

  /**
   * A fault in a timer, a callback or the loop. A queue database fault (busy past the
   * bounded wait, full disk, I/O error) pauses every batch this engine runs: processors
   * stopped with the usual SIGTERM, grace, SIGKILL, decks handed back where the database
   * still takes it (otherwise the next start's recovery does, without charging them),
   * locks released. Anything else is logged: a timer must never crash the engine.
   */
  private onFault(e: unknown, where: string): void {
    const code = dbFaultCode(e);
    if (!code) {
      this.log.error(`unexpected error in ${where}`, e);
      return;
    }
    if (this.fault) return;
    const message = e instanceof QueueDbError ? e.message : `${describeError(code)} (${(e as Error).message})`;
    this.fault = { code, message };
    this.store.failFast();
    this.log.error(`queue database fault in ${where}: ${message}`, e);
    for (const run of this.runs.values()) {
      if (run.mode === 'running' || run.mode === 'pausing') {
        run.mode = 'db-fault';
        run.reason = message;
      }
      this.notice(run.id, code, message);
      for (const w of run.slots.waiters.splice(0)) w(false);
      for (const { running } of run.inflight.values()) running.stop('shutdown');
      run.wake();
    }
  }

  /** Run `fn` where a throw would escape the engine (timers, event handlers). */
  private guard(where: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.onFault(e, where);
    }
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
      this.guard('progress timer', () => this.emit('event', { type: 'batch-progress', progress: this.getProgress(batchId) }));
    }, this.opts.progressIntervalMs ?? 100);
    t.unref();
    this.progressTimers.set(batchId, t);
  }

  /* ------------------------------ preflight ------------------------------ */

  async preflight(inputs: string[], excludeDirs: string[] = []): Promise<PreflightReport> {
    const scan = await scanInputs(inputs, { excludeDirs });
    const round = this.verdicts.beginRound();
    const files: PreflightResult[] = [...scan.rejected];
    const total = scan.decks.length;
    let done = 0;
    const results: PreflightResult[] = new Array(total);
    let next = 0;
    // Network shares reward a few reads in flight; more only adds contention.
    const workers = Array.from({ length: Math.min(this.opts.preflightConcurrency ?? 8, total) }, async () => {
      while (next < total) {
        const i = next++;
        results[i] = await this.verdicts.check(scan.decks[i], round, (p) => preflightFile(p));
        done++;
        this.emit('event', { type: 'preflight-progress', done, total, current: scan.decks[i] });
      }
    });
    await Promise.all(workers);
    this.verdicts.endRound(round);
    files.push(...results);
    let slides = 0;
    let pictures = 0;
    let missing = 0;
    let accepted = 0;
    for (const f of files) {
      if (!f.ok) continue;
      accepted++;
      slides += f.audit.slides;
      pictures += f.audit.pictures;
      missing += f.audit.picturesMissingAlt;
    }
    return {
      files,
      accepted,
      rejected: files.length - accepted,
      slides,
      pictures,
      picturesMissingAlt: missing,
      estimateMs: estimateFromAudit({ decks: accepted, pictures }, 1),
      ignored: scan.ignored.length,
    };
  }

  /* ------------------------------ batches ------------------------------ */

  defaultOutputDir(inputs: string[]): string {
    const first = inputs[0];
    const isDir = (() => {
      try {
        return statSync(first).isDirectory();
      } catch {
        return false;
      }
    })();
    return join(isDir ? first : join(first, '..'), DEFAULT_OUTPUT_FOLDER);
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

  private async createBatchOnce(req: CreateBatchRequest, checked?: PreflightReport): Promise<BatchInfo> {
    if (!req.inputs.length) throw new Error('No files or folders were given.');
    const isDir = (p: string) => {
      try {
        return statSync(p).isDirectory();
      } catch {
        return false;
      }
    };
    const inputRoot = req.settings?.inputRoot ?? commonRoot(req.inputs, isDir);
    const outputDir = req.settings?.outputDir ?? this.defaultOutputDir(req.inputs);
    const settings = resolveSettings(req.settings ?? {}, { outputDir, inputRoot });
    // Before any scan: an output folder on or among the inputs is refused, for the CLI and the app alike.
    assertOutputFolderSafe(req.inputs, settings.outputDir);
    const report = checked ?? (await this.preflight(req.inputs, [settings.outputDir]));
    const now = this.now();
    const lockRetryMs = this.opts.lockRetryMs ?? 15_000;
    const jobs: NewJob[] = report.files.map((p) => {
      const base = { inputPath: p.path, relPath: relativeToRoot(inputRoot, p.path), preflight: p, workUnits: workUnitsOf(p) };
      if (p.ok) {
        return {
          ...base,
          state: settings.dryRun ? 'skipped' : 'pending',
          fingerprint: { size: p.size, mtimeMs: p.mtimeMs },
        } satisfies NewJob;
      }
      const error = { code: p.code, message: p.message, detail: p.detail };
      // A deck open in PowerPoint is not bad: try it again later in the batch.
      if (p.code === 'LOCKED_BY_OFFICE' && !settings.dryRun) return { ...base, state: 'retrying', error, runAfter: now + lockRetryMs } satisfies NewJob;
      return { ...base, state: 'rejected', error } satisfies NewJob;
    });
    const id = newBatchId(new Date(now));
    const batch = this.store.createBatch(id, settings, jobs, settingsKey(settings), settings.dryRun ? 'completed' : 'paused');
    if (settings.dryRun) this.store.setBatchState(id, 'completed', { started: true, finished: true, reason: 'dry run' });
    this.log.info(`batch ${id} created: ${report.accepted} deck(s) accepted, ${report.rejected} rejected${settings.dryRun ? ' (dry run)' : ''}`);
    this.emitBatch(id);
    return this.store.getBatch(id) ?? batch;
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
    const counts = this.store.counts(batchId);
    const units = this.store.unitsDone(batchId);
    const run = this.runs.get(batchId);
    const row = this.store.batchRow(batchId);
    const activeMs = run ? this.activeMsOf(run) : (row?.active_ms ?? 0);
    const rate = run ? run.tracker.rate() : { unitsPerSec: null, decksPerMin: null, samples: 0 };
    const eta = estimateRemaining({
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
          const j = this.store.jobRow(running.claim.job.id);
          return {
            jobId: running.claim.job.id,
            path: running.claim.job.inputPath,
            done: j?.progress_done ?? 0,
            total: j?.progress_total ?? 0,
            startedAt: j?.started_at ?? this.now(),
          };
        })
      : [];
    return { batchId, counts, unitsDone: units.done, unitsTotal: units.total, activeMs, eta, running: runningJobs };
  }

  /* ------------------------------ running ------------------------------ */

  async start(batchId: string): Promise<void> {
    if (this.closed) throw new Error('The engine is shutting down.');
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
      this.notice(batchId, 'OUTPUT_NOT_WRITABLE', reason);
      this.emitBatch(batchId);
      return;
    }
    let wake: () => void = () => {};
    const tracker = new ThroughputTracker({ now: this.now });
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
    this.log.info(`=== batch ${batchId} started (workers ${batch.settings.workers}, ${batch.counts.total} deck(s)) ===`);
    this.emitBatch(batchId);
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
      home: this.opts.home,
      log: this.log,
      builtin: this.builtin,
      leaseMs: this.leaseMs,
      heartbeatMs: this.opts.heartbeatMs ?? 2_000,
      lockRetryMs: this.opts.lockRetryMs ?? 15_000,
      maxLockWaits: this.opts.maxLockWaits ?? 40,
      lockStaleMs: this.opts.lockStaleMs ?? 60_000,
      minFreeBytes: this.opts.minFreeBytes,
      now: this.now,
      backoffBaseMs: this.opts.backoffBaseMs,
      onSlotFree: () => this.runs.get(batchId)?.wake(),
      acquireSlot: () => {
        const run = this.runs.get(batchId);
        // Pausing still lets a deck within the worker count start (it was in flight);
        // only the extra, prepared one goes back to the queue.
        if (!run || (run.mode !== 'running' && !(run.mode === 'pausing' && run.slots.free > 0))) return Promise.resolve(false);
        if (run.slots.free > 0) {
          run.slots.free--;
          return Promise.resolve(true);
        }
        return new Promise<boolean>((resolve) => run.slots.waiters.push(resolve));
      },
      releaseSlot: () => {
        const run = this.runs.get(batchId);
        if (!run) return;
        const next = run.slots.waiters.shift();
        if (next && run.mode === 'running') next(true);
        else {
          if (next) next(false);
          run.slots.free++;
        }
      },
      onProgress: (jobId, done, total) => {
        this.emit('event', { type: 'job-progress', batchId, jobId, done, total });
        this.scheduleProgress(batchId);
      },
      onFault: (e) => this.onFault(e, `batch ${batchId}`),
    };
  }

  /** The whole batch's processing time: earlier runs plus this one so far. */
  private activeMsOf(run: BatchRun): number {
    return run.previousActiveMs + run.tracker.activeMs();
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

  private async loop(run: BatchRun, waitWake: (ms: number) => Promise<void>): Promise<BatchInfo> {
    const { id, settings } = run;
    const env = this.executorEnv(id);
    const activeMs = () => this.activeMsOf(run);
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
      for (const w of run.slots.waiters.splice(0)) w(false);
      if (run.mode === 'stopping' || run.mode === 'shutdown' || run.mode === 'cancelling' || run.mode === 'db-fault') {
        for (const { running } of run.inflight.values()) running.stop(run.mode === 'stopping' || run.mode === 'cancelling' ? 'user' : 'shutdown');
      }
      await Promise.all([...run.inflight.values()].map((e) => e.done));
    } finally {
      clearInterval(beat);
      run.tracker.pause();
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
          this.notice(id, 'ERROR_THRESHOLD', run.reason);
          break;
        }
        // One deck more than the workers is claimed and prepared (lock, fingerprint,
        // output name) while the others' processors run; it waits for a slot to spawn.
        const busy = () => [...run.inflight.values()].filter((e) => !e.running.slotFree).length;
        while (busy() < settings.workers + 1 && run.mode === 'running') {
          const claim = this.store.claimNext(id, this.leaseMs);
          if (!claim) break;
          this.emitJob(claim.job.id);
          const started = startJob(env, settings, claim);
          const entry = {
            running: started.running,
            done: started.done.then((end) => {
              run.inflight.delete(claim.token);
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
          await waitWake(Math.max(10, next - this.now()));
          continue;
        }
        await waitWake(1000);
      }
    }
  }

  private afterJob(run: BatchRun, jobId: number, end: JobEnd): void {
    this.emitJob(jobId);
    if ((end.kind === 'low-disk' || end.kind === 'output-unwritable') && run.mode === 'running') {
      run.mode = 'low-disk';
      run.reason = end.message;
      this.notice(run.id, end.kind === 'low-disk' ? 'LOW_DISK' : 'OUTPUT_NOT_WRITABLE', end.message);
    }
    const c = this.store.counts(run.id);
    const units = this.store.unitsDone(run.id);
    run.tracker.record(units.done, finishedWork(c));
    this.scheduleProgress(run.id);
  }

  private finishRun(run: BatchRun, activeMs: number): BatchInfo {
    const { id } = run;
    if (run.mode === 'cancelling') this.store.cancelRemaining(id);
    const c = this.store.counts(id);
    const open = c.pending + c.retrying + c.running;
    const stateFor: Record<RunMode, [BatchInfo['state'], string | null]> = {
      running: open ? ['paused', null] : ['completed', null],
      pausing: ['paused', 'Paused by user.'],
      stopping: ['paused', 'Stopped by user. Decks in progress went back to the queue.'],
      shutdown: ['interrupted', 'AltDeck was closed while this batch ran. Nothing was lost: resume it to continue.'],
      cancelling: ['aborted', 'Cancelled by user.'],
      threshold: ['aborted', run.reason],
      'low-disk': ['paused', run.reason],
      'db-fault': ['paused', run.reason],
    };
    const [state, reason] = run.mode === 'running' && !open ? ['completed' as const, null] : stateFor[run.mode];
    this.store.setBatchState(id, state, { reason, finished: state === 'completed' || state === 'aborted', activeMs, owner: false });
    this.log.info(
      `=== batch ${id} ${state}: ${c.succeeded} succeeded, ${c.failed} failed, ${c.skipped} skipped, ${c.cancelled} cancelled, ${c.rejected} rejected, ${open} open ===`,
    );
    this.emitBatch(id);
    if (!this.closed) this.emit('event', { type: 'batch-progress', progress: this.getProgress(id) });
    return this.store.getBatch(id)!;
  }

  private async endRun(batchId: string, mode: RunMode): Promise<void> {
    const run = this.runs.get(batchId);
    if (!run) return;
    if (run.mode === 'running' || run.mode === 'pausing' || mode === 'shutdown' || mode === 'cancelling') run.mode = mode;
    // Decks prepared but not started go back to the queue at once.
    for (const w of run.slots.waiters.splice(0)) w(false);
    if (mode !== 'pausing') for (const { running } of run.inflight.values()) running.stop(mode === 'shutdown' ? 'shutdown' : 'user');
    run.wake();
    await run.loop;
  }

  async pause(batchId: string): Promise<void> {
    await this.endRun(batchId, 'pausing');
  }

  async stop(batchId: string): Promise<void> {
    await this.endRun(batchId, 'stopping');
  }

  async cancel(batchId: string): Promise<void> {
    if (this.runs.has(batchId)) await this.endRun(batchId, 'cancelling');
    else {
      this.store.cancelRemaining(batchId);
      this.store.setBatchState(batchId, 'aborted', { reason: 'Cancelled by user.', finished: true });
      this.emitBatch(batchId);
    }
  }

  /** "Retry failed": failed decks (only those with error `code`, when given) back in the queue; never rejected ones. */
  async retryFailed(batchId: string, code?: string): Promise<number> {
    if (this.runs.get(batchId)?.mode === 'running' || this.store.getBatch(batchId)?.state === 'active') {
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
    if (this.runs.has(batchId) || batch.state === 'active') throw new Error(`Batch ${batchId} is running; its settings can change once it is paused or stopped.`);
    if (batch.settings.dryRun) throw new Error(`Batch ${batchId} was a dry run; create a new batch to process its decks.`);
    const clean = validateOverride(patch);
    const changed = this.store.changeSettings(batchId, clean, origin)!;
    if (Object.keys(changed.to).length) {
      this.log.info(`[${batchId}] settings changed (${origin}): ${JSON.stringify(changed.from)} -> ${JSON.stringify(changed.to)}`);
      this.emitBatch(batchId);
    }
    return changed;
  }

  async writeReport(batchId: string, format: ReportFormat, outFile?: string): Promise<string> {
    const batch = this.store.getBatch(batchId);
    if (!batch) throw new Error(`No batch ${batchId}.`);
    const jobs = this.store.listJobs(batchId).jobs;
    const dir = batch.settings.dryRun || !existsSync(batch.settings.outputDir) ? join(this.opts.home, 'reports') : join(batch.settings.outputDir, 'altdeck-reports');
    const counts = this.review.countsByJob(batchId);
    const decisions = new Map(this.review.items(batchId, { filter: 'decided' }).items.map((r) => [`${r.jobId}|${r.itemKey}`, r.decision!]));
    const review = counts.size && decisions.size ? { counts, decisions } : undefined;
    return writeBatchReport({ batch, jobs, format, outFile: outFile ?? join(dir, `altdeck-${batchId}.${format}`), now: this.now(), review });
  }

  /* ------------------------------ review ------------------------------ */

  reviewItems(batchId: string, query?: ReviewQuery): { total: number; items: ReviewItem[] } {
    return this.review.items(batchId, query);
  }

  decide(req: { batchId: string; jobId: number; itemKey: string; action: ReviewAction; text?: string | null; reviewer?: string | null }): ReviewDecision {
    return this.review.decide(req.batchId, req.jobId, req.itemKey, req.action, req.text, req.reviewer);
  }

  clearDecision(req: { batchId: string; jobId: number; itemKey: string }): void {
    this.review.clear(req.batchId, req.jobId, req.itemKey);
  }

  bulkApprove(req: { batchId: string; jobId?: number; source?: ReviewItem['item']['source']; reviewer?: string | null }): number {
    return this.review.bulkApprove(req.batchId, { jobId: req.jobId, source: req.source }, req.reviewer);
  }

  reviewCounts(batchId: string, jobId?: number): ReviewCounts {
    return this.review.counts(batchId, jobId);
  }

  exportDecisions(batchId: string, format: 'json' | 'csv', opts?: { all?: boolean }): string {
    return this.review.exportDecisions(batchId, format, opts);
  }

  importDecisions(batchId: string, content: string, format: 'json' | 'csv'): ImportResult {
    return this.review.importDecisions(batchId, content, format);
  }

  async reviewThumbnail(batchId: string, jobId: number, mediaPart: string): Promise<{ dataUrl: string } | { placeholder: string }> {
    const job = this.store.getJob(jobId);
    if (!job || job.batchId !== batchId) return { placeholder: 'This image is not in the batch.' };
    const onlyThis = { ...job, result: job.result ? { ...job.result, items: job.result.items.filter((i) => i.mediaPart === mediaPart) } : null };
    const map = await collectThumbnails([onlyThis]);
    return map.get(`${jobId}:${mediaPart}`) ?? { placeholder: 'No preview for this image.' };
  }

  /**
   * "Apply approved": a new batch of kind `apply` whose jobs run the built-in
   * processor in apply mode on the ORIGINAL decks with each deck's decisions,
   * through the same queue, locks, shutdown and resume as any batch. The final
   * deck replaces the unreviewed draft of the reviewed batch (same path).
   */
  async applyApproved(batchId: string): Promise<BatchInfo> {
    const parent = this.store.getBatch(batchId);
    if (!parent) throw new Error(`No batch ${batchId}.`);
    const jobs: NewJob[] = [];
    const byJob = this.review.applyInstructionsByJob(batchId);
    for (const j of this.store.listJobs(batchId).jobs) {
      if (j.state !== 'succeeded' || !j.result) continue;
      const decisions = byJob.get(j.id);
      if (!decisions) continue;
      const preflight = await preflightFile(j.inputPath);
      const base = { inputPath: j.inputPath, relPath: j.relPath, preflight, workUnits: decisions.items.length };
      if (!preflight.ok) {
        jobs.push({ ...base, state: 'rejected', error: { code: preflight.code, message: preflight.message, detail: preflight.detail } });
        continue;
      }
      jobs.push({
        ...base,
        state: 'pending',
        fingerprint: { size: preflight.size, mtimeMs: preflight.mtimeMs },
        outputPath: j.outputPath ?? join(parent.settings.outputDir, j.relPath),
        decisions,
      });
    }
    if (!jobs.length) throw new Error('Nothing to apply: approve, edit or mark images decorative first.');
    const settings: BatchSettings = { ...parent.settings, processor: null, dryRun: false, force: true, replaceOutputs: true, altPolicy: 'preserve' };
    const id = newBatchId(new Date(this.now()));
    this.store.createBatch(id, settings, jobs, `apply:${id}`, 'paused', { kind: 'apply', parent: batchId });
    this.log.info(`apply batch ${id} created for ${batchId}: ${jobs.length} deck(s)`);
    this.emitBatch(id);
    return this.store.getBatch(id)!;
  }

  /** Graceful: stop claiming, stop processors (SIGTERM, grace, SIGKILL), jobs back to pending, close. */
  async shutdown(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.runs.keys()].map((id) => this.endRun(id, 'shutdown')));
    this.close();
  }

  /**
   * Second Ctrl+C: end now. Synchronous on purpose (better-sqlite3 is), so it
   * works inside a signal handler: kill every processor group, give the jobs
   * back, release locks, mark batches interrupted.
   */
  forceStop(): void {
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
          activeMs: this.activeMsOf(run),
        }),
      );
    }
    releaseAllLocks();
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
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
