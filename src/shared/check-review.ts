/**
 * Review of checker findings (issue 13): the types the engine, IPC and the Review screen
 * share. The store is src/core/review/check-review.ts.
 */
import type { CheckFinding, CheckRuleId } from './checker';

export const CHECK_ACTIONS = ['approve', 'edit', 'reject'] as const;
export type CheckAction = (typeof CHECK_ACTIONS)[number];

export interface CheckDecision {
  jobId: number;
  key: string;
  action: CheckAction;
  text: string | null;
  reviewer: string | null;
  decidedAt: number;
}

export interface CheckReviewItem {
  jobId: number;
  deckPath: string;
  relPath: string;
  key: string;
  groupKey: string;
  finding: CheckFinding;
  decision: CheckDecision | null;
}

export interface CheckReviewGroup {
  groupKey: string;
  rule: CheckFinding['rule'];
  /** `proposed` for findings to decide; fixed, flagged or not-checked for information. */
  outcome: CheckFinding['outcome'];
  current: string | null;
  proposal: string | null;
  /** One member's sentence, to show what the group is about. */
  message: string;
  members: number;
  decided: number;
  /** The decision when every member has the same one; null when undecided or mixed. */
  decision: CheckAction | null;
}

export type CheckReviewFilter = 'all' | 'undecided' | 'decided';

/** One page of grouped findings for the Review screen, with where the group is (its first member). */
export interface FindingGroupRow extends CheckReviewGroup {
  /** The first member's deck and slide, so a single finding reads "Slide 3 · deck.pptx". */
  relPath: string;
  slide: number | null;
  decks: number;
  /** The decision's own text when every member has one (an edited title). */
  text: string | null;
  /** The first members (at most 10): where each is and its own sentence. */
  where: Array<{ relPath: string; slide: number | null; message: string }>;
}

/** `info`: the findings shown as information (fixed without review, or flagged for a person to fix in PowerPoint). */
export type FindingGroupsFilter = CheckReviewFilter | 'info';
export const FINDING_GROUP_FILTERS = ['all', 'undecided', 'decided', 'info'] as const satisfies readonly FindingGroupsFilter[];

export interface FindingGroupsQuery {
  rule?: CheckRuleId;
  filter?: FindingGroupsFilter;
  offset?: number;
  limit?: number;
}

export interface FindingGroupsPage {
  total: number;
  groups: FindingGroupRow[];
  /** Findings (not groups) of the batch needing judgement, and how many have a decision (with `info`: the findings listed, 0). */
  findings: number;
  decided: number;
}

/** What "Approve all proposals" of a rule (or every rule) would take: undecided proposals with a text or fix to write. */
export interface FindingsBulkPreview {
  findings: number;
  decks: number;
  byRule: Partial<Record<CheckRuleId, number>>;
}

/** Most groups a page may carry over IPC. */
export const MAX_FINDING_PAGE = 500;
