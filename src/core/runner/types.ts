import type { ErrorCode } from '../../shared/errors';
import type { ProcessorMessage, ProcessorResult } from '../../shared/types';

export interface RunOptions {
  /** Spawned directly, no shell. */
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Time limit → SIGTERM (and stdin closed) → grace → SIGKILL of the whole process group. */
  timeoutMs: number;
  graceMs: number;
  /** Tail kept of stderr and of non-NDJSON stdout (default 64 KiB each). */
  maxCaptureBytes?: number;
  /** Longest NDJSON line accepted (default 32 MiB); longer lines are dropped, not buffered. */
  maxLineBytes?: number;
  /** Called synchronously, before runProcessor returns: pid is also the process group id on POSIX. */
  onSpawn?(pid: number): void;
  onMessage?(msg: ProcessorMessage): void;
  /** Other lines (not NDJSON messages), for the per-job log; bounded by the caller. */
  onOutputLine?(stream: 'stdout' | 'stderr', line: string): void;
}

export interface RunOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stoppedBy: 'user' | 'shutdown' | null;
  /** The last {"type":"result"} line, without its `type`. */
  result: ProcessorResult | null;
  stdoutTail: string;
  stderrTail: string;
  durationMs: number;
  /** ENOENT etc.: runProcessor never throws. */
  spawnError: string | null;
  /** We had to SIGKILL (the child after the grace, or survivors in its group). */
  killedGroup: boolean;
  /** The last {"type":"log"} message of level warn/error: the processor's own words for a failure. */
  lastLog?: string | null;
}

export interface RunHandle {
  pid: number | null;
  done: Promise<RunOutcome>;
  stop(reason: 'user' | 'shutdown'): void;
}

export type OutcomeVerdict =
  | { kind: 'success' }
  | { kind: 'stopped' }
  | { kind: 'failure'; code: ErrorCode; retryable: boolean; message: string };
