/**
 * What a dry run found (issue 14 §1). A dry run processes nothing, so the report
 * model's image rows (read from processing results) are empty; what the dry run
 * has is each deck's audit. This is the one view of it that the CSV, JSON and HTML
 * dry-run reports and the CLI summary render: every accepted deck's audit, what
 * will be skipped and why, what was not accepted, and the time estimate with the
 * rates it rests on.
 */
import type { BatchInfo, DeckAudit, JobInfo } from '../../shared/types';
import { describeError } from '../../shared/errors';
import { DEFAULT_PER_DECK_MS, estimateFromAudit, perPictureMsFor } from '../progress/estimate';
import { formatDuration } from '../progress/format';
import { csvCell } from './csv';
import { toReportJson } from './json';
import type { ReportInput } from './model';
import { SIGNED_WARNING } from '../preflight/audit';

export interface DryRunDeck {
  jobId: number;
  path: string;
  relPath: string;
  size: number | null;
  audit: DeckAudit;
  /** Set when the deck is accepted but a run will leave it as it is. */
  willSkip: { code: string; message: string } | null;
  /** What a coordinator should know that changes nothing: macros, hidden slides, warnings. */
  notes: string[];
}

export interface DryRunReject {
  jobId: number | null;
  path: string;
  relPath: string;
  code: string;
  message: string;
  detail?: string;
}

export interface DryRunEstimate {
  ms: number;
  /** The rates behind it: the built-in processor's, measured on real decks (src/core/progress/estimate.ts). */
  perDeckMs: number;
  perPictureMs: number;
  workers: number;
  /** What it covers: the decks that will be processed and their pictures. */
  decks: number;
  pictures: number;
  ocr: boolean;
  model: boolean;
}

export interface DryRunTotals {
  files: number;
  accepted: number;
  toProcess: number;
  willSkip: number;
  rejected: number;
  slides: number;
  pictures: number;
  picturesMissingAlt: number;
  graphicFrames: number;
  bytes: number;
}

export interface DryRunPlan {
  accepted: DryRunDeck[];
  willSkip: DryRunDeck[];
  rejected: DryRunReject[];
  totals: DryRunTotals;
  /** null for a custom processor: its speed is unknown, and a made-up figure would mislead. */
  estimate: DryRunEstimate | null;
}

// SIGNED_DECK's own sentence reports what happened; before the run, say what will.
const SIGNED_FORECAST = 'The deck is digitally signed; changing it would break the signature, so the run will leave it as it is. Remove the signature in PowerPoint to process it.';

const byPath = <T extends { relPath: string }>(a: T, b: T) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0);

function notesFor(audit: DeckAudit, warnings: string[]): string[] {
  const notes: string[] = [];
  if (audit.macroEnabled) notes.push('Macro-enabled: the macros are copied unchanged; AltDeck never runs or edits them.');
  if (audit.hiddenSlides) notes.push(`${audit.hiddenSlides} hidden slide${audit.hiddenSlides === 1 ? '' : 's'}: processed like the others.`);
  for (const w of warnings) if (w !== SIGNED_WARNING) notes.push(w);
  return notes;
}

export function dryRunPlan(batch: BatchInfo, jobs: JobInfo[]): DryRunPlan {
  const builtIn = batch.settings.processor === null;
  const accepted: DryRunDeck[] = [];
  const rejected: DryRunReject[] = [];
  for (const j of jobs) {
    const p = j.preflight;
    const relPath = j.relPath || j.inputPath;
    if (p?.ok) {
      // The built-in processor leaves signed decks alone (editing breaks the signature); a custom one decides for itself.
      const willSkip = builtIn && p.audit.signed ? { code: 'SIGNED_DECK', message: SIGNED_FORECAST } : null;
      accepted.push({ jobId: j.id, path: j.inputPath, relPath, size: p.size, audit: p.audit, willSkip, notes: notesFor(p.audit, p.warnings ?? []) });
    } else {
      const e = j.error ?? (p && !p.ok ? { code: p.code, message: p.message, detail: p.detail } : null);
      const code = e?.code ?? 'NOT_READABLE';
      rejected.push({ jobId: j.id, path: j.inputPath, relPath, code, message: e?.message?.trim() || describeError(code as never), ...(e?.detail ? { detail: e.detail } : {}) });
    }
  }
  accepted.sort(byPath);
  rejected.sort(byPath);
  const willSkip = accepted.filter((d) => d.willSkip);
  const toProcess = accepted.filter((d) => !d.willSkip);
  const sum = (list: DryRunDeck[], f: (d: DryRunDeck) => number) => list.reduce((n, d) => n + f(d), 0);
  const totals: DryRunTotals = {
    files: accepted.length + rejected.length,
    accepted: accepted.length,
    toProcess: toProcess.length,
    willSkip: willSkip.length,
    rejected: rejected.length,
    slides: sum(accepted, (d) => d.audit.slides),
    pictures: sum(accepted, (d) => d.audit.pictures),
    picturesMissingAlt: sum(accepted, (d) => d.audit.picturesMissingAlt),
    graphicFrames: sum(accepted, (d) => d.audit.graphicFrames),
    bytes: sum(accepted, (d) => d.size ?? 0),
  };
  let estimate: DryRunEstimate | null = null;
  if (builtIn) {
    const s = batch.settings;
    const perPictureMs = perPictureMsFor(s);
    const pictures = sum(toProcess, (d) => d.audit.pictures);
    estimate = {
      ms: estimateFromAudit({ decks: toProcess.length, pictures }, s.workers, perPictureMs, DEFAULT_PER_DECK_MS),
      perDeckMs: DEFAULT_PER_DECK_MS,
      perPictureMs,
      workers: s.workers,
      decks: toProcess.length,
      pictures,
      ocr: s.ocr,
      model: Boolean(s.modelServer),
    };
  }
  return { accepted, willSkip, rejected, totals, estimate };
}

