/** Review screen actions: each calls main once and mirrors its answer. */
import { api, errorText } from '../api';
import { useApp } from '../store';
import { refreshBatch } from '../actions';
import type { ReviewAction, ReviewCounts, ReviewFilter, ReviewGroup } from '../../shared/review';
import type { AltSource, BatchInfo } from '../../shared/types';
import { decisionAnnouncement } from './labels';
import { thumbKey, useReview } from './review-store';
import { useFindings } from './findings-store';
import { confirmAction } from '../components/ConfirmHost';
import { nextPageLoader } from './next-page';
import { notSaved } from './not-saved';

const PAGE = 200;
/** Decks fetched per call for the deck picker; every deck is listed (nothing silently capped). */
const DECK_PAGE = 500;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const rv = () => useReview.getState();
const reviewer = () => rv().reviewer.trim() || null;
const app = () => useApp.getState();

/** The button pressed is gone after some actions (a split, an undone bulk approval): focus goes back to the list, never to the page. */
const focusList = () => requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="review-list"]')?.focus());

function fail(what: string, err: unknown) {
  const msg = `${what} failed: ${errorText(err)}`;
  app().set({ error: msg });
  app().announce(msg);
}

/** Batches with something to review: processed (not apply) batches with finished decks. */
export function reviewableBatches(batches: BatchInfo[]): BatchInfo[] {
  return batches.filter((b) => b.kind !== 'apply' && b.counts.succeeded > 0);
}

/** Opens the Review screen on a batch (and optionally one deck). */
export async function openReview(batchId: string, jobId: number | null = null) {
  rv().set({ batchId, jobId, index: 0, groups: [], total: 0, thumbs: {}, members: null, lastBulk: null });
  app().set({ view: 'review' });
  await Promise.all([loadGroups(), loadDecks()]);
}

export async function setScope(patch: { batchId?: string; jobId?: number | null; filter?: ReviewFilter; source?: AltSource | null }) {
  if (patch.batchId !== undefined && patch.batchId !== rv().batchId) {
    rv().set({ batchId: patch.batchId, jobId: null, thumbs: {}, decks: [], decksTotal: 0, lastBulk: null });
    void loadDecks();
  }
  rv().set({ ...('jobId' in patch ? { jobId: patch.jobId } : {}), ...(patch.filter ? { filter: patch.filter } : {}), ...('source' in patch ? { source: patch.source } : {}) });
  await loadGroups();
}

function query(offset: number, limit = PAGE) {
  const { jobId, filter, source } = rv();
  return { ...(jobId ? { jobId } : {}), filter, ...(source ? { source } : {}), offset, limit };
}

/** The first page of groups (or as many pages as already shown, to keep the place after a bulk action). */
export async function loadGroups(keepIndex = false) {
  const batchId = rv().batchId;
  if (!batchId) return;
  rv().set({ loading: true });
  try {
    const shown = keepIndex ? Math.max(PAGE, rv().groups.length) : PAGE;
    const r = await api().reviewGroups(batchId, query(0, Math.min(shown, 2000)));
    const index = keepIndex ? Math.min(rv().index, Math.max(0, r.groups.length - 1)) : 0;
    rv().set({ groups: r.groups, total: r.total, index, members: null });
    await refreshCounts();
    void loadThumbs();
  } catch (err) {
    fail('Loading the images to review', err);
  } finally {
    rv().set({ loading: false });
  }
}

/** The next page, when the reviewer moves or scrolls past what is loaded. */
export const loadMore = nextPageLoader(rv, (batchId, offset) => api().reviewGroups(batchId, query(offset)));

export async function refreshCounts() {
  const { batchId, jobId } = rv();
  if (!batchId) return;
  const counts = await api().reviewCounts(batchId, jobId ?? undefined);
  rv().set({ counts });
}

/** Every deck with images to review, page by page, for the deck picker. */
export async function loadDecks() {
  const batchId = rv().batchId;
  if (!batchId) return;
  try {
    const decks = [];
    for (let offset = 0; ; offset += DECK_PAGE) {
      const r = await api().reviewDecks(batchId, offset, DECK_PAGE);
      decks.push(...r.decks);
      if (rv().batchId !== batchId) return;
      rv().set({ decks: [...decks], decksTotal: r.total });
      if (!r.decks.length || decks.length >= r.total) break;
    }
  } catch (err) {
    fail('Loading the decks', err);
  }
}

async function refreshDecks(jobIds: number[]) {
  const batchId = rv().batchId!;
  const fresh = new Map<number, ReviewCounts>();
  for (const id of new Set(jobIds)) {
    if (!rv().decks.some((d) => d.jobId === id)) continue;
    fresh.set(id, await api().reviewCounts(batchId, id));
  }
  if (fresh.size) rv().set({ decks: rv().decks.map((d) => (fresh.has(d.jobId) ? { ...d, counts: fresh.get(d.jobId)! } : d)) });
}

