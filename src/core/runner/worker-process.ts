/**
 * One persistent processor worker (issue 10; protocol in README.md here): a subprocess in
 * its own process group that takes deck after deck over NDJSON on stdin/stdout.
 *
 * Each deck is supervised exactly as runProcessor supervises a one-shot run, and ends in
 * the same RunOutcome, so the job executor and classifyOutcome cannot tell the two apart:
 * - the deck's messages (progress, log, result) and other output are the deck's, from its
 *   job request to the worker's `done`; stderr and stdout tails are per deck;
 * - time limit and stop: SIGTERM to the whole group (and stdin closed), the grace, then
 *   SIGKILL; the worker is gone afterwards and the pool starts another;
 * - a worker that dies mid-deck ends that deck with the worker's exit code or signal
 *   (an attempt spent, as a one-shot processor's crash would), and no other deck;
 * - when the worker exits, whatever it left in its group is SIGKILLed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { ProcessorMessage, ProcessorResult } from '../../shared/types';
import { createLineSplitter, type SplitItem } from './line-splitter';
import { parseProcessorMessage } from './parse-message';
import { killProcessTree, liveGroupMembers } from './process-tree';
import { describeSpawnError, DEFAULT_MAX_CAPTURE_BYTES, DEFAULT_MAX_LINE_BYTES } from './run-processor';
import { TailBuffer } from './tail-buffer';
import type { RunHandle, RunOptions, RunOutcome } from './types';

const isWindows = process.platform === 'win32';
const MAX_TIMER_MS = 2 ** 31 - 1;
const REAP_WAIT_MS = 3_000;
const REAP_POLL_MS = 20;

/** A deck for a worker: RunOptions without the command (the worker's) and with the deck's own arguments. */
export type WorkerJobOptions = Omit<RunOptions, 'command' | 'cwd'> & { env?: Record<string, string> };

export interface WorkerSpawnOptions {
  command: string;
  /** The worker's arguments (the built-in processor's end in `--worker`). */
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** After each deck: a reason to recycle the worker (decks done, memory), or null to keep it. */
  recycleReason?(w: ProcessorWorker): string | null;
  /** The worker is being recycled, for the log. */
  onRecycle?(w: ProcessorWorker, reason: string): void;
  /** How long a retiring worker may take to exit after its stdin closes before SIGTERM, grace, SIGKILL. */
  graceMs: number;
}

export type WorkerState = 'idle' | 'busy' | 'retiring' | 'dead';

function safeCall(what: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    process.emitWarning(`altdeck worker: ${what} callback threw: ${(err as Error)?.stack ?? String(err)}`);
  }
}

let nextJobId = 1;

/** The deck in progress and everything its outcome needs. */
class Deck {
  readonly id = String(nextJobId++);
  readonly t0 = performance.now();
  readonly stdoutTail: TailBuffer;
  readonly stderrTail: TailBuffer;
  result: ProcessorResult | null = null;
  lastLog: string | null = null;
  exitCode: number | null = null;
  signal: NodeJS.Signals | null = null;
  answered = false;
  timedOut = false;
  stoppedBy: 'user' | 'shutdown' | null = null;
  spawnError: string | null = null;
  timer: NodeJS.Timeout | undefined;
  resolve!: (o: RunOutcome) => void;
  readonly done = new Promise<RunOutcome>((r) => (this.resolve = r));

  constructor(readonly opts: WorkerJobOptions) {
    const cap = Math.max(0, opts.maxCaptureBytes ?? DEFAULT_MAX_CAPTURE_BYTES);
    this.stdoutTail = new TailBuffer(cap);
    this.stderrTail = new TailBuffer(cap);
  }

  outcome(killedGroup: boolean): RunOutcome {
    return {
      exitCode: this.exitCode,
      signal: this.signal,
      timedOut: this.timedOut,
      stoppedBy: this.stoppedBy,
      result: this.result,
      stdoutTail: this.stdoutTail.toString(),
      stderrTail: this.stderrTail.toString(),
      durationMs: Math.round(performance.now() - this.t0),
      spawnError: this.spawnError,
      killedGroup,
      lastLog: this.lastLog,
    };
  }
}

export class ProcessorWorker {
  readonly pid: number | null;
  state: WorkerState = 'idle';
  /** Decks this worker finished (answered `done`). */
  decks = 0;
  /** Resident memory the worker reported after its last deck. */
  rssBytes = 0;
  private readonly child: ChildProcess;
  private deck: Deck | null = null;
  private spawnError: string | null = null;
  private terminating = false;
  private isGone = false;
  private killedGroup = false;
  private graceTimer: NodeJS.Timeout | undefined;
  private retireTimer: NodeJS.Timeout | undefined;
  private readonly exited: Promise<void>;
  private markExited!: () => void;
  private readonly out = createLineSplitter(DEFAULT_MAX_LINE_BYTES);
  private readonly err = createLineSplitter(64 * 1024);

