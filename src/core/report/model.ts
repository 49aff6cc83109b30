/**
 * One view of a batch that every report format renders, so CSV, JSON and HTML can
 * never disagree about a count, a state or an error sentence.
 */
import type { AltItem, AltScore, BatchInfo, JobInfo, JobState, PreflightRejected, ReadBack } from '../../shared/types';
import { addScore, scoreOf, withReadBack, SOURCE_LABELS as SHARED_SOURCE_LABELS, STANDING_LABELS, standingAfter, TRUST_LABELS } from '../../shared/score';
import { describeError, type ErrorCode } from '../../shared/errors';
import type { ReviewCounts, ReviewDecision } from '../../shared/review';
import { buildOverview, type ReportOverview } from './overview';

export interface ReportInput {
  batch: BatchInfo;
  jobs: JobInfo[];
  generatedAt: number;
  appVersion: string;
  /** Files the preflight turned away (never enqueued): listed so nothing silently disappears. */
  rejected?: PreflightRejected[];
  /** Review and approve: counts per deck (job id) and each image's decision (`${jobId}|${part}#${shapeId}`). */
  review?: {
    counts: Map<number, ReviewCounts>;
    decisions: Map<string, ReviewDecision>;
    /** Jobs whose output was rewritten by "Apply approved": their result's read-back is of the final deck. */
    applied?: Set<number>;
  };
  /**
   * The review's work (issue 11 §1): identical images are one decision, so a batch needs
   * `decisions` decisions for its `images` reviewable images, `decided` of them made.
   */
  reviewWork?: { decisions: number; images: number; decided: number };
  /** Review decisions on checker findings (issue 13), by `${jobId}|${findingKey}`. */
  checkDecisions?: Map<string, { action: 'approve' | 'edit' | 'reject' }>;
  /**
   * A report for an output folder (every batch that wrote there) rather than one batch:
   * `batch` is then the newest of `batches`, and each deck says which batch it came from.
   */
  scope?: { outputDir: string; batches: BatchInfo[] };
}

/** A deck's state in a report: a job's state (rejected files included). */
export type DeckState = JobState;

export interface DeckError {
  code: ErrorCode | string;
  /** The sentence a coordinator reads: what happened and what to do. */
  message: string;
  detail?: string;
  exitCode?: number | null;
  signal?: string | null;
}

export interface DeckTotals {
  pictures: number;
  written: number;
  kept: number;
  proposed: number;
  decorative: number;
  needsReview: number;
  unresolved: number;
}

export interface DeckView {
  /** Job id, or null for a rejected file that never became a job. */
  jobId: number | null;
  /** The batch the deck's result comes from (null for a rejected file). */
  batchId: string | null;
  path: string;
  relPath: string;
  outputPath: string | null;
  state: DeckState;
  attempts: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  durationMs: number | null;
  error: DeckError | null;
  wroteOutput: boolean | null;
  slides: number | null;
  /** Slide pictures first, then pictures on layouts and masters. */
  items: AltItem[];
  totals: DeckTotals;
  /** Share of images that are done (a person's words or approved in review), before and after: scoreBefore/After.done / images. */
  accessibilityBefore: number | null;
  accessibilityAfter: number | null;
  /** The accessibility score: images done, draft (awaiting review) and missing, before and after (after counts review decisions). */
  scoreBefore: AltScore | null;
  scoreAfter: AltScore | null;
  /** Reviewed/approved/edited… counts when the batch was reviewed. */
  review?: ReviewCounts | null;
  /** The output deck read back after it was written (null: no output, or a result from before read-back). */
  readBack: ReadBack | null;
  /** Images the processor reported as written (or kept) that have no ALT in the file read back: scored missing. */
  notInFile: number;
}

/**
 * Share of images that are done: a person wrote or approved the text (or set the
 * decorative flag). Drafts from data, a model or evidence are not done until a person
 * approves them, and a placeholder never is (src/shared/score.ts). null without images.
 */
export function accessibilityScore(items: AltItem[], phase: 'before' | 'after', decisionOf?: (item: AltItem, index: number) => { action: ReviewDecision['action'] } | null | undefined): number | null {
  const s = scoreOf(items, phase, decisionOf);
  return s ? s.done / s.images : null;
}

