/**
 * The checker score (issue 13): per deck, for every rule, how many things were checked and
 * how many fail, before the run and after it (and after review); and one number from 0 to 100
 * in Ally-like bands. Pure: the reports, the CLI summary and the review all call these.
 *
 * - Before: every finding is an issue (a fix AltDeck made is an issue of the original).
 * - After: a safe fix in the file passes; a proposal written as a draft is a draft (awaiting
 *   review, not passing — issue 9's rule for ALT drafts); a proposal approved or edited in
 *   review passes, a rejected one stays an issue; a flag stays an issue; "not checked" is
 *   counted apart and never as passing.
 * - ALT is the `missing-alt` rule: images checked, missing = issues, draft = drafts (score.ts).
 * - The score: each rule's share of passing things (checked − not checked as denominator),
 *   weighted by severity (error 3, warning 2, tip 1), over the rules that apply to the deck.
 *   100 only when everything passes; anything less is at most 99.
 */
import { CHECK_RULES, CHECK_RULE_SEVERITY, scoreBand, type CheckFinding, type CheckRuleId, type CheckSeverity, type ScoreBand } from './checker';
import type { AltScore } from './types';

export interface RuleCount {
  /** Things the rule looked at (slides, tables, images; 1 for a deck property). */
  checked: number;
  /** Things that fail the rule. */
  issues: number;
  /** Fixes in the file awaiting a person's review (not passing yet). */
  draft: number;
  /** Things the rule could not decide from the file. */
  notChecked: number;
}

export type RuleCounts = Partial<Record<CheckRuleId, RuleCount>>;

export interface CheckScore {
  rules: RuleCounts;
  /** 0–100, null when no rule applies (a deck that could not be read). */
  score: number | null;
  band: ScoreBand | null;
}

/** What a person decided for a finding (review). */
export interface FindingDecisionLike {
  action: 'approve' | 'edit' | 'reject';
}

export const SEVERITY_WEIGHT: Readonly<Record<CheckSeverity, number>> = { error: 3, warning: 2, tip: 1 };

export type Phase = 'before' | 'after';

/** A finding after the run: pass, draft, issue or not-checked. */
export function findingStanding(f: CheckFinding, phase: Phase, decision?: FindingDecisionLike | null): 'pass' | 'draft' | 'issue' | 'not-checked' {
  if (f.outcome === 'not-checked') return 'not-checked';
  if (phase === 'before') return 'issue';
  if (decision) return decision.action === 'reject' ? 'issue' : f.proposal || decision.action === 'edit' ? 'pass' : 'issue';
  if (!f.written) return 'issue';
  if (f.outcome === 'fixed') return 'pass';
  if (f.outcome === 'proposed') return f.trust === 'person' ? 'pass' : 'draft';
  return 'issue';
}

export interface DeckChecks {
  findings: readonly CheckFinding[];
  checked: Partial<Record<CheckRuleId, number>>;
  /** The ALT score of the same phase (score.ts), folded in as `missing-alt`. */
  alt?: AltScore | null;
  /** The processor refused the deck as encrypted or rights-managed: one restricted-access issue. */
  restricted?: boolean;
}

export function ruleCounts(d: DeckChecks, phase: Phase, decisionOf?: (f: CheckFinding) => FindingDecisionLike | null | undefined): RuleCounts {
  const out: RuleCounts = {};
  const get = (id: CheckRuleId) => (out[id] ??= { checked: 0, issues: 0, draft: 0, notChecked: 0 });
  for (const [id, n] of Object.entries(d.checked) as Array<[CheckRuleId, number | undefined]>) get(id).checked += n ?? 0;
  for (const f of d.findings) {
    const c = get(f.rule);
    const s = findingStanding(f, phase, decisionOf?.(f));
    if (s === 'issue') c.issues++;
    else if (s === 'draft') c.draft++;
    else if (s === 'not-checked') c.notChecked++;
    // a rule that reports without counting what it checked: at least its findings were checked
    c.checked = Math.max(c.checked, c.issues + c.draft + c.notChecked);
  }
  if (d.alt && d.alt.images) out['missing-alt'] = { checked: d.alt.images, issues: d.alt.missing, draft: d.alt.draft, notChecked: 0 };
  if (d.restricted) out['restricted-access'] = { checked: 1, issues: 1, draft: 0, notChecked: 0 };
  return out;
}

