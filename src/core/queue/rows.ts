/** Mapping between SQLite rows and the shared plain-data types. */
import type { BatchInfo, BatchSettings, JobInfo, JobState, StateCounts } from '../../shared/types';
import { decodeVerdict } from './verdict-codec';
import type { ErrorCode } from '../../shared/errors';

export interface JobRow {
  id: number;
  batch_id: string;
  seq: number;
  input_path: string;
  rel_path: string;
  fp_size: number | null;
  fp_mtime_ms: number | null;
  fp_sha256: string | null;
  settings_key: string;
  state: JobState;
  attempts: number;
  max_attempts: number;
  lock_waits: number;
  run_after: number | null;
  lease_token: string | null;
  lease_expires_at: number | null;
  heartbeat_at: number | null;
  owner_pid: number | null;
  owner_host: string | null;
  proc_pid: number | null;
  proc_start: string | null;
  progress_done: number;
  progress_total: number;
  work_units: number;
  output_path: string | null;
  output_key?: string | null;
  preflight: string | null;
  result: string | null;
  error_code: string | null;
  error_message: string | null;
  error_exit_code: number | null;
  error_signal: string | null;
  error_stderr: string | null;
  error_detail: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
  duration_ms: number | null;
  decisions: string | null;
  engine_deaths: number;
  proc_exit: string | null;
}

export interface BatchRow {
  id: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  state: BatchInfo['state'];
  settings: string;
  reason: string | null;
  active_ms: number;
  owner_pid: number | null;
  owner_host: string | null;
  heartbeat_at: number | null;
  kind: 'process' | 'apply';
  parent_batch_id: string | null;
}

function parseJson<T>(text: string | null): T | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

export function jobFromRow(r: JobRow): JobInfo {
  return {
    id: r.id,
    batchId: r.batch_id,
    inputPath: r.input_path,
    relPath: r.rel_path,
    state: r.state,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    progressDone: r.progress_done,
    progressTotal: r.progress_total,
    workUnits: r.work_units,
    outputPath: r.output_path,
    error: r.error_code
      ? {
          code: r.error_code as ErrorCode,
          message: r.error_message ?? '',
          exitCode: r.error_exit_code,
          signal: r.error_signal,
          stderrTail: r.error_stderr ?? undefined,
          detail: r.error_detail ?? undefined,
        }
      : null,
    result: parseJson(r.result),
    preflight: decodeVerdict(r.preflight, r.input_path),
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    runAfter: r.run_after,
    durationMs: r.duration_ms,
  };
}

export function emptyCounts(): StateCounts {
  return { total: 0, pending: 0, running: 0, retrying: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0, rejected: 0 };
}

export function batchFromRow(r: BatchRow, counts: StateCounts): BatchInfo {
  return {
    id: r.id,
    state: r.state,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    settings: JSON.parse(r.settings) as BatchSettings,
    reason: r.reason,
    counts,
    activeMs: r.active_ms,
    kind: r.kind ?? 'process',
    parentBatchId: r.parent_batch_id ?? null,
  };
}
