/**
 * What one batch's decks get from the engine while its run lasts (ExecutorEnv,
 * job-types.ts): the store, the limits from the engine's options, and the callbacks
 * that tie each deck to its run's worker slots, progress and faults. batch-runner.ts
 * builds one per run.
 */
import type { QueueStore } from './queue/store';
import { identityOf } from './file-identity';
import type { ExecutorEnv } from './job-types';
import { acquireSlot, releaseSlot, type BatchRun } from './batch-run';
import type { RunnerHost } from './batch-runner';
import { previewsPerDeckFor } from './report/thumbnails';

/** `runOf` is asked each time: the run may have ended meanwhile. */
export function batchExecutorEnv(host: RunnerHost, store: QueueStore, batchId: string, runOf: () => BatchRun | undefined, onFault: (e: unknown) => void): ExecutorEnv {
  const { opts } = host;
  // Identities of the batch's inputs, gathered once per run and only when a name
  // in the way must be checked (a stat per deck on a share is not free).
  let inputIds: Set<string> | null = null;
  const isBatchInput = (path: string) => {
    const id = identityOf(path);
    if (id === null) return false;
    inputIds ??= new Set(store.inputPaths(batchId).map(identityOf).filter((x): x is string => x !== null));
    return inputIds.has(id);
  };
  let perDeck: number | undefined;
  return {
    isBatchInput,
    store,
    home: opts.home,
    log: host.log,
    builtin: host.builtin,
    leaseMs: host.leaseMs,
    heartbeatMs: opts.heartbeatMs ?? 2_000,
    lockRetryMs: opts.lockRetryMs ?? 15_000,
    maxLockWaits: opts.maxLockWaits ?? 40,
    lockStaleMs: opts.lockStaleMs ?? 60_000,
    minFreeBytes: opts.minFreeBytes,
    // Once per run: the batch's decks and their pictures do not change while it runs.
    previewsPerDeck: () => (perDeck ??= previewsPerDeckFor(store.pictureCounts(batchId))),
    now: host.now,
    backoffBaseMs: opts.backoffBaseMs,
    onSlotFree: () => runOf()?.wake(),
    onPhase: () => host.scheduleProgress(batchId),
    acquireSlot: () => acquireSlot(runOf()),
    releaseSlot: () => releaseSlot(runOf()),
    onProgress: (jobId, done, total) => {
      host.emit({ type: 'job-progress', batchId, jobId, done, total });
      host.scheduleProgress(batchId);
    },
    onFault,
  };
}
