/**
 * A deck's run from claim to output name: the claim (its lease token), lease renewal,
 * the processor's pid and exit, the fingerprint and the output-name reservation.
 * Every write carries the lease token and changes nothing once the job was taken away.
 */
import type { JobInfo, PreflightResult } from '../../shared/types';
import { jobFromRow, type JobRow } from './rows';
import { newLeaseToken } from './ids';
import { HOST, type QueueCtx } from './ctx';
import { jobEvent } from './events';

export interface Claim {
  job: JobInfo;
  row: JobRow;
  token: string;
}

/**
 * Claim the next runnable job: one IMMEDIATE transaction (takes the write
 * lock first, so two engines on one database never claim the same job).
 * The attempt is spent here; a user stop gives it back.
 */
export function claimNext(ctx: QueueCtx, batchId: string, leaseMs: number): Claim | null {
  const now = ctx.now();
  return ctx.db
    .transaction((): Claim | null => {
      // Two indexed look-ups, not one OR: the OR made SQLite scan the whole batch (20 ms a claim at 100k jobs).
      const row =
        (ctx.db
          .prepare("SELECT * FROM jobs WHERE batch_id = ? AND state = 'retrying' AND run_after <= ? ORDER BY run_after LIMIT 1")
          .get(batchId, now) as JobRow | undefined) ??
        (ctx.db.prepare("SELECT * FROM jobs WHERE batch_id = ? AND state = 'pending' ORDER BY seq LIMIT 1").get(batchId) as
          | JobRow
          | undefined);
      if (!row) return null;
      const token = newLeaseToken();
      // RETURNING: the claimed row as written, without reading it again. Progress starts from
      // nothing: a total left by an earlier attempt would read as this one's first report.
      const fresh = ctx.db
        .prepare(
          `UPDATE jobs SET state = 'running', lease_token = ?, lease_expires_at = ?, heartbeat_at = ?,
             attempts = attempts + 1, owner_pid = ?, owner_host = ?, proc_pid = NULL, proc_start = NULL, proc_exit = NULL,
             started_at = ?, finished_at = NULL, run_after = NULL, progress_done = 0, progress_total = 0, updated_at = ?
           WHERE id = ? RETURNING *`,
        )
        .get(token, now + leaseMs, now, process.pid, HOST, now, now, row.id) as JobRow;
      jobEvent(ctx, row.id, batchId, row.state, 'running', { attempt: row.attempts + 1, pid: process.pid, host: HOST });
      return { job: jobFromRow(fresh), row: fresh, token };
    })
    .immediate();
}

/** Renew the lease and record progress; false = the lease is lost, stop working on it. */
export function heartbeat(ctx: QueueCtx, jobId: number, token: string, leaseMs: number, progress?: { done: number; total: number }): boolean {
  const now = ctx.now();
  const info = ctx.db
    .prepare(
      `UPDATE jobs SET heartbeat_at = ?, lease_expires_at = ?,
         progress_done = COALESCE(?, progress_done), progress_total = COALESCE(?, progress_total), updated_at = ?
       WHERE id = ? AND lease_token = ? AND state = 'running'`,
    )
    .run(now, now + leaseMs, progress?.done ?? null, progress?.total ?? null, now, jobId, token);
  return info.changes === 1;
}

/** Record the processor's pid (its process group) so recovery can stop an orphan. */
export function recordProcess(ctx: QueueCtx, jobId: number, token: string, pid: number | null, start: string | null): boolean {
  const info = ctx.db
    .prepare("UPDATE jobs SET proc_pid = ?, proc_start = ? WHERE id = ? AND lease_token = ? AND state = 'running'")
    .run(pid, start, jobId, token);
  return info.changes === 1;
}

/**
 * The processor ended while the engine lives: written before its result is
 * handled, so if the engine dies now, recovery knows the deck's own handling was
 * under way and charges the attempt (recovery.ts).
 */
export function recordProcessExit(ctx: QueueCtx, jobId: number, token: string, exit: { code: number | null; signal: string | null }): boolean {
  const info = ctx.db
    .prepare("UPDATE jobs SET proc_exit = ? WHERE id = ? AND lease_token = ? AND state = 'running'")
    .run(JSON.stringify(exit), jobId, token);
  return info.changes === 1;
}

/** Fingerprint taken at claim time (SHA-256 of the bytes actually processed). */
export function recordFingerprint(ctx: QueueCtx, jobId: number, token: string, fp: { size: number; mtimeMs: number; sha256: string }, outputPath: string | null): boolean {
  const info = ctx.db
    .prepare(
      `UPDATE jobs SET fp_size = ?, fp_mtime_ms = ?, fp_sha256 = ?, output_path = COALESCE(?, output_path)
       WHERE id = ? AND lease_token = ? AND state = 'running'`,
    )
    .run(fp.size, fp.mtimeMs, fp.sha256, outputPath, jobId, token);
  return info.changes === 1;
}

export function updatePreflight(ctx: QueueCtx, jobId: number, token: string, preflight: PreflightResult, workUnits: number): boolean {
  const info = ctx.db
    .prepare("UPDATE jobs SET preflight = ?, work_units = ? WHERE id = ? AND lease_token = ? AND state = 'running'")
    .run(JSON.stringify(preflight), workUnits, jobId, token);
  return info.changes === 1;
}

/**
 * Record this attempt's fingerprint unless another job with the same bytes and
 * settings is being processed right now (its lease fresh): then return that
 * job's id, and this copy waits for its result instead of processing it twice.
 * One transaction, so of two copies fingerprinted at once only one goes on.
 */
export function fingerprintUnlessInFlight(ctx: QueueCtx, 
  jobId: number,
  token: string,
  fp: { size: number; mtimeMs: number; sha256: string },
  settingsKey: string,
): { twin: number | null } | null {
  return ctx.db
    .transaction((): { twin: number | null } | null => {
      const twin = ctx.db
        .prepare(
          `SELECT id FROM jobs WHERE state = 'running' AND fp_sha256 = ? AND settings_key = ? AND id != ? AND lease_expires_at > ?
           ORDER BY id LIMIT 1`,
        )
        .get(fp.sha256, settingsKey, jobId, ctx.now()) as { id: number } | undefined;
      if (twin) return { twin: twin.id };
      return recordFingerprint(ctx, jobId, token, fp, null) ? { twin: null } : null;
    })
    .immediate();
}

/**
 * Reserve an output name for a running job: 'taken' when another job of the
 * batch holds it (the unique index jobs_output_key decides, atomically).
 */
export function reserveOutput(ctx: QueueCtx, jobId: number, token: string, outputPath: string, key: string): 'ok' | 'taken' | 'lease-lost' {
  try {
    const info = ctx.db
      .prepare("UPDATE jobs SET output_path = ?, output_key = ? WHERE id = ? AND lease_token = ? AND state = 'running'")
      .run(outputPath, key, jobId, token);
    return info.changes === 1 ? 'ok' : 'lease-lost';
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return 'taken';
    throw e;
  }
}
