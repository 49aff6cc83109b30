/**
 * The handler table main registers with ipcMain.handle — and that the e2e tests
 * drive directly, so what is tested is what ships. Plain Node: the Electron parts
 * (dialogs, shell) come in as `AppDeps`.
 */
import { existsSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { Awaitable, EngineApi, ReviewApi } from '../shared/engine-api';
import type { AppInfo, Channel, IpcErrorShape, Payload, PickKind, RendererSettings, Result } from '../shared/ipc';
import { CHANNELS, MACRO_ENABLED_EXTENSIONS } from '../shared/ipc';
import { PAYLOAD_SCHEMAS } from './ipc-schemas';
import { toBatchSettings, type SettingsStore } from './settings-store';

export interface AppDeps {
  settings: SettingsStore;
  appInfo(): AppInfo;
  pickInputs(kind: PickKind): Promise<string[]>;
  pickFolder(): Promise<string | null>;
  /** shell.openPath: resolves to an error text, '' on success. */
  openPath(path: string): Promise<string>;
  showItemInFolder(path: string): void;
  logsDir(): string;
  /** True once quitting began: no new work is accepted then. */
  isShuttingDown(): boolean;
  /** Save dialog + write (the Review screen's export); the path, or null when cancelled. Absent: the text goes back to the page. */
  saveText?(defaultName: string, content: string): Promise<string | null>;
}

export class IpcError extends Error {
  constructor(
    readonly code: IpcErrorShape['code'],
    message: string,
  ) {
    // Electron keeps only the message across invoke(): carry the code inside it.
    super(`${code}: ${message}`);
    this.name = 'IpcError';
  }
}

export type Handler<C extends Channel> = (payload: Payload<C>) => Promise<Result<C>> | Result<C>;
export type HandlerTable = { [C in Channel]: (payload: unknown) => Promise<Result<C>> };

/** Files the user may open from the app: decks and reports, nothing executable, nothing with macros. */
const OPENABLE = new Set(['.pptx', '.ppsx', '.potx', '.csv', '.json', '.html', '.log', '.txt']);
const MACRO_ENABLED = new Set(MACRO_ENABLED_EXTENSIONS);

/**
 * The engine is the Engine itself (CLI-like tests) or, in the app and the e2e, its
 * proxy in the engine host's process (engine-client.ts): every answer is awaited.
 * The review half is optional so EngineApi stand-ins stay valid; a missing method is an engine error.
 */
export function createIpcHandlers(engine: Awaitable<EngineApi> & Partial<Awaitable<ReviewApi>>, deps: AppDeps): HandlerTable {
  const review = <K extends keyof ReviewApi>(name: K): Awaitable<ReviewApi>[K] => {
    const fn = engine[name];
    if (typeof fn !== 'function') throw new IpcError('ENGINE_ERROR', `this engine cannot ${name}`);
    return (fn as (...a: unknown[]) => unknown).bind(engine) as Awaitable<ReviewApi>[K];
  };
  const mutating = () => {
    if (deps.isShuttingDown()) throw new IpcError('SHUTTING_DOWN', 'AltDeck is finishing and closing; try again after it restarts.');
  };
  const impl: { [C in Channel]: Handler<C> } = {
    'engine:preflight': ({ inputs }) => engine.preflight(inputs),
    'engine:createBatch': (req) => {
      mutating();
      const settings = { ...toBatchSettings(deps.settings.get()), ...(req.settings ?? {}) };
      return engine.createBatch({ inputs: req.inputs, settings });
    },
    'engine:start': ({ batchId }) => (mutating(), engine.start(batchId)),
    'engine:pause': ({ batchId }) => engine.pause(batchId),
    'engine:stop': ({ batchId }) => engine.stop(batchId),
    'engine:cancel': ({ batchId }) => engine.cancel(batchId),
    'engine:retryFailed': ({ batchId }) => (mutating(), engine.retryFailed(batchId)),
    'engine:listBatches': () => engine.listBatches(),
    'engine:getBatch': ({ batchId }) => engine.getBatch(batchId),
    'engine:listJobs': ({ batchId, query }) => engine.listJobs(batchId, query),
    'engine:getProgress': ({ batchId }) => engine.getProgress(batchId),
    'engine:interruptedBatches': () => engine.interruptedBatches(),
    'engine:writeReport': ({ batchId, format }) => engine.writeReport(batchId, format),
    'settings:get': () => deps.settings.get(),
    'settings:set': (patch) => deps.settings.set(patch as Partial<RendererSettings>),
    'app:info': () => deps.appInfo(),
    'app:pickInputs': (p) => deps.pickInputs(p?.kind ?? 'decks'),
    'app:pickFolder': () => deps.pickFolder(),
    'app:openPath': async ({ path }) => {
      if (!existsSync(path)) throw new IpcError('INVALID_PAYLOAD', `not found: ${path}`);
      const isDir = statSync(path).isDirectory();
      const ext = extname(path).toLowerCase();
      if (!isDir && MACRO_ENABLED.has(ext)) {
        // Opening it would let PowerPoint run its macros on one click from AltDeck.
        deps.showItemInFolder(path);
        return `AltDeck does not open macro-enabled decks (${ext}); it showed the file in its folder instead. Open it from there if you trust it.`;
      }
      if (!isDir && !OPENABLE.has(ext)) {
        throw new IpcError('INVALID_PAYLOAD', `AltDeck opens decks, reports and folders only, not ${extname(path) || 'this file'}`);
      }
      return deps.openPath(path);
    },
    'app:showInFolder': ({ path }) => {
      if (!existsSync(path)) throw new IpcError('INVALID_PAYLOAD', `not found: ${path}`);
      deps.showItemInFolder(path);
    },
    'app:openLogs': async () => {
      await deps.openPath(deps.logsDir());
    },
    'app:openOutputs': async ({ batchId }) => {
      const batch = await engine.getBatch(batchId);
      if (!batch) throw new IpcError('INVALID_PAYLOAD', `no batch ${batchId}`);
      const dir = batch.settings.outputDir;
      if (!dir || !existsSync(dir)) throw new IpcError('ENGINE_ERROR', 'The output folder does not exist yet: no deck has been written.');
      await deps.openPath(dir);
    },
    'review:items': ({ batchId, query }) => review('reviewItems')(batchId, query),
    'review:decide': (req) => review('decide')(req),
    'review:clear': (req) => review('clearDecision')(req),
    'review:bulkApprove': (req) => review('approveAll')(req),
    'review:bulkPreview': (req) => review('bulkPreview')(req),
    'review:undoBulk': (req) => review('undoBulk')(req),
    'review:groups': ({ batchId, query }) => review('reviewGroups')(batchId, query),
    'review:groupMembers': (req) => review('groupMembers')(req),
    'review:decideGroup': (req) => review('decideGroup')(req),
    'review:clearGroup': (req) => review('clearGroup')(req),
    'review:split': (req) => review('splitMember')(req),
    'review:decks': (req) => review('reviewDecks')(req),
    'review:counts': ({ batchId, jobId }) => review('reviewCounts')(batchId, jobId),
    'review:export': async ({ batchId, format }) => {
      const content = await review('exportDecisions')(batchId, format);
      const fileName = `altdeck-decisions-${batchId}.${format}`;
      if (!deps.saveText) return { dialog: false, content, fileName };
      return { dialog: true, savedTo: await deps.saveText(fileName, content) };
    },
    'review:import': ({ batchId, format, content }) => review('importDecisions')(batchId, content, format),
    'review:apply': ({ batchId }) => (mutating(), review('applyApproved')(batchId)),
    'review:thumbnail': ({ batchId, jobId, mediaPart }) => review('reviewThumbnail')(batchId, jobId, mediaPart),
    'findings:groups': ({ batchId, query }) => review('findingGroups')({ batchId, ...(query ?? {}) }),
    'findings:decide': (req) => review('decideFinding')(req),
    'findings:decideGroup': (req) => review('decideFindingGroup')(req),
    'findings:clearGroup': (req) => review('clearFindingGroup')(req),
    'findings:bulkPreview': (req) => review('findingsBulkPreview')(req),
    'findings:bulkApprove': (req) => review('approveAllFindings')(req),
    'findings:undoBulk': (req) => review('undoFindingsBulk')(req),
  };

  const table = {} as Record<Channel, (payload: unknown) => Promise<unknown>>;
  for (const channel of CHANNELS) {
    const schema = PAYLOAD_SCHEMAS[channel];
    const fn = impl[channel] as (p: unknown) => unknown;
    table[channel] = async (payload: unknown) => {
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ');
        throw new IpcError('INVALID_PAYLOAD', `${channel}: ${why}`);
      }
      try {
        return await fn(parsed.data);
      } catch (err) {
        if (err instanceof IpcError) throw err;
        throw new IpcError('ENGINE_ERROR', err instanceof Error ? err.message : String(err));
      }
    };
  }
  return table as HandlerTable;
}
