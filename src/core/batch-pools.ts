/**
 * Which persistent workers a batch's run uses (issue 10, src/core/runner/README.md): the
 * built-in processor's, or a custom processor's that opted into the worker protocol; the
 * pool itself, whose log lines name the batch that owns it (a pool started ahead of its
 * batch, RunPools `spare`, is named once a run adopts it); and the pools of the runs an
 * engine has going (RunPools, used by batch-runner.ts).
 */
import type { BatchSettings } from '../shared/types';
import type { EngineOptions } from './engine-options';
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

/** What the pools need from the engine, read when used. */
export interface PoolHost {
  readonly builtin: ProcessorLauncher;
  readonly opts: Pick<EngineOptions, 'workerMaxDecks' | 'workerMaxRssBytes'>;
  readonly log: Logger;
}

/** The worker pools of the batches this engine runs, by batch id, and the spare one. */
export class RunPools {
  private readonly pools = new Map<string, WorkerPool>();
  /**
   * Built-in workers started before their batch exists (the CLI starts them while the dry
   * run checks the decks, so Node's start-up and loading the processor overlap it), adopted
   * by the next run that needs as many; dropped when the engine closes.
   */
  private spare: OwnedPool | null = null;

  constructor(private readonly host: PoolHost) {}

  /**
   * The run's persistent workers when its processor speaks the worker protocol (the
   * built-in one): started now, so Node's start-up overlaps the first deck's preparation.
   */
  forRun(runId: string, s: BatchSettings): WorkerPool | null {
    const launcher = poolLauncher(s, this.host.builtin);
    const spare = this.spare;
    this.spare = null;
    if (spare && launcher === this.host.builtin && spare.pool.opts.size === s.workers && spare.pool.opts.graceMs === s.graceSec * 1000) {
      spare.owner.id = runId;
      this.pools.set(runId, spare.pool);
      spare.pool.warm(s.workers);
      return spare.pool;
    }
    void spare?.pool.close();
    if (!launcher) return null;
    const { pool } = this.newPool(launcher, s.workers, s.graceSec * 1000, runId);
    this.pools.set(runId, pool);
    pool.warm(s.workers);
    return pool;
  }

  /** The run has ended and closed its pool. */
  forget(runId: string): void {
    this.pools.delete(runId);
  }

  private newPool(launcher: ProcessorLauncher, size: number, graceMs: number, ownerId: string): OwnedPool {
    const { opts, log } = this.host;
    return newWorkerPool(launcher, { size, graceMs, maxDecks: opts.workerMaxDecks, maxRssBytes: opts.workerMaxRssBytes }, log, ownerId);
  }

  /** Start the built-in processor's workers for a batch about to be made (see `spare`). */
  prewarm(workers: number, graceSec: number): void {
    if (this.spare || this.host.builtin.protocol !== 'worker') return;
    this.spare = this.newPool(this.host.builtin, workers, graceSec * 1000, 'not yet made');
    this.spare.pool.warm(workers);
  }

  /** Workers no batch took: their stdin closes and they exit. */
  dropSpare(): void {
    void this.spare?.pool.close();
    this.spare = null;
  }

  /** Forced stop: every worker of every pool, the spare's too, is killed now. */
  killAll(): void {
    for (const pool of this.pools.values()) pool.killAll();
    this.spare?.pool.killAll();
    this.spare = null;
  }
}
