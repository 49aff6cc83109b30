/** The CLI's summary: a stable JSON shape (documented in the README) and its text form. */
import type { AltScore, BatchInfo, JobInfo, DeckAudit, PreflightResult } from '../shared/types';
import { addScore, scoreLine, scoreOf, withReadBack } from '../shared/score';
import { CHECK_RULES, CHECK_RULE_NAMES, NOT_CHECKABLE } from '../shared/checker';
import { checksModel } from '../core/report/checks';
import { deckFromJob } from '../core/report/model';
import { dryRunPlan, formatEstimate } from '../core/report/dry-run';
import { displayPath } from '../core/fs-path';

export interface SummaryItem {
  path: string;
  state: JobInfo['state'];
  code: string | null;
  message: string | null;
  detail?: string;
  attempts: number;
  outputPath: string | null;
  durationMs: number | null;
  audit?: DeckAudit;
  pictures?: { written: number; kept: number; needsReview: number; unresolved: number };
  /** The deck's images: done / draft (awaiting review) / missing, before and after (src/shared/score.ts). */
  score?: { before: AltScore | null; after: AltScore | null };
  /** The output deck read back (issue 14 §2): its pictures, those without ALT, decorative ones, and how many
   * images the processor reported as written have no ALT in the file (`notInFile`, scored missing). */
  readBack?: { pictures: number; missingAlt: number; decorative: number; notInFile: number };
}

export interface BatchSummary {
  /** null when nothing could be processed and no batch was created. */
  batchId: string | null;
  state: BatchInfo['state'] | null;
  dryRun: boolean;
  reason: string | null;
  counts: { total: number; succeeded: number; failed: number; skipped: number; cancelled: number; rejected: number; pending: number };
  /** Processing time of every run of the batch (pauses and time between runs excluded). */
  durationMs: number;
  outputDir: string;
  reports?: Record<string, string>;
  /** Every deck's images added up: done / draft (awaiting review) / missing alternative text. */
  score: { before: AltScore | null; after: AltScore | null };
  /** Images the processor reported as written that the decks, read back, hold without ALT. */
  notInFile: number;
  /** Dry runs: the time estimate and the rates it is based on (null for a custom processor). */
  estimate?: { ms: number; perDeckMs: number; perPictureMs: number; workers: number; decks: number; pictures: number } | null;
  items: SummaryItem[];
  /** The checker rules (issue 13): the 0–100 score before and after, and per rule the issues before and after. */
  checks?: {
    before: number | null;
    bandBefore: string | null;
    after: number | null;
    bandAfter: string | null;
    awaitingReview: number;
    rules: Array<{ id: string; name: string; checked: number; before: number; after: number; awaitingReview: number }>;
  };
}

/** What to print when the check found nothing to process: no batch was created. */
export function rejectedSummary(files: PreflightResult[], dryRun: boolean): BatchSummary {
  return {
    batchId: null,
    state: null,
    dryRun,
    reason: 'Nothing can be processed; no batch was created.',
    counts: { total: files.length, succeeded: 0, failed: 0, skipped: 0, cancelled: 0, rejected: files.filter((f) => !f.ok).length, pending: 0 },
    durationMs: 0,
    outputDir: '',
    score: { before: null, after: null },
    notInFile: 0,
    items: files.map((f) => ({
      path: f.path,
      state: f.ok ? 'skipped' : 'rejected',
      code: f.code,
      message: f.ok ? null : f.message,
      ...(!f.ok && f.detail ? { detail: f.detail } : {}),
      attempts: 0,
      outputPath: null,
      durationMs: null,
      ...(f.ok ? { audit: f.audit } : {}),
    })),
  };
}

