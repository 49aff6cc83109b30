/** The CLI's summary: a stable JSON shape (documented in the README) and its text form. */
import type { BatchInfo, JobInfo, DeckAudit } from '../shared/types';

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
}

export interface BatchSummary {
  batchId: string;
  state: BatchInfo['state'];
  dryRun: boolean;
  reason: string | null;
  counts: { total: number; succeeded: number; failed: number; skipped: number; cancelled: number; rejected: number; pending: number };
  /** Processing time of every run of the batch (pauses and time between runs excluded). */
  durationMs: number;
  outputDir: string;
  reports?: Record<string, string>;
  items: SummaryItem[];
}

export function buildSummary(batch: BatchInfo, jobs: JobInfo[], activeMs: number): BatchSummary {
  const c = batch.counts;
  return {
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
    items: jobs.map((j) => summaryItem(j, batch.settings.dryRun)),
  };
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
  if (p?.ok) item.audit = p.audit;
  if (j.result) item.pictures = { written: j.result.written, kept: j.result.kept, needsReview: j.result.needsReview, unresolved: j.result.unresolved };
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
  lines.push(
    `${s.dryRun ? 'Dry run' : 'Batch'} ${s.batchId}: ${s.state}. ${c.total} deck(s): ${c.succeeded} succeeded, ${c.failed} failed, ` +
      `${c.skipped} skipped, ${c.cancelled} cancelled, ${c.rejected} rejected by the check, ${c.pending} still to do.`,
  );
  if (s.reason) lines.push(s.reason);
  if (s.dryRun) {
    const ok = s.items.filter((i) => i.code === 'OK');
    const pics = ok.reduce((n, i) => n + (i.audit?.pictures ?? 0), 0);
    const missing = ok.reduce((n, i) => n + (i.audit?.picturesMissingAlt ?? 0), 0);
    lines.push(`${ok.length} deck(s) accepted with ${pics} picture(s), ${missing} without meaningful ALT text.`);
  }
  const bad = s.items.filter((i) => i.state === 'failed' || i.state === 'rejected' || (i.state === 'skipped' && i.code && i.code !== 'OK'));
  const word = { failed: 'FAILED  ', rejected: 'REJECTED', skipped: 'SKIPPED ' } as Record<string, string>;
  for (const i of bad) lines.push(`  ${word[i.state]} ${i.code}  ${i.path}\n           ${i.message ?? ''}${i.detail ? ` (${i.detail})` : ''}`);
  if (!s.dryRun && c.succeeded) lines.push(`Output: ${s.outputDir}`);
  if (s.reports) for (const [f, p] of Object.entries(s.reports)) lines.push(`Report (${f}): ${p}`);
  return lines.join('\n');
}
