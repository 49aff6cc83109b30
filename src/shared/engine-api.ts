/**
 * The engine's public surface: what the CLI calls directly and what Electron main
 * exposes over IPC (src/shared/ipc.ts maps channels onto these methods).
 */
import type {
  BatchInfo,
  BatchProgress,
  BatchSettings,
  JobInfo,
  JobState,
  PreflightResult,
} from './types';

export interface PreflightReport {
  /** Every file found under the inputs, in scan order. */
  files: PreflightResult[];
  accepted: number;
  rejected: number;
  slides: number;
  pictures: number;
  picturesMissingAlt: number;
  /** Rough time the batch will take with the current settings, from the audit. */
  estimateMs: number;
  /** Paths given that were skipped as not decks (owner files, other extensions in folders). */
  ignored: number;
}

export interface CreateBatchRequest {
  inputs: string[];
  settings?: Partial<BatchSettings>;
}

export interface JobQuery {
  state?: JobState | JobState[];
  offset?: number;
  limit?: number;
}

export type NoticeCode = 'LOW_DISK' | 'ERROR_THRESHOLD' | 'RECOVERED' | 'LOCK_WAIT' | 'INFO';

export type EngineEvent =
  | { type: 'batch-state'; batch: BatchInfo }
  | { type: 'job-state'; job: JobInfo }
  | { type: 'job-progress'; batchId: string; jobId: number; done: number; total: number }
  | { type: 'batch-progress'; progress: BatchProgress }
  | { type: 'preflight-progress'; done: number; total: number; current: string }
  | { type: 'notice'; batchId: string | null; code: NoticeCode; message: string };

export type ReportFormat = 'csv' | 'json' | 'html';

export interface EngineApi {
  /** Dry run: find decks under the inputs and check each; writes nothing. */
  preflight(inputs: string[]): Promise<PreflightReport>;
  /** Preflight + enqueue accepted decks as a new batch (state `paused` until started). */
  createBatch(req: CreateBatchRequest): Promise<BatchInfo>;
  /** Start or continue a batch in the background; events report progress. */
  start(batchId: string): Promise<void>;
  /** Finish the decks in flight, claim no new ones. */
  pause(batchId: string): Promise<void>;
  /** Interrupt now: running decks go back to pending without spending an attempt. */
  stop(batchId: string): Promise<void>;
  /** Stop and mark every not-finished deck cancelled. */
  cancel(batchId: string): Promise<void>;
  /** Put failed decks back in the queue with fresh attempts. */
  retryFailed(batchId: string): Promise<number>;
  listBatches(): BatchInfo[];
  getBatch(batchId: string): BatchInfo | null;
  listJobs(batchId: string, query?: JobQuery): { total: number; jobs: JobInfo[] };
  getProgress(batchId: string): BatchProgress;
  /** Batches a crash or kill left unfinished: offered for Resume. */
  interruptedBatches(): BatchInfo[];
  /** Writes the report, returns its absolute path. */
  writeReport(batchId: string, format: ReportFormat, outFile?: string): Promise<string>;
}
