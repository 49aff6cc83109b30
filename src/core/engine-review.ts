/**
 * The engine's review side: reports with the reviewers' decisions, thumbnails, and
 * "Apply approved" (a batch that writes the decisions into the original decks); and
 * EngineReview, the Engine's review and findings methods (ReviewApi) on top of them.
 */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportFormat, ReviewApi } from '../shared/engine-api';
import type { BatchInfo, BatchSettings, JobInfo, ReadBack } from '../shared/types';
import type { QueueStore, NewJob } from './queue/store';
import { newBatchId } from './queue/ids';
import { preflightFile } from './preflight';
import { writeBatchReport } from './report-writer';
import { folderReportInput, writeFolderReport } from './report-folder';
import type { ReviewStore } from './review/review-store';
import { CheckReview, type CheckAction, type CheckDecision, type CheckReviewGroup, type CheckReviewItem } from './review/check-review';
import type { ApplyInstructions, BulkPreview, BulkResult, ImportResult, ReviewAction, ReviewCounts, ReviewDecision, ReviewDeckRow, ReviewGroup, ReviewItem, ReviewQuery } from '../shared/review';
import type { FindingGroupsPage, FindingGroupsQuery, FindingsBulkPreview } from '../shared/check-review';
import type { CheckRuleId } from '../shared/checker';
import { cachedReviewThumbnail } from './review/thumbnail-cache';
import { collectThumbnails, type ReportInput } from './report';
import { thumbnailCacheDir } from './thumbnail-cache';
import type { Logger } from './log';

export interface ReviewDeps {
  store: QueueStore;
  review: ReviewStore;
  log: Logger;
  home: string;
  now: () => number;
  emitBatch(id: string): void;
}

export async function writeReport(deps: ReviewDeps, batchId: string, format: ReportFormat, outFile?: string): Promise<string> {
  const batch = deps.store.getBatch(batchId);
  if (!batch) throw new Error(`No batch ${batchId}.`);
  let jobs = deps.store.listJobs(batchId).jobs;
  const dir = batch.settings.dryRun || !existsSync(batch.settings.outputDir) ? join(deps.home, 'reports') : join(batch.settings.outputDir, 'altdeck-reports');
  const counts = deps.review.countsByJob(batchId);
  const checkDecisions = new CheckReview(deps.store).decisionMap(batchId);
  const decisions = new Map(deps.review.items(batchId, { filter: 'decided' }).items.map((r) => [`${r.jobId}|${r.itemKey}`, r.decision!]));
  // the counts the review's triggers keep (never a loop over decks)
  const work = batch.settings.dryRun ? null : deps.review.counts(batchId);
  const reviewWork = work && work.groups !== undefined && work.items > 0 ? { decisions: work.groups, images: work.items, decided: work.groupsDecided ?? 0 } : undefined;
  let review: ReportInput['review'] = counts.size && decisions.size ? { counts, decisions } : undefined;
  if (review) {
    const a = appliedReadBacks(deps.store, batchId, jobs);
    jobs = a.jobs;
    review = { ...review, applied: a.applied };
  }
  // The output folder's own report follows each batch's HTML report (report-folder.ts).
  const folder = format === 'html' && !outFile && !batch.settings.dryRun && existsSync(batch.settings.outputDir) ? folderReportInput(deps.store, deps.review, batch.settings.outputDir, deps.now()) : null;
  // Previews come from the home's cache (the built-in processor made them while it had each
  // deck open); what is missing is read and kept there. Made once for both pages when the
  // folder's decks include this batch's.
  const previews = async (forJobs: JobInfo[]) => {
    const stats = { cached: 0, read: 0 };
    const t0 = performance.now();
    const map = await collectThumbnails(forJobs, { cacheDir: thumbnailCacheDir(deps.home), stats });
    deps.log.info(`[${batchId}] report previews: ${stats.cached} from the cache, ${stats.read} read from decks, ${Math.round(performance.now() - t0)} ms`);
    return map;
  };
  const folderIds = new Set(folder?.jobs.map((j) => j.id));
  const shared = folder && jobs.every((j) => folderIds.has(j.id)) ? await previews(folder.jobs) : undefined;
  const thumbnails = shared ?? (format === 'html' && !batch.settings.dryRun ? await previews(jobs) : undefined);
  const file = await writeBatchReport({ batch, jobs, format, outFile: outFile ?? join(dir, `altdeck-${batchId}.${format}`), now: deps.now(), review, thumbnails, checkDecisions, reviewWork });
  if (folder) {
    const folderThumbs = shared ?? (await previews(folder.jobs));
    await writeFolderReport(folder, batch.settings.outputDir, folderThumbs).catch((e: Error) => deps.log.warn(`the output folder's report was not written: ${e.message}`));
  }
  return file;
}

/**
 * "Apply approved" replaced these jobs' drafts with final decks: the reviewed batch's report
 * scores them on the final deck, read back by its apply job (the newest one per output).
 */
