/** Words the findings panel of the Review screen shows and announces (pure). */
import type { CheckAction, FindingGroupRow, FindingGroupsFilter } from '../../shared/check-review';
import { CHECK_RULE_NAMES, CHECK_RULE_SEVERITY, CHECK_RULES, type CheckOutcome, type CheckRuleId } from '../../shared/checker';

export { CHECK_RULE_NAMES };

/** Rules this panel lists: ALT text has the image panel. */
export const FINDING_RULES: CheckRuleId[] = CHECK_RULES.filter((r) => r !== 'missing-alt');

export const FINDING_FILTER_LABELS: Record<FindingGroupsFilter, string> = {
  all: 'Needs a decision',
  undecided: 'Not decided yet',
  decided: 'Decided',
  info: 'Information: fixed, or for a person to fix',
};

/**
 * Rules whose fix is words a person can write (a title, link text). A header row or a
 * reading order is approved or rejected, never typed: an "edit" of shape ids helps nobody.
 */
export const EDITABLE_RULES: ReadonlySet<CheckRuleId> = new Set(['missing-slide-title', 'duplicate-slide-title', 'unclear-hyperlink', 'document-title']);

export const canEdit = (g: Pick<FindingGroupRow, 'rule' | 'outcome'>) => g.outcome === 'proposed' && EDITABLE_RULES.has(g.rule);
export const canDecide = (g: Pick<FindingGroupRow, 'outcome'>) => g.outcome === 'proposed';

export const SEVERITY_LABELS = { error: 'Error', warning: 'Warning', tip: 'Tip' } as const;
export const severityOf = (rule: CheckRuleId) => SEVERITY_LABELS[CHECK_RULE_SEVERITY[rule]];

export const FINDING_DONE: Record<CheckAction, string> = {
  approve: 'Approved',
  edit: 'Edited',
  reject: 'Rejected, deck left as it is',
};

/** What an information row is: why there is nothing to approve. */
export const INFO_LABELS: Record<Exclude<CheckOutcome, 'proposed'>, string> = {
  fixed: 'Fixed without review',
  flagged: 'Fix in PowerPoint',
  'not-checked': 'Not checked: look by eye',
};

export const INFO_NOTES: Record<Exclude<CheckOutcome, 'proposed'>, string> = {
  fixed: 'AltDeck fixed this in the output deck without review: the fix is safe (taken from the deck itself). Nothing to decide.',
  flagged: 'AltDeck cannot fix this safely in the file: fix it in PowerPoint. Listed as information; there is nothing to approve.',
  'not-checked': 'AltDeck could not decide this from the file (text over a picture or a gradient): check it by eye in PowerPoint. Nothing to approve.',
};

/** A group's state in the list. */
export function findingStatus(g: Pick<FindingGroupRow, 'outcome' | 'decision' | 'decided' | 'members'>): string {
  if (g.outcome !== 'proposed') return INFO_LABELS[g.outcome];
  if (g.decision) return FINDING_DONE[g.decision];
  if (g.decided) return `Mixed: ${g.decided} of ${g.members} decided`;
  return 'Not decided';
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "Approved for 3 findings, 2 of 9 left." after each decision. */
export function findingAnnouncement(action: CheckAction | 'cleared', settled: number, left: number, of: number): string {
  const word = action === 'cleared' ? 'Decision removed' : FINDING_DONE[action];
  return `${word}${settled > 1 ? ` for ${settled} findings` : ''}, ${left} of ${of} left.`;
}

/** The counts line over the findings that need a decision, and how many are information. */
export function findingCountsLine(c: { findings: number; decided: number; info: number }): string {
  const review = c.findings ? `Decided ${c.decided} of ${plural(c.findings, 'finding')} that need a person's decision.` : 'No finding needs a decision.';
  return `${review} ${c.info ? `${plural(c.info, 'finding')} listed as information (fixed without review, or for a person to fix in PowerPoint).` : ''}`.trim();
}

/** Where a group is, in one line: "Slide 3 · Cardiology.pptx", or "3 findings in 2 decks". */
export function findingWhere(g: Pick<FindingGroupRow, 'members' | 'decks' | 'slide' | 'relPath'>, base: (p: string) => string): string {
  if (g.members > 1) return `${plural(g.members, 'finding')} in ${plural(g.decks, 'deck')}`;
  return `${g.slide ? `Slide ${g.slide}` : 'Whole deck'} · ${base(g.relPath)}`;
}

/** What the deck would get, in words: a proposal, a decision's text, or the sentence of an information row. */
export function findingLine(g: Pick<FindingGroupRow, 'outcome' | 'proposal' | 'text' | 'message' | 'rule' | 'decision'>): string {
  if (g.outcome !== 'proposed') return g.message;
  if (g.decision === 'edit' && g.text) return `Yours: “${g.text}”`;
  if (g.rule === 'reading-order') return 'Proposed: the order of the slide’s layout';
  if (!g.proposal) return 'Nothing proposed';
  // words that go into the deck are quoted; a header row is an action, not words
  return EDITABLE_RULES.has(g.rule) ? `Proposed: “${g.proposal}”` : `Proposed: ${g.proposal}`;
}
