/**
 * The accessibility-checker rules beyond ALT (issue 13): one list, named as PowerPoint's
 * Accessibility Checker names them, so a coordinator recognises every line of a report.
 * Detectors live in src/processor/checker/ (pure functions over a deck's parts); the
 * processor returns their findings in ProcessorResult.checks; reports, review and the
 * score read them from there. ALT itself stays in AltItem (issue 9): `missing-alt` is
 * listed here only so counts and the overall score cover every rule in one place.
 */
import type { AltTrust } from './types';

export const CHECK_RULES = [
  'missing-alt',
  'missing-slide-title',
  'duplicate-slide-title',
  'missing-table-header',
  'merged-cells',
  'reading-order',
  'unclear-hyperlink',
  'low-contrast',
  'missing-captions',
  'document-title',
  'document-language',
  'default-section-name',
  'restricted-access',
] as const;
export type CheckRuleId = (typeof CHECK_RULES)[number];

/** PowerPoint's words (Review › Check Accessibility) where it has the rule; ours where it has none. */
export const CHECK_RULE_NAMES: Readonly<Record<CheckRuleId, string>> = {
  'missing-alt': 'Missing alternative text',
  'missing-slide-title': 'Missing slide title',
  'duplicate-slide-title': 'Duplicate slide title',
  'missing-table-header': 'Missing table header',
  'merged-cells': 'Merged or split cells',
  'reading-order': 'Check reading order',
  'unclear-hyperlink': 'Unclear hyperlink text',
  'low-contrast': 'Hard-to-read text contrast',
  'missing-captions': 'Missing closed captions',
  'document-title': 'Missing presentation title',
  'document-language': 'Missing document language',
  'default-section-name': 'Default section name',
  'restricted-access': 'Restricted access',
};

/** PowerPoint's three groups: errors make content unreadable, warnings hard to read, tips are advice. */
export type CheckSeverity = 'error' | 'warning' | 'tip';
export const CHECK_RULE_SEVERITY: Readonly<Record<CheckRuleId, CheckSeverity>> = {
  'missing-alt': 'error',
  'missing-slide-title': 'error',
  'missing-table-header': 'error',
  'duplicate-slide-title': 'warning',
  'merged-cells': 'warning',
  'unclear-hyperlink': 'warning',
  'low-contrast': 'warning',
  'restricted-access': 'warning',
  'reading-order': 'tip',
  'missing-captions': 'tip',
  'document-title': 'tip',
  'document-language': 'tip',
  'default-section-name': 'tip',
};

/**
 * What AltDeck did about one finding:
 * - `fixed`: written into the output without review, only where that is safe (a document
 *   property taken from the deck itself, a header flag on a row that is plainly a header);
 * - `proposed`: a fix written into the output as a draft that a person must approve
 *   (a slide title, a new reading order is proposed but never written before approval);
 * - `flagged`: found, no fix AltDeck can make (merged cells, captions, restricted access);
 * - `not-checked`: the rule could not be decided from the file (text over a picture or a
 *   gradient for contrast) — said plainly, never counted as passing.
 */
export const CHECK_OUTCOMES = ['fixed', 'proposed', 'flagged', 'not-checked'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

export interface CheckFinding {
  rule: CheckRuleId;
  /** 1-based slide number; null for a deck-level finding (properties, access). */
  slide: number | null;
  /** The part a fix edits (ppt/slides/slide3.xml, docProps/core.xml, ppt/presentation.xml). */
  part: string;
  /** The object inside the part (a cNvPr id, a table's graphicFrame id); '' for the slide or deck. */
  target: string;
  outcome: CheckOutcome;
  /** One sentence a coordinator understands: what is wrong and what was done. */
  message: string;
  /** What the file holds today (a title, a link's text, "4.1:1"), when there is something to show. */
  current?: string | null;
  /** The fix AltDeck proposes or wrote (a title, link text, a shape order as ids). */
  proposal?: string | null;
  /** Where the proposal comes from (issue 9's trust levels); 'none' when there is no proposal. */
  trust: AltTrust;
  /** A key equal for findings one decision settles together (the grouped review, issue 11). */
  groupKey?: string;
  /**
   * True when the output deck holds the fix (a safe fix, or a proposal written as a draft);
   * false or absent when nothing was written (audit, a flag, a proposal kept for review).
   */
  written?: boolean;
}

/** The key one finding is known by across runs, review and apply: `${rule}|${part}#${target}`. */
export function findingKey(f: Pick<CheckFinding, 'rule' | 'part' | 'target'>): string {
  return `${f.rule}|${f.part}#${f.target}`;
}

/** Ally-like bands of the overall score (0–100), so "67–99" reads the same everywhere. */
export const SCORE_BANDS = [
  { min: 0, max: 33, label: 'Low' },
  { min: 34, max: 66, label: 'Medium' },
  { min: 67, max: 99, label: 'High' },
  { min: 100, max: 100, label: 'Perfect' },
] as const;
export type ScoreBand = (typeof SCORE_BANDS)[number]['label'];

export function scoreBand(score: number): ScoreBand {
  const s = Math.max(0, Math.min(100, Math.round(score)));
  for (const b of SCORE_BANDS) if (s >= b.min && s <= b.max) return b.label;
  return 'Low';
}

/** What no tool can check from a file; reports print it next to the score (issue 13). */
export const NOT_CHECKABLE = [
  'Meaning carried by colour alone (a red value that means "abnormal", a green that means "normal").',
  'Whether the reading order makes sense to a listener; AltDeck compares the file order with the visual order only.',
] as const;
