/**
 * Liveness, identity and killing of processor process trees.
 *
 * POSIX: the processor leads its own process group (spawned detached), so the
 * group id is its pid and `kill(-pgid)` reaches every descendant that stayed in
 * the group. Windows has no groups or SIGTERM: `taskkill /T /F` kills the tree,
 * run asynchronously like every Windows process call (process-windows.ts).
 *
 * Zombies count as dead: in containers pid 1 often never reaps orphans, and a
 * zombie holds no files, locks or CPU.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { windowsKillTree, windowsStartTime } from './process-windows';

const isLinux = process.platform === 'linux';
const isWindows = process.platform === 'win32';

function validPid(pid: number): boolean {
  // 0 and negatives would address our own process group; 1 is init.
  return Number.isInteger(pid) && pid > 1;
}

/** Fields after the `(comm)` of /proc/<pid>/stat; comm may itself hold spaces and parens. */
function procStatFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    if (close === -1) return null;
    // fields[0] is field 3 (state) of proc(5).
    return stat.slice(close + 2).split(' ');
  } catch {
    return null;
  }
}

export function isProcessAlive(pid: number): boolean {
  if (!validPid(pid)) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (isLinux) {
    const f = procStatFields(pid);
    if (f && (f[0] === 'Z' || f[0] === 'X')) return false;
  }
  return true;
}

/**
 * Signals the whole tree rooted at `pid`, a child we still hold (a pid from the
 * database goes through stopProcessTreeIfSame). Returns whether anything was
 * signalled. On Windows the signal is ignored: the tree is killed hard by an
 * asynchronous taskkill, and true means it was started.
 */
export function killProcessTree(pid: number, signal: NodeJS.Signals): boolean {
  if (!validPid(pid)) return false;
  if (isWindows) {
    void windowsKillTree(pid);
    return true;
  }
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    // Not a group leader (or the group is gone): fall back to the process itself.
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Live (non-zombie) members of process group `pgid`. Linux reads /proc; other
 * POSIX systems can only tell "some member exists" (kill -0), reported as [pgid].
 */
export function liveGroupMembers(pgid: number): number[] {
  if (!validPid(pgid) || isWindows) return [];
  if (isLinux) {
    // Cheap first: an empty group (the usual case after a clean exit) needs no /proc scan.
    try {
      process.kill(-pgid, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') return [];
    }
    const out: number[] = [];
    let names: string[];
    try {
      names = readdirSync('/proc');
    } catch {
      names = [];
    }
    for (const name of names) {
      const c = name.charCodeAt(0);
      if (c < 48 || c > 57) continue;
      const f = procStatFields(Number(name));
      // fields: [0]=state, [1]=ppid, [2]=pgrp
      if (f && Number(f[2]) === pgid && f[0] !== 'Z' && f[0] !== 'X') out.push(Number(name));
    }
    return out;
  }
  try {
    process.kill(-pgid, 0);
    return [pgid];
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? [pgid] : [];
  }
}

/**
 * Stops the tree of a process recorded earlier (e.g. an orphan found by recovery)
 * only if `pid` is still that process: same start time as recorded. A reused pid,
 * or one without a recorded start time, is never killed. Windows checks and kills
 * asynchronously; true then means the check-and-kill was started.
 */
export function stopProcessTreeIfSame(pid: number, recordedStart: string | null, signal: NodeJS.Signals = 'SIGKILL'): boolean {
  if (!validPid(pid) || !recordedStart) return false;
  if (isWindows) {
    void windowsKillTree(pid, recordedStart);
    return true;
  }
  if (processStartTime(pid) !== recordedStart) return false;
  return killProcessTree(pid, signal);
}

/**
 * processStartTime without blocking: on Windows it asks PowerShell asynchronously
 * (the synchronous form returns null there); elsewhere the same value.
 */
export function processStartTimeAsync(pid: number): Promise<string | null> {
  return isWindows ? windowsStartTime(pid) : Promise.resolve(processStartTime(pid));
}

/**
 * An identity for the process behind `pid` at this moment, stable for its whole
 * life: if a later call returns something else, the pid was reused. Linux:
 * /proc/<pid>/stat field 22 (start time in clock ticks since boot); macOS/BSD:
 * `ps -o lstart=`. Windows: null here, because reading it means starting PowerShell,
 * which must not block; use processStartTimeAsync.
 */
export function processStartTime(pid: number): string | null {
  if (!validPid(pid)) return null;
  try {
    if (isLinux) {
      const f = procStatFields(pid);
      // Field 22 of proc(5) is index 19 here (fields start at field 3).
      const v = f?.[19];
      return v && /^\d+$/.test(v) ? v : null;
    }
    if (isWindows) return null;
    const out = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], {
      encoding: 'utf8',
      timeout: 5_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return out || null;
  } catch {
    return null;
  }
}
