/**
 * The findings panel's state (issue 13): the checker's findings of one batch beyond ALT,
 * identical ones grouped, loaded page by page. As with images, nothing waits here to be
 * saved: each decision is one call and the row is updated from the engine's answer.
 */
import { create } from 'zustand';
import type { FindingGroupRow, FindingGroupsFilter } from '../../shared/check-review';
import type { CheckRuleId } from '../../shared/checker';

export interface FindingsState {
  /** The batch whose findings are loaded (the Review screen's batch). */
  batchId: string | null;
  rule: CheckRuleId | null;
  filter: FindingGroupsFilter;
  groups: FindingGroupRow[];
  total: number;
  index: number;
  /** Findings needing a decision in the chosen rule, how many are decided, and how many are information. */
  counts: { findings: number; decided: number; info: number } | null;
  loading: boolean;
  /** A decision call in flight: keys pressed meanwhile are ignored, never queued. */
  saving: boolean;
  /** The last "Approve all", undoable as one action. */
  lastBulk: { bulkId: string; approved: number } | null;
  set(patch: Partial<FindingsState>): void;
}

export const useFindings = create<FindingsState>((set) => ({
  batchId: null,
  rule: null,
  filter: 'all',
  groups: [],
  total: 0,
  index: 0,
  counts: null,
  loading: false,
  saving: false,
  lastBulk: null,
  set: (patch) => set(patch),
}));