export function buildSummary(batch: BatchInfo, jobs: JobInfo[], activeMs: number): BatchSummary {
  const c = batch.counts;
  const s: BatchSummary = {
    batchId: batch.id,
    state: batch.state,
    dryRun: batch.settings.dryRun,
    reason: batch.reason,
    counts: {
      total: c.total,
      succeeded: c.succeeded,
      failed: c.failed,
      skipped: c.skipped,
      cancelled: c.cancelled,
      rejected: c.rejected,
      // Retrying and (after a hard stop) running decks are still to be done.
      pending: c.pending + c.retrying + c.running,
    },
    durationMs: activeMs,
    outputDir: batch.settings.outputDir,
    score: { before: null, after: null },
    notInFile: 0,
    items: jobs.map((j) => summaryItem(j, batch.settings.dryRun)),
  };
  for (const i of s.items) {
    s.notInFile += i.readBack?.notInFile ?? 0;
    s.score.before = addScore(s.score.before, i.score?.before ?? null);
    s.score.after = addScore(s.score.after, i.score?.after ?? null);
  }
  if (!batch.settings.dryRun) {
    const m = checksModel({ batch, jobs, generatedAt: 0, appVersion: '' });
    const { before, after } = m.batch;
    if (before.score !== null || after.score !== null) {
      s.checks = {
        before: before.score,
        bandBefore: before.band,
        after: after.score,
        bandAfter: after.band,
        awaitingReview: Object.values(after.rules).reduce((n, c) => n + (c?.draft ?? 0), 0),
        rules: CHECK_RULES.filter((id) => (before.rules[id]?.checked ?? 0) > 0).map((id) => ({
          id,
          name: CHECK_RULE_NAMES[id],
          checked: before.rules[id]!.checked,
          before: before.rules[id]!.issues,
          after: after.rules[id]?.issues ?? 0,
          awaitingReview: after.rules[id]?.draft ?? 0,
        })),
      };
    }
  }
  if (batch.settings.dryRun) {
    const e = dryRunPlan(batch, jobs).estimate;
    s.estimate = e && { ms: e.ms, perDeckMs: e.perDeckMs, perPictureMs: e.perPictureMs, workers: e.workers, decks: e.decks, pictures: e.pictures };
  }
  return s;
}

function summaryItem(j: JobInfo, dryRun: boolean): SummaryItem {
  const p = j.preflight;
  const okInDryRun = dryRun && p?.ok;
  const item: SummaryItem = {
    path: j.inputPath,
    state: j.state,
    code: okInDryRun ? 'OK' : (j.error?.code ?? (j.state === 'succeeded' ? 'OK' : null)),
    message: okInDryRun ? null : (j.error?.message ?? null),
    attempts: j.attempts,
    outputPath: j.outputPath,
    durationMs: j.durationMs,
  };
  if (j.error?.detail) item.detail = j.error.detail;
  const reused = j.result?.reusedFrom as { jobId: number; inputPath: string } | undefined;
  if (reused && j.state === 'succeeded') item.detail = `identical to ${reused.inputPath} (job ${reused.jobId}): its output was copied, not processed again`;
  if (p?.ok) item.audit = p.audit;
  if (j.result) {
    item.pictures = { written: j.result.written, kept: j.result.kept, needsReview: j.result.needsReview, unresolved: j.result.unresolved };
    // Scored on what the written deck holds, read back, where it disagrees with the processor.
    const items = withReadBack(j.result.items ?? [], j.result.readBack);
    const rb = j.result.readBack;
    if (rb) item.readBack = { pictures: rb.pictures, missingAlt: rb.missingAlt, decorative: rb.decorative, notInFile: deckFromJob(j).notInFile };
    if (items.length) item.score = { before: scoreOf(items, 'before'), after: scoreOf(items, 'after') };
  }
  return item;
}

export const EXIT_OK = 0;
export const EXIT_SOME_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_THRESHOLD = 3;
/** Paused (low disk, a full or broken database) or decks still to do: resume it. */
export const EXIT_UNFINISHED = 4;

/** Exit codes of `altdeck batch`, `altdeck retry` (README "Exit codes"). */
export function exitCodeFor(s: BatchSummary): number {
  if (s.dryRun) return s.counts.rejected || s.counts.failed ? EXIT_SOME_FAILED : EXIT_OK;
  if (s.state === 'aborted' && s.reason?.startsWith('Stopped:')) return EXIT_THRESHOLD;
  // Unfinished beats failed: the batch is not over, and a script must know to resume it.
  if (s.state === 'paused' || s.state === 'interrupted' || s.state === 'active' || s.counts.pending > 0) return EXIT_UNFINISHED;
  if (s.counts.failed > 0 || s.counts.rejected > 0) return EXIT_SOME_FAILED;
  return EXIT_OK;
}