/** Thumbnails of the current group and its neighbours, fetched once each. */
export async function loadThumbs() {
  const { groups, index, batchId } = rv();
  if (!batchId) return;
  for (const g of [groups[index], groups[index + 1], groups[index - 1]]) {
    const it = g?.rep;
    if (!it?.item.mediaPart) continue;
    const key = thumbKey(it);
    if (rv().thumbs[key]) continue;
    try {
      const t = await api().reviewThumbnail(batchId, it.jobId, it.item.mediaPart);
      rv().set({ thumbs: { ...rv().thumbs, [key]: t } });
    } catch (err) {
      rv().set({ thumbs: { ...rv().thumbs, [key]: { placeholder: `No preview: ${errorText(err)}` } } });
    }
  }
}

export async function move(delta: number) {
  const { groups, index, total } = rv();
  let next = index + delta;
  if (next >= groups.length && groups.length < total) {
    await loadMore().catch((err) => fail('Loading more images', err));
  }
  next = Math.max(0, Math.min(next, rv().groups.length - 1));
  if (next === index) {
    app().announce(delta > 0 ? 'This is the last image.' : 'This is the first image.');
    return;
  }
  rv().set({ index: next, members: null });
  void loadThumbs();
}

export function moveTo(index: number) {
  const i = Math.max(0, Math.min(index, rv().groups.length - 1));
  if (i !== rv().index) rv().set({ index: i, members: null });
  void loadThumbs();
}

function replaceGroup(groupKey: string, patch: (g: ReviewGroup) => ReviewGroup) {
  rv().set({ groups: rv().groups.map((g) => (g.groupKey === groupKey ? patch(g) : g)) });
}

/** Decks a group's copies are in (as far as shown), whose per-deck counts change with it. */
const decksOf = (g: ReviewGroup) => g.where.map((w) => w.jobId);

/** One decision for the current group (every copy), saved at once; then the next group. Returns false when the engine refused it. */
export async function decideCurrent(action: ReviewAction, text?: string): Promise<boolean> {
  const { groups, index, batchId, saving } = rv();
  const cur = groups[index];
  if (!cur || !batchId || saving) return false;
  rv().set({ saving: true });
  try {
    const { decision, members } = await api().decideGroup({ batchId, groupKey: cur.groupKey, action, reviewer: reviewer(), ...(action === 'edit' ? { text: text ?? '' } : {}) });
    replaceGroup(cur.groupKey, (g) => ({ ...g, decision, decided: g.members, mixed: false, fromLibrary: false, rep: { ...g.rep, decision } }));
    await refreshCounts();
    void refreshDecks(decksOf(cur));
    app().announce(decisionAnnouncement(action, rv().counts, members));
    if (rv().index === index && index < rv().groups.length - 1) await move(1);
    return true;
  } catch (err) {
    // Refused (the engine says why): report it and stay on this row.
    notSaved(err);
    return false;
  } finally {
    rv().set({ saving: false });
  }
}

export async function clearCurrent() {
  const { groups, index, batchId } = rv();
  const cur = groups[index];
  if (!cur || !batchId || !cur.decided) return;
  try {
    const n = await api().clearGroup(batchId, cur.groupKey, reviewer());
    replaceGroup(cur.groupKey, (g) => ({ ...g, decision: null, decided: 0, mixed: false, fromLibrary: false, rep: { ...g.rep, decision: null } }));
    await refreshCounts();
    void refreshDecks(decksOf(cur));
    app().announce(decisionAnnouncement('cleared', rv().counts, n));
  } catch (err) {
    fail('Undo', err);
  }
}

/** Lists the current group's copies (paged), so one can be split off. */
export async function showMembers(more = false) {
  const { groups, index, batchId, members } = rv();
  const cur = groups[index];
  if (!cur || !batchId) return;
  try {
    const offset = more && members?.groupKey === cur.groupKey ? members.items.length : 0;
    const r = await api().groupMembers(batchId, cur.groupKey, offset, 100);
    rv().set({ members: { groupKey: cur.groupKey, total: r.total, items: offset ? [...(members?.items ?? []), ...r.items] : r.items } });
  } catch (err) {
    fail('Listing the copies', err);
  }
}

/** Takes one copy out of its group: it becomes its own decision, listed after its group. */
export async function splitMember(jobId: number, itemKey: string) {
  const batchId = rv().batchId;
  if (!batchId) return;
  try {
    await api().splitMember(batchId, jobId, itemKey);
    await loadGroups(true);
    focusList();
    app().announce('Split off: this copy is now decided on its own, listed with the other single images.');
  } catch (err) {
    fail('Splitting the copy off', err);
  }
}

