/**
 * JSON report, schema `altdeck-report/1`. The shape is a contract for scripts that
 * schools write around AltDeck: add fields freely, never rename or remove one
 * without bumping the schema.
 *
 * {
 *   schema: 'altdeck-report/1',
 *   generatedAt: ISO string, appVersion: string,
 *   batch: { id, state, createdAt, startedAt, finishedAt (ISO | null), reason, settings, counts,
 *            durationMs (processing time of every run of the batch: pauses and time between runs excluded) },
 *   summary: { decks, counts {pending, running, retrying, succeeded, failed, skipped, cancelled, rejected (refused by
 *              the check, never processed; each deck's error says why)},
 *              pictures, written, kept, proposed, decorative, needsReview, unresolved,
 *              accessibilityBefore, accessibilityAfter (0..1 | null: share of images that are done),
 *              scoreBefore, scoreAfter ({ images, done, draft, missing } | null: done = a person's text or
 *              flag, or approved in review; draft = data, model or evidence awaiting review; missing =
 *              nothing, junk or a placeholder; after counts review decisions),
 *              notInFile (images the processor reported as written that the decks, read back, hold without ALT) },
 *   attention: [{ deck (relPath), kind ('failed' | 'missing' | 'draft'), count (images) }] most severe first,
 *   folders: [{ folder ('' = top), decks, done, failed, other, scoreBefore, scoreAfter }],
 *   decks: [{ jobId (null for rejected files), path, relPath, outputPath, state, attempts,
 *             startedAt, finishedAt (ISO | null), durationMs,
 *             error { code, message, detail?, exitCode?, signal? } | null,
 *             wroteOutput, slides, totals { pictures, written, kept, proposed, decorative, needsReview, unresolved },
 *             accessibilityBefore, accessibilityAfter, scoreBefore, scoreAfter,
 *             readBack { pictures, missingAlt, decorative, missing: 'part#shapeId'[] } | null (the output read back), notInFile,
 *             items: AltItem[] (src/shared/types.ts, with source and trust, missingInFile when the file read back has
 *                    no ALT for it; slide pictures, then layout/master pictures) }],
 *   checks: the checker rules (issue 13, src/core/report/checks.ts): { rules [{ id, name, severity }], bands,
 *           notCheckable (what no tool can check), batch, courses, folders ({ name, decks, before, after }: before/after
 *           = { rules { <rule id>: { checked, issues, draft, notChecked } }, score 0..100 | null, band }),
 *           decks [{ jobId, relPath, folder, course, findings: CheckFinding[], before, after }] },
 *   reviewWork: { decisions, images, decided } | null: the decisions the review needs for its images
 *           (identical images are one decision, issue 11 §1) and how many are made
 * }
 */
import { buildModel, type DeckView, type ReportInput, type ReportSummary } from './model';
import type { AttentionKind, FolderRollup } from './overview';
import { checksJson, checksModel } from './checks';
import type { AltItem, BatchSettings, BatchState, StateCounts } from '../../shared/types';

export const REPORT_SCHEMA = 'altdeck-report/1';

const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export interface ReportJsonDeck extends Omit<DeckView, 'startedAt' | 'finishedAt' | 'items'> {
  startedAt: string | null;
  finishedAt: string | null;
  items: AltItem[];
}

export interface ReportJson {
  schema: typeof REPORT_SCHEMA;
  /** The checker rules (issue 13): counts per rule and scores per deck, folder, course and batch. */
  checks?: ReturnType<typeof checksJson>;
  /** Decisions the review needs for its images (identical images are one), and how many are made; null without a review index. */
  reviewWork?: { decisions: number; images: number; decided: number } | null;
  generatedAt: string;
  appVersion: string;
  batch: {
    id: string;
    state: BatchState;
    createdAt: string | null;
    startedAt: string | null;
    finishedAt: string | null;
    reason: string | null;
    settings: BatchSettings;
    counts: StateCounts;
    durationMs: number;
  };
  summary: ReportSummary;
  /** What needs attention, most severe first (deck = relPath), and the roll-up per folder ('' = the top folder). */
  attention: Array<{ deck: string; kind: AttentionKind; count: number }>;
  folders: FolderRollup[];
  decks: ReportJsonDeck[];
}

export function toReportJson(input: ReportInput): ReportJson {
  const model = buildModel(input);
  const b = input.batch;
  return {
    schema: REPORT_SCHEMA,
    generatedAt: new Date(input.generatedAt).toISOString(),
    appVersion: input.appVersion,
    batch: {
      id: b.id,
      state: b.state,
      createdAt: iso(b.createdAt),
      startedAt: iso(b.startedAt),
      finishedAt: iso(b.finishedAt),
      reason: b.reason,
      settings: b.settings,
      counts: b.counts,
      durationMs: b.activeMs ?? 0,
    },
    summary: model.summary,
    decks: model.decks.map((d) => ({ ...d, startedAt: iso(d.startedAt), finishedAt: iso(d.finishedAt) })),
    checks: checksJson(checksModel(input, input.checkDecisions)),
    reviewWork: input.reviewWork ?? null,
    attention: model.overview.attention.map((a) => ({ deck: model.decks[a.deck].relPath, kind: a.kind, count: a.count })),
    folders: model.overview.folders,
  };
}

export function toJson(input: ReportInput): string {
  return JSON.stringify(toReportJson(input), null, 2) + '\n';
}
