/**
 * The one IPC contract between Electron main, the preload and the renderer.
 * Channel names and payload/result types live here only: main registers a handler
 * per channel (src/main/ipc-handlers.ts, with zod validation of every payload), the
 * preload exposes `makeApi(transport)` on `window.altdeck`, the renderer calls it.
 * No zod here: the preload bundle stays small and the renderer never validates.
 *
 * Each area's channels and their payload types are in their own file (ipc-batches.ts,
 * ipc-app.ts, ipc-review.ts, ipc-findings.ts; main ↔ engine host in ipc-engine-host.ts),
 * all re-exported here: importers use this module only.
 */
import type { CreateBatchRequest, EngineEvent, JobQuery, PreflightReport, ReportFormat } from './engine-api';
import type { AltSource, BatchInfo, BatchProgress, JobInfo } from './types';
import type { CheckDecision, FindingGroupsPage, FindingGroupsQuery, FindingsBulkPreview } from './check-review';
import type { CheckRuleId } from './checker';
import type { BulkPreview, BulkResult, ImportResult, ReviewAction, ReviewCounts, ReviewDecision, ReviewDeckRow, ReviewGroup, ReviewItem, ReviewQuery } from './review';
import { APP_CHANNELS, type AppContract, type AppEvent, type AppInfo, type AppSettings, type PickKind, type RendererSettings } from './ipc-app';
import { BATCH_CHANNELS, type BatchContract } from './ipc-batches';
import { REVIEW_CHANNELS, type ReviewContract, type ReviewDecideRequest, type ReviewExportResult, type ReviewThumbnail } from './ipc-review';
import { FINDINGS_CHANNELS, type FindingDecideRequest, type FindingGroupDecideRequest, type FindingsContract } from './ipc-findings';

export * from './ipc-app';
export * from './ipc-batches';
export * from './ipc-review';
export * from './ipc-findings';
export * from './ipc-engine-host';

/** Every invoke channel: [payload, result]. */
export interface IpcContract extends BatchContract, AppContract, ReviewContract, FindingsContract {}

export type Channel = keyof IpcContract;
export type Payload<C extends Channel> = IpcContract[C][0];
export type Result<C extends Channel> = IpcContract[C][1];

export const CHANNELS = [...BATCH_CHANNELS, ...APP_CHANNELS, ...REVIEW_CHANNELS, ...FINDINGS_CHANNELS] as const satisfies readonly Channel[];

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
