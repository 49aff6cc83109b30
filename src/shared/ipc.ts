/**
 * The one IPC contract between Electron main, the preload and the renderer.
 * Channel names and payload/result types live here only: main registers a handler
 * per channel (src/main/ipc-handlers.ts, with zod validation of every payload), the
 * preload exposes `makeApi(transport)` on `window.altdeck`, the renderer calls it.
 * No zod here: the preload bundle stays small and the renderer never validates.
 */
import type { CreateBatchRequest, EngineApi, EngineEvent, JobQuery, PreflightReport, ReportFormat, ReviewApi } from './engine-api';
import type { AltPolicy, AltSource, BatchInfo, BatchProgress, JobInfo, ModelApiKind } from './types';
import type { CheckAction, CheckDecision, FindingGroupsPage, FindingGroupsQuery, FindingsBulkPreview } from './check-review';
import type { CheckRuleId } from './checker';
import type { BulkPreview, BulkResult, ImportResult, ReviewAction, ReviewCounts, ReviewDecision, ReviewDeckRow, ReviewGroup, ReviewItem, ReviewQuery } from './review';

/** What the user can set in the app; persisted by main in the app-data folder. */
export interface AppSettings {
  workers: number;
  timeoutSec: number;
  maxAttempts: number;
  /** Fraction 0..1 of failed decks that stops the batch; 0 disables. */
  errorThreshold: number;
  /** Empty = next to the inputs in an "AltDeck output" folder (the engine's default). */
  outputDir: string;
  altPolicy: AltPolicy;
  /** Loopback vision model server (Ollama or OpenAI-compatible API) or empty. */
  modelServer: string;
  model: string;
  /** Which API the server speaks; auto asks it. */
  modelApi: ModelApiKind;
  /** Context line for the model, e.g. "medical school lecture"; empty = none. */
  modelDomain: string;
  ocr: boolean;
  /** Write a placeholder ALT where nothing says what an image shows (still counted as missing). */
  writePlaceholders: boolean;
  /**
   * Custom processor command line; empty = the built-in one. Read-only for the window:
   * only the settings file (IT) or the CLI sets it, see RendererSettings.
   */
  processor: string;
  /** Free space (MB, 1 MB = 1024 KB) kept on the output drive; below it the batch pauses with LOW_DISK. */
  minFreeMB: number;
}

/**
 * What the window may change: everything but the custom processor. A command line
 * that main runs must never come from the page (a compromised page would mean code
 * execution); `settings:set` and `engine:createBatch` refuse it.
 */
export type RendererSettings = Omit<AppSettings, 'processor'>;

/** The one sentence the IPC refusal and the UI use. */
export const PROCESSOR_FROM_SETTINGS_FILE_ONLY =
  'A custom processor is set only in the settings file (settings.json in the AltDeck data folder) or with the CLI’s --processor, never from the window.';

/**
 * PowerPoint files that can carry macros. `app:openPath` never opens one (that would
 * run its macros with one click from AltDeck); it shows the file in its folder instead.
 */
export const MACRO_ENABLED_EXTENSIONS: readonly string[] = ['.pptm', '.ppsm', '.potm', '.ppam'];

export const DEFAULT_APP_SETTINGS: AppSettings = {
  workers: 2,
  timeoutSec: 300,
  maxAttempts: 3,
  errorThreshold: 0.5,
  outputDir: '',
  altPolicy: 'preserve',
  modelServer: '',
  model: '',
  modelApi: 'auto',
  modelDomain: '',
  ocr: true,
  writePlaceholders: false,
  processor: '',
  minFreeMB: 1024,
};

export interface AppInfo {
  version: string;
  platform: string;
  homeDir: string;
  logFile: string;
  /** Files handed over at launch (command line / a second launch) not yet picked up. */
  pendingOpenFiles: string[];
}

export type PickKind = 'decks' | 'folder';

/** Events main pushes that do not come from the engine. */
export type AppEvent =
  | { type: 'open-files'; paths: string[] }
  | { type: 'shutting-down'; message: string }
  | { type: 'keep-awake'; active: boolean };

