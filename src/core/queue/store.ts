/**
 * The queue's every write. Each state change is one transaction that also
 * appends to job_events. Writes by a runner carry its lease token: if the job
 * was taken away (recovered, cancelled, re-claimed) the write changes nothing
 * and returns false, so a stale runner can never finish a job it no longer owns.
 */
import type { Db } from '../db/open';
import type { BatchInfo, BatchSettings, BatchState, SettingsOverride, JobInfo, JobState, PreflightResult, StateCounts } from '../../shared/types';
import type { BatchRow, JobRow } from './rows';
import { guardMethods } from '../db/errors';
import { DEFAULT_DB_BUSY_MS } from '../../shared/limits';
import { withStatementCache, type QueueCtx } from './ctx';
import * as batches from './batches';
import * as history from './events';
import * as queries from './job-queries';
import * as claims from './job-claims';
import * as finishes from './job-finishes';
import type { NewJob } from './batches';
import type { Claim } from './job-claims';
import type { Finish } from './job-finishes';

export type { NewJob, Claim, Finish };
export { HOST } from './ctx';

export interface StoreOptions {
  /** How long a call waits for a database another process holds before it fails with DB_BUSY. */
  busyMs?: number;
}

/**
 * The one object the engine, the executor and recovery write through. The work is done
 * by the modules above, on { db, now }; here each call is guarded as a whole.
 */
export class QueueStore {
  constructor(
    readonly db: Db,
    now: () => number = Date.now,
    opts: StoreOptions = {},
  ) {
    this.ctx = { db: withStatementCache(db), now };
    // Every method, as a whole, retries while the database is busy and turns a full
    // disk or an I/O error into a QueueDbError the engine pauses the batch with.
    this.busyMs = opts.busyMs ?? DEFAULT_DB_BUSY_MS;
    this.waitFully();
    guardMethods(this, db.name, this.retry);
  }

  private readonly ctx: QueueCtx;
  private readonly busyMs: number;
  private readonly retry = { boundMs: 0 };

  /**
   * After the bounded wait ran out once, the batch is pausing: every later call tries
   * once, briefly, so handing decks back and closing take seconds, not a wait per write.
   */
  failFast(): void {
    this.retry.boundMs = 0;
    if (this.db.open) this.db.pragma('busy_timeout = 100');
  }

  /** The full bounded wait again (a new start). */
  waitFully(): void {
    this.retry.boundMs = this.busyMs;
    if (this.db.open) this.db.pragma(`busy_timeout = ${Math.max(0, Math.min(this.busyMs, 5_000))}`);
  }

  /* ---------------- batches (batches.ts) ---------------- */

  createBatch(
    id: string,
    settings: BatchSettings,
    jobs: NewJob[],
    settingsKey: string,
    state: BatchState = 'paused',
    kind: { kind: 'process' | 'apply'; parent: string | null } = { kind: 'process', parent: null },
  ): BatchInfo {
    return batches.createBatch(this.ctx, id, settings, jobs, settingsKey, state, kind);
  }

  getBatch(id: string): BatchInfo | null {
    return batches.getBatch(this.ctx, id);
  }

  batchRow(id: string): BatchRow | null {
    return batches.batchRow(this.ctx, id);
  }

  listBatches(limit = 200): BatchInfo[] {
    return batches.listBatches(this.ctx, limit);
  }

  setBatchState(
    id: string,
    state: BatchState,
    patch: { reason?: string | null; started?: boolean; finished?: boolean; activeMs?: number; owner?: boolean } = {},
  ): void {
    batches.setBatchState(this.ctx, id, state, patch);
  }

  changeSettings(id: string, patch: SettingsOverride, origin: string): { from: SettingsOverride; to: SettingsOverride } | null {
    return batches.changeSettings(this.ctx, id, patch, origin);
  }

  heartbeatBatch(id: string, activeMs: number): void {
    batches.heartbeatBatch(this.ctx, id, activeMs);
  }

  /* ---------------- history: job_events and batch_events (events.ts) ---------------- */

  batchEvent(batchId: string, kind: string, details?: unknown): void {
    history.batchEvent(this.ctx, batchId, kind, details);
  }

