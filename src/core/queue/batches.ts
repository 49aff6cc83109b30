/** Batches: creating one with its jobs, reading them, their state, settings and heartbeat. */
import type { BatchInfo, BatchSettings, BatchState, JobError, JobState, PreflightResult, SettingsOverride } from '../../shared/types';
import { TERMINAL_JOB_STATES } from '../../shared/types';
import { batchFromRow, type BatchRow } from './rows';
import { HOST, type QueueCtx } from './ctx';
import { batchEvent } from './events';
import { encodeVerdict } from './verdict-codec';
import { counts } from './job-queries';
import { withBackgroundCheckpoint } from '../db/background-checkpoint';

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

export function createBatch(ctx: QueueCtx,
  id: string,
  settings: BatchSettings,
  jobs: NewJob[],
  settingsKey: string,
  state: BatchState = 'paused',
  kind: { kind: 'process' | 'apply'; parent: string | null } = { kind: 'process', parent: null },
): BatchInfo {
  const now = ctx.now();
  // Rows go in CHUNK at a time (one statement each): at 100,000 jobs the cost per statement,
  // not SQLite's, dominated (issue 10: enqueue 100,000 jobs in < 1 s). The parameters are
  // written into one array reused for every full statement: building 100,000 small arrays
  // and flattening them cost a quarter of the enqueue, most of it in the garbage collector.
  const COLS = 20;
  const CHUNK = 200;
  const sql = (n: number) =>
    `INSERT INTO jobs (batch_id, seq, input_path, rel_path, fp_size, fp_mtime_ms, settings_key, state, max_attempts,
       run_after, work_units, preflight, error_code, error_message, error_detail, created_at, updated_at, finished_at,
       output_path, decisions)
     VALUES ${Array.from({ length: n }, () => `(${'?,'.repeat(COLS - 1)}?)`).join(',')}`;
  const params: unknown[] = new Array(CHUNK * COLS);
  const fill = (at: number, n: number) => {
    let o = 0;
    for (let k = 0; k < n; k++) {
      const j = jobs[at + k];
      params[o++] = id;
      params[o++] = at + k;
      params[o++] = j.inputPath;
      params[o++] = j.relPath;
      params[o++] = j.fingerprint?.size ?? null;
      params[o++] = j.fingerprint?.mtimeMs ?? null;
      params[o++] = settingsKey;
      params[o++] = j.state;
      params[o++] = settings.maxAttempts;
      params[o++] = j.runAfter ?? null;
      params[o++] = j.workUnits;
      params[o++] = encodeVerdict(j.preflight, j.inputPath);
      params[o++] = j.error?.code ?? null;
      params[o++] = j.error?.message ?? null;
      params[o++] = j.error?.detail ?? null;
      params[o++] = now;
      params[o++] = now;
      params[o++] = TERMINAL_JOB_STATES.includes(j.state) ? now : null;
      params[o++] = j.outputPath ?? null;
      params[o++] = j.decisions === undefined ? null : JSON.stringify(j.decisions);
    }
    return n === CHUNK ? params : params.slice(0, n * COLS);
  };
  const insert = () =>
    ctx.db
      .transaction(() => {
        ctx.db
          .prepare('INSERT INTO batches (id, created_at, state, settings, kind, parent_batch_id) VALUES (?,?,?,?,?,?)')
          .run(id, now, state, JSON.stringify(settings), kind.kind, kind.parent);
        // New rows get rowids above every existing one (SQLite's max(rowid)+1, and this
        // transaction holds the write lock): their events read them back by rowid range, in
        // insertion (= seq) order, with no index look-up and no sort.
        const before = (ctx.db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM jobs').get() as { id: number }).id;
        const full = ctx.db.prepare(sql(CHUNK));
        for (let at = 0; at < jobs.length; at += CHUNK) {
          const n = Math.min(CHUNK, jobs.length - at);
          (n === CHUNK ? full : ctx.db.prepare(sql(n))).run(fill(at, n));
        }
        // Each job's first event (its creation, with a reject's code), written in one statement.
        ctx.db
          .prepare(
            `INSERT INTO job_events (job_id, batch_id, at, from_state, to_state, details)
             SELECT id, batch_id, created_at, NULL, state, CASE WHEN error_code IS NULL THEN NULL ELSE json_object('code', error_code) END
             FROM jobs WHERE id > ? AND batch_id = ? ORDER BY id`,
          )
          .run(before, id);
      })
      .immediate();
  // A school's batch writes tens of MB into the WAL: its checkpoint is made by a thread, after the commit.
  withBackgroundCheckpoint(ctx.db, jobs.length, insert);
  return getBatch(ctx, id)!;
}

export function getBatch(ctx: QueueCtx, id: string): BatchInfo | null {
  const row = ctx.db.prepare('SELECT * FROM batches WHERE id = ?').get(id) as BatchRow | undefined;
  return row ? batchFromRow(row, counts(ctx, id)) : null;
}

export function batchRow(ctx: QueueCtx, id: string): BatchRow | null {
  return (ctx.db.prepare('SELECT * FROM batches WHERE id = ?').get(id) as BatchRow | undefined) ?? null;
}

export function listBatches(ctx: QueueCtx, limit = 200): BatchInfo[] {
  const rows = ctx.db.prepare('SELECT * FROM batches ORDER BY created_at DESC, id DESC LIMIT ?').all(limit) as BatchRow[];
  return rows.map((r) => batchFromRow(r, counts(ctx, r.id)));
}

export function setBatchState(ctx: QueueCtx, 
  id: string,
  state: BatchState,
  patch: { reason?: string | null; started?: boolean; finished?: boolean; activeMs?: number; owner?: boolean } = {},
): void {
  const now = ctx.now();
  ctx.db
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
export function changeSettings(ctx: QueueCtx, id: string, patch: SettingsOverride, origin: string): { from: SettingsOverride; to: SettingsOverride } | null {
  return ctx.db
    .transaction(() => {
      const row = batchRow(ctx, id);
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
      ctx.db.prepare('UPDATE batches SET settings = ? WHERE id = ?').run(JSON.stringify({ ...settings, ...to }), id);
      if (to.maxAttempts !== undefined) {
        ctx.db
          .prepare("UPDATE jobs SET max_attempts = ?, updated_at = ? WHERE batch_id = ? AND state IN ('pending','retrying')")
          .run(to.maxAttempts, ctx.now(), id);
      }
      batchEvent(ctx, id, 'settings-changed', { origin, from, to });
      return { from, to };
    })
    .immediate();
}

export function heartbeatBatch(ctx: QueueCtx, id: string, activeMs: number): void {
  ctx.db.prepare('UPDATE batches SET heartbeat_at = ?, active_ms = ? WHERE id = ?').run(ctx.now(), activeMs, id);
}
