/** Stand-ins for Electron's modules and for the engine, for main's unit tests. */
import { EventEmitter } from 'node:events';
import type { EngineApi, PreflightReport } from '../../src/shared/engine-api';
import type { BatchInfo, BatchProgress, StateCounts } from '../../src/shared/types';
import type { AppDeps } from '../../src/main/ipc-handlers';
import type { SettingsStore } from '../../src/main/settings-store';
import { DEFAULT_APP_SETTINGS, type AppSettings } from '../../src/shared/ipc';

const counts = (total = 0): StateCounts => ({ total, pending: total, running: 0, retrying: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0, rejected: 0 });

export function batch(id: string, outputDir = '/nonexistent'): BatchInfo {
  return {
    id,
    state: 'paused',
    createdAt: 1,
    startedAt: null,
    finishedAt: null,
    reason: null,
    counts: counts(1),
    activeMs: 0,
    settings: {
      processor: null, workers: 1, timeoutSec: 60, graceSec: 1, maxAttempts: 3, errorThreshold: 0, outputDir, inputRoot: '/',
      altPolicy: 'preserve', force: false, dryRun: false, replaceOutputs: false, modelServer: null, model: null, ocr: false,
      notesLongDescriptions: false, markDecorative: false,
    },
  };
}

/** Records every call; answers with plain data. */
export class RecordingEngine implements EngineApi {
  calls: Array<[string, unknown[]]> = [];
  outputDir = '/nonexistent';
  private rec(name: string, args: unknown[]) {
    this.calls.push([name, args]);
  }
  async preflight(inputs: string[]): Promise<PreflightReport> {
    this.rec('preflight', [inputs]);
    return { files: [], accepted: 0, rejected: 0, slides: 0, pictures: 0, picturesMissingAlt: 0, estimateMs: 0, ignored: 0 };
  }
  async createBatch(req: Parameters<EngineApi['createBatch']>[0]) {
    this.rec('createBatch', [req]);
    return batch('B1');
  }
  async start(id: string) { this.rec('start', [id]); }
  async pause(id: string) { this.rec('pause', [id]); }
  async stop(id: string) { this.rec('stop', [id]); }
  async cancel(id: string) { this.rec('cancel', [id]); }
  async retryFailed(id: string) { this.rec('retryFailed', [id]); return 2; }
  listBatches() { this.rec('listBatches', []); return [batch('B1')]; }
  getBatch(id: string) { this.rec('getBatch', [id]); return id === 'B1' ? batch('B1', this.outputDir) : null; }
  listJobs(id: string, q?: unknown) { this.rec('listJobs', [id, q]); return { total: 0, jobs: [] }; }
  getProgress(id: string): BatchProgress {
    this.rec('getProgress', [id]);
    return { batchId: id, counts: counts(), unitsDone: 0, unitsTotal: 0, activeMs: 0, eta: { lowMs: null, highMs: null, unitsPerSec: null, decksPerMin: null }, running: [] };
  }
  interruptedBatches() { this.rec('interruptedBatches', []); return []; }
  async writeReport(id: string, format: string) { this.rec('writeReport', [id, format]); return `/tmp/r.${format}`; }
}

export function memorySettings(): SettingsStore {
  let s: AppSettings = { ...DEFAULT_APP_SETTINGS };
  return { file: ':memory:', get: () => ({ ...s }), set: (p) => (s = { ...s, ...p }) };
}

export function deps(over: Partial<AppDeps> = {}): AppDeps & { opened: string[]; shown: string[] } {
  const opened: string[] = [];
  const shown: string[] = [];
  return {
    opened,
    shown,
    settings: memorySettings(),
    appInfo: () => ({ version: '0', platform: 'linux', homeDir: '/h', logFile: '/h/logs/main.log', pendingOpenFiles: [] }),
    pickInputs: async () => ['/picked'],
    pickFolder: async () => '/folder',
    openPath: async (p) => (opened.push(p), ''),
    showItemInFolder: (p) => void shown.push(p),
    logsDir: () => '/h/logs',
    isShuttingDown: () => false,
    ...over,
  };
}

/** Electron's `app`, as far as the lifecycle uses it. */
export class FakeApp extends EventEmitter {
  lockGranted = true;
  lockData: unknown = null;
  quits = 0;
  requestSingleInstanceLock(data?: Record<string, unknown>) {
    this.lockData = data;
    return this.lockGranted;
  }
  quit() {
    this.quits++;
    // Like Electron: quit() emits before-quit, which a listener may prevent.
    const e = { prevented: false, preventDefault() { this.prevented = true; } };
    this.emit('before-quit', e);
    if (!e.prevented) this.emit('quit');
  }
  exit() {}
}

export class FakeWindow {
  minimized = true;
  log: string[] = [];
  isMinimized() { return this.minimized; }
  restore() { this.log.push('restore'); this.minimized = false; }
  show() { this.log.push('show'); }
  focus() { this.log.push('focus'); }
}