  batchEvents(batchId: string): Array<{ at: number; kind: string; details: unknown }> {
    return history.batchEvents(this.ctx, batchId);
  }

  events(jobId: number): Array<{ at: number; from_state: string | null; to_state: string; details: string | null }> {
    return history.jobEvents(this.ctx, jobId);
  }

  /* ---------------- jobs, counts and progress (job-queries.ts) ---------------- */

  counts(batchId: string): StateCounts {
    return queries.counts(this.ctx, batchId);
  }

  getJob(id: number): JobInfo | null {
    return queries.getJob(this.ctx, id);
  }

  jobRow(id: number): JobRow | null {
    return queries.jobRow(this.ctx, id);
  }

  listJobs(batchId: string, states?: JobState[], offset = 0, limit = -1): { total: number; jobs: JobInfo[] } {
    return queries.listJobs(this.ctx, batchId, states, offset, limit);
  }

  nextRunAfter(batchId: string): number | null {
    return queries.nextRunAfter(this.ctx, batchId);
  }

  findDone(sha256: string, settingsKey: string, excludeJobId: number, inputPath = ''): JobInfo | null {
    return queries.findDone(this.ctx, sha256, settingsKey, excludeJobId, inputPath);
  }

  inputPaths(batchId: string): string[] {
    return queries.inputPaths(this.ctx, batchId);
  }

  pictureCounts(batchId: string): number[] {
    return queries.pictureCounts(this.ctx, batchId);
  }

  unitsDone(batchId: string): { done: number; total: number } {
    return queries.unitsDone(this.ctx, batchId);
  }

  unfinishedWork(batchId: string): { decks: number; units: number } {
    return queries.unfinishedWork(this.ctx, batchId);
  }

  processTimes(batchId: string, limit?: number): Array<{ units: number; ms: number }> {
    return queries.processTimes(this.ctx, batchId, limit);
  }

  /* ---------------- a deck's run: claim, lease, fingerprint, output name (job-claims.ts) ---------------- */

  claimNext(batchId: string, leaseMs: number): Claim | null {
    return claims.claimNext(this.ctx, batchId, leaseMs);
  }

  heartbeat(jobId: number, token: string, leaseMs: number, progress?: { done: number; total: number }): boolean {
    return claims.heartbeat(this.ctx, jobId, token, leaseMs, progress);
  }

  recordProcess(jobId: number, token: string, pid: number | null, start: string | null): boolean {
    return claims.recordProcess(this.ctx, jobId, token, pid, start);
  }

  recordProcessExit(jobId: number, token: string, exit: { code: number | null; signal: string | null }): boolean {
    return claims.recordProcessExit(this.ctx, jobId, token, exit);
  }

  recordFingerprint(jobId: number, token: string, fp: { size: number; mtimeMs: number; sha256: string }, outputPath: string | null): boolean {
    return claims.recordFingerprint(this.ctx, jobId, token, fp, outputPath);
  }

  updatePreflight(jobId: number, token: string, preflight: PreflightResult, workUnits: number): boolean {
    return claims.updatePreflight(this.ctx, jobId, token, preflight, workUnits);
  }

  fingerprintUnlessInFlight(
    jobId: number,
    token: string,
    fp: { size: number; mtimeMs: number; sha256: string },
    settingsKey: string,
  ): { twin: number | null } | null {
    return claims.fingerprintUnlessInFlight(this.ctx, jobId, token, fp, settingsKey);
  }

  reserveOutput(jobId: number, token: string, outputPath: string, key: string): 'ok' | 'taken' | 'lease-lost' {
    return claims.reserveOutput(this.ctx, jobId, token, outputPath, key);
  }

  /* ---------------- ends of runs (job-finishes.ts) ---------------- */

  finish(jobId: number, token: string, f: Finish): boolean {
    return finishes.finish(this.ctx, jobId, token, f);
  }

  release(jobId: number, token: string, reason: string): boolean {
    return finishes.release(this.ctx, jobId, token, reason);
  }

  retryFailed(batchId: string, code?: string): number {
    return finishes.retryFailed(this.ctx, batchId, code);
  }

  cancelRemaining(batchId: string): number {
    return finishes.cancelRemaining(this.ctx, batchId);
  }
}
