/** Review screen actions: each calls main once and mirrors its answer. */
import { api, errorText } from '../api';
import { useApp } from '../store';
import { refreshBatch } from '../actions';
import type { ReviewAction, ReviewFilter } from '../../shared/review';
import type { AltSource, BatchInfo } from '../../shared/types';
import { decisionAnnouncement } from './labels';
import { thumbKey, useReview, type DeckRow } from './review-store';

const PAGE = 200;
/** Decks listed with their own counts; beyond this the deck picker still filters by id. */
const MAX_DECKS = 300;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const rv = () => useReview.getState();
const reviewer = () => rv().reviewer.trim() || null;
const app = () => useApp.getState();

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
  rv().set({ batchId, jobId, index: 0, items: [], total: 0, thumbs: {} });
  app().set({ view: 'review' });
  await Promise.all([loadItems(), loadDecks()]);
}

export async function setScope(patch: { batchId?: string; jobId?: number | null; filter?: ReviewFilter; source?: AltSource | null }) {
  if (patch.batchId !== undefined && patch.batchId !== rv().batchId) {
    rv().set({ batchId: patch.batchId, jobId: null, thumbs: {}, decks: [] });
    void loadDecks();
  }
  rv().set({ ...('jobId' in patch ? { jobId: patch.jobId } : {}), ...(patch.filter ? { filter: patch.filter } : {}), ...('source' in patch ? { source: patch.source } : {}) });
  await loadItems();
}

function query(offset: number) {
  const { jobId, filter, source } = rv();
  return { ...(jobId ? { jobId } : {}), filter, ...(source ? { source } : {}), offset, limit: PAGE };
}

export async function loadItems(keepIndex = false) {
  const batchId = rv().batchId;
  if (!batchId) return;
  rv().set({ loading: true });
  try {
    const r = await api().reviewItems(batchId, query(0));
    const index = keepIndex ? Math.min(rv().index, Math.max(0, r.items.length - 1)) : 0;
    rv().set({ items: r.items, total: r.total, index });
    await refreshCounts();
    void loadThumbs();
  } catch (err) {
    fail('Loading the images to review', err);
  } finally {
    rv().set({ loading: false });
  }
}

async function loadMore(): Promise<boolean> {
  const { batchId, items, total } = rv();
  if (!batchId || items.length >= total) return false;
  const r = await api().reviewItems(batchId, query(items.length));
  rv().set({ items: [...items, ...r.items], total: r.total });
  return r.items.length > 0;
}

export async function refreshCounts() {
  const { batchId, jobId } = rv();
  if (!batchId) return;
  const counts = await api().reviewCounts(batchId, jobId ?? undefined);
  rv().set({ counts });
}

export async function loadDecks() {
  const batchId = rv().batchId;
  if (!batchId) return;
  try {
    const { jobs } = await api().listJobs(batchId, { state: 'succeeded', limit: MAX_DECKS });
    const rows: DeckRow[] = [];
    for (const job of jobs) {
      const counts = await api().reviewCounts(batchId, job.id);
      if (counts.items > 0) rows.push({ job, counts });
    }
    if (rv().batchId === batchId) rv().set({ decks: rows });
  } catch (err) {
    fail('Loading the decks', err);
  }
}

async function refreshDeck(jobId: number) {
  const batchId = rv().batchId!;
  const counts = await api().reviewCounts(batchId, jobId);
  rv().set({ decks: rv().decks.map((d) => (d.job.id === jobId ? { ...d, counts } : d)) });
}

/** Thumbnails of the current image and its neighbours, fetched once each. */
export async function loadThumbs() {
  const { items, index, batchId } = rv();
  if (!batchId) return;
  for (const it of [items[index], items[index + 1], items[index - 1]]) {
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
  const { items, index, total } = rv();
  let next = index + delta;
  if (next >= items.length && items.length < total) {
    await loadMore().catch((err) => fail('Loading more images', err));
  }
  next = Math.max(0, Math.min(next, rv().items.length - 1));
  if (next === index) {
    app().announce(delta > 0 ? 'This is the last image.' : 'This is the first image.');
    return;
  }
  rv().set({ index: next });
  void loadThumbs();
}

export function moveTo(index: number) {
  rv().set({ index: Math.max(0, Math.min(index, rv().items.length - 1)) });
  void loadThumbs();
}

/** One decision, saved at once; then the next image. Returns false when main refused it. */
export async function decideCurrent(action: ReviewAction, text?: string): Promise<boolean> {
  const { items, index, batchId, saving } = rv();
  const cur = items[index];
  if (!cur || !batchId || saving) return false;
  rv().set({ saving: true });
  try {
    const decision = await api().decide({ batchId, jobId: cur.jobId, itemKey: cur.itemKey, action, reviewer: reviewer(), ...(action === 'edit' ? { text: text ?? '' } : {}) });
    const fresh = rv().items.map((x) => (x.jobId === cur.jobId && x.itemKey === cur.itemKey ? { ...x, decision } : x));
    rv().set({ items: fresh });
    await Promise.all([refreshCounts(), refreshDeck(cur.jobId)]);
    app().announce(decisionAnnouncement(action, rv().counts));
    if (rv().index === index && index < rv().items.length - 1) await move(1);
    return true;
  } catch (err) {
    // The sentence from the engine says why (e.g. nothing proposed to approve): say it, stay here.
    const msg = errorText(err);
    app().announce(`Not saved: ${msg}`);
    app().set({ error: `Not saved: ${msg}` });
    return false;
  } finally {
    rv().set({ saving: false });
  }
}

export async function clearCurrent() {
  const { items, index, batchId } = rv();
  const cur = items[index];
  if (!cur || !batchId || !cur.decision) return;
  try {
    await api().clearDecision(batchId, cur.jobId, cur.itemKey);
    rv().set({ items: rv().items.map((x) => (x === cur ? { ...x, decision: null } : x)) });
    await Promise.all([refreshCounts(), refreshDeck(cur.jobId)]);
    app().announce(decisionAnnouncement('cleared', rv().counts));
  } catch (err) {
    fail('Undo', err);
  }
}

export async function bulkApprove(scope: 'deck' | 'source') {
  const { batchId, jobId, source } = rv();
  if (!batchId) return;
  try {
    const { approved: n } = await api().bulkApprove(batchId, { ...(scope === 'deck' ? { jobId: jobId ?? undefined } : { source: source ?? undefined, ...(jobId ? { jobId } : {}) }), reviewer: reviewer() });
    await Promise.all([loadItems(true), loadDecks()]);
    app().announce(`Approved ${plural(n, 'image')}. Images with nothing proposed or that may be decorative are left to you.`);
  } catch (err) {
    fail('Approving', err);
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
    await Promise.all([loadItems(true), loadDecks()]);
    const msg = `Imported ${plural(r.imported, 'decision')} from ${file.name}; ${r.skippedOlder} older than ours (ours kept); ${r.unmatched} not in this batch.`;
    app().announce(msg);
    app().addNotice('INFO', msg);
  } catch (err) {
    fail('Importing the decisions', err);
  }
}

/** Writes the approved decisions into final decks through the queue; its progress shows like any batch. */
export async function applyApproved() {
  const batchId = rv().batchId;
  if (!batchId) return;
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
