/**
 * The queue's every write. Each state change is one transaction that also
 * appends to job_events. Writes by a runner carry its lease token: if the job
 * was taken away (recovered, cancelled, re-claimed) the write changes nothing
 * and returns false, so a stale runner can never finish a job it no longer owns.
 */
import { hostname } from 'node:os';
import type { Db } from '../db/open';
import type {
  BatchInfo,
  BatchSettings,
  BatchState,
  JobError,
  SettingsOverride,
  JobInfo,
  JobState,
  PreflightResult,
  ProcessorResult,
  StateCounts,
} from '../../shared/types';
import { TERMINAL_JOB_STATES } from '../../shared/types';
import { batchFromRow, emptyCounts, jobFromRow, type BatchRow, type JobRow } from './rows';
import { newLeaseToken } from './ids';
import { guardMethods } from '../db/errors';
import { DEFAULT_DB_BUSY_MS } from '../../shared/limits';

export interface NewJob {
  inputPath: string;
  relPath: string;
  preflight: PreflightResult;
  workUnits: number;
  /** Initial state: pending for accepted decks, rejected for files the check refused, retrying for a deck open in Office, skipped in a dry run. */
  state: JobState;
  error?: JobError | null;
  runAfter?: number | null;
  fingerprint?: { size: number; mtimeMs: number } | null;
  /** Apply batches: the output is decided up front (it replaces the draft) and the decisions travel with the job. */
  outputPath?: string | null;
  decisions?: unknown;
}

export interface Claim {
  job: JobInfo;
  row: JobRow;
  token: string;
}

export interface Finish {
  state: 'succeeded' | 'failed' | 'skipped' | 'retrying' | 'cancelled' | 'rejected';
  error?: JobError | null;
  result?: ProcessorResult | null;
  outputPath?: string | null;
  runAfter?: number | null;
  /** Give the attempt back (lock waits, user stop): it was not the deck's fault. */
  refundAttempt?: boolean;
  lockWait?: boolean;
  details?: Record<string, unknown>;
}

export const HOST = hostname();

export interface StoreOptions {
  /** How long a call waits for a database another process holds before it fails with DB_BUSY. */
  busyMs?: number;
}

export class QueueStore {
  constructor(
    readonly db: Db,
    private readonly now: () => number = Date.now,
    opts: StoreOptions = {},
  ) {
    // Every method, as a whole, retries while the database is busy and turns a full
    // disk or an I/O error into a QueueDbError the engine pauses the batch with.
    this.busyMs = opts.busyMs ?? DEFAULT_DB_BUSY_MS;
    this.waitFully();
    guardMethods(this, db.name, this.retry);
  }

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

  private event(jobId: number, batchId: string, from: JobState | null, to: JobState, details?: unknown): void {
    this.db
      .prepare('INSERT INTO job_events (job_id, batch_id, at, from_state, to_state, details) VALUES (?,?,?,?,?,?)')
      .run(jobId, batchId, this.now(), from, to, details === undefined ? null : JSON.stringify(details));
  }

  /* ---------------- batches ---------------- */

