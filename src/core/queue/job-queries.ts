/** Reading jobs: one job, a batch's jobs, its counts by state and its progress in work units. */
import type { JobInfo, JobState, StateCounts } from '../../shared/types';
import { emptyCounts, jobFromRow, type JobRow } from './rows';
import type { QueueCtx } from './ctx';

/** Jobs by state, from the totals triggers keep (migration 012): no read of the batch's jobs. */
export function counts(ctx: QueueCtx, batchId: string): StateCounts {
  const c = emptyCounts();
  const rows = ctx.db.prepare('SELECT state, n FROM batch_state_totals WHERE batch_id = ?').all(batchId) as Array<{ state: JobState; n: number }>;
  for (const r of rows) {
    c[r.state] = r.n;
    c.total += r.n;
  }
  return c;
}

export function getJob(ctx: QueueCtx, id: number): JobInfo | null {
  const row = ctx.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
  return row ? jobFromRow(row) : null;
}

export function jobRow(ctx: QueueCtx, id: number): JobRow | null {
  return (ctx.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined) ?? null;
}

export function listJobs(ctx: QueueCtx, batchId: string, states?: JobState[], offset = 0, limit = -1): { total: number; jobs: JobInfo[] } {
  const where = states?.length ? `AND state IN (${states.map(() => '?').join(',')})` : '';
  const args = [batchId, ...(states ?? [])];
  const total = (ctx.db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE batch_id = ? ${where}`).get(...args) as { n: number }).n;
  const rows = ctx.db
    .prepare(`SELECT * FROM jobs WHERE batch_id = ? ${where} ORDER BY seq LIMIT ? OFFSET ?`)
    .all(...args, limit, offset) as JobRow[];
  return { total, jobs: rows.map(jobFromRow) };
}

/** Earliest run_after among retrying jobs, to sleep until it. */
export function nextRunAfter(ctx: QueueCtx, batchId: string): number | null {
  const r = ctx.db
    .prepare("SELECT MIN(run_after) AS t FROM jobs WHERE batch_id = ? AND state = 'retrying'")
    .get(batchId) as { t: number | null };
  return r.t;
}

/**
 * A succeeded job of any batch with the same input bytes and the same settings;
 * one for the same input path first (that one makes this deck ALREADY_DONE, any
 * other is a copy whose output can be reused).
 */
export function findDone(ctx: QueueCtx, sha256: string, settingsKey: string, excludeJobId: number, inputPath = ''): JobInfo | null {
  const row = ctx.db
    .prepare(
      `SELECT * FROM jobs WHERE fp_sha256 = ? AND settings_key = ? AND state = 'succeeded' AND id != ?
       ORDER BY input_path = ? DESC, finished_at DESC LIMIT 1`,
    )
    .get(sha256, settingsKey, excludeJobId, inputPath) as JobRow | undefined;
  return row ? jobFromRow(row) : null;
}

/** Every input path of a batch (to refuse an output that is one of them). */
export function inputPaths(ctx: QueueCtx, batchId: string): string[] {
  return (ctx.db.prepare('SELECT input_path FROM jobs WHERE batch_id = ?').all(batchId) as Array<{ input_path: string }>).map((r) => r.input_path);
}

/** Each deck's pictures as the check counted them (work units less one), rejected files left out. */
export function pictureCounts(ctx: QueueCtx, batchId: string): number[] {
  return (ctx.db.prepare("SELECT work_units - 1 AS p FROM jobs WHERE batch_id = ? AND state != 'rejected'").all(batchId) as Array<{ p: number }>).map((r) => Math.max(0, r.p));
}

/**
 * Pictures (work units) done and to do; rejected files are no work at all. Asked after every
 * deck, so it reads no batch-sized set of rows: the units by state come from the totals triggers
 * keep (migration 012), and only the running jobs (a few) are read for their partial progress.
 * Same figures as summing every job row (test/db/batch-totals.test.ts).
 */
export function unitsDone(ctx: QueueCtx, batchId: string): { done: number; total: number } {
  return ctx.db
    .prepare(
      `SELECT COALESCE(SUM(CASE WHEN state = 'rejected' THEN 0 ELSE units END),0) AS total,
              COALESCE(SUM(CASE WHEN state IN ('succeeded','failed','skipped','cancelled') THEN units ELSE 0 END),0)
              + (SELECT COALESCE(SUM(CASE WHEN progress_total > 0 THEN MIN(work_units, work_units * progress_done / progress_total) ELSE 0 END),0)
                   FROM jobs WHERE batch_id = ? AND state = 'running') AS done
         FROM batch_state_totals WHERE batch_id = ?`,
    )
    .get(batchId, batchId) as { done: number; total: number };
}

/** Decks still to finish (the running ones included) and their work units: what the learned ETA prices. */
export function unfinishedWork(ctx: QueueCtx, batchId: string): { decks: number; units: number } {
  return ctx.db
    .prepare(`SELECT COUNT(*) AS decks, COALESCE(SUM(work_units),0) AS units FROM jobs WHERE batch_id = ? AND state IN ('pending','running','retrying')`)
    .get(batchId) as { decks: number; units: number };
}

/** Processor times of the batch's succeeded decks (their finish events), newest first: what a resumed run's ETA starts from. */
export function processTimes(ctx: QueueCtx, batchId: string, limit = 500): Array<{ units: number; ms: number }> {
  return ctx.db
    .prepare(
      `SELECT j.work_units AS units, json_extract(e.details, '$.processMs') AS ms
         FROM jobs j JOIN job_events e ON e.job_id = j.id
        WHERE j.batch_id = ? AND j.state = 'succeeded' AND e.to_state = 'succeeded' AND json_extract(e.details, '$.processMs') IS NOT NULL
        ORDER BY e.id DESC LIMIT ?`,
    )
    .all(batchId, limit) as Array<{ units: number; ms: number }>;
}