function appliedReadBacks(store: QueueStore, batchId: string, jobs: JobInfo[]): { jobs: JobInfo[]; applied: Set<number> } {
  const finals = new Map<string, { at: number; readBack: ReadBack }>();
  for (const b of store.listBatches()) {
    if (b.kind !== 'apply' || b.parentBatchId !== batchId) continue;
    for (const j of store.listJobs(b.id).jobs) {
      const rb = j.result?.readBack;
      if (j.state !== 'succeeded' || !rb || !j.outputPath) continue;
      const at = j.finishedAt ?? 0;
      if ((finals.get(j.outputPath)?.at ?? -1) <= at) finals.set(j.outputPath, { at, readBack: rb });
    }
  }
  const applied = new Set<number>();
  const out = jobs.map((j) => {
    const f = j.outputPath ? finals.get(j.outputPath) : undefined;
    if (!f || !j.result || (j.finishedAt ?? 0) > f.at) return j;
    applied.add(j.id);
    return { ...j, result: { ...j.result, readBack: f.readBack } };
  });
  return { jobs: out, applied };
}

/**
 * "Apply approved": a new batch of kind `apply` whose jobs run the built-in
 * processor in apply mode on the ORIGINAL decks with each deck's decisions,
 * through the same queue, locks, shutdown and resume as any batch. The final
 * deck replaces the unreviewed draft of the reviewed batch (same path).
 */
export async function applyApproved(deps: ReviewDeps, batchId: string): Promise<BatchInfo> {
  const parent = deps.store.getBatch(batchId);
  if (!parent) throw new Error(`No batch ${batchId}.`);
  const jobs: NewJob[] = [];
  const byJob = deps.review.applyInstructionsByJob(batchId);
  // decisions on checker findings (issue 13) go with the deck's; `checks` is always given, so the
  // final deck keeps the checker's safe fixes and gets only the approved proposals
  const checkReview = new CheckReview(deps.store);
  const checkJobs = checkReview.decidedJobs(batchId);
  for (const j of deps.store.listJobs(batchId).jobs) {
    if (j.state !== 'succeeded' || !j.result) continue;
    const alt = byJob.get(j.id);
    if (!alt && !checkJobs.has(j.id)) continue;
    const decisions: ApplyInstructions = { ...(alt ?? { schema: 'altdeck-apply/1', items: [] }), checks: checkReview.applyChecks(batchId, j.id) };
    const preflight = await preflightFile(j.inputPath);
    const base = { inputPath: j.inputPath, relPath: j.relPath, preflight, workUnits: Math.max(1, decisions.items.length + (decisions.checks?.length ?? 0)) };
    if (!preflight.ok) {
      jobs.push({ ...base, state: 'rejected', error: { code: preflight.code, message: preflight.message, detail: preflight.detail } });
      continue;
    }
    jobs.push({
      ...base,
      state: 'pending',
      fingerprint: { size: preflight.size, mtimeMs: preflight.mtimeMs },
      outputPath: j.outputPath ?? join(parent.settings.outputDir, j.relPath),
      decisions,
    });
  }
  if (!jobs.length) throw new Error('Nothing to apply: approve, edit or mark images decorative (or decide a checker finding) first.');
  const settings: BatchSettings = { ...parent.settings, processor: null, dryRun: false, force: true, replaceOutputs: true, altPolicy: 'preserve' };
  const id = newBatchId(new Date(deps.now()));
  deps.store.createBatch(id, settings, jobs, `apply:${id}`, 'paused', { kind: 'apply', parent: batchId });
  deps.log.info(`apply batch ${id} created for ${batchId}: ${jobs.length} deck(s)`);
  deps.emitBatch(id);
  return deps.store.getBatch(id)!;
}

/**
 * The Engine's review methods (ReviewApi) and its report, in the one class chain the Engine
 * extends (hence EventEmitter here): each turns a request into a call of the review store,
 * the findings review (check-review.ts) or the functions above. The Engine gives the deps.
 */
export abstract class EngineReview extends EventEmitter implements ReviewApi {
  abstract readonly store: QueueStore;
  abstract readonly review: ReviewStore;
  protected abstract get reviewDeps(): ReviewDeps;

  async writeReport(batchId: string, format: ReportFormat, outFile?: string): Promise<string> {
    return writeReport(this.reviewDeps, batchId, format, outFile);
  }

  reviewItems(batchId: string, query?: ReviewQuery): { total: number; items: ReviewItem[] } {
    return this.review.items(batchId, query);
  }

  decide(req: { batchId: string; jobId: number; itemKey: string; action: ReviewAction; text?: string | null; reviewer?: string | null }): ReviewDecision {
    return this.review.decide(req.batchId, req.jobId, req.itemKey, req.action, req.text, req.reviewer);
  }

  clearDecision(req: { batchId: string; jobId: number; itemKey: string }): void {
    this.review.clear(req.batchId, req.jobId, req.itemKey);
  }

  bulkApprove(req: { batchId: string; jobId?: number; source?: ReviewItem['item']['source']; reviewer?: string | null }): number {
    return this.review.bulkApprove(req.batchId, { jobId: req.jobId, source: req.source }, req.reviewer);
  }

