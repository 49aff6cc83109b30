/**
 * Bulk approval: every undecided proposal in a scope (a deck, or one source across the
 * batch) approved in one transaction, each image with its own proposal, and undoable as
 * one action (its decisions carry the bulk's id as their origin).
 */
import type { AltItem, AltSource } from '../../shared/types';
import type { BulkPreview, BulkResult } from '../../shared/review';
import { cleanAltText, ReviewError, writeDecision } from './review-decisions';
import type { ReviewCtx } from './review-ctx';

export interface BulkScope {
  jobId?: number;
  source?: AltSource;
}

function bulkWhere(batchId: string, scope: BulkScope): { sql: string; args: unknown[] } {
  const where = ['i.batch_id = ?', 'i.reviewable = 1', 'i.bulk_ok = 1', 'NOT EXISTS (SELECT 1 FROM review_decisions d WHERE d.job_id = i.job_id AND d.item_key = i.item_key)'];
  const args: unknown[] = [batchId];
  if (scope.jobId !== undefined) {
    where.push('i.job_id = ?');
    args.push(scope.jobId);
  }
  if (scope.source) {
    where.push('i.source = ?');
    args.push(scope.source);
  }
  return { sql: where.join(' AND '), args };
}

/** What a bulk approval of this scope would take: the screen asks once when clinical or OCR/context text is in it. */
export function bulkPreview(ctx: ReviewCtx, batchId: string, scope: BulkScope): BulkPreview {
  ctx.ix.ensure(batchId);
  const w = bulkWhere(batchId, scope);
  const r = ctx.db
    .prepare(`SELECT COUNT(*) AS images, COALESCE(SUM(i.clinical), 0) AS clinical, COALESCE(SUM(i.source IN ('ocr', 'context')), 0) AS ocr FROM review_items i WHERE ${w.sql}`)
    .get(...w.args) as { images: number; clinical: number; ocr: number };
  return { images: r.images, clinical: r.clinical, ocrOrContext: r.ocr };
}

/** Approves every undecided proposal in scope (each image its own proposal); undoable as one action. */
export function bulkApprove(ctx: ReviewCtx, batchId: string, scope: BulkScope, reviewer?: string | null): BulkResult {
  ctx.ix.ensure(batchId);
  const w = bulkWhere(batchId, scope);
  const at = ctx.now();
  const bulkId = `bulk:${at}:${Math.random().toString(16).slice(2, 10)}`;
  let n = 0;
  ctx.db
    .transaction(() => {
      const rows = ctx.db.prepare(`SELECT i.job_id, i.item_key, i.item FROM review_items i WHERE ${w.sql}`).all(...w.args) as Array<{ job_id: number; item_key: string; item: string }>;
      for (const r of rows) {
        const text = cleanAltText((JSON.parse(r.item) as AltItem).newAlt ?? '');
        if (!text) continue;
        writeDecision(ctx, batchId, r.job_id, r.item_key, 'approve', text, reviewer ?? null, bulkId, at);
        n++;
      }
    })
    .immediate();
  return { approved: n, bulkId };
}

/** Undoes one bulk action: its decisions go, unless a person decided that image again since. */
export function undoBulk(ctx: ReviewCtx, batchId: string, bulkId: string, reviewer?: string | null): number {
  if (!bulkId.startsWith('bulk:')) throw new ReviewError('That is not a bulk action.');
  const at = ctx.now();
  let n = 0;
  ctx.db
    .transaction(() => {
      ctx.db
        .prepare("INSERT INTO review_log (job_id, item_key, action, text, reviewer, at, origin) SELECT job_id, item_key, 'clear', NULL, ?, ?, 'undo ' || origin FROM review_decisions WHERE batch_id = ? AND origin = ?")
        .run(reviewer ?? null, at, batchId, bulkId);
      n = ctx.db.prepare('DELETE FROM review_decisions WHERE batch_id = ? AND origin = ?').run(batchId, bulkId).changes;
    })
    .immediate();
  return n;
}