function share(s: AltScore | null): number | null {
  return s ? s.done / s.images : null;
}

export function totalsOf(items: AltItem[]): DeckTotals {
  const t: DeckTotals = { pictures: items.length, written: 0, kept: 0, proposed: 0, decorative: 0, needsReview: 0, unresolved: 0 };
  for (const i of items) {
    if (i.status === 'written') t.written++;
    else if (i.status === 'kept') t.kept++;
    else if (i.status === 'proposed') t.proposed++;
    else if (i.status === 'decorative') t.decorative++;
    else if (i.status === 'unresolved') t.unresolved++;
    if (i.needsReview) t.needsReview++;
  }
  return t;
}

function errorOf(job: JobInfo): DeckError | null {
  const e = job.error;
  if (e) {
    return {
      code: e.code,
      message: e.message?.trim() || describeError(e.code),
      ...(e.detail ? { detail: e.detail } : {}),
      ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}),
      ...(e.signal !== undefined ? { signal: e.signal } : {}),
    };
  }
  const r = job.result;
  if (r?.skipped && r.skipCode) return { code: r.skipCode, message: describeError(r.skipCode), ...(r.skipReason ? { detail: r.skipReason } : {}) };
  if (job.preflight && !job.preflight.ok) {
    const p = job.preflight;
    return { code: p.code, message: p.message || describeError(p.code), ...(p.detail ? { detail: p.detail } : {}) };
  }
  if (job.state === 'cancelled') return { code: 'CANCELLED', message: describeError('CANCELLED') };
  return null;
}

export function deckFromJob(job: JobInfo, review?: ReportInput['review']): DeckView {
  const r = job.result;
  // Slide items carry what the file holds (layout pictures are not in the read-back).
  const readBack = r?.readBack ?? null;
  const decisionOf = (item: AltItem) => review?.decisions.get(`${job.id}|${item.part}#${item.shapeId}`) ?? null;
  // A decision not yet applied is not in the file yet: it scores as what it will write.
  const applied = review?.applied?.has(job.id) ?? false;
  const slideItems = withReadBack(r?.items ?? [], readBack, applied ? undefined : (i) => !!decisionOf(i));
  const items = [...slideItems, ...(r?.layoutItems ?? [])];
  const totals = totalsOf(items);
  let notInFile = slideItems.filter((i) => i.missingInFile && standingAfter({ ...i, missingInFile: false }, decisionOf(i)) !== 'missing').length;
  // The score counts slide images, like the CLI summary and PowerPoint's checker: layout and
  // master pictures are listed for the reviewer but never changed, read back or checked.
  const scoreBefore = scoreOf(slideItems, 'before');
  const scoreAfter = scoreOf(slideItems, 'after', decisionOf);
  // A custom processor may report counts without listing items: trust its counts then.
  if (!items.length && r) {
    totals.pictures = r.objects ?? 0;
    totals.written = r.written ?? 0;
    totals.kept = r.kept ?? 0;
    totals.needsReview = r.needsReview ?? 0;
    totals.unresolved = r.unresolved ?? 0;
    if (readBack) {
      // No items to match: the file's figures win where they disagree with the counts.
      notInFile = Math.min(totals.written + totals.kept, Math.max(0, readBack.missingAlt - totals.unresolved));
      totals.pictures = readBack.pictures;
      totals.unresolved = Math.max(totals.unresolved, readBack.missingAlt);
    }
  }
  return {
    jobId: job.id,
    batchId: job.batchId,
    path: job.inputPath,
    relPath: job.relPath || job.inputPath,
    outputPath: job.outputPath,
    state: job.state === 'succeeded' && r?.skipped ? 'skipped' : job.state,
    attempts: job.attempts,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    durationMs: job.durationMs,
    error: errorOf(job),
    wroteOutput: r ? r.wroteOutput : null,
    slides: r?.slides ?? (job.preflight?.ok ? job.preflight.audit.slides : null),
    items,
    totals,
    accessibilityBefore: share(scoreBefore),
    accessibilityAfter: share(scoreAfter),
    scoreBefore,
    scoreAfter,
    review: review?.counts.get(job.id) ?? null,
    readBack,
    notInFile,
  };
}