export async function bulkApprove(scope: 'deck' | 'source') {
  const { batchId, jobId, source } = rv();
  if (!batchId) return;
  const req = scope === 'deck' ? { jobId: jobId ?? undefined } : { source: source ?? undefined, ...(jobId ? { jobId } : {}) };
  try {
    const p = await api().bulkPreview(batchId, req);
    if (!p.images) {
      app().announce('Nothing to approve here: every proposal is decided, or there is nothing proposed.');
      return;
    }
    if (p.clinical || p.ocrOrContext) {
      const ok = await confirmAction({
        title: `Approve ${plural(p.images, 'image')} at once?`,
        body: [
          ...(p.clinical ? [`${plural(p.clinical, 'image')} look clinical: a wrong structure or finding in the ALT text misleads a student.`] : []),
          ...(p.ocrOrContext ? [`${plural(p.ocrOrContext, 'text')} were read from the image (OCR) or taken from the slide or an earlier run, not from what the image shows.`] : []),
          'You can undo this approval as one action afterwards.',
        ],
        confirmLabel: `Approve ${plural(p.images, 'image')}`,
      });
      if (!ok) {
        app().announce('Nothing approved.');
        return;
      }
    }
    const r = await api().bulkApprove(batchId, { ...req, reviewer: reviewer() });
    rv().set({ lastBulk: { bulkId: r.bulkId, approved: r.approved } });
    await Promise.all([loadGroups(true), loadDecks()]);
    app().announce(`Approved ${plural(r.approved, 'image')}. Images with nothing proposed or that may be decorative are left to you. Undo approval is next to the buttons.`);
  } catch (err) {
    fail('Approving', err);
  }
}

export async function undoBulk() {
  const { batchId, lastBulk } = rv();
  if (!batchId || !lastBulk) return;
  try {
    const n = await api().undoBulk(batchId, lastBulk.bulkId, reviewer());
    rv().set({ lastBulk: null });
    await Promise.all([loadGroups(true), loadDecks()]);
    focusList();
    app().announce(`Undone: ${plural(n, 'approval')} removed. Images decided again since were left as they are.`);
  } catch (err) {
    fail('Undo approval', err);
  }
}

export async function exportDecisions(format: 'json' | 'csv') {
  const batchId = rv().batchId;
  if (!batchId) return;
  try {
    const r = await api().exportDecisions(batchId, format);
    if (r.dialog) {
      app().announce(r.savedTo ? `Decisions saved to ${r.savedTo}` : 'Export cancelled.');
      if (r.savedTo) app().addNotice('INFO', `Review decisions saved to ${r.savedTo}`);
      return;
    }
    // No save dialog in this host: hand the text to the browser as a download.
    const url = URL.createObjectURL(new Blob([r.content], { type: format === 'csv' ? 'text/csv' : 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = r.fileName;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    app().announce(`Decisions exported as ${r.fileName}.`);
  } catch (err) {
    fail('Exporting the decisions', err);
  }
}

export async function importDecisions(file: File) {
  const batchId = rv().batchId;
  if (!batchId) return;
  try {
    const content = await file.text();
    const format = /\.csv$/i.test(file.name) || (!content.trimStart().startsWith('{') && !/\.json$/i.test(file.name)) ? 'csv' : 'json';
    const r = await api().importDecisions(batchId, content, format);
    await Promise.all([loadGroups(true), loadDecks()]);
    const msg = `Imported ${plural(r.imported, 'decision')} from ${file.name}; ${r.skippedOlder} older than ours (ours kept); ${r.unmatched} not in this batch.`;
    app().announce(msg);
    app().addNotice('INFO', msg);
  } catch (err) {
    fail('Importing the decisions', err);
  }
}

/** ", and 3 decided findings" when the findings panel has counts for this batch. */
function findingsDecided(batchId: string): string {
  const f = useFindings.getState();
  return f.batchId === batchId && f.counts?.decided ? ` and ${plural(f.counts.decided, 'decided finding')}` : '';
}

/** Writes the approved decisions into final decks through the queue; its progress shows like any batch. */
export async function applyApproved() {
  const { batchId, counts } = rv();
  if (!batchId) return;
  const ok = await confirmAction({
    title: 'Write the approved decisions into the decks?',
    body: [
      `${plural(counts?.reviewed ?? 0, 'decided image')}${findingsDecided(batchId)} will be written into final decks, made from the originals (which are never changed). The unreviewed drafts in the output folder are replaced.`,
      counts?.undecided ? `${plural(counts.undecided, 'image')} not decided yet keep what the original deck has.` : 'Every image is decided.',
    ],
    confirmLabel: 'Apply approved',
  });
  if (ok) await startApply(batchId);
}

/** The apply batch itself, once the reviewer confirmed: it writes image and finding decisions alike, then shows like any batch. */
export async function startApply(batchId: string) {
  try {
    const batch = await api().applyApproved(batchId);
    app().upsertBatch(batch);
    app().set({ currentBatchId: batch.id, view: 'batch', jobFilter: 'all' });
    await api().start(batch.id);
    await refreshBatch(batch.id);
    app().announce(`Writing the reviewed decks: ${batch.counts.total} ${batch.counts.total === 1 ? 'deck' : 'decks'}.`);
  } catch (err) {
    fail('Apply approved', err);
  }
}
