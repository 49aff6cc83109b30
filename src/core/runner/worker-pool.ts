/**
 * Persistent processor workers for one batch run (issue 10): up to `size` workers, each
 * taking deck after deck (worker-process.ts). A deck goes to an idle worker, else to a new
 * one; a worker is recycled after `maxDecks` decks or once it reports more than
 * `maxRssBytes` resident after a deck; a worker stopped, timed out or dead is simply gone,
 * and the next deck starts a fresh one. `close()` retires them all.
 */
import type { RunHandle } from './types';
import { ProcessorWorker, type WorkerJobOptions } from './worker-process';

export interface WorkerPoolOptions {
  command: string;
  /** The worker's full arguments (the built-in processor's: `[script, '--worker']`). */
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Workers kept (the batch's worker count). */
  size: number;
  /** Recycle a worker after this many decks. */
  maxDecks: number;
  /** Recycle a worker whose resident memory after a deck is above this. */
  maxRssBytes: number;
  /** Grace for a retiring worker (and the batch's grace for stops). */
  graceMs: number;
  /** For the engine's log: a worker started, was recycled, or went away. */
  onEvent?(e: { kind: 'started' | 'recycled' | 'gone'; pid: number | null; reason?: string; decks: number; rssBytes: number }): void;
}

export const DEFAULT_WORKER_MAX_DECKS = 200;
export const DEFAULT_WORKER_MAX_RSS_BYTES = 1024 * 1024 * 1024;

export class WorkerPool {
  private readonly workers = new Set<ProcessorWorker>();
  private closed = false;
  /** Every worker pid this pool started, for tests and benchmarks. */
  readonly started: number[] = [];
  // Start times by live worker pid: asked once per worker, not once per deck (slow on Windows).
  private readonly startTimes = new Map<number, Promise<string | null>>();

  constructor(readonly opts: WorkerPoolOptions) {}

  /** True when `command args…` is this pool's processor followed by one deck's arguments. */
  serves(command: string, args: string[]): boolean {
    const lead = this.opts.args.slice(0, -1); // without `--worker`
    return command === this.opts.command && lead.every((a, i) => args[i] === a);
  }

  /** The deck's own arguments: `args` without the processor's leading ones. */
  deckArgs(args: string[]): string[] {
    return args.slice(this.opts.args.length - 1);
  }

  /** Start workers ahead of the first deck (Node's start-up overlaps the batch's own preparation). */
  warm(n = 1): void {
    const idle = [...this.workers].filter((w) => w.state === 'idle').length;
    for (let i = idle; i < Math.min(n, this.opts.size) && this.live() < this.opts.size && !this.closed; i++) this.spawn();
  }

  run(job: WorkerJobOptions): RunHandle {
    const worker = [...this.workers].find((w) => w.state === 'idle') ?? this.spawn();
    return worker.run(job);
  }

  /** A live worker's start time (the pid-reuse guard recovery checks), looked up once per worker. */
  startTimeOf(pid: number, lookup: (pid: number) => Promise<string | null>): Promise<string | null> {
    let p = this.startTimes.get(pid);
    if (!p) {
      p = lookup(pid);
      if ([...this.workers].some((w) => w.pid === pid)) this.startTimes.set(pid, p);
    }
    return p;
  }

  /** Workers alive now (busy, idle or on their way out). */
  pids(): number[] {
    return [...this.workers].map((w) => w.pid).filter((p): p is number => p !== null);
  }

  /** Retire every worker (busy ones are stopped: SIGTERM, grace, SIGKILL); resolves when all are gone. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.workers].map((w) => w.retire()));
  }

  /** A forced exit: SIGKILL every worker's group now. */
  killAll(): void {
    this.closed = true;
    for (const w of this.workers) w.kill();
  }

  private live(): number {
    return [...this.workers].filter((w) => w.state === 'idle' || w.state === 'busy').length;
  }

  private spawn(): ProcessorWorker {
    const o = this.opts;
    const w = new ProcessorWorker(
      {
        command: o.command,
        args: o.args,
        env: o.env,
        graceMs: o.graceMs,
        recycleReason: (wk) =>
          this.closed
            ? 'the batch run ended'
            : wk.decks >= o.maxDecks
              ? `${wk.decks} decks done`
              : wk.rssBytes > o.maxRssBytes
                ? `${Math.round(wk.rssBytes / 1048576)} MB resident, above the ${Math.round(o.maxRssBytes / 1048576)} MB ceiling`
                : null,
        onRecycle: (wk, reason) => o.onEvent?.({ kind: 'recycled', pid: wk.pid, reason, decks: wk.decks, rssBytes: wk.rssBytes }),
      },
      (gone) => {
        this.workers.delete(gone);
        if (gone.pid !== null) this.startTimes.delete(gone.pid);
        o.onEvent?.({ kind: 'gone', pid: gone.pid, decks: gone.decks, rssBytes: gone.rssBytes });
      },
    );
    if (w.state !== 'dead') this.workers.add(w);
    if (w.pid !== null) this.started.push(w.pid);
    o.onEvent?.({ kind: 'started', pid: w.pid, decks: 0, rssBytes: 0 });
    return w;
  }
}
