/**
 * Review decisions, saved the moment they are made (one transaction each, so a
 * crash mid-review loses none), exported and imported as files so a second
 * reviewer can work on another machine, and turned into apply instructions.
 * The work is done by the modules below, on one ReviewCtx; here each call is guarded as a whole.
 */
import type { QueueStore } from '../queue/store';
import { guardMethods, type BusyRetry } from '../db/errors';
import { DEFAULT_DB_BUSY_MS } from '../../shared/limits';
import type { ApplyInstructions, BulkPreview, BulkResult, ImportResult, ReviewAction, ReviewCounts, ReviewDecision, ReviewDeckRow, ReviewGroup, ReviewItem, ReviewQuery } from '../../shared/review';
import { reviewCtx, type ReviewCtx } from './review-ctx';
import * as queries from './review-queries';
import * as decisions from './review-decisions';
import * as bulk from './review-bulk';
import * as exchange from './review-exchange';
import type { BulkScope } from './review-bulk';

export type { BulkScope };
export { cleanAltText, ReviewError } from './review-decisions';

export class ReviewStore {
  private readonly ctx: ReviewCtx;

  constructor(
    queue: QueueStore,
    now: () => number = Date.now,
    retry: BusyRetry = { boundMs: DEFAULT_DB_BUSY_MS },
  ) {
    this.ctx = reviewCtx(queue, now);
    // A reviewer's keystroke while another process holds the database (past SQLite's own
    // 5 s busy handler) waits like a queue write does, instead of throwing SQLITE_BUSY.
    guardMethods(this, queue.db.name, retry);
  }

  /** Brings the review index up to date with the batch's results (a no-op when it is). */
  index(batchId: string): void {
    this.ctx.ix.ensure(batchId);
  }

  /* ------------------------------ images and their groups (review-queries.ts) ------------------------------ */

  items(batchId: string, q: ReviewQuery = {}): { total: number; items: ReviewItem[] } {
    return queries.items(this.ctx, batchId, q);
  }

  /** One image of the batch, with its decision; null when the batch has no such image. */
  item(batchId: string, jobId: number, itemKey: string): ReviewItem | null {
    return queries.item(this.ctx, batchId, jobId, itemKey);
  }

  groups(batchId: string, q: ReviewQuery = {}): { total: number; groups: ReviewGroup[] } {
    return queries.groups(this.ctx, batchId, q);
  }

  group(batchId: string, groupKey: string): ReviewGroup | null {
    return queries.group(this.ctx, batchId, groupKey);
  }

  /** Every member of a group, paged, in batch order. */
  groupMembers(batchId: string, groupKey: string, offset = 0, limit = 100): { total: number; items: ReviewItem[] } {
    return queries.groupMembers(this.ctx, batchId, groupKey, offset, limit);
  }

  /* ------------------------------ counts, kept by triggers (review-queries.ts) ------------------------------ */

  counts(batchId: string, jobId?: number): ReviewCounts {
    return queries.counts(this.ctx, batchId, jobId);
  }

  /** Counts of every deck with images (a person’s kept ALT included), as the triggers keep them. */
  countsByJob(batchId: string): Map<number, ReviewCounts> {
    return queries.countsByJob(this.ctx, batchId);
  }

  /** Decks with images to review and their counts, paged (issue 11 §2: nothing silently capped). */
  decks(batchId: string, offset = 0, limit = 100): { total: number; decks: ReviewDeckRow[] } {
    return queries.decks(this.ctx, batchId, offset, limit);
  }

  /* ------------------------------ decisions (review-decisions.ts) ------------------------------ */

  /** Record one decision for one image (replacing an earlier one for the same image). */
  decide(batchId: string, jobId: number, itemKey: string, action: ReviewAction, text?: string | null, reviewer?: string | null, origin = 'local', at = this.ctx.now()): ReviewDecision {
    return decisions.decide(this.ctx, batchId, jobId, itemKey, action, text, reviewer, origin, at);
  }

  clear(batchId: string, jobId: number, itemKey: string, reviewer?: string | null): void {
    decisions.clear(this.ctx, batchId, jobId, itemKey, reviewer);
  }

  /** One decision for every copy of the same image, in one transaction; it goes into the library. */
  decideGroup(batchId: string, groupKey: string, action: ReviewAction, text?: string | null, reviewer?: string | null, at = this.ctx.now()): { decision: ReviewDecision; members: number } {
    return decisions.decideGroup(this.ctx, batchId, groupKey, action, text, reviewer, at);
  }

  /** Undecides every member of a group; a library entry this batch made goes too. */
  clearGroup(batchId: string, groupKey: string, reviewer?: string | null): number {
    return decisions.clearGroup(this.ctx, batchId, groupKey, reviewer);
  }

  /** Takes one image out of its group: from now on it is decided on its own (its decision so far stays). */
  split(batchId: string, jobId: number, itemKey: string): string {
    return decisions.split(this.ctx, batchId, jobId, itemKey);
  }

  /* ------------------------------ bulk and undo (review-bulk.ts) ------------------------------ */

  /** What a bulk approval of this scope would take: the screen asks once when clinical or OCR/context text is in it. */
  bulkPreview(batchId: string, scope: BulkScope): BulkPreview {
    return bulk.bulkPreview(this.ctx, batchId, scope);
  }

  /** Approves every undecided proposal in scope (each image its own proposal); undoable as one action. */
  bulkApproveUndoable(batchId: string, scope: BulkScope, reviewer?: string | null): BulkResult {
    return bulk.bulkApprove(this.ctx, batchId, scope, reviewer);
  }

  /** Approve every undecided proposal of a deck, or of one source across the batch. */
  bulkApprove(batchId: string, scope: BulkScope, reviewer?: string | null): number {
    return bulk.bulkApprove(this.ctx, batchId, scope, reviewer).approved;
  }

  /** Undoes one bulk action: its decisions go, unless a person decided that image again since. */
  undoBulk(batchId: string, bulkId: string, reviewer?: string | null): number {
    return bulk.undoBulk(this.ctx, batchId, bulkId, reviewer);
  }

  /* ------------------------------ decisions files and apply instructions (review-exchange.ts) ------------------------------ */

  /** What the processor's apply mode writes for one deck; null when nothing was decided. */
  applyInstructions(batchId: string, jobId: number): ApplyInstructions | null {
    return exchange.applyInstructions(this.ctx, batchId, jobId);
  }

  /** Apply instructions of every deck with a decision, from one pass over the batch. */
  applyInstructionsByJob(batchId: string): Map<number, ApplyInstructions> {
    return exchange.applyInstructionsByJob(this.ctx, batchId);
  }

  /** Decisions as a file another machine imports; `all`: with every undecided proposal, as a sheet to fill in. */
  exportDecisions(batchId: string, format: 'json' | 'csv', opts: { all?: boolean } = {}): string {
    return exchange.exportDecisions(this.ctx, batchId, format, opts);
  }

  /** Merge another reviewer's decisions: newest decision per image wins. */
  importDecisions(batchId: string, content: string, format: 'json' | 'csv'): ImportResult {
    return exchange.importDecisions(this.ctx, batchId, content, format);
  }
}
