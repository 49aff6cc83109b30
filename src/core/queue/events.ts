/**
 * The queue's history: job_events (every state change of a deck, written in the same
 * transaction as the change) and batch_events (what was done to a batch, and why).
 */
import type { JobState } from '../../shared/types';
import type { QueueCtx } from './ctx';

export function jobEvent(ctx: QueueCtx, jobId: number, batchId: string, from: JobState | null, to: JobState, details?: unknown): void {
  ctx.db
    .prepare('INSERT INTO job_events (job_id, batch_id, at, from_state, to_state, details) VALUES (?,?,?,?,?,?)')
    .run(jobId, batchId, ctx.now(), from, to, details === undefined ? null : JSON.stringify(details));
}

export function batchEvent(ctx: QueueCtx, batchId: string, kind: string, details?: unknown): void {
  ctx.db
    .prepare('INSERT INTO batch_events (batch_id, at, kind, details) VALUES (?,?,?,?)')
    .run(batchId, ctx.now(), kind, details === undefined ? null : JSON.stringify(details));
}

export function batchEvents(ctx: QueueCtx, batchId: string): Array<{ at: number; kind: string; details: unknown }> {
  const rows = ctx.db.prepare('SELECT at, kind, details FROM batch_events WHERE batch_id = ? ORDER BY id').all(batchId) as Array<{
    at: number;
    kind: string;
    details: string | null;
  }>;
  return rows.map((r) => ({ at: r.at, kind: r.kind, details: r.details === null ? null : (JSON.parse(r.details) as unknown) }));
}

export function jobEvents(ctx: QueueCtx, jobId: number): Array<{ at: number; from_state: string | null; to_state: string; details: string | null }> {
  return ctx.db.prepare('SELECT at, from_state, to_state, details FROM job_events WHERE job_id = ? ORDER BY id').all(jobId) as never;
}