/** Every invoke channel: [payload, result]. */
export interface IpcContract {
  'engine:preflight': [{ inputs: string[] }, PreflightReport];
  'engine:createBatch': [CreateBatchRequest, BatchInfo];
  'engine:start': [{ batchId: string }, void];
  'engine:pause': [{ batchId: string }, void];
  'engine:stop': [{ batchId: string }, void];
  'engine:cancel': [{ batchId: string }, void];
  'engine:retryFailed': [{ batchId: string }, number];
  'engine:listBatches': [void, BatchInfo[]];
  'engine:getBatch': [{ batchId: string }, BatchInfo | null];
  'engine:listJobs': [{ batchId: string; query?: JobQuery }, { total: number; jobs: JobInfo[] }];
  'engine:getProgress': [{ batchId: string }, BatchProgress];
  'engine:interruptedBatches': [void, BatchInfo[]];
  'engine:writeReport': [{ batchId: string; format: ReportFormat }, string];
  'settings:get': [void, AppSettings];
  'settings:set': [Partial<RendererSettings>, AppSettings];
  'app:info': [void, AppInfo];
  /**
   * Native open dialog; [] when cancelled. Decks or one folder: Windows and Linux
   * dialogs cannot pick files and folders at once.
   */
  'app:pickInputs': [{ kind: PickKind } | void, string[]];
  'app:pickFolder': [void, string | null];
  /** Open a deck or report with the system's application; returns an error text or ''. */
  /** '' when opened; otherwise a sentence (e.g. a macro-enabled deck shown in its folder instead). */
  'app:openPath': [{ path: string }, string];
  'app:showInFolder': [{ path: string }, void];
  'app:openLogs': [void, void];
  'app:openOutputs': [{ batchId: string }, void];
  /* Review and approve (issue #5): one decision per call, saved at once. */
  'review:items': [{ batchId: string; query?: ReviewQuery }, { total: number; items: ReviewItem[] }];
  'review:decide': [ReviewDecideRequest, ReviewDecision];
  'review:clear': [{ batchId: string; jobId: number; itemKey: string }, void];
  'review:bulkApprove': [{ batchId: string; jobId?: number; source?: AltSource; reviewer?: string | null }, BulkResult];
  'review:bulkPreview': [{ batchId: string; jobId?: number; source?: AltSource }, BulkPreview];
  'review:undoBulk': [{ batchId: string; bulkId: string; reviewer?: string | null }, number];
  /* Identical images are one decision (issue 11 §1). */
  'review:groups': [{ batchId: string; query?: ReviewQuery }, { total: number; groups: ReviewGroup[] }];
  'review:groupMembers': [{ batchId: string; groupKey: string; offset?: number; limit?: number }, { total: number; items: ReviewItem[] }];
  'review:decideGroup': [{ batchId: string; groupKey: string; action: ReviewAction; text?: string | null; reviewer?: string | null }, { decision: ReviewDecision; members: number }];
  'review:clearGroup': [{ batchId: string; groupKey: string; reviewer?: string | null }, number];
  'review:split': [{ batchId: string; jobId: number; itemKey: string }, string];
  'review:decks': [{ batchId: string; offset?: number; limit?: number }, { total: number; decks: ReviewDeckRow[] }];
  'review:counts': [{ batchId: string; jobId?: number }, ReviewCounts];
  /** Main shows a save dialog when it can (savedTo, or null when cancelled); otherwise the text comes back. */
  'review:export': [{ batchId: string; format: 'json' | 'csv' }, ReviewExportResult];
  'review:import': [{ batchId: string; format: 'json' | 'csv'; content: string }, ImportResult];
  'review:apply': [{ batchId: string }, BatchInfo];
  'review:thumbnail': [{ batchId: string; jobId: number; mediaPart: string }, ReviewThumbnail];
  /* Checker findings that need judgement (issue 13): identical ones grouped, one decision per call. */
  'findings:groups': [{ batchId: string; query?: FindingGroupsQuery }, FindingGroupsPage];
  'findings:decide': [FindingDecideRequest, CheckDecision];
  'findings:decideGroup': [FindingGroupDecideRequest, number];
  'findings:clearGroup': [{ batchId: string; groupKey: string }, number];
  'findings:bulkPreview': [{ batchId: string; rule?: CheckRuleId }, FindingsBulkPreview];
  'findings:bulkApprove': [{ batchId: string; rule?: CheckRuleId; reviewer?: string | null }, { approved: number; bulkId: string }];
  'findings:undoBulk': [{ batchId: string; bulkId: string }, number];
}

