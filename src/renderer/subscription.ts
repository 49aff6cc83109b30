/**
 * The one place that listens to main: engine events and app events go into the
 * store; the initial state is fetched once at start-up (including the crash
 * recovery offer, which is a query in the engine).
 */
import { api, errorText } from './api';
import { useApp } from './store';
import { addInputs } from './actions';

export async function connect(): Promise<() => void> {
  const a = api();
  const s = useApp.getState();
  const offEngine = a.onEngineEvents((events) => useApp.getState().applyEvents(events));
  const offApp = a.onAppEvent((e) => {
    if (e.type === 'open-files') void addInputs(e.paths);
    else if (e.type === 'shutting-down') useApp.getState().set({ shuttingDown: e.message });
    else if (e.type === 'keep-awake') useApp.getState().set({ keepAwake: e.active });
  });
  try {
    const [settings, batches, interrupted, info] = await Promise.all([a.getSettings(), a.listBatches(), a.interruptedBatches(), a.appInfo()]);
    s.set({ settings, batches, interrupted });
    const live = batches.find((b) => b.state === 'active' || b.state === 'paused');
    if (live) {
      s.set({ currentBatchId: live.id, view: 'batch' });
      s.set({ progress: { ...useApp.getState().progress, [live.id]: await a.getProgress(live.id) } });
    }
    if (info.pendingOpenFiles.length) await addInputs(info.pendingOpenFiles);
  } catch (err) {
    s.set({ error: errorText(err) });
  }
  return () => {
    offEngine();
    offApp();
  };
}