  constructor(
    private readonly spec: WorkerSpawnOptions,
    /** Called once the worker is gone for good (exited and its group reaped). */
    private readonly onGone: (w: ProcessorWorker) => void,
  ) {
    this.exited = new Promise((r) => (this.markExited = r));
    let child: ChildProcess;
    try {
      child = spawn(spec.command, spec.args, {
        env: spec.env ?? process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: !isWindows,
        windowsHide: true,
      });
    } catch (e) {
      // Synchronous spawn failures (a NUL byte in a path): a worker that never was.
      this.spawnError = describeSpawnError(spec.command, e as NodeJS.ErrnoException);
      this.pid = null;
      this.child = null as unknown as ChildProcess;
      this.state = 'dead';
      queueMicrotask(() => this.gone());
      return;
    }
    this.child = child;
    this.pid = child.pid ?? null;
    child.stdout?.on('data', (c: Buffer) => this.onStdout(this.out.push(c)));
    child.stderr?.on('data', (c: Buffer) => {
      this.deck?.stderrTail.write(c);
      this.onStderr(this.err.push(c));
    });
    child.stdin?.on('error', () => {});
    child.stdout?.on('error', () => {});
    child.stderr?.on('error', () => {});
    child.on('error', (e: NodeJS.ErrnoException) => {
      // Before a pid: the command could not start. After: only a failed kill(); the exit still comes.
      if (this.pid === null) {
        this.spawnError = describeSpawnError(spec.command, e);
        this.state = 'dead';
        this.gone();
      }
    });
    if (this.pid === null) {
      // The 'error' event says why; until then nobody else may pick this worker.
      this.state = 'retiring';
      return;
    }
    let closed = false;
    let reaped = false;
    let closeTimer: NodeJS.Timeout | undefined;
    const end = () => {
      clearTimeout(closeTimer);
      this.gone();
    };
    child.once('exit', (code, sig) => {
      clearTimeout(this.graceTimer);
      clearTimeout(this.retireTimer);
      child.stdin?.destroy();
      const deck = this.deck;
      if (deck && !deck.answered) {
        // Died mid-deck. Exit 0 without answering is no success: the deck never got its `done`.
        deck.exitCode = code === 0 ? null : code;
        deck.signal = sig;
        if (code === 0) deck.lastLog = 'the processor worker exited (code 0) before it finished this deck';
      }
      void this.reapGroup().then(() => {
        reaped = true;
        if (closed) return end();
        // Something that left the group (setsid) may hold our pipes: do not wait for it forever.
        closeTimer = setTimeout(end, Math.max(1_000, Math.min(spec.graceMs, 10_000)));
      });
    });
    child.once('close', () => {
      closed = true;
      if (reaped) end();
    });
  }

  /** Start a deck on this (idle) worker. */
  run(opts: WorkerJobOptions): RunHandle {
    const deck = new Deck(opts);
    if (this.pid === null) {
      // The command could not start: the deck's outcome is the reason, as with a one-shot run.
      void this.exited.then(() => {
        deck.spawnError = this.spawnError ?? 'the processor worker could not start';
        deck.resolve(deck.outcome(false));
      });
      return { pid: null, done: deck.done, stop() {} };
    }
    if (this.state !== 'idle') {
      deck.spawnError = this.spawnError ?? 'the processor worker is not available';
      deck.resolve(deck.outcome(false));
      return { pid: null, done: deck.done, stop() {} };
    }
    this.state = 'busy';
    this.deck = deck;
    const request = { type: 'job', id: deck.id, args: opts.args, env: opts.env ?? {} };
    this.child.stdin?.write(JSON.stringify(request) + '\n');
    if (Number.isFinite(opts.timeoutMs) && opts.timeoutMs > 0 && opts.timeoutMs <= MAX_TIMER_MS) {
      deck.timer = setTimeout(() => {
        if (this.deck !== deck || deck.answered) return;
        deck.timedOut = true;
        this.terminate(opts.graceMs);
      }, opts.timeoutMs);
    }
    if (opts.onSpawn) {
      try {
        opts.onSpawn(this.pid);
      } catch (err) {
        // The engine could not record the pid: a worker it cannot account for must not run.
        deck.spawnError = `processor started but could not be recorded: ${(err as Error)?.message ?? String(err)}`;
        this.killedGroup = true;
        killProcessTree(this.pid, 'SIGKILL');
      }
    }
    return {
      pid: this.pid,
      done: deck.done,
      stop: (reason) => {
        if (this.deck !== deck || deck.answered) return;
        if (deck.stoppedBy === null) deck.stoppedBy = reason;
        this.terminate(opts.graceMs);
      },
    };
  }

  /** Recycle: close stdin (an idle worker exits at once); if it lingers, SIGTERM, grace, SIGKILL. */
  retire(): Promise<void> {
    if (this.state === 'dead') return this.exited;
    if (this.state === 'busy') {
      this.terminate(this.spec.graceMs);
      return this.exited;
    }
    if (this.state !== 'retiring') {
      this.state = 'retiring';
      this.child.stdin?.end();
      this.retireTimer = setTimeout(() => this.terminate(this.spec.graceMs), Math.max(2_000, Math.min(this.spec.graceMs, 10_000)));
    }
    return this.exited;
  }