export interface FindingDecideRequest {
  batchId: string;
  jobId: number;
  key: string;
  action: CheckAction;
  text?: string | null;
  reviewer?: string | null;
}

export interface FindingGroupDecideRequest {
  batchId: string;
  groupKey: string;
  action: CheckAction;
  text?: string | null;
  reviewer?: string | null;
}

export interface ReviewDecideRequest {
  batchId: string;
  jobId: number;
  itemKey: string;
  action: ReviewAction;
  text?: string | null;
  reviewer?: string | null;
}

export type ReviewExportResult = { dialog: true; savedTo: string | null } | { dialog: false; content: string; fileName: string };
export type ReviewThumbnail = { dataUrl: string } | { placeholder: string };

export type Channel = keyof IpcContract;
export type Payload<C extends Channel> = IpcContract[C][0];
export type Result<C extends Channel> = IpcContract[C][1];

export const CHANNELS = [
  'engine:preflight',
  'engine:createBatch',
  'engine:start',
  'engine:pause',
  'engine:stop',
  'engine:cancel',
  'engine:retryFailed',
  'engine:listBatches',
  'engine:getBatch',
  'engine:listJobs',
  'engine:getProgress',
  'engine:interruptedBatches',
  'engine:writeReport',
  'settings:get',
  'settings:set',
  'app:info',
  'app:pickInputs',
  'app:pickFolder',
  'app:openPath',
  'app:showInFolder',
  'app:openLogs',
  'app:openOutputs',
  'review:items',
  'review:decide',
  'review:clear',
  'review:bulkApprove',
  'review:bulkPreview',
  'review:undoBulk',
  'review:groups',
  'review:groupMembers',
  'review:decideGroup',
  'review:clearGroup',
  'review:split',
  'review:decks',
  'review:counts',
  'review:export',
  'review:import',
  'review:apply',
  'review:thumbnail',
  'findings:groups',
  'findings:decide',
  'findings:decideGroup',
  'findings:clearGroup',
  'findings:bulkPreview',
  'findings:bulkApprove',
  'findings:undoBulk',
] as const satisfies readonly Channel[];

// Compile-time proof that CHANNELS lists every channel of the contract.
type Missing = Exclude<Channel, (typeof CHANNELS)[number]>;
const _allChannelsListed: Missing extends never ? true : never = true;
void _allChannelsListed;

/** Push channels (main → renderer). Engine events arrive coalesced, in arrays. */
export const EVENT_CHANNEL = 'altdeck:engine-events';
export const APP_EVENT_CHANNEL = 'altdeck:app-events';

/** How the API object reaches main: ipcRenderer in the preload, a test bridge in e2e. */
export interface Transport {
  invoke(channel: Channel, payload: unknown): Promise<unknown>;
  subscribe(channel: typeof EVENT_CHANNEL | typeof APP_EVENT_CHANNEL, listener: (data: unknown) => void): () => void;
  getPathForFile(file: File): string;
}

export type Unsubscribe = () => void;

