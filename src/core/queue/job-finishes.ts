/** A deck's run ends: finished, handed back, retried after failing, or cancelled. */
import type { JobError, JobState, ProcessorResult } from '../../shared/types';
import type { JobRow } from './rows';
import type { QueueCtx } from './ctx';
import { batchEvent, jobEvent } from './events';

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

/** End a run: the lease token must still be ours. */
export function finish(ctx: QueueCtx, jobId: number, token: string, f: Finish): boolean {
  const now = ctx.now();
  return ctx.db
    .transaction((): boolean => {
      const row = ctx.db
        .prepare("SELECT * FROM jobs WHERE id = ? AND lease_token = ? AND state = 'running'")
        .get(jobId, token) as JobRow | undefined;
      if (!row) return false;
      const terminal = f.state !== 'retrying';
      const duration = row.started_at ? now - row.started_at : null;
      ctx.db
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
      jobEvent(ctx, jobId, row.batch_id, 'running', f.state, {
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
export function release(ctx: QueueCtx, jobId: number, token: string, reason: string): boolean {
  const now = ctx.now();
  return ctx.db
    .transaction((): boolean => {
      const row = ctx.db
        .prepare("SELECT batch_id FROM jobs WHERE id = ? AND lease_token = ? AND state = 'running'")
        .get(jobId, token) as { batch_id: string } | undefined;
      if (!row) return false;
      ctx.db
        .prepare(
          `UPDATE jobs SET state = 'pending', lease_token = NULL, lease_expires_at = NULL, proc_pid = NULL, proc_start = NULL, proc_exit = NULL,
             attempts = MAX(attempts - 1, 0), progress_done = 0, updated_at = ? WHERE id = ?`,
        )
        .run(now, jobId);
      jobEvent(ctx, jobId, row.batch_id, 'running', 'pending', { reason, refunded: true });
      return true;
    })
    .immediate();
}

/**
 * Failed jobs (only those with error `code`, when given) get a fresh set of attempts.
 * Rejected files are never retried: the check would refuse them again. Returns how many were re-queued.
 */
export function retryFailed(ctx: QueueCtx, batchId: string, code?: string): number {
  const now = ctx.now();
  return ctx.db
    .transaction((): number => {
      const rows = ctx.db
        .prepare(`SELECT id FROM jobs WHERE batch_id = ? AND state = 'failed' ${code ? 'AND error_code = ?' : ''}`)
        .all(...(code ? [batchId, code] : [batchId])) as Array<{ id: number }>;
      const upd = ctx.db.prepare(
        `UPDATE jobs SET state = 'pending', attempts = 0, engine_deaths = 0, lock_waits = 0, run_after = NULL, error_code = NULL, error_message = NULL,
           error_exit_code = NULL, error_signal = NULL, error_stderr = NULL, error_detail = NULL, finished_at = NULL,
           progress_done = 0, updated_at = ? WHERE id = ?`,
      );
      for (const r of rows) {
        upd.run(now, r.id);
        jobEvent(ctx, r.id, batchId, 'failed', 'pending', { reason: 'retry-failed', ...(code ? { code } : {}) });
      }
      batchEvent(ctx, batchId, 'retry-failed', { ...(code ? { code } : {}), requeued: rows.length });
      return rows.length;
    })
    .immediate();
}

/** Every job not yet finished becomes cancelled (running ones must be stopped first). */
export function cancelRemaining(ctx: QueueCtx, batchId: string): number {
  const now = ctx.now();
  return ctx.db
    .transaction((): number => {
      const rows = ctx.db
        .prepare("SELECT id, state FROM jobs WHERE batch_id = ? AND state IN ('pending','retrying','running')")
        .all(batchId) as Array<{ id: number; state: JobState }>;
      const upd = ctx.db.prepare(
        `UPDATE jobs SET state = 'cancelled', lease_token = NULL, lease_expires_at = NULL, error_code = 'CANCELLED',
           error_message = ?, finished_at = ?, updated_at = ? WHERE id = ?`,
      );
      for (const r of rows) {
        upd.run('The deck was cancelled before it was processed.', now, now, r.id);
        jobEvent(ctx, r.id, batchId, r.state, 'cancelled', { reason: 'user' });
      }
      return rows.length;
    })
    .immediate();
}