  /** The time limit, stop and shutdown: SIGTERM to the group (stdin closed), the grace, then SIGKILL. */
  terminate(graceMs: number): void {
    if (this.terminating || this.state === 'dead' || this.pid === null) return;
    this.terminating = true;
    if (this.state === 'idle') this.state = 'retiring';
    const pid = this.pid;
    this.child.stdin?.destroy();
    if (!isWindows) killProcessTree(pid, 'SIGTERM');
    const grace = Number.isFinite(graceMs) && graceMs > 0 ? Math.min(graceMs, MAX_TIMER_MS) : 0;
    this.graceTimer = setTimeout(() => {
      if (this.state === 'dead') return;
      this.killedGroup = true;
      killProcessTree(pid, 'SIGKILL');
    }, grace);
  }

  /** Kill the group now (a forced exit). */
  kill(): void {
    if (this.pid === null || this.state === 'dead') return;
    this.killedGroup = true;
    killProcessTree(this.pid, 'SIGKILL');
  }

  private async reapGroup(): Promise<void> {
    if (isWindows || this.pid === null) return;
    if (liveGroupMembers(this.pid).length === 0) return;
    this.killedGroup = true;
    killProcessTree(this.pid, 'SIGKILL');
    const deadline = performance.now() + REAP_WAIT_MS;
    while (liveGroupMembers(this.pid).length > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, REAP_POLL_MS));
  }

  private gone(): void {
    if (this.isGone) return;
    this.isGone = true;
    this.onStdout(this.out.end());
    this.onStderr(this.err.end());
    this.state = 'dead';
    const deck = this.deck;
    this.deck = null;
    if (deck) this.settle(deck);
    this.child?.stdout?.destroy();
    this.child?.stderr?.destroy();
    this.markExited();
    this.onGone(this);
  }

  private settle(deck: Deck): void {
    clearTimeout(deck.timer);
    if (deck.spawnError === null && this.spawnError) deck.spawnError = this.spawnError;
    deck.resolve(deck.outcome(this.killedGroup));
  }

  private onStdout(items: SplitItem[]): void {
    for (const item of items) {
      const deck = this.deck;
      if (item.kind === 'dropped') {
        const note = `[altdeck: dropped an output line of ${item.bytes} bytes, longer than the ${DEFAULT_MAX_LINE_BYTES}-byte limit]`;
        deck?.stdoutTail.write(note + '\n');
        if (deck?.opts.onOutputLine) safeCall('onOutputLine', () => deck.opts.onOutputLine!('stdout', note));
        continue;
      }
      const line = item.line;
      if (line.startsWith('{"type":"done"') || line.startsWith('{"type":"ready"')) {
        if (this.onControl(line)) continue;
      }
      if (!deck) continue; // between decks: nobody's output
      const msg = parseProcessorMessage(line);
      if (msg) this.onMessage(deck, msg);
      else {
        deck.stdoutTail.write(line + '\n');
        if (deck.opts.onOutputLine) safeCall('onOutputLine', () => deck.opts.onOutputLine!('stdout', line));
      }
    }
  }

  private onStderr(items: SplitItem[]): void {
    const deck = this.deck;
    if (!deck?.opts.onOutputLine) return;
    for (const item of items) {
      const line = item.kind === 'line' ? item.line : `[altdeck: dropped a stderr line of ${item.bytes} bytes]`;
      safeCall('onOutputLine', () => deck.opts.onOutputLine!('stderr', line));
    }
  }

  private onMessage(deck: Deck, msg: ProcessorMessage): void {
    if (msg.type === 'result') {
      const { type: _type, ...rest } = msg;
      deck.result = rest as ProcessorResult;
    } else if (msg.type === 'log' && (msg.level === 'error' || msg.level === 'warn')) {
      deck.lastLog = msg.message;
    }
    if (deck.opts.onMessage) safeCall('onMessage', () => deck.opts.onMessage!(msg));
  }

  /** `ready` and `done`; true when the line was one. */
  private onControl(line: string): boolean {
    let m: { type?: unknown; id?: unknown; exitCode?: unknown; rssBytes?: unknown };
    try {
      m = JSON.parse(line);
    } catch {
      return false;
    }
    if (m.type === 'ready') return true;
    if (m.type !== 'done') return false;
    const deck = this.deck;
    if (!deck || m.id !== deck.id) return true;
    deck.answered = true;
    deck.exitCode = typeof m.exitCode === 'number' && Number.isInteger(m.exitCode) ? m.exitCode : 70;
    deck.signal = null;
    if (typeof m.rssBytes === 'number' && m.rssBytes > 0) this.rssBytes = m.rssBytes;
    this.decks++;
    // A worker being stopped ends its deck when it has exited (the stop sequence runs to its end).
    if (this.terminating) return true;
    this.deck = null;
    this.state = 'idle';
    // Decided before the deck's outcome is known to anyone, so no other deck is given to a worker on its way out.
    const why = this.spec.recycleReason?.(this) ?? null;
    if (why) {
      this.spec.onRecycle?.(this, why);
      void this.retire();
    }
    this.settle(deck);
    return true;
  }
}
