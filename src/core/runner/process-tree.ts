/**
 * Liveness, identity and killing of processor process trees.
 *
 * POSIX: the processor leads its own process group (spawned detached), so the
 * group id is its pid and `kill(-pgid)` reaches every descendant that stayed in
 * the group. Windows has no groups or SIGTERM: `taskkill /T /F` kills the tree.
 *
 * Zombies count as dead: in containers pid 1 often never reaps orphans, and a
 * zombie holds no files, locks or CPU.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

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
 * Signals the whole tree rooted at `pid`. Returns whether anything was signalled.
 * On Windows the signal is ignored: the tree is always killed hard.
 */
export function killProcessTree(pid: number, signal: NodeJS.Signals): boolean {
  if (!validPid(pid)) return false;
  if (isWindows) {
    const r = spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore', timeout: 15_000 });
    return r.status === 0;
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
 * An identity for the process behind `pid` at this moment, stable for its whole
 * life: if a later call returns something else, the pid was reused. Linux:
 * /proc/<pid>/stat field 22 (start time in clock ticks since boot); macOS/BSD:
 * `ps -o lstart=`; Windows: the process's CreationDate.
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
    if (isWindows) {
      const out = execFileSync(
        'powershell.exe',
        ['-NoProfile', '-NonInteractive', '-Command', `(Get-Process -Id ${pid}).StartTime.ToUniversalTime().ToString('o')`],
        { encoding: 'utf8', windowsHide: true, timeout: 15_000, stdio: ['ignore', 'pipe', 'ignore'] },
      ).trim();
      return out || null;
    }
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
