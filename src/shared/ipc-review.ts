/**
 * The Review screen's image channels (issue #5; identical images as one decision, issue
 * 11): one decision per call, saved at once. Part of the one IPC contract, src/shared/ipc.ts.
 */
import type { AltSource, BatchInfo } from './types';
import type { BulkPreview, BulkResult, ImportResult, ReviewAction, ReviewCounts, ReviewDecision, ReviewDeckRow, ReviewGroup, ReviewItem, ReviewQuery } from './review';

export interface ReviewDecideRequest {
  batchId: string;
  jobId: number;
  itemKey: string;
  action: ReviewAction;
  text?: string | null;
  reviewer?: string | null;
}

export type ReviewExportResult = { dialog: true; savedTo: string | null } | { dialog: false; content: string; fileName: string };
export type ReviewThumbnail = { dataUrl: string } | { placeholder: string };

/** The review channels: [payload, result]. */
export interface ReviewContract {
  'review:items': [{ batchId: string; query?: ReviewQuery }, { total: number; items: ReviewItem[] }];
  'review:decide': [ReviewDecideRequest, ReviewDecision];
  'review:clear': [{ batchId: string; jobId: number; itemKey: string }, void];
  'review:bulkApprove': [{ batchId: string; jobId?: number; source?: AltSource; reviewer?: string | null }, BulkResult];
  'review:bulkPreview': [{ batchId: string; jobId?: number; source?: AltSource }, BulkPreview];
  'review:undoBulk': [{ batchId: string; bulkId: string; reviewer?: string | null }, number];
  /* Identical images are one decision (issue 11 §1). */
  'review:groups': [{ batchId: string; query?: ReviewQuery }, { total: number; groups: ReviewGroup[] }];
  'review:groupMembers': [{ batchId: string; groupKey: string; offset?: number; limit?: number }, { total: number; items: ReviewItem[] }];
  'review:decideGroup': [{ batchId: string; groupKey: string; action: ReviewAction; text?: string | null; reviewer?: string | null }, { decision: ReviewDecision; members: number }];
  'review:clearGroup': [{ batchId: string; groupKey: string; reviewer?: string | null }, number];
  'review:split': [{ batchId: string; jobId: number; itemKey: string }, string];
  'review:decks': [{ batchId: string; offset?: number; limit?: number }, { total: number; decks: ReviewDeckRow[] }];
  'review:counts': [{ batchId: string; jobId?: number }, ReviewCounts];
  /** Main shows a save dialog when it can (savedTo, or null when cancelled); otherwise the text comes back. */
  'review:export': [{ batchId: string; format: 'json' | 'csv' }, ReviewExportResult];
  'review:import': [{ batchId: string; format: 'json' | 'csv'; content: string }, ImportResult];
  'review:apply': [{ batchId: string }, BatchInfo];
  'review:thumbnail': [{ batchId: string; jobId: number; mediaPart: string }, ReviewThumbnail];
}

export const REVIEW_CHANNELS = [
  'review:items',
  'review:decide',
  'review:clear',
  'review:bulkApprove',
  'review:bulkPreview',
  'review:undoBulk',
  'review:groups',
  'review:groupMembers',
  'review:decideGroup',
  'review:clearGroup',
  'review:split',
  'review:decks',
  'review:counts',
  'review:export',
  'review:import',
  'review:apply',
  'review:thumbnail',
] as const satisfies readonly (keyof ReviewContract)[];
