/**
 * Windows process calls, never blocking: PowerShell (start time) and taskkill run
 * as asynchronous child processes, so the engine's event loop (IPC, progress, the
 * other workers) goes on while they take their second or so.
 *
 * A pid read back from the database may belong to someone else by now: Windows
 * reuses pids. Such a pid is killed only when its process's start time is the one
 * recorded when we started it, as on Linux. A child we still hold a handle to
 * (a live ChildProcess) cannot be reused, so it is killed without the check.
 */
import { execFile } from 'node:child_process';

export interface ExecResult {
  ok: boolean;
  stdout: string;
}
/** Runs a program without a window and without blocking; never rejects. */
export type ExecAsync = (file: string, args: string[], timeoutMs: number) => Promise<ExecResult>;

export const execAsync: ExecAsync = (file, args, timeoutMs) =>
  new Promise((resolve) => {
    execFile(file, args, { encoding: 'utf8', windowsHide: true, timeout: timeoutMs }, (err, stdout) => resolve({ ok: !err, stdout: String(stdout ?? '') }));
  });

const POWERSHELL_MS = 15_000;
const TASKKILL_MS = 15_000;

function validPid(pid: number): boolean {
  return Number.isInteger(pid) && pid > 4; // 0 = Idle, 4 = System
}

/** The process's creation time (UTC, ISO 8601, 100 ns precision): with the pid, its identity. */
export async function windowsStartTime(pid: number, exec: ExecAsync = execAsync): Promise<string | null> {
  if (!validPid(pid)) return null;
  const r = await exec(
    'powershell.exe',
    ['-NoProfile', '-NonInteractive', '-Command', `(Get-Process -Id ${pid} -ErrorAction Stop).StartTime.ToUniversalTime().ToString('o')`],
    POWERSHELL_MS,
  );
  const out = r.stdout.trim();
  return r.ok && out ? out : null;
}

/**
 * Kills the tree rooted at `pid` (taskkill /T /F). With `expectedStart`, only if the
 * process still has that start time: a recycled pid, or one whose start time cannot
 * be read, is left alone. Resolves to whether taskkill ran and succeeded.
 */
export async function windowsKillTree(pid: number, expectedStart?: string | null, exec: ExecAsync = execAsync): Promise<boolean> {
  if (!validPid(pid)) return false;
  if (expectedStart !== undefined) {
    if (!expectedStart) return false;
    const now = await windowsStartTime(pid, exec);
    if (now !== expectedStart) return false;
  }
  const r = await exec('taskkill', ['/PID', String(pid), '/T', '/F'], TASKKILL_MS);
  return r.ok;
}