export function formatSummaryText(s: BatchSummary): string {
  const lines: string[] = [];
  const c = s.counts;
  if (s.batchId === null) lines.push(`${c.total} file(s) checked, none can be processed. No batch was created.`);
  else if (s.dryRun) lines.push(`Dry run ${s.batchId}: ${c.total} file(s) checked: ${c.total - c.rejected} accepted, ${c.rejected} rejected by the check.`);
  else
    lines.push(
      `Batch ${s.batchId}: ${s.state}. ${c.total} deck(s): ${c.succeeded} succeeded, ${c.failed} failed, ` +
        `${c.skipped} skipped, ${c.cancelled} cancelled, ${c.rejected} rejected by the check, ${c.pending} still to do.`,
    );
  if (s.reason && s.batchId !== null && !(s.dryRun && s.reason === 'dry run')) lines.push(s.reason);
  if (s.dryRun && s.batchId !== null) {
    const ok = s.items.filter((i) => i.code === 'OK');
    const pics = ok.reduce((n, i) => n + (i.audit?.pictures ?? 0), 0);
    const missing = ok.reduce((n, i) => n + (i.audit?.picturesMissingAlt ?? 0), 0);
    lines.push(`${ok.length} deck(s) accepted with ${pics} picture(s), ${missing} without meaningful ALT text.`);
    const signed = ok.filter((i) => i.audit?.signed).length;
    if (signed) lines.push(`${signed} of them are digitally signed and will be left as they are (SIGNED_DECK).`);
    if (s.estimate !== undefined) lines.push(formatEstimate(s.estimate));
  }
  // A re-run skips every deck done before: one line for all of them, not a second line per deck
  // after the live one (the reports list each).
  const done = s.items.filter((i) => i.state === 'skipped' && i.code === 'ALREADY_DONE');
  if (done.length) lines.push(`${done.length} deck(s) were already done with the same settings and were skipped (--force processes them again).`);
  const bad = s.items.filter((i) => i.state === 'failed' || i.state === 'rejected' || (i.state === 'skipped' && i.code && i.code !== 'OK' && i.code !== 'ALREADY_DONE'));
  const word = { failed: 'FAILED  ', rejected: 'REJECTED', skipped: 'SKIPPED ' } as Record<string, string>;
  for (const i of bad) lines.push(`  ${word[i.state]} ${i.code}  ${displayPath(i.path)}\n           ${i.message ?? ''}${i.detail ? ` (${i.detail})` : ''}`);
  // never a single "accessible" percentage: drafts nobody reviewed are not done
  if (!s.dryRun && s.score.after) lines.push(`Images before: ${scoreLine(s.score.before)}.\nImages after:  ${scoreLine(s.score.after)}.`);
  if (!s.dryRun && s.notInFile)
    lines.push(`Needs attention: ${s.notInFile} image(s) the processor reported as written have no ALT in the file (counted as missing; the report lists them).`);
  if (!s.dryRun && s.score.after?.draft) lines.push('Drafts are in the decks but nobody has checked them: review them (altdeck review, or the app’s Review screen).');
  if (!s.dryRun && s.checks) {
    const k = s.checks;
    const sc = (n: number | null, b: string | null) => (n === null ? 'none' : `${n} (${b})`);
    lines.push(`Accessibility checker score (0–100): before ${sc(k.before, k.bandBefore)}, after ${sc(k.after, k.bandAfter)}${k.awaitingReview ? `; ${k.awaitingReview} fix(es) await review and count only once approved` : ''}.`);
    const failing = k.rules.filter((r) => r.before || r.after || r.awaitingReview);
    if (failing.length) lines.push(`Issues per rule, before → after: ${failing.map((r) => `${r.name} ${r.before} → ${r.after}${r.awaitingReview ? ` (+${r.awaitingReview} awaiting review)` : ''}`).join('; ')}.`);
    lines.push(`No tool can check: ${NOT_CHECKABLE.map((x) => x.replace(/ \(.*\)|;.*$/, '').replace(/\.$/, '').toLowerCase()).join('; ')}.`);
  }
  if (!s.dryRun && c.succeeded) lines.push(`Output: ${s.outputDir}`);
  if (s.reports) for (const [f, p] of Object.entries(s.reports)) lines.push(`Report (${f}): ${p}`);
  return lines.join('\n');
}
