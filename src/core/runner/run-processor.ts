/**
 * Runs one processor subprocess (DESIGN.md §4) and reports how it ended.
 *
 * Why it is built this way:
 * - POSIX: the child leads its own process group (`detached`), so a time limit or
 *   a stop reaches every descendant with one `kill(-pgid)`, and when the child
 *   exits we SIGKILL whatever it left behind in the group: nothing keeps running,
 *   and nothing keeps our pipes open.
 * - stdin is a pipe held open for the child's whole life: its EOF is the polite
 *   stop (the only one on Windows) and also tells the processor that the engine
 *   died, even by kill -9.
 * - Output is read as fast as it comes and never accumulated: NDJSON messages
 *   are handed on one by one; other output is kept as a bounded tail.
 * - It never throws: a command that cannot start is an outcome like any other.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ProcessorMessage, ProcessorResult } from '../../shared/types';
import { createLineSplitter, type SplitItem } from './line-splitter';
import { parseProcessorMessage } from './parse-message';
import { killProcessTree, liveGroupMembers } from './process-tree';
import { TailBuffer } from './tail-buffer';
import type { RunHandle, RunOptions, RunOutcome } from './types';

export const DEFAULT_MAX_CAPTURE_BYTES = 64 * 1024;
export const DEFAULT_MAX_LINE_BYTES = 32 * 1024 * 1024;
/** setTimeout's ceiling (~24.8 days); longer or non-positive limits mean "no limit". */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How long survivors of a group may take to die after SIGKILL before we stop waiting. */
const REAP_WAIT_MS = 3_000;
const REAP_POLL_MS = 20;

const isWindows = process.platform === 'win32';

export function describeSpawnError(command: string, err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return `processor command not found: ${command}`;
    case 'EACCES':
    case 'EPERM':
      return `processor command is not executable: ${command}`;
    case 'EINVAL':
      // Node refuses to run .bat/.cmd without a shell (CVE-2024-27980), and we use none.
      if (isWindows && /\.(bat|cmd)$/i.test(command)) {
        return `a batch file cannot be the processor command (${command}): run a program, e.g. node, python or an .exe, directly`;
      }
      return `could not start the processor ${command}: ${err.message}`;
    default:
      return `could not start the processor ${command}: ${err.message}`;
  }
}

function safeCall(what: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    // A caller's bug must not stop us supervising the child; make it visible instead.
    process.emitWarning(`altdeck runner: ${what} callback threw: ${(err as Error)?.stack ?? String(err)}`);
  }
}

