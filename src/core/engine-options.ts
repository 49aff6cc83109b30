/** What the engine is opened with: its home, its processor, and the timings tests shorten. */
import type { ProcessorLauncher } from './processor-command';
import type { Logger } from './log';

export interface EngineOptions {
  home: string;
  processor?: ProcessorLauncher;
  logger?: Logger;
  leaseMs?: number;
  heartbeatMs?: number;
  lockRetryMs?: number;
  maxLockWaits?: number;
  lockStaleMs?: number;
  /** Free space to keep on the output drive; overrides the batch's setting (CLI --min-free at resume, tests). */
  minFreeBytes?: number;
  /** How long a queue write waits for a database another process holds before the batch pauses with DB_BUSY. */
  dbBusyMs?: number;
  progressIntervalMs?: number;
  preflightConcurrency?: number;
  /** better-sqlite3 addon for this runtime when it is not the one in node_modules (Electron from a checkout). */
  sqliteBinding?: string;
  /** First retry delay; doubles per attempt (tests make it small). */
  backoffBaseMs?: number;
  now?: () => number;
  /** Recycle a persistent processor worker after this many decks (default 200). */
  workerMaxDecks?: number;
  /** Recycle a worker whose resident memory after a deck is above this (default 1 GiB). */
  workerMaxRssBytes?: number;
}
