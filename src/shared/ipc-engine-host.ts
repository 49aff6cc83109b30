/**
 * Main ↔ engine host (Electron utilityProcess; a Node child in e2e).
 * The engine (queue, review store, preflight, reports) runs in its own process so no
 * query can block the window. Main validates the renderer's payloads, then calls
 * engine methods by name; the host answers each call and pushes coalesced events.
 * Messages are structured-cloned (utilityProcess postMessage; child_process 'advanced').
 * Re-exported by src/shared/ipc.ts.
 */
import type { EngineApi, EngineEvent, ReviewApi } from './engine-api';

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