export function runProcessor(opts: RunOptions): RunHandle {
  const t0 = performance.now();
  const maxCapture = Math.max(0, opts.maxCaptureBytes ?? DEFAULT_MAX_CAPTURE_BYTES);
  const maxLine = Math.max(1, opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  const graceMs = Number.isFinite(opts.graceMs) && opts.graceMs > 0 ? Math.min(opts.graceMs, MAX_TIMER_MS) : 0;
  const stdoutTail = new TailBuffer(maxCapture);
  const stderrTail = new TailBuffer(maxCapture);

  let exitCode: number | null = null;
  let signal: NodeJS.Signals | null = null;
  let timedOut = false;
  let stoppedBy: 'user' | 'shutdown' | null = null;
  let result: ProcessorResult | null = null;
  let lastLog: string | null = null;
  let spawnError: string | null = null;
  let killedGroup = false;

  let exited = false;
  let terminating = false;
  let finished = false;
  let timeoutTimer: NodeJS.Timeout | undefined;
  let graceTimer: NodeJS.Timeout | undefined;
  let closeTimer: NodeJS.Timeout | undefined;
  let resolveDone!: (o: RunOutcome) => void;
  const done = new Promise<RunOutcome>((r) => (resolveDone = r));

  const outcome = (): RunOutcome => ({
    exitCode,
    signal,
    timedOut,
    stoppedBy,
    result,
    stdoutTail: stdoutTail.toString(),
    stderrTail: stderrTail.toString(),
    durationMs: Math.round(performance.now() - t0),
    spawnError,
    killedGroup,
    lastLog,
  });

  if (opts.cwd !== undefined && !existsSync(opts.cwd)) {
    // spawn would report this as ENOENT of the command, which misleads.
    spawnError = `processor working folder not found: ${opts.cwd}`;
    return { pid: null, done: Promise.resolve(outcome()), stop() {} };
  }

  let child: ChildProcess;
  try {
    child = spawn(opts.command, opts.args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: !isWindows,
      windowsHide: true,
    });
  } catch (err) {
    // Synchronous failures: invalid arguments (a NUL byte in a path), bad options.
    spawnError = describeSpawnError(opts.command, err as NodeJS.ErrnoException);
    return { pid: null, done: Promise.resolve(outcome()), stop() {} };
  }
  const pid = child.pid ?? null;

  const clearTimers = () => {
    clearTimeout(timeoutTimer);
    clearTimeout(graceTimer);
    clearTimeout(closeTimer);
  };

  const finish = () => {
    if (finished) return;
    finished = true;
    clearTimers();
    flushSplitters();
    child.stdin?.destroy();
    child.stdout?.destroy();
    child.stderr?.destroy();
    resolveDone(outcome());
  };

  // --- output ---------------------------------------------------------------
  const outSplitter = createLineSplitter(maxLine);
  // stderr lines only feed the log; the tail keeps the raw bytes anyway.
  const errSplitter = createLineSplitter(Math.max(1024, maxCapture));

  const droppedNote = (bytes: number, limit: number) =>
    `[altdeck: dropped an output line of ${bytes} bytes, longer than the ${limit}-byte limit]`;

  const onStdoutItems = (items: SplitItem[]) => {
    for (const item of items) {
      if (item.kind === 'dropped') {
        const note = droppedNote(item.bytes, maxLine);
        stdoutTail.write(note + '\n');
        if (opts.onOutputLine) safeCall('onOutputLine', () => opts.onOutputLine!('stdout', note));
        continue;
      }
      const msg = parseProcessorMessage(item.line);
      if (msg) {
        handleMessage(msg);
      } else {
        stdoutTail.write(item.line + '\n');
        if (opts.onOutputLine) safeCall('onOutputLine', () => opts.onOutputLine!('stdout', item.line));
      }
    }
  };

  const onStderrItems = (items: SplitItem[]) => {
    if (!opts.onOutputLine) return;
    for (const item of items) {
      const line = item.kind === 'line' ? item.line : droppedNote(item.bytes, Math.max(1024, maxCapture));
      safeCall('onOutputLine', () => opts.onOutputLine!('stderr', line));
    }
  };

  const handleMessage = (msg: ProcessorMessage) => {
    if (msg.type === 'result') {
      const { type: _type, ...rest } = msg;
      result = rest as ProcessorResult;
    } else if (msg.type === 'log' && (msg.level === 'error' || msg.level === 'warn')) {
      lastLog = msg.message;
    }
    if (opts.onMessage) safeCall('onMessage', () => opts.onMessage!(msg));
  };

  let flushed = false;
  const flushSplitters = () => {
    if (flushed) return;
    flushed = true;
    onStdoutItems(outSplitter.end());
    onStderrItems(errSplitter.end());
  };

  child.stdout?.on('data', (chunk: Buffer) => onStdoutItems(outSplitter.push(chunk)));
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail.write(chunk);
    onStderrItems(errSplitter.push(chunk));
  });
  // EPIPE/ECONNRESET on a pipe whose other end died: the exit tells the story.
  child.stdin?.on('error', () => {});
  child.stdout?.on('error', () => {});
  child.stderr?.on('error', () => {});

  // --- spawn failure ----------------------------------------------------------
  if (pid === null) {
    child.once('error', (err: NodeJS.ErrnoException) => {
      spawnError = describeSpawnError(opts.command, err);
      finish();
    });
    return { pid: null, done, stop() {} };
  }
  child.on('error', () => {
    // After a successful spawn this only reports a failed kill(); the exit still comes.
  });

  // --- stopping -------------------------------------------------------------
  const hardKill = () => {
    if (finished) return;
    if (isWindows) {
      if (exited) return;
      killedGroup = true;
      killProcessTree(pid, 'SIGKILL');
      return;
    }
    if (exited && liveGroupMembers(pid).length === 0) return;
    killedGroup = true;
    killProcessTree(pid, 'SIGKILL');
  };

  const terminate = () => {
    if (terminating || exited || finished) return;
    terminating = true;
    child.stdin?.destroy();
    if (!isWindows) killProcessTree(pid, 'SIGTERM');
    graceTimer = setTimeout(hardKill, graceMs);
  };

  if (Number.isFinite(opts.timeoutMs) && opts.timeoutMs > 0 && opts.timeoutMs <= MAX_TIMER_MS) {
    timeoutTimer = setTimeout(() => {
      if (exited || finished) return;
      timedOut = true;
      terminate();
    }, opts.timeoutMs);
  }

  // --- exit -------------------------------------------------------------------
  const reapGroup = async () => {
    if (isWindows) return;
    if (liveGroupMembers(pid).length === 0) return;
    killedGroup = true;
    killProcessTree(pid, 'SIGKILL');
    const deadline = performance.now() + REAP_WAIT_MS;
    while (liveGroupMembers(pid).length > 0 && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, REAP_POLL_MS));
    }
  };

  let closed = false;
  let reaped = false;
  child.once('exit', (code, sig) => {
    exited = true;
    exitCode = code;
    signal = sig;
    clearTimeout(timeoutTimer);
    clearTimeout(graceTimer);
    child.stdin?.destroy();
    void reapGroup().then(() => {
      reaped = true;
      if (closed) return finish();
      // With the group dead our pipes close at once, unless something that left
      // the group (setsid) holds them: do not wait for it forever.
      closeTimer = setTimeout(finish, Math.max(1_000, Math.min(graceMs, 10_000)));
    });
  });
  // Node emits 'close' after 'exit', once every stdio stream has ended.
  child.once('close', () => {
    closed = true;
    if (reaped) finish();
  });

  if (opts.onSpawn) {
    try {
      opts.onSpawn(pid);
    } catch (err) {
      // The engine could not record the pid: a child it cannot account for must not run.
      spawnError = `processor started but could not be recorded: ${(err as Error)?.message ?? String(err)}`;
      killedGroup = true;
      killProcessTree(pid, 'SIGKILL');
    }
  }

  return {
    pid,
    done,
    stop(reason: 'user' | 'shutdown') {
      if (finished || exited) return;
      if (stoppedBy === null) stoppedBy = reason;
      terminate();
    },
  };
}