/** The 0–100 score of some rule counts (a deck's, or a folder's summed). */
export function scoreOfCounts(rules: RuleCounts): CheckScore {
  let weight = 0;
  let sum = 0;
  let perfect = true;
  for (const id of CHECK_RULES) {
    const c = rules[id];
    if (!c) continue;
    const denom = c.checked - c.notChecked;
    if (denom <= 0) continue;
    const failing = Math.min(denom, c.issues + c.draft);
    if (failing > 0) perfect = false;
    const w = SEVERITY_WEIGHT[CHECK_RULE_SEVERITY[id]];
    weight += w;
    sum += w * ((denom - failing) / denom);
  }
  if (!weight) return { rules, score: null, band: null };
  const score = perfect ? 100 : Math.min(99, Math.round((100 * sum) / weight));
  return { rules, score, band: scoreBand(score) };
}

export function deckCheckScore(d: DeckChecks, phase: Phase, decisionOf?: (f: CheckFinding) => FindingDecisionLike | null | undefined): CheckScore {
  return scoreOfCounts(ruleCounts(d, phase, decisionOf));
}

/** Adds b's counts into a copy of a. */
export function addCounts(a: RuleCounts, b: RuleCounts): RuleCounts {
  const out: RuleCounts = {};
  for (const src of [a, b]) {
    for (const [id, c] of Object.entries(src) as Array<[CheckRuleId, RuleCount]>) {
      const t = (out[id] ??= { checked: 0, issues: 0, draft: 0, notChecked: 0 });
      t.checked += c.checked;
      t.issues += c.issues;
      t.draft += c.draft;
      t.notChecked += c.notChecked;
    }
  }
  return out;
}

/**
 * A group of decks (a batch, a folder, a course): counts summed, and the score as the mean
 * of the decks' scores (each deck weighs the same, as Ally averages its courses).
 */
export function groupScore(decks: ReadonlyArray<{ rules: RuleCounts; score: number | null }>): CheckScore {
  let rules: RuleCounts = {};
  const scores: number[] = [];
  for (const d of decks) {
    rules = addCounts(rules, d.rules);
    if (d.score !== null) scores.push(d.score);
  }
  if (!scores.length) return { rules, score: null, band: null };
  const all100 = scores.every((s) => s === 100);
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const score = all100 ? 100 : Math.min(99, Math.round(mean));
  return { rules, score, band: scoreBand(score) };
}

/**
 * A deck's course: the first folder under the batch's common root ("Cardiology/Week 1/a.pptx"
 * → "Cardiology"); decks directly in the root form the course "(top level)".
 */
export function courseOf(relPath: string): string {
  const parts = relPath.replace(/\\/g, '/').split('/').filter(Boolean);
  return parts.length > 1 ? parts[0] : TOP_LEVEL;
}

/** A deck's folder relative to the batch's common root ("Cardiology/Week 1"), "(top level)" for the root. */
export function folderOf(relPath: string): string {
  const parts = relPath.replace(/\\/g, '/').split('/').filter(Boolean);
  return parts.length > 1 ? parts.slice(0, -1).join('/') : TOP_LEVEL;
}

export const TOP_LEVEL = '(top level)';

/** "Missing slide title: 12 of 40 slides before, 0 after (12 awaiting review)" parts, for CLI and CSV. */
export function countLine(c: RuleCount | undefined): string {
  if (!c) return 'not applicable';
  const parts = [`${c.issues} issue${c.issues === 1 ? '' : 's'} of ${c.checked}`];
  if (c.draft) parts.push(`${c.draft} awaiting review`);
  if (c.notChecked) parts.push(`${c.notChecked} not checked`);
  return parts.join(', ');
}