  reviewCounts(batchId: string, jobId?: number): ReviewCounts {
    return this.review.counts(batchId, jobId);
  }

  reviewGroups(batchId: string, query?: ReviewQuery): { total: number; groups: ReviewGroup[] } {
    return this.review.groups(batchId, query);
  }

  groupMembers(req: { batchId: string; groupKey: string; offset?: number; limit?: number }): { total: number; items: ReviewItem[] } {
    return this.review.groupMembers(req.batchId, req.groupKey, req.offset, req.limit);
  }

  decideGroup(req: { batchId: string; groupKey: string; action: ReviewAction; text?: string | null; reviewer?: string | null }): { decision: ReviewDecision; members: number } {
    return this.review.decideGroup(req.batchId, req.groupKey, req.action, req.text, req.reviewer);
  }

  clearGroup(req: { batchId: string; groupKey: string; reviewer?: string | null }): number {
    return this.review.clearGroup(req.batchId, req.groupKey, req.reviewer);
  }

  splitMember(req: { batchId: string; jobId: number; itemKey: string }): string {
    return this.review.split(req.batchId, req.jobId, req.itemKey);
  }

  bulkPreview(req: { batchId: string; jobId?: number; source?: ReviewItem['item']['source'] }): BulkPreview {
    return this.review.bulkPreview(req.batchId, { jobId: req.jobId, source: req.source });
  }

  approveAll(req: { batchId: string; jobId?: number; source?: ReviewItem['item']['source']; reviewer?: string | null }): BulkResult {
    return this.review.bulkApproveUndoable(req.batchId, { jobId: req.jobId, source: req.source }, req.reviewer);
  }

  undoBulk(req: { batchId: string; bulkId: string; reviewer?: string | null }): number {
    return this.review.undoBulk(req.batchId, req.bulkId, req.reviewer);
  }

  reviewDecks(req: { batchId: string; offset?: number; limit?: number }): { total: number; decks: ReviewDeckRow[] } {
    return this.review.decks(req.batchId, req.offset, req.limit);
  }

  exportDecisions(batchId: string, format: 'json' | 'csv', opts?: { all?: boolean }): string {
    return this.review.exportDecisions(batchId, format, opts);
  }

  importDecisions(batchId: string, content: string, format: 'json' | 'csv'): ImportResult {
    return this.review.importDecisions(batchId, content, format);
  }

  async reviewThumbnail(batchId: string, jobId: number, mediaPart: string): Promise<{ dataUrl: string } | { placeholder: string }> {
    return cachedReviewThumbnail(this.store, this.reviewDeps.home, batchId, jobId, mediaPart);
  }

  /** "Apply approved": a new `apply` batch writing the decisions into the original decks (applyApproved above). */
  async applyApproved(batchId: string): Promise<BatchInfo> {
    return applyApproved(this.reviewDeps, batchId);
  }

  /* ---------- review of checker findings (issue 13): check-review.ts ---------- */

  private get checkReview(): CheckReview {
    return new CheckReview(this.store, this.reviewDeps.now);
  }

  checkReviewItems(batchId: string, query?: { jobId?: number; filter?: 'all' | 'undecided' | 'decided'; rule?: CheckRuleId }): CheckReviewItem[] {
    return this.checkReview.items(batchId, query);
  }

  checkReviewGroups(batchId: string, query?: { rule?: CheckRuleId }): CheckReviewGroup[] {
    return this.checkReview.groups(batchId, query);
  }

  /** A page of grouped findings for the Review screen. */
  findingGroups(req: { batchId: string } & FindingGroupsQuery): FindingGroupsPage {
    const { batchId, ...q } = req;
    return this.checkReview.page(batchId, q);
  }

  decideFinding(req: { batchId: string; jobId: number; key: string; action: CheckAction; text?: string | null; reviewer?: string | null }): CheckDecision {
    return this.checkReview.decide(req.batchId, req.jobId, req.key, req.action, req.text, req.reviewer);
  }

  decideFindingGroup(req: { batchId: string; groupKey: string; action: CheckAction; text?: string | null; reviewer?: string | null }): number {
    return this.checkReview.decideGroup(req.batchId, req.groupKey, req.action, req.text, req.reviewer);
  }

  clearFindingDecision(req: { batchId: string; jobId: number; key: string }): void {
    this.checkReview.clear(req.batchId, req.jobId, req.key);
  }

  clearFindingGroup(req: { batchId: string; groupKey: string }): number {
    return this.checkReview.clearGroup(req.batchId, req.groupKey);
  }

  findingsBulkPreview(req: { batchId: string; rule?: CheckRuleId }): FindingsBulkPreview {
    return this.checkReview.bulkPreview(req.batchId, req.rule);
  }

  approveAllFindings(req: { batchId: string; rule?: CheckRuleId; reviewer?: string | null }): { approved: number; bulkId: string } {
    return this.checkReview.approveAll(req.batchId, req.rule, req.reviewer);
  }

  undoFindingsBulk(req: { batchId: string; bulkId: string }): number {
    return this.checkReview.undoBulk(req.batchId, req.bulkId);
  }
}
