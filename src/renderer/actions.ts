/** User actions: each calls main through the API and updates the store. */
import { api, errorText } from './api';
import { useApp } from './store';
import { batchStatus } from '../shared/batch-status';

const st = () => useApp.getState();

async function guarded<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    st().set({ error: null });
    return await fn();
  } catch (err) {
    const msg = `${what} failed: ${errorText(err)}`;
    st().set({ error: msg });
    st().announce(msg);
    return undefined;
  }
}

/** Adds files/folders and runs the dry run over everything added so far, at once. */
export async function addInputs(paths: string[]): Promise<void> {
  const clean = paths.filter(Boolean);
  if (!clean.length) return;
  const inputs = [...new Set([...st().inputs, ...clean])];
  st().set({ inputs, view: 'add', preflightBusy: true, preflightStatus: null });
  const report = await guarded('Checking the decks', () => api().preflight(inputs));
  st().set({ preflightBusy: false, preflightStatus: null });
  if (report) {
    st().set({ preflight: report });
    st().announce(`Checked ${report.files.length} files: ${report.accepted} decks accepted, ${report.rejected} rejected.`);
  }
}

export function clearInputs() {
  st().set({ inputs: [], preflight: null });
  st().announce('The list of decks was cleared.');
}

export async function pickInputs(kind: 'decks' | 'folder') {
  const paths = await guarded('Choosing decks', () => api().pickInputs(kind));
  if (paths?.length) await addInputs(paths);
}

export async function startNewBatch() {
  // A second press while the first is being made must not make a second batch (main refuses one too).
  if (st().creatingBatch) return;
  const inputs = st().inputs;
  st().set({ creatingBatch: true });
  let batch;
  try {
    batch = await guarded('Starting the batch', () => api().createBatch({ inputs }));
  } finally {
    st().set({ creatingBatch: false });
  }
  if (!batch) return;
  st().upsertBatch(batch);
  st().set({ currentBatchId: batch.id, view: 'batch', inputs: [], preflight: null, jobFilter: 'all' });
  await guarded('Starting the batch', () => api().start(batch.id));
  await refreshBatch(batch.id);
  st().announce(`Batch started: ${batch.counts.total} decks.`);
}

export async function refreshBatch(batchId: string) {
  const [b, p] = await Promise.all([api().getBatch(batchId), api().getProgress(batchId)]);
  if (b) st().upsertBatch(b);
  st().set({ progress: { ...st().progress, [batchId]: p }, jobsVersion: st().jobsVersion + 1 });
}

type Control = 'start' | 'pause' | 'stop' | 'cancel';
const CONTROL_WORDS: Record<Control, string> = { start: 'Resumed', pause: 'Pausing after the decks in progress', stop: 'Stopped', cancel: 'Cancelled' };

export async function control(batchId: string, action: Control) {
  // Pause waits for the decks in flight: say so at once rather than after they finish.
  if (action === 'pause') st().announce('Pausing: the decks in progress finish first, no new ones start.');
  const BUSY: Record<Control, string> = { start: 'Starting…', pause: 'Pausing: the decks in progress finish first…', stop: 'Stopping…', cancel: 'Cancelling…' };
  st().set({ busy: BUSY[action], pendingControl: action === 'start' ? null : { batchId, action } });
  const ok = await guarded(`${action[0].toUpperCase()}${action.slice(1)}`, async () => {
    await api()[action](batchId);
    return true;
  });
  // The engine's answer and the batch's new state arrive together: the pill never shows "Running" in between.
  if (ok) await refreshBatch(batchId).catch(() => {});
  st().set({ busy: null, pendingControl: null });
  if (!ok) return;
  if (action === 'start') st().set({ interrupted: st().interrupted.filter((b) => b.id !== batchId) });
  const b = st().batches.find((x) => x.id === batchId);
  st().announce(`${CONTROL_WORDS[action]}. Batch is ${b ? batchStatus(b).label : 'unknown'}.`);
}

export async function resumeBatch(batchId: string) {
  st().set({ currentBatchId: batchId, view: 'batch', jobFilter: 'all' });
  await control(batchId, 'start');
}

export async function retryFailed(batchId: string) {
  const n = await guarded('Retry', () => api().retryFailed(batchId));
  if (n === undefined) return;
  if (n === 0) {
    // Rejected decks are never retried (the check would refuse them again); the button only shows when something failed.
    const msg = 'No failed decks to retry. Decks not accepted by the check must be fixed first (see each reason), then added again.';
    st().addNotice('INFO', msg);
    st().announce(msg);
    return;
  }
  await guarded('Starting the batch', () => api().start(batchId));
  await refreshBatch(batchId);
  st().announce(`${n} failed decks were put back in the queue.`);
}

export async function writeReport(batchId: string, format: 'csv' | 'json' | 'html') {
  const file = await guarded('Writing the report', () => api().writeReport(batchId, format));
  if (!file) return;
  st().announce(`Report written: ${file}`);
  st().addNotice('INFO', `Report written to ${file}`);
  await guarded('Opening the report', () => api().openPath(file));
}

export async function saveSettings(patch: Parameters<ReturnType<typeof api>['setSettings']>[0]) {
  const s = await guarded('Saving the settings', () => api().setSettings(patch));
  if (s) {
    st().set({ settings: s });
    st().announce('Settings saved.');
  }
  return !!s;
}

export async function openPath(p: string) {
  const said = await guarded('Opening', () => api().openPath(p));
  // e.g. a macro-enabled deck: main showed it in its folder instead, and says so.
  if (said) st().announce(said);
  return said;
}
export const showInFolder = (p: string) => guarded('Showing in folder', () => api().showInFolder(p));
export const openOutputs = (batchId: string) => guarded('Opening the output folder', () => api().openOutputs(batchId));