const seconds = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toLocaleString('en-US', { maximumFractionDigits: 2 })} s` : `${ms} ms`);

/** The rates in words, so a coordinator can redo the sum for another share. */
export function estimateBasis(e: Pick<DryRunEstimate, 'perDeckMs' | 'perPictureMs' | 'workers'> & { ocr?: boolean; model?: boolean }): string {
  const extras = [e.ocr ? 'OCR' : null, e.model ? 'the vision model' : null].filter(Boolean).join(' and ');
  return (
    `${seconds(e.perDeckMs)} per deck + ${seconds(e.perPictureMs)} per picture${extras ? ` (with ${extras})` : ''}, ` +
    `divided by ${e.workers} worker${e.workers === 1 ? '' : 's'}: the built-in processor's rates measured on real decks, rounded up`
  );
}

export function formatEstimate(e: (Pick<DryRunEstimate, 'ms' | 'perDeckMs' | 'perPictureMs' | 'workers' | 'decks' | 'pictures'> & { ocr?: boolean; model?: boolean }) | null): string {
  if (!e) return 'No time estimate: the speed of a custom processor is unknown.';
  return `Estimated processing time: ${formatDuration(e.ms)} for ${e.decks} deck(s) and ${e.pictures} picture(s) (${estimateBasis(e)}).`;
}

/* ------------------------------ CSV ------------------------------ */

export const DRY_RUN_CSV_COLUMNS = [
  'Deck',
  'Verdict',
  'Code',
  'Message',
  'Slides',
  'Pictures',
  'Pictures missing ALT',
  'Charts, tables, SmartArt, media',
  'Hidden slides',
  'Signed',
  'Macro-enabled',
  'Size (bytes)',
  'Notes',
] as const;

/** One row per file (accepted, will be skipped, not accepted), then a total row carrying the estimate. */
export function toDryRunCsv(input: ReportInput): string {
  const plan = dryRunPlan(input.batch, input.jobs);
  const row = (cells: Array<string | number | boolean | null>) => cells.map(csvCell).join(',');
  const lines = [row([...DRY_RUN_CSV_COLUMNS])];
  for (const d of plan.accepted) {
    const a = d.audit;
    lines.push(
      row([
        d.path,
        d.willSkip ? 'Will be skipped' : 'Will be processed',
        d.willSkip?.code ?? 'OK',
        d.willSkip?.message ?? null,
        a.slides,
        a.pictures,
        a.picturesMissingAlt,
        a.graphicFrames,
        a.hiddenSlides,
        a.signed,
        a.macroEnabled,
        d.size,
        d.notes.join(' '),
      ]),
    );
  }
  for (const r of [...plan.rejected, ...(input.rejected ?? []).map((p) => ({ path: p.path, code: p.code, message: p.message, detail: p.detail }))]) {
    lines.push(row([r.path, 'Not accepted', r.code, r.detail ? `${r.message} (${r.detail})` : r.message, null, null, null, null, null, null, null, null, null]));
  }
  const t = plan.totals;
  lines.push(row(['Total', `${t.toProcess} to process, ${t.willSkip} to skip, ${t.rejected} not accepted`, null, formatEstimate(plan.estimate), t.slides, t.pictures, t.picturesMissingAlt, t.graphicFrames, null, null, null, t.bytes, null]));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/* ------------------------------ JSON ------------------------------ */

/**
 * The `altdeck-report/1` document (same shape as a processing report, so scripts
 * keep working) where each accepted deck's picture count comes from its audit, plus
 * per deck `audit`, `willSkip`, `notes`, and a top-level `dryRun` {totals, estimate}.
 */
export function toDryRunJson(input: ReportInput): string {
  const base = toReportJson(input);
  const plan = dryRunPlan(input.batch, input.jobs);
  const byJob = new Map(plan.accepted.map((d) => [d.jobId, d]));
  const doc = {
    ...base,
    summary: { ...base.summary, pictures: plan.totals.pictures },
    decks: base.decks.map((d) => {
      const a = d.jobId === null ? undefined : byJob.get(d.jobId);
      return a ? { ...d, slides: a.audit.slides, totals: { ...d.totals, pictures: a.audit.pictures }, audit: a.audit, willSkip: a.willSkip, notes: a.notes } : d;
    }),
    dryRun: { totals: plan.totals, estimate: plan.estimate, estimateText: formatEstimate(plan.estimate) },
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