/** The API the renderer sees on `window.altdeck`. */
export interface AltDeckApi {
  preflight(inputs: string[]): Promise<PreflightReport>;
  createBatch(req: CreateBatchRequest): Promise<BatchInfo>;
  start(batchId: string): Promise<void>;
  pause(batchId: string): Promise<void>;
  stop(batchId: string): Promise<void>;
  cancel(batchId: string): Promise<void>;
  retryFailed(batchId: string): Promise<number>;
  listBatches(): Promise<BatchInfo[]>;
  getBatch(batchId: string): Promise<BatchInfo | null>;
  listJobs(batchId: string, query?: JobQuery): Promise<{ total: number; jobs: JobInfo[] }>;
  getProgress(batchId: string): Promise<BatchProgress>;
  interruptedBatches(): Promise<BatchInfo[]>;
  writeReport(batchId: string, format: ReportFormat): Promise<string>;
  getSettings(): Promise<AppSettings>;
  setSettings(patch: Partial<RendererSettings>): Promise<AppSettings>;
  appInfo(): Promise<AppInfo>;
  pickInputs(kind?: PickKind): Promise<string[]>;
  pickFolder(): Promise<string | null>;
  openPath(path: string): Promise<string>;
  showInFolder(path: string): Promise<void>;
  openLogs(): Promise<void>;
  openOutputs(batchId: string): Promise<void>;
  reviewItems(batchId: string, query?: ReviewQuery): Promise<{ total: number; items: ReviewItem[] }>;
  decide(req: ReviewDecideRequest): Promise<ReviewDecision>;
  clearDecision(batchId: string, jobId: number, itemKey: string): Promise<void>;
  bulkApprove(batchId: string, scope?: { jobId?: number; source?: AltSource; reviewer?: string | null }): Promise<BulkResult>;
  bulkPreview(batchId: string, scope?: { jobId?: number; source?: AltSource }): Promise<BulkPreview>;
  undoBulk(batchId: string, bulkId: string, reviewer?: string | null): Promise<number>;
  reviewGroups(batchId: string, query?: ReviewQuery): Promise<{ total: number; groups: ReviewGroup[] }>;
  groupMembers(batchId: string, groupKey: string, offset?: number, limit?: number): Promise<{ total: number; items: ReviewItem[] }>;
  decideGroup(req: { batchId: string; groupKey: string; action: ReviewAction; text?: string | null; reviewer?: string | null }): Promise<{ decision: ReviewDecision; members: number }>;
  clearGroup(batchId: string, groupKey: string, reviewer?: string | null): Promise<number>;
  splitMember(batchId: string, jobId: number, itemKey: string): Promise<string>;
  reviewDecks(batchId: string, offset?: number, limit?: number): Promise<{ total: number; decks: ReviewDeckRow[] }>;
  reviewCounts(batchId: string, jobId?: number): Promise<ReviewCounts>;
  exportDecisions(batchId: string, format: 'json' | 'csv'): Promise<ReviewExportResult>;
  importDecisions(batchId: string, content: string, format: 'json' | 'csv'): Promise<ImportResult>;
  applyApproved(batchId: string): Promise<BatchInfo>;
  reviewThumbnail(batchId: string, jobId: number, mediaPart: string): Promise<ReviewThumbnail>;
  findingGroups(batchId: string, query?: FindingGroupsQuery): Promise<FindingGroupsPage>;
  decideFinding(req: FindingDecideRequest): Promise<CheckDecision>;
  /** How many identical findings the decision settled. */
  decideFindingGroup(req: FindingGroupDecideRequest): Promise<number>;
  /** Undo: takes back the decision of every finding in the group; how many. */
  clearFindingGroup(batchId: string, groupKey: string): Promise<number>;
  findingsBulkPreview(batchId: string, rule?: CheckRuleId): Promise<FindingsBulkPreview>;
  /** Every undecided proposal of the rule (all rules when none), as one undoable action. */
  approveAllFindings(batchId: string, rule?: CheckRuleId, reviewer?: string | null): Promise<{ approved: number; bulkId: string }>;
  undoFindingsBulk(batchId: string, bulkId: string): Promise<number>;
  /** Absolute path of a dropped File (Electron's webUtils.getPathForFile). */
  getPathForFile(file: File): string;
  onEngineEvents(listener: (events: EngineEvent[]) => void): Unsubscribe;
  onAppEvent(listener: (event: AppEvent) => void): Unsubscribe;
}

