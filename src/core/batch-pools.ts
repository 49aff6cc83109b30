/**
 * Which persistent workers a batch's run uses (issue 10, src/core/runner/README.md): the
 * built-in processor's, or a custom processor's that opted into the worker protocol; and
 * the pool itself, whose log lines name the batch that owns it (a pool started ahead of its
 * batch, batch-runner.ts `spare`, is named once a run adopts it).
 */
import type { BatchSettings } from '../shared/types';
import type { Logger } from './log';
import type { ProcessorLauncher } from './processor-command';
import { DEFAULT_WORKER_MAX_DECKS, DEFAULT_WORKER_MAX_RSS_BYTES, parseCommandLine, WorkerPool } from './runner';

export type OwnedPool = { pool: WorkerPool; owner: { id: string } };

/** The launcher a run's workers start, or null when its processor runs one process per deck. */
export function poolLauncher(s: BatchSettings, builtin: ProcessorLauncher): ProcessorLauncher | null {
  if (!s.processor) return builtin.protocol === 'worker' ? builtin : null;
  if (!s.processorWorker) return null;
  // A custom processor that opted in; one that cannot be parsed fails per deck as before.
  try {
    const [command, ...args] = parseCommandLine(s.processor);
    return { command, args };
  } catch {
    return null;
  }
}

export function newWorkerPool(
  launcher: ProcessorLauncher,
  o: { size: number; graceMs: number; maxDecks?: number; maxRssBytes?: number },
  log: Logger,
  ownerId: string,
): OwnedPool {
  const owner = { id: ownerId };
  const pool = new WorkerPool({
    command: launcher.command,
    args: [...launcher.args, '--worker'],
    env: { ...process.env, ...launcher.env },
    size: o.size,
    maxDecks: o.maxDecks ?? DEFAULT_WORKER_MAX_DECKS,
    maxRssBytes: o.maxRssBytes ?? DEFAULT_WORKER_MAX_RSS_BYTES,
    graceMs: o.graceMs,
    onEvent: (e) => {
      if (e.kind === 'recycled') log.info(`batch ${owner.id}: processor worker ${e.pid} recycled (${e.reason})`);
      else if (e.kind === 'gone' && e.decks) log.info(`batch ${owner.id}: processor worker ${e.pid} ended after ${e.decks} deck(s), ${Math.round(e.rssBytes / 1048576)} MB resident`);
    },
  });
  return { pool, owner };
}
