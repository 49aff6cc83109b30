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

export type NoticeCode = 'LOW_DISK' | 'ERROR_THRESHOLD' | 'RECOVERED' | 'LOCK_WAIT' | 'INFO' | 'OUTPUT_NOT_WRITABLE' | 'HOME_FULL' | 'DB_BUSY' | 'DB_ERROR';

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

/* ---------------- Review and approve (kept apart so EngineApi stand-ins stay valid) ---------------- */

import type { BulkPreview, BulkResult, ImportResult, ReviewAction, ReviewCounts, ReviewDecision, ReviewDeckRow, ReviewGroup, ReviewItem, ReviewQuery } from './review';
import type { CheckAction, CheckDecision, CheckReviewFilter, CheckReviewGroup, CheckReviewItem, FindingGroupsPage, FindingGroupsQuery, FindingsBulkPreview } from './check-review';
import type { CheckRuleId } from './checker';

export interface ReviewApi {
  reviewItems(batchId: string, query?: ReviewQuery): { total: number; items: ReviewItem[] };
  /** Saved at once (one transaction): a crash mid-review loses no decision. */
  decide(req: { batchId: string; jobId: number; itemKey: string; action: ReviewAction; text?: string | null; reviewer?: string | null }): ReviewDecision;
  clearDecision(req: { batchId: string; jobId: number; itemKey: string }): void;
  bulkApprove(req: { batchId: string; jobId?: number; source?: ReviewItem['item']['source']; reviewer?: string | null }): number;
  reviewCounts(batchId: string, jobId?: number): ReviewCounts;
  /** Identical images as one row each, most copies first, paged (issue 11 §1). */
  reviewGroups(batchId: string, query?: ReviewQuery): { total: number; groups: ReviewGroup[] };
  groupMembers(req: { batchId: string; groupKey: string; offset?: number; limit?: number }): { total: number; items: ReviewItem[] };
  /** One decision for every copy in the group, in one transaction. */
  decideGroup(req: { batchId: string; groupKey: string; action: ReviewAction; text?: string | null; reviewer?: string | null }): { decision: ReviewDecision; members: number };
  clearGroup(req: { batchId: string; groupKey: string; reviewer?: string | null }): number;
  /** Takes one image out of its group; returns its own group's key. */
  splitMember(req: { batchId: string; jobId: number; itemKey: string }): string;
  bulkPreview(req: { batchId: string; jobId?: number; source?: ReviewItem['item']['source'] }): BulkPreview;
  /** Bulk approval that can be undone as one action. */
  approveAll(req: { batchId: string; jobId?: number; source?: ReviewItem['item']['source']; reviewer?: string | null }): BulkResult;
  undoBulk(req: { batchId: string; bulkId: string; reviewer?: string | null }): number;
  /** Decks with images to review and their counts, paged. */
  reviewDecks(req: { batchId: string; offset?: number; limit?: number }): { total: number; decks: ReviewDeckRow[] };
  exportDecisions(batchId: string, format: 'json' | 'csv'): string;
  importDecisions(batchId: string, content: string, format: 'json' | 'csv'): ImportResult;
  /** A new batch (kind `apply`) that writes the approved decisions into final decks through the queue. */
  applyApproved(batchId: string): Promise<BatchInfo>;
  /** An image's bytes for the Review screen (data: URL), or a stand-in sentence for EMF/WMF/SVG. */
  reviewThumbnail(batchId: string, jobId: number, mediaPart: string): Promise<{ dataUrl: string } | { placeholder: string }>;
  /* Checker findings that need judgement (issue 13): check-review.ts */
  checkReviewItems(batchId: string, query?: { jobId?: number; filter?: CheckReviewFilter; rule?: CheckRuleId }): CheckReviewItem[];
  checkReviewGroups(batchId: string, query?: { rule?: CheckRuleId }): CheckReviewGroup[];
  findingGroups(req: { batchId: string } & FindingGroupsQuery): FindingGroupsPage;
  decideFinding(req: { batchId: string; jobId: number; key: string; action: CheckAction; text?: string | null; reviewer?: string | null }): CheckDecision;
  /** One decision for every identical finding, in one transaction; how many it settled. */
  decideFindingGroup(req: { batchId: string; groupKey: string; action: CheckAction; text?: string | null; reviewer?: string | null }): number;
  clearFindingDecision(req: { batchId: string; jobId: number; key: string }): void;
  /** Undo of a group's decision: every member's, in one transaction; how many were removed. */
  clearFindingGroup(req: { batchId: string; groupKey: string }): number;
  /** What approving every undecided proposal of a rule (or of all rules) would take. */
  findingsBulkPreview(req: { batchId: string; rule?: CheckRuleId }): FindingsBulkPreview;
  /** Approves them in one transaction, as one action `undoFindingsBulk` takes back. */
  approveAllFindings(req: { batchId: string; rule?: CheckRuleId; reviewer?: string | null }): { approved: number; bulkId: string };
  undoFindingsBulk(req: { batchId: string; bulkId: string }): number;
}

/* ---------------- The engine across a process boundary ---------------- */

/** The same API with every answer possibly asynchronous: what IPC handlers accept (the engine itself, or its host's proxy). */
export type Awaitable<T> = { [K in keyof T]: T[K] extends (...a: infer A) => infer R ? (...a: A) => R | Promise<Awaited<R>> : T[K] };
/** The same API with every answer a promise: the engine as seen from main when it runs in its own process. */
export type Remote<T> = { [K in keyof T]: T[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<Awaited<R>> : never };