export function makeApi(t: Transport): AltDeckApi {
  const call = <C extends Channel>(channel: C, payload?: Payload<C>) => t.invoke(channel, payload) as Promise<Result<C>>;
  return {
    preflight: (inputs) => call('engine:preflight', { inputs }),
    createBatch: (req) => call('engine:createBatch', req),
    start: (batchId) => call('engine:start', { batchId }),
    pause: (batchId) => call('engine:pause', { batchId }),
    stop: (batchId) => call('engine:stop', { batchId }),
    cancel: (batchId) => call('engine:cancel', { batchId }),
    retryFailed: (batchId) => call('engine:retryFailed', { batchId }),
    listBatches: () => call('engine:listBatches'),
    getBatch: (batchId) => call('engine:getBatch', { batchId }),
    listJobs: (batchId, query) => call('engine:listJobs', query ? { batchId, query } : { batchId }),
    getProgress: (batchId) => call('engine:getProgress', { batchId }),
    interruptedBatches: () => call('engine:interruptedBatches'),
    writeReport: (batchId, format) => call('engine:writeReport', { batchId, format }),
    getSettings: () => call('settings:get'),
    setSettings: (patch) => call('settings:set', patch),
    appInfo: () => call('app:info'),
    pickInputs: (kind) => call('app:pickInputs', kind ? { kind } : undefined),
    pickFolder: () => call('app:pickFolder'),
    openPath: (path) => call('app:openPath', { path }),
    showInFolder: (path) => call('app:showInFolder', { path }),
    openLogs: () => call('app:openLogs'),
    openOutputs: (batchId) => call('app:openOutputs', { batchId }),
    reviewItems: (batchId, query) => call('review:items', query ? { batchId, query } : { batchId }),
    decide: (req) => call('review:decide', req),
    clearDecision: (batchId, jobId, itemKey) => call('review:clear', { batchId, jobId, itemKey }),
    bulkApprove: (batchId, scope) => call('review:bulkApprove', { batchId, ...(scope ?? {}) }),
    bulkPreview: (batchId, scope) => call('review:bulkPreview', { batchId, ...(scope ?? {}) }),
    undoBulk: (batchId, bulkId, reviewer) => call('review:undoBulk', { batchId, bulkId, ...(reviewer !== undefined ? { reviewer } : {}) }),
    reviewGroups: (batchId, query) => call('review:groups', query ? { batchId, query } : { batchId }),
    groupMembers: (batchId, groupKey, offset, limit) => call('review:groupMembers', { batchId, groupKey, ...(offset !== undefined ? { offset } : {}), ...(limit !== undefined ? { limit } : {}) }),
    decideGroup: (req) => call('review:decideGroup', req),
    clearGroup: (batchId, groupKey, reviewer) => call('review:clearGroup', { batchId, groupKey, ...(reviewer !== undefined ? { reviewer } : {}) }),
    splitMember: (batchId, jobId, itemKey) => call('review:split', { batchId, jobId, itemKey }),
    reviewDecks: (batchId, offset, limit) => call('review:decks', { batchId, ...(offset !== undefined ? { offset } : {}), ...(limit !== undefined ? { limit } : {}) }),
    reviewCounts: (batchId, jobId) => call('review:counts', jobId === undefined ? { batchId } : { batchId, jobId }),
    exportDecisions: (batchId, format) => call('review:export', { batchId, format }),
    importDecisions: (batchId, content, format) => call('review:import', { batchId, format, content }),
    applyApproved: (batchId) => call('review:apply', { batchId }),
    reviewThumbnail: (batchId, jobId, mediaPart) => call('review:thumbnail', { batchId, jobId, mediaPart }),
    findingGroups: (batchId, query) => call('findings:groups', query ? { batchId, query } : { batchId }),
    decideFinding: (req) => call('findings:decide', req),
    decideFindingGroup: (req) => call('findings:decideGroup', req),
    clearFindingGroup: (batchId, groupKey) => call('findings:clearGroup', { batchId, groupKey }),
    findingsBulkPreview: (batchId, rule) => call('findings:bulkPreview', rule ? { batchId, rule } : { batchId }),
    approveAllFindings: (batchId, rule, reviewer) => call('findings:bulkApprove', { batchId, ...(rule ? { rule } : {}), ...(reviewer ? { reviewer } : {}) }),
    undoFindingsBulk: (batchId, bulkId) => call('findings:undoBulk', { batchId, bulkId }),
    getPathForFile: (file) => t.getPathForFile(file),
    onEngineEvents: (listener) => t.subscribe(EVENT_CHANNEL, (data) => listener(data as EngineEvent[])),
    onAppEvent: (listener) => t.subscribe(APP_EVENT_CHANNEL, (data) => listener(data as AppEvent)),
  };
}

