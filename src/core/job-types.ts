/**
 * What the job executor and the engine share: the engine's services a job uses
 * (ExecutorEnv), how a job ends (JobEnd), and the handle on a running job.
 */
import type { QueueStore, Claim, Finish } from './queue/store';
import type { HeldLock } from './locks/deck-lock';
import type { ProcessorLauncher } from './processor-command';
import type { RunHandle, WorkerPool } from './runner';
import type { Logger } from './log';

export interface ExecutorEnv {
  store: QueueStore;
  home: string;
  log: Logger;
  builtin: ProcessorLauncher;
  leaseMs: number;
  heartbeatMs: number;
  lockRetryMs: number;
  maxLockWaits: number;
  lockStaleMs: number;
  /** Overrides the batch's free-space floor (settings.minFreeBytes) when set. */
  minFreeBytes?: number;
  /** How many report previews each deck's processor makes ahead (report/thumbnails.ts previewsPerDeckFor). */
  previewsPerDeck?: () => number;
  now: () => number;
  backoffBaseMs?: number;
  onProgress(jobId: number, done: number, total: number): void;
  /** The processor exited: another deck may start. */
  onSlotFree?(): void;
  /** The deck's processor started or exited: the app's "Running" count changed. */
  onPhase?(): void;
  /**
   * Wait for one of the batch's worker slots before spawning. Resolves false when
   * the batch stops or pauses meanwhile: the deck then goes back to the queue.
   */
  acquireSlot?(): Promise<boolean>;
  releaseSlot?(): void;
  /**
   * An error in a timer or a runner callback, where throwing would crash the engine:
   * a database fault pauses the batch (the engine stops every processor), anything
   * else is logged.
   */
  onFault?(e: unknown): void;
  /** The batch run's persistent workers, when its processor speaks the worker protocol. */
  workers?: WorkerPool | null;
  /** True when the path is, by identity, one of the batch's input decks. */
  isBatchInput?(path: string): boolean;
}

export type JobEnd =
  | { kind: 'finished'; state: Finish['state'] }
  | { kind: 'released' }
  | { kind: 'low-disk'; message: string }
  | { kind: 'output-unwritable'; message: string }
  /** The queue database failed (busy past the bounded wait, full, I/O error): the engine pauses the batch. */
  | { kind: 'db-fault' }
  | { kind: 'lease-lost' };

export interface RunningJob {
  claim: Claim;
  handle: RunHandle | null;
  stopReason: 'user' | 'shutdown' | null;
  lock: HeldLock | null;
  outputPath: string | null;
  /**
   * True once the processor has exited: the worker slot is free for the next deck
   * while this one's output is validated and committed (pipelining keeps the
   * engine's own work off the critical path at one worker).
   */
  slotFree: boolean;
  /** From the processor's start to its exit: what the app counts as "Running" (a deck being prepared is not). */
  processing: boolean;
  /** When the processor started, and how long it ran once it exited: what the learned ETA measures. */
  processStartedAt: number | null;
  processMs: number | null;
  /** Ask this job to stop; safe before the processor has started. */
  stop(reason: 'user' | 'shutdown'): void;
}
