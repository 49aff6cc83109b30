/**
 * The renderer's state: a mirror of main's, fed by one subscription
 * (subscription.ts). Components read through selectors.
 */
import { create } from 'zustand';
import type { EngineEvent, PreflightReport } from '../shared/engine-api';
import type { AppSettings } from '../shared/ipc';
import type { BatchInfo, BatchProgress, JobState } from '../shared/types';

export type View = 'add' | 'batch' | 'review' | 'history' | 'settings';

export interface Notice {
  id: number;
  code: string;
  message: string;
}

export interface AppState {
  view: View;
  inputs: string[];
  preflight: PreflightReport | null;
  preflightBusy: boolean;
  preflightStatus: { done: number; total: number } | null;
  /** Start was pressed and the batch is being made: the button is disabled so a second press cannot make a second batch. */
  creatingBatch: boolean;
  currentBatchId: string | null;
  batches: BatchInfo[];
  progress: Record<string, BatchProgress>;
  interrupted: BatchInfo[];
  dismissedRecovery: string[];
  settings: AppSettings | null;
  notices: Notice[];
  announcement: string;
  shuttingDown: string | null;
  keepAwake: boolean;
  /** Bumped whenever a job changed, so the table refetches its visible rows. */
  jobsVersion: number;
  jobFilter: JobState | 'all';
  /** A control call in progress (pause waits for the decks in flight): shown, and blocks double clicks. */
  busy: string | null;
  /** Pause, Stop or Cancel pressed and not finished yet: the batch is shown winding down, never "Running". */
  pendingControl: { batchId: string; action: 'pause' | 'stop' | 'cancel' } | null;
  /** Batches the engine is stopping by itself (error threshold, low disk, a queue fault): its notice is shown, so the batch is not "Running". */
  engineStopping: Record<string, true>;
  error: string | null;
  set(patch: Partial<AppState>): void;
  applyEvents(events: EngineEvent[]): void;
  upsertBatch(b: BatchInfo): void;
  announce(text: string): void;
  addNotice(code: string, message: string): void;
}

let noticeId = 0;

const STOPPING_NOTICES = new Set<string>(['ERROR_THRESHOLD', 'LOW_DISK', 'OUTPUT_NOT_WRITABLE', 'HOME_FULL', 'DB_BUSY', 'DB_ERROR']);

export const useApp = create<AppState>((set, get) => ({
  view: 'add',
  inputs: [],
  preflight: null,
  preflightBusy: false,
  preflightStatus: null,
  creatingBatch: false,
  currentBatchId: null,
  batches: [],
  progress: {},
  interrupted: [],
  dismissedRecovery: [],
  settings: null,
  notices: [],
  announcement: '',
  shuttingDown: null,
  keepAwake: false,
  jobsVersion: 0,
  jobFilter: 'all',
  busy: null,
  pendingControl: null,
  engineStopping: {},
  error: null,
  set: (patch) => set(patch),
  announce: (text) => set({ announcement: text }),
  addNotice: (code, message) => set({ notices: [...get().notices.slice(-4), { id: ++noticeId, code, message }] }),
  upsertBatch(b) {
    const batches = get().batches.filter((x) => x.id !== b.id);
    batches.unshift(b);
    batches.sort((x, y) => y.createdAt - x.createdAt);
    const interrupted = get().interrupted.filter((x) => x.id !== b.id || b.state === 'interrupted');
    set({ batches, interrupted });
  },
  applyEvents(events) {
    let jobsChanged = false;
    const progress = { ...get().progress };
    for (const e of events) {
      switch (e.type) {
        case 'batch-state':
          get().upsertBatch(e.batch);
          if (e.batch.state !== 'active' && get().engineStopping[e.batch.id]) {
            const { [e.batch.id]: _gone, ...rest } = get().engineStopping;
            set({ engineStopping: rest });
          }
          break;
        case 'batch-progress':
          progress[e.progress.batchId] = e.progress;
          break;
        case 'job-state':
          jobsChanged = true;
          break;
        case 'job-progress': {
          jobsChanged = true;
          const p = progress[e.batchId];
          if (p) {
            progress[e.batchId] = {
              ...p,
              running: p.running.map((r) => (r.jobId === e.jobId ? { ...r, done: e.done, total: e.total } : r)),
            };
          }
          break;
        }
        case 'preflight-progress':
          set({ preflightStatus: { done: e.done, total: e.total } });
          break;
        case 'notice':
          get().addNotice(e.code, e.message);
          // These notices end the run once the decks in flight settle: from now on it is stopping.
          if (e.batchId && STOPPING_NOTICES.has(e.code) && get().batches.find((b) => b.id === e.batchId)?.state === 'active') {
            set({ engineStopping: { ...get().engineStopping, [e.batchId]: true } });
          }
          break;
      }
    }
    set({ progress, ...(jobsChanged ? { jobsVersion: get().jobsVersion + 1 } : {}) });
  },
}));