export function deckFromRejected(p: PreflightRejected): DeckView {
  return {
    jobId: null,
    batchId: null,
    path: p.path,
    relPath: p.path,
    outputPath: null,
    state: 'rejected',
    attempts: null,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    error: { code: p.code, message: p.message || describeError(p.code), ...(p.detail ? { detail: p.detail } : {}) },
    wroteOutput: null,
    slides: null,
    items: [],
    totals: totalsOf([]),
    accessibilityBefore: null,
    accessibilityAfter: null,
    scoreBefore: null,
    scoreAfter: null,
    readBack: null,
    notInFile: 0,
  };
}

/** The batch's totals: the decks' DeckTotals added up, plus counts by state. */
export interface ReportSummary extends DeckTotals {
  decks: number;
  counts: Record<DeckState, number>;
  accessibilityBefore: number | null;
  accessibilityAfter: number | null;
  scoreBefore: AltScore | null;
  scoreAfter: AltScore | null;
  /** Images reported as written that the decks, read back, hold without ALT (DeckView.notInFile summed). */
  notInFile: number;
}

export interface ReportModel {
  input: ReportInput;
  decks: DeckView[];
  summary: ReportSummary;
  /** What needs attention, ranked, and the roll-up per folder (overview.ts). */
  overview: ReportOverview;
}

/** Decks in a stable order (by path, the order a person browses a share in), rejected files last. */
export function buildModel(input: ReportInput): ReportModel {
  const jobs = [...input.jobs].sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : a.id - b.id));
  const decks = [...jobs.map((j) => deckFromJob(j, input.review)), ...(input.rejected ?? []).map(deckFromRejected)];
  const counts: Record<DeckState, number> = {
    pending: 0,
    running: 0,
    retrying: 0,
    succeeded: 0,
    failed: 0,
    skipped: 0,
    cancelled: 0,
    rejected: 0,
  };
  const summary: ReportSummary = {
    decks: decks.length,
    counts,
    ...totalsOf([]),
    accessibilityBefore: null,
    accessibilityAfter: null,
    scoreBefore: null,
    scoreAfter: null,
    notInFile: 0,
  };
  for (const d of decks) {
    counts[d.state]++;
    summary.notInFile += d.notInFile;
    for (const k of Object.keys(d.totals) as Array<keyof DeckTotals>) summary[k] += d.totals[k];
    summary.scoreBefore = addScore(summary.scoreBefore, d.scoreBefore);
    summary.scoreAfter = addScore(summary.scoreAfter, d.scoreAfter);
  }
  summary.accessibilityBefore = share(summary.scoreBefore);
  summary.accessibilityAfter = share(summary.scoreAfter);
  return { input, decks, summary, overview: buildOverview(decks) };
}

/** Where a text came from, as the report says it (src/shared/score.ts has the one list). */
export const SOURCE_LABELS: Record<string, string> = Object.fromEntries(Object.entries(SHARED_SOURCE_LABELS).map(([k, v]) => [k, v[0].toUpperCase() + v.slice(1)]));

export { STANDING_LABELS, TRUST_LABELS, standingAfter };

export const STATUS_LABELS: Record<string, string> = {
  kept: 'Kept',
  written: 'Written',
  proposed: 'Proposed (audit only, not written)',
  decorative: 'Decorative',
  'decorative-candidate': 'Proposed as decorative',
  unresolved: 'Needs a person: nothing in the deck says what it shows',
};

export const VERDICT_LABELS: Record<string, string> = {
  missing: 'Missing',
  junk: 'Not meaningful (the review reasons say why)',
  altdeck: 'AltDeck’s own earlier draft (not a person’s)',
  person: 'Written by a person',
};

export const STATE_LABELS: Record<DeckState, string> = {
  pending: 'Waiting',
  running: 'Running',
  retrying: 'Waiting to retry',
  succeeded: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
  rejected: 'Not accepted',
};
