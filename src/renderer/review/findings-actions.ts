/** Findings panel actions (issue 13): each calls main once and mirrors its answer, as the image review does. */
import { api, errorText } from '../api';
import { useApp } from '../store';
import { confirmAction } from '../components/ConfirmHost';
import type { CheckAction, FindingGroupRow, FindingGroupsFilter } from '../../shared/check-review';
import type { CheckRuleId } from '../../shared/checker';
import { canDecide, canEdit, CHECK_RULE_NAMES, findingAnnouncement, INFO_LABELS } from './finding-labels';
import { useFindings } from './findings-store';
import { useReview } from './review-store';
import { startApply } from './review-actions';
import { nextPageLoader } from './next-page';
import { notSaved } from './not-saved';

const PAGE = 200;
const st = () => useFindings.getState();
const app = () => useApp.getState();
const reviewer = () => useReview.getState().reviewer.trim() || null;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** After every action focus is back on the list, so the next key works (a button pressed may be gone or disabled). */
export const focusFindings = () => requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="findings-list"]')?.focus());

function fail(what: string, err: unknown) {
  const msg = `${what} failed: ${errorText(err)}`;
  app().set({ error: msg });
  app().announce(msg);
}

function query(offset: number, limit = PAGE) {
  const { rule, filter } = st();
  return { ...(rule ? { rule } : {}), filter, offset, limit };
}

/** The counts line: findings to decide in the chosen rule and those shown as information (two small pages, one group each). */
async function refreshCounts(batchId: string) {
  const rule = st().rule ?? undefined;
  const [review, info] = await Promise.all([
    api().findingGroups(batchId, { ...(rule ? { rule } : {}), limit: 1 }),
    api().findingGroups(batchId, { ...(rule ? { rule } : {}), filter: 'info', limit: 1 }),
  ]);
  if (st().batchId === batchId) st().set({ counts: { findings: review.findings, decided: review.decided, info: info.findings } });
}

/** The first page (or as many as shown, to keep the place after an undo or a scope change). */
export async function loadFindings(batchId: string, keepIndex = false) {
  const fresh = st().batchId !== batchId;
  st().set({ batchId, loading: true, ...(fresh ? { groups: [], total: 0, index: 0, counts: null, lastBulk: null } : {}) });
  try {
    const shown = keepIndex ? Math.max(PAGE, st().groups.length) : PAGE;
    const r = await api().findingGroups(batchId, query(0, Math.min(shown, 500)));
    if (st().batchId !== batchId) return;
    const index = keepIndex ? Math.min(st().index, Math.max(0, r.groups.length - 1)) : 0;
    st().set({ groups: r.groups, total: r.total, index });
    await refreshCounts(batchId);
  } catch (err) {
    fail('Loading the findings', err);
  } finally {
    st().set({ loading: false });
  }
}

export async function setFindingScope(patch: { rule?: CheckRuleId | null; filter?: FindingGroupsFilter }) {
  st().set({ ...('rule' in patch ? { rule: patch.rule } : {}), ...(patch.filter ? { filter: patch.filter } : {}), index: 0 });
  const batchId = st().batchId;
  if (batchId) await loadFindings(batchId);
}

/** The next page, one request at a time, shared by whoever asks. */
export const loadMoreFindings = nextPageLoader(st, (batchId, offset) => api().findingGroups(batchId, query(offset)));

export async function moveFinding(delta: number) {
  const { groups, index, total } = st();
  let next = index + delta;
  if (next >= groups.length && groups.length < total) await loadMoreFindings().catch((err) => fail('Loading more findings', err));
  next = Math.max(0, Math.min(next, st().groups.length - 1));
  if (next === index) {
    app().announce(delta > 0 ? 'This is the last finding.' : 'This is the first finding.');
    return;
  }
  st().set({ index: next });
}

export function moveFindingTo(index: number) {
  st().set({ index: Math.max(0, Math.min(index, st().groups.length - 1)) });
}

function replace(groupKey: string, patch: Partial<FindingGroupRow>) {
  st().set({ groups: st().groups.map((g) => (g.groupKey === groupKey ? { ...g, ...patch } : g)) });
}

function bump(decided: number) {
  const c = st().counts;
  if (c) st().set({ counts: { ...c, decided: Math.max(0, Math.min(c.findings, c.decided + decided)) } });
}

/** Why a key did nothing on this row, said out loud instead of failing silently. */
function refuse(g: FindingGroupRow, action: CheckAction): boolean {
  if (!canDecide(g)) {
    app().announce(`${INFO_LABELS[g.outcome as Exclude<typeof g.outcome, 'proposed'>]}: this finding is information, there is nothing to approve or reject.`);
    return true;
  }
  if (action === 'edit' && !canEdit(g)) {
    app().announce('This fix is approved or rejected, not typed.');
    return true;
  }
  return false;
}