  createBatch(
    id: string,
    settings: BatchSettings,
    jobs: NewJob[],
    settingsKey: string,
    state: BatchState = 'paused',
    kind: { kind: 'process' | 'apply'; parent: string | null } = { kind: 'process', parent: null },
  ): BatchInfo {
    const now = this.now();
    const insertJob = this.db.prepare(
      `INSERT INTO jobs (batch_id, seq, input_path, rel_path, fp_size, fp_mtime_ms, settings_key, state, max_attempts,
         run_after, work_units, preflight, error_code, error_message, error_detail, created_at, updated_at, finished_at,
         output_path, decisions)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    );
    this.db
      .transaction(() => {
        this.db
          .prepare('INSERT INTO batches (id, created_at, state, settings, kind, parent_batch_id) VALUES (?,?,?,?,?,?)')
          .run(id, now, state, JSON.stringify(settings), kind.kind, kind.parent);
        jobs.forEach((j, i) => {
          const terminal = TERMINAL_JOB_STATES.includes(j.state);
          const info = insertJob.run(
            id,
            i,
            j.inputPath,
            j.relPath,
            j.fingerprint?.size ?? null,
            j.fingerprint?.mtimeMs ?? null,
            settingsKey,
            j.state,
            settings.maxAttempts,
            j.runAfter ?? null,
            j.workUnits,
            JSON.stringify(j.preflight),
            j.error?.code ?? null,
            j.error?.message ?? null,
            j.error?.detail ?? null,
            now,
            now,
            terminal ? now : null,
            j.outputPath ?? null,
            j.decisions === undefined ? null : JSON.stringify(j.decisions),
          );
          this.event(Number(info.lastInsertRowid), id, null, j.state, j.error ? { code: j.error.code } : undefined);
        });
      })
      .immediate();
    return this.getBatch(id)!;
  }

  counts(batchId: string): StateCounts {
    const c = emptyCounts();
    const rows = this.db
      .prepare('SELECT state, COUNT(*) AS n FROM jobs WHERE batch_id = ? GROUP BY state')
      .all(batchId) as Array<{ state: JobState; n: number }>;
    for (const r of rows) {
      c[r.state] = r.n;
      c.total += r.n;
    }
    return c;
  }

  getBatch(id: string): BatchInfo | null {
    const row = this.db.prepare('SELECT * FROM batches WHERE id = ?').get(id) as BatchRow | undefined;
    return row ? batchFromRow(row, this.counts(id)) : null;
  }

  batchRow(id: string): BatchRow | null {
    return (this.db.prepare('SELECT * FROM batches WHERE id = ?').get(id) as BatchRow | undefined) ?? null;
  }

  listBatches(limit = 200): BatchInfo[] {
    const rows = this.db.prepare('SELECT * FROM batches ORDER BY created_at DESC, id DESC LIMIT ?').all(limit) as BatchRow[];
    return rows.map((r) => batchFromRow(r, this.counts(r.id)));
  }

  setBatchState(
    id: string,
    state: BatchState,
    patch: { reason?: string | null; started?: boolean; finished?: boolean; activeMs?: number; owner?: boolean } = {},
  ): void {
    const now = this.now();
    this.db
      .prepare(
        `UPDATE batches SET state = ?,
           reason = CASE WHEN ? THEN ? ELSE reason END,
           started_at = CASE WHEN ? AND started_at IS NULL THEN ? ELSE started_at END,
           finished_at = CASE WHEN ? THEN ? ELSE NULL END,
           active_ms = COALESCE(?, active_ms),
           owner_pid = CASE WHEN ? THEN ? ELSE owner_pid END,
           owner_host = CASE WHEN ? THEN ? ELSE owner_host END,
           heartbeat_at = ?
         WHERE id = ?`,
      )
      .run(
        state,
        patch.reason !== undefined ? 1 : 0,
        patch.reason ?? null,
        patch.started ? 1 : 0,
        now,
        patch.finished ? 1 : 0,
        now,
        patch.activeMs ?? null,
        patch.owner !== undefined ? 1 : 0,
        patch.owner ? process.pid : null,
        patch.owner !== undefined ? 1 : 0,
        patch.owner ? HOST : null,
        now,
        id,
      );
  }

  /**
   * Change the settings a resumed batch may change (RESUMABLE_SETTINGS), in one
   * transaction with its batch_events row. max_attempts is copied onto every deck
   * still to do; finished decks keep theirs (`retry` gives failed ones fresh attempts).
   */
  changeSettings(id: string, patch: SettingsOverride, origin: string): { from: SettingsOverride; to: SettingsOverride } | null {
    return this.db
      .transaction(() => {
        const row = this.batchRow(id);
        if (!row) return null;
        const settings = JSON.parse(row.settings) as BatchSettings;
        const from: SettingsOverride = {};
        const to: SettingsOverride = {};
        for (const [k, v] of Object.entries(patch) as Array<[keyof SettingsOverride, number | undefined]>) {
          if (v === undefined || settings[k] === v) continue;
          from[k] = settings[k];
          to[k] = v;
        }
        if (!Object.keys(to).length) return { from, to };
        this.db.prepare('UPDATE batches SET settings = ? WHERE id = ?').run(JSON.stringify({ ...settings, ...to }), id);
        if (to.maxAttempts !== undefined) {
          this.db
            .prepare("UPDATE jobs SET max_attempts = ?, updated_at = ? WHERE batch_id = ? AND state IN ('pending','retrying')")
            .run(to.maxAttempts, this.now(), id);
        }
        this.batchEvent(id, 'settings-changed', { origin, from, to });
        return { from, to };
      })
      .immediate();
  }

  batchEvent(batchId: string, kind: string, details?: unknown): void {
    this.db
      .prepare('INSERT INTO batch_events (batch_id, at, kind, details) VALUES (?,?,?,?)')
      .run(batchId, this.now(), kind, details === undefined ? null : JSON.stringify(details));
  }

  batchEvents(batchId: string): Array<{ at: number; kind: string; details: unknown }> {
    const rows = this.db.prepare('SELECT at, kind, details FROM batch_events WHERE batch_id = ? ORDER BY id').all(batchId) as Array<{
      at: number;
      kind: string;
      details: string | null;
    }>;
    return rows.map((r) => ({ at: r.at, kind: r.kind, details: r.details === null ? null : (JSON.parse(r.details) as unknown) }));
  }

  heartbeatBatch(id: string, activeMs: number): void {
    this.db.prepare('UPDATE batches SET heartbeat_at = ?, active_ms = ? WHERE id = ?').run(this.now(), activeMs, id);
  }

  /* ---------------- jobs ---------------- */

  getJob(id: number): JobInfo | null {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    return row ? jobFromRow(row) : null;
  }

  jobRow(id: number): JobRow | null {
    return (this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined) ?? null;
  }

  listJobs(batchId: string, states?: JobState[], offset = 0, limit = -1): { total: number; jobs: JobInfo[] } {
    const where = states?.length ? `AND state IN (${states.map(() => '?').join(',')})` : '';
    const args = [batchId, ...(states ?? [])];
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE batch_id = ? ${where}`).get(...args) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM jobs WHERE batch_id = ? ${where} ORDER BY seq LIMIT ? OFFSET ?`)
      .all(...args, limit, offset) as JobRow[];
    return { total, jobs: rows.map(jobFromRow) };
  }

  /** Earliest run_after among retrying jobs, to sleep until it. */
  nextRunAfter(batchId: string): number | null {
    const r = this.db
      .prepare("SELECT MIN(run_after) AS t FROM jobs WHERE batch_id = ? AND state = 'retrying'")
      .get(batchId) as { t: number | null };
    return r.t;
  }

  /**
   * Claim the next runnable job: one IMMEDIATE transaction (takes the write
   * lock first, so two engines on one database never claim the same job).
   * The attempt is spent here; a user stop gives it back.
   */
  claimNext(batchId: string, leaseMs: number): Claim | null {
    const now = this.now();
    return this.db
      .transaction((): Claim | null => {
        // Two indexed look-ups, not one OR: the OR made SQLite scan the whole batch (20 ms a claim at 100k jobs).
        const row =
          (this.db
            .prepare("SELECT * FROM jobs WHERE batch_id = ? AND state = 'retrying' AND run_after <= ? ORDER BY run_after LIMIT 1")
            .get(batchId, now) as JobRow | undefined) ??
          (this.db.prepare("SELECT * FROM jobs WHERE batch_id = ? AND state = 'pending' ORDER BY seq LIMIT 1").get(batchId) as
            | JobRow
            | undefined);
        if (!row) return null;
        const token = newLeaseToken();
        this.db
          .prepare(
            `UPDATE jobs SET state = 'running', lease_token = ?, lease_expires_at = ?, heartbeat_at = ?,
               attempts = attempts + 1, owner_pid = ?, owner_host = ?, proc_pid = NULL, proc_start = NULL, proc_exit = NULL,
               started_at = ?, finished_at = NULL, run_after = NULL, progress_done = 0, updated_at = ?
             WHERE id = ?`,
          )
          .run(token, now + leaseMs, now, process.pid, HOST, now, now, row.id);
        this.event(row.id, batchId, row.state, 'running', { attempt: row.attempts + 1, pid: process.pid, host: HOST });
        const fresh = this.jobRow(row.id)!;
        return { job: jobFromRow(fresh), row: fresh, token };
      })
      .immediate();
  }

  /** Renew the lease and record progress; false = the lease is lost, stop working on it. */
  heartbeat(jobId: number, token: string, leaseMs: number, progress?: { done: number; total: number }): boolean {
    const now = this.now();
    const info = this.db
      .prepare(
        `UPDATE jobs SET heartbeat_at = ?, lease_expires_at = ?,
           progress_done = COALESCE(?, progress_done), progress_total = COALESCE(?, progress_total), updated_at = ?
         WHERE id = ? AND lease_token = ? AND state = 'running'`,
      )
      .run(now, now + leaseMs, progress?.done ?? null, progress?.total ?? null, now, jobId, token);
    return info.changes === 1;
  }

  /** Record the processor's pid (its process group) so recovery can stop an orphan. */
  recordProcess(jobId: number, token: string, pid: number | null, start: string | null): boolean {
    const info = this.db
      .prepare("UPDATE jobs SET proc_pid = ?, proc_start = ? WHERE id = ? AND lease_token = ? AND state = 'running'")
      .run(pid, start, jobId, token);
    return info.changes === 1;
  }

  /**
   * The processor ended while the engine lives: written before its result is
   * handled, so if the engine dies now, recovery knows the deck's own handling was
   * under way and charges the attempt (recovery.ts).
   */
  recordProcessExit(jobId: number, token: string, exit: { code: number | null; signal: string | null }): boolean {
    const info = this.db
      .prepare("UPDATE jobs SET proc_exit = ? WHERE id = ? AND lease_token = ? AND state = 'running'")
      .run(JSON.stringify(exit), jobId, token);
    return info.changes === 1;
  }

  /** Fingerprint taken at claim time (SHA-256 of the bytes actually processed). */
  recordFingerprint(jobId: number, token: string, fp: { size: number; mtimeMs: number; sha256: string }, outputPath: string | null): boolean {
    const info = this.db
      .prepare(
        `UPDATE jobs SET fp_size = ?, fp_mtime_ms = ?, fp_sha256 = ?, output_path = COALESCE(?, output_path)
         WHERE id = ? AND lease_token = ? AND state = 'running'`,
      )
      .run(fp.size, fp.mtimeMs, fp.sha256, outputPath, jobId, token);
    return info.changes === 1;
  }

  updatePreflight(jobId: number, token: string, preflight: PreflightResult, workUnits: number): boolean {
    const info = this.db
      .prepare("UPDATE jobs SET preflight = ?, work_units = ? WHERE id = ? AND lease_token = ? AND state = 'running'")
      .run(JSON.stringify(preflight), workUnits, jobId, token);
    return info.changes === 1;
  }

  /**
   * A succeeded job of any batch with the same input bytes and the same settings;
   * one for the same input path first (that one makes this deck ALREADY_DONE, any
   * other is a copy whose output can be reused).
   */
  findDone(sha256: string, settingsKey: string, excludeJobId: number, inputPath = ''): JobInfo | null {
    const row = this.db
      .prepare(
        `SELECT * FROM jobs WHERE fp_sha256 = ? AND settings_key = ? AND state = 'succeeded' AND id != ?
         ORDER BY input_path = ? DESC, finished_at DESC LIMIT 1`,
      )
      .get(sha256, settingsKey, excludeJobId, inputPath) as JobRow | undefined;
    return row ? jobFromRow(row) : null;
  }

  /**
   * Record this attempt's fingerprint unless another job with the same bytes and
   * settings is being processed right now (its lease fresh): then return that
   * job's id, and this copy waits for its result instead of processing it twice.
   * One transaction, so of two copies fingerprinted at once only one goes on.
   */
  fingerprintUnlessInFlight(
    jobId: number,
    token: string,
    fp: { size: number; mtimeMs: number; sha256: string },
    settingsKey: string,
  ): { twin: number | null } | null {
    return this.db
      .transaction((): { twin: number | null } | null => {
        const twin = this.db
          .prepare(
            `SELECT id FROM jobs WHERE state = 'running' AND fp_sha256 = ? AND settings_key = ? AND id != ? AND lease_expires_at > ?
             ORDER BY id LIMIT 1`,
          )
          .get(fp.sha256, settingsKey, jobId, this.now()) as { id: number } | undefined;
        if (twin) return { twin: twin.id };
        return this.recordFingerprint(jobId, token, fp, null) ? { twin: null } : null;
      })
      .immediate();
  }

  /**
   * Reserve an output name for a running job: 'taken' when another job of the
   * batch holds it (the unique index jobs_output_key decides, atomically).
   */
  reserveOutput(jobId: number, token: string, outputPath: string, key: string): 'ok' | 'taken' | 'lease-lost' {
    try {
      const info = this.db
        .prepare("UPDATE jobs SET output_path = ?, output_key = ? WHERE id = ? AND lease_token = ? AND state = 'running'")
        .run(outputPath, key, jobId, token);
      return info.changes === 1 ? 'ok' : 'lease-lost';
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return 'taken';
      throw e;
    }
  }

  /** Every input path of a batch (to refuse an output that is one of them). */
  inputPaths(batchId: string): string[] {
    return (this.db.prepare('SELECT input_path FROM jobs WHERE batch_id = ?').all(batchId) as Array<{ input_path: string }>).map((r) => r.input_path);
  }

  /** End a run: the lease token must still be ours. */
  finish(jobId: number, token: string, f: Finish): boolean {
    const now = this.now();
    return this.db
      .transaction((): boolean => {
        const row = this.db
          .prepare("SELECT * FROM jobs WHERE id = ? AND lease_token = ? AND state = 'running'")
          .get(jobId, token) as JobRow | undefined;
        if (!row) return false;
        const terminal = f.state !== 'retrying';
        const duration = row.started_at ? now - row.started_at : null;
        this.db
          .prepare(
            `UPDATE jobs SET state = ?, lease_token = NULL, lease_expires_at = NULL, proc_pid = NULL, proc_start = NULL, proc_exit = NULL,
               attempts = attempts - ?, lock_waits = lock_waits + ?, run_after = ?,
               output_path = CASE WHEN ? THEN ? ELSE output_path END,
               result = COALESCE(?, result),
               error_code = ?, error_message = ?, error_exit_code = ?, error_signal = ?, error_stderr = ?, error_detail = ?,
               finished_at = ?, duration_ms = ?, updated_at = ?,
               progress_done = CASE WHEN ? = 'succeeded' THEN progress_total ELSE progress_done END
             WHERE id = ?`,
          )
          .run(
            f.state,
            f.refundAttempt ? 1 : 0,
            f.lockWait ? 1 : 0,
            f.runAfter ?? null,
            f.outputPath !== undefined ? 1 : 0,
            f.outputPath ?? null,
            f.result ? JSON.stringify(f.result) : null,
            f.error?.code ?? null,
            f.error?.message ?? null,
            f.error?.exitCode ?? null,
            f.error?.signal ?? null,
            f.error?.stderrTail ?? null,
            f.error?.detail ?? null,
            terminal ? now : null,
            duration,
            now,
            f.state,
            jobId,
          );
        this.event(jobId, row.batch_id, 'running', f.state, {
          ...(f.error ? { code: f.error.code, exitCode: f.error.exitCode, signal: f.error.signal } : {}),
          ...(f.runAfter ? { runAfter: f.runAfter } : {}),
          ...(f.refundAttempt ? { refunded: true } : {}),
          ...f.details,
        });
        return true;
      })
      .immediate();
  }

  /** Stop or shutdown: back to pending, attempt given back (DESIGN.md §3). */
  release(jobId: number, token: string, reason: string): boolean {
    const now = this.now();
    return this.db
      .transaction((): boolean => {
        const row = this.db
          .prepare("SELECT batch_id FROM jobs WHERE id = ? AND lease_token = ? AND state = 'running'")
          .get(jobId, token) as { batch_id: string } | undefined;
        if (!row) return false;
        this.db
          .prepare(
            `UPDATE jobs SET state = 'pending', lease_token = NULL, lease_expires_at = NULL, proc_pid = NULL, proc_start = NULL, proc_exit = NULL,
               attempts = MAX(attempts - 1, 0), progress_done = 0, updated_at = ? WHERE id = ?`,
          )
          .run(now, jobId);
        this.event(jobId, row.batch_id, 'running', 'pending', { reason, refunded: true });
        return true;
      })
      .immediate();
  }

  /**
   * Failed jobs (only those with error `code`, when given) get a fresh set of attempts.
   * Rejected files are never retried: the check would refuse them again. Returns how many were re-queued.
   */
  retryFailed(batchId: string, code?: string): number {
    const now = this.now();
    return this.db
      .transaction((): number => {
        const rows = this.db
          .prepare(`SELECT id FROM jobs WHERE batch_id = ? AND state = 'failed' ${code ? 'AND error_code = ?' : ''}`)
          .all(...(code ? [batchId, code] : [batchId])) as Array<{ id: number }>;
        const upd = this.db.prepare(
          `UPDATE jobs SET state = 'pending', attempts = 0, engine_deaths = 0, lock_waits = 0, run_after = NULL, error_code = NULL, error_message = NULL,
             error_exit_code = NULL, error_signal = NULL, error_stderr = NULL, error_detail = NULL, finished_at = NULL,
             progress_done = 0, updated_at = ? WHERE id = ?`,
        );
        for (const r of rows) {
          upd.run(now, r.id);
          this.event(r.id, batchId, 'failed', 'pending', { reason: 'retry-failed', ...(code ? { code } : {}) });
        }
        this.batchEvent(batchId, 'retry-failed', { ...(code ? { code } : {}), requeued: rows.length });
        return rows.length;
      })
      .immediate();
  }

  /** Every job not yet finished becomes cancelled (running ones must be stopped first). */
  cancelRemaining(batchId: string): number {
    const now = this.now();
    return this.db
      .transaction((): number => {
        const rows = this.db
          .prepare("SELECT id, state FROM jobs WHERE batch_id = ? AND state IN ('pending','retrying','running')")
          .all(batchId) as Array<{ id: number; state: JobState }>;
        const upd = this.db.prepare(
          `UPDATE jobs SET state = 'cancelled', lease_token = NULL, lease_expires_at = NULL, error_code = 'CANCELLED',
             error_message = ?, finished_at = ?, updated_at = ? WHERE id = ?`,
        );
        for (const r of rows) {
          upd.run('The deck was cancelled before it was processed.', now, now, r.id);
          this.event(r.id, batchId, r.state, 'cancelled', { reason: 'user' });
        }
        return rows.length;
      })
      .immediate();
  }

  /** Pictures (work units) done and to do; rejected files are no work at all. */
  unitsDone(batchId: string): { done: number; total: number } {
    const r = this.db
      .prepare(
        `SELECT COALESCE(SUM(CASE WHEN state = 'rejected' THEN 0 ELSE work_units END),0) AS total,
                COALESCE(SUM(CASE WHEN state IN ('succeeded','failed','skipped','cancelled') THEN work_units
                                  WHEN state = 'running' AND progress_total > 0 THEN MIN(work_units, work_units * progress_done / progress_total)
                                  ELSE 0 END),0) AS done
           FROM jobs WHERE batch_id = ?`,
      )
      .get(batchId) as { done: number; total: number };
    return r;
  }

  events(jobId: number): Array<{ at: number; from_state: string | null; to_state: string; details: string | null }> {
    return this.db.prepare('SELECT at, from_state, to_state, details FROM job_events WHERE job_id = ? ORDER BY id').all(jobId) as never;
  }
}