/** Error shape handlers throw across IPC: a code the UI can branch on plus a readable message. */
export interface IpcErrorShape {
  code: 'INVALID_PAYLOAD' | 'UNKNOWN_CHANNEL' | 'FORBIDDEN_SENDER' | 'ENGINE_ERROR' | 'SHUTTING_DOWN';
  message: string;
}

/* ---------------- Main ↔ engine host (Electron utilityProcess; a Node child in e2e) ----------------
 * The engine (queue, review store, preflight, reports) runs in its own process so no
 * query can block the window. Main validates the renderer's payloads, then calls
 * engine methods by name; the host answers each call and pushes coalesced events.
 * Messages are structured-cloned (utilityProcess postMessage; child_process 'advanced'). */

export type EngineMethod = keyof EngineApi | keyof ReviewApi;

/** Every engine method main may call in the host: a call to anything else is refused there. */
export const ENGINE_METHODS = [
  'preflight',
  'createBatch',
  'start',
  'pause',
  'stop',
  'cancel',
  'retryFailed',
  'listBatches',
  'getBatch',
  'listJobs',
  'getProgress',
  'interruptedBatches',
  'writeReport',
  'reviewItems',
  'decide',
  'clearDecision',
  'bulkApprove',
  'reviewCounts',
  'reviewGroups',
  'groupMembers',
  'decideGroup',
  'clearGroup',
  'splitMember',
  'bulkPreview',
  'approveAll',
  'undoBulk',
  'reviewDecks',
  'exportDecisions',
  'importDecisions',
  'applyApproved',
  'reviewThumbnail',
  'checkReviewItems',
  'checkReviewGroups',
  'findingGroups',
  'decideFinding',
  'decideFindingGroup',
  'clearFindingDecision',
  'clearFindingGroup',
  'findingsBulkPreview',
  'approveAllFindings',
  'undoFindingsBulk',
] as const satisfies readonly EngineMethod[];

type MissingMethod = Exclude<EngineMethod, (typeof ENGINE_METHODS)[number]>;
const _allMethodsListed: MissingMethod extends never ? true : never = true;
void _allMethodsListed;

/** What the host opens the engine with (main knows the app paths; the host does not import Electron). */
export interface EngineHostInit {
  home: string;
  /** The built-in processor's launcher (under Electron: its own binary as Node). Absent: the engine's default. */
  processor?: { command: string; args: string[]; env?: Record<string, string> };
  /** better-sqlite3 built for this runtime when it is not node_modules' (Electron from a checkout). */
  sqliteBinding?: string;
}

export type HostRequest =
  | { kind: 'init'; init: EngineHostInit }
  | { kind: 'call'; id: number; method: EngineMethod; args: unknown[] }
  | { kind: 'shutdown'; id: number };

export type HostMessage =
  | { kind: 'ready'; pid: number; recovered: number }
  /** The engine could not open (e.g. a queue written by a newer AltDeck): the sentence to show, then the host exits. */
  | { kind: 'fatal'; message: string }
  | { kind: 'reply'; id: number; ok: true; result: unknown }
  | { kind: 'reply'; id: number; ok: false; error: string }
  | { kind: 'events'; events: EngineEvent[] };