/** One decision for the current group (every identical finding), saved at once; then the next group. False when refused. */
export async function decideFinding(action: CheckAction, text?: string): Promise<boolean> {
  const { groups, index, batchId, saving } = st();
  const cur = groups[index];
  if (!cur || !batchId || saving || refuse(cur, action)) return false;
  st().set({ saving: true });
  try {
    const settled = await api().decideFindingGroup({ batchId, groupKey: cur.groupKey, action, reviewer: reviewer(), ...(action === 'edit' ? { text: text ?? '' } : {}) });
    replace(cur.groupKey, { decision: action, decided: cur.members, text: action === 'approve' ? cur.proposal : action === 'edit' ? (text ?? '').trim() : null });
    // The counts move by what this row had left; asking the engine again costs a scan of every deck's findings.
    bump(settled - cur.decided);
    const c = st().counts;
    app().announce(findingAnnouncement(action, settled, c ? c.findings - c.decided : 0, c?.findings ?? 0));
    if (st().index === index && index < st().groups.length - 1) await moveFinding(1);
    return true;
  } catch (err) {
    // Refused (the engine says why): report it and stay on this row.
    notSaved(err);
    return false;
  } finally {
    st().set({ saving: false });
  }
}

/** Undo: takes back the current group's decision (every member). */
export async function clearFinding() {
  const { groups, index, batchId } = st();
  const cur = groups[index];
  if (!cur || !batchId) return;
  if (!cur.decided) {
    app().announce('Nothing to undo: this finding is not decided.');
    return;
  }
  try {
    const n = await api().clearFindingGroup(batchId, cur.groupKey);
    replace(cur.groupKey, { decision: null, decided: 0, text: null });
    bump(-n);
    const c = st().counts;
    app().announce(findingAnnouncement('cleared', n, c ? c.findings - c.decided : 0, c?.findings ?? 0));
  } catch (err) {
    fail('Undo', err);
  }
}

/**
 * Approves every undecided proposal of the chosen rule at once. It always asks: these are
 * AltDeck's proposals (titles, header rows) that no person has read, and it says how many.
 */
export async function approveAllOfRule() {
  const { batchId, rule } = st();
  if (!batchId || !rule) return;
  try {
    const p = await api().findingsBulkPreview(batchId, rule);
    if (!p.findings) {
      app().announce('Nothing to approve here: every proposal of this rule is decided.');
      return;
    }
    const ok = await confirmAction({
      title: `Approve ${plural(p.findings, 'proposal')} of “${CHECK_RULE_NAMES[rule]}” at once?`,
      body: [
        `${plural(p.findings, 'finding')} in ${plural(p.decks, 'deck')}: AltDeck made these proposals and no person has read them yet; each one goes into the final deck when you apply.`,
        'You can undo this approval as one action afterwards.',
      ],
      confirmLabel: `Approve ${plural(p.findings, 'finding')}`,
    });
    if (!ok) {
      app().announce('Nothing approved.');
      return;
    }
    const r = await api().approveAllFindings(batchId, rule, reviewer());
    st().set({ lastBulk: { bulkId: r.bulkId, approved: r.approved } });
    await loadFindings(batchId, true);
    focusFindings();
    app().announce(`Approved ${plural(r.approved, 'finding')}. Undo approval is next to the button.`);
  } catch (err) {
    fail('Approving', err);
  }
}

export async function undoFindingsBulk() {
  const { batchId, lastBulk } = st();
  if (!batchId || !lastBulk) return;
  try {
    const n = await api().undoFindingsBulk(batchId, lastBulk.bulkId);
    st().set({ lastBulk: null });
    await loadFindings(batchId, true);
    // the undo button is gone: focus goes back to the list, never to the page
    focusFindings();
    app().announce(`Undone: ${plural(n, 'approval')} removed. Findings decided again since were left as they are.`);
  } catch (err) {
    fail('Undo approval', err);
  }
}

/** Apply approved from this panel: asks first, with the findings' counts, then the same apply batch as images. */
export async function applyApprovedFindings() {
  const { batchId, counts } = st();
  if (!batchId) return;
  const images = useReview.getState().batchId === batchId ? useReview.getState().counts : null;
  const ok = await confirmAction({
    title: 'Write the approved decisions into the decks?',
    body: [
      `${plural(counts?.decided ?? 0, 'decided finding')}${images ? ` and ${plural(images.reviewed, 'decided image')}` : ''} will be written into final decks, made from the originals (which are never changed). The unreviewed drafts in the output folder are replaced.`,
      counts && counts.findings > counts.decided ? `${plural(counts.findings - counts.decided, 'finding')} not decided yet ${counts.findings - counts.decided === 1 ? 'keeps' : 'keep'} what the original deck has.` : 'Every finding is decided.',
      'Safe fixes (fixed without review) are written as before.',
    ],
    confirmLabel: 'Apply approved',
  });
  // Going back leaves focus where the dialog found it (the Apply button), as for images.
  if (ok) await startApply(batchId);
}
