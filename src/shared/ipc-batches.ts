/**
 * The batch channels: dry run, batches, their decks, progress and reports, each a call
 * of the engine's EngineApi. Part of the one IPC contract, src/shared/ipc.ts.
 */
import type { CreateBatchRequest, JobQuery, PreflightReport, ReportFormat } from './engine-api';
import type { BatchInfo, BatchProgress, JobInfo } from './types';

/** The batch channels: [payload, result]. */
export interface BatchContract {
  'engine:preflight': [{ inputs: string[] }, PreflightReport];
  'engine:createBatch': [CreateBatchRequest, BatchInfo];
  'engine:start': [{ batchId: string }, void];
  'engine:pause': [{ batchId: string }, void];
  'engine:stop': [{ batchId: string }, void];
  'engine:cancel': [{ batchId: string }, void];
  'engine:retryFailed': [{ batchId: string }, number];
  'engine:listBatches': [void, BatchInfo[]];
  'engine:getBatch': [{ batchId: string }, BatchInfo | null];
  'engine:listJobs': [{ batchId: string; query?: JobQuery }, { total: number; jobs: JobInfo[] }];
  'engine:getProgress': [{ batchId: string }, BatchProgress];
  'engine:interruptedBatches': [void, BatchInfo[]];
  'engine:writeReport': [{ batchId: string; format: ReportFormat }, string];
}

export const BATCH_CHANNELS = [
  'engine:preflight',
  'engine:createBatch',
  'engine:start',
  'engine:pause',
  'engine:stop',
  'engine:cancel',
  'engine:retryFailed',
  'engine:listBatches',
  'engine:getBatch',
  'engine:listJobs',
  'engine:getProgress',
  'engine:interruptedBatches',
  'engine:writeReport',
] as const satisfies readonly (keyof BatchContract)[];
