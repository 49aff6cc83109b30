/**
 * AltDeck's own lock on a deck while it is processed.
 *
 * The lock is a directory created beside the deck (`.~altdeck.<name>.lock/`), so
 * other AltDeck processes on this machine AND on other machines sharing the folder
 * see it: mkdir is atomic on local disks, SMB and NFS alike, unlike O_EXCL files
 * on old NFS. Inside, owner.json names the holder (host, pid, batch, job, token).
 * The holder touches the directory's mtime as a heartbeat; a lock is stale when
 * its owner is a dead process on this host, or its heartbeat is older than
 * `staleMs` (an owner on another host that vanished). Stale locks are taken over
 * by renaming them away first (atomic: only one taker wins).
 *
 * When the deck's folder is read-only (a share mounted read-only for staff), the
 * lock falls back to a record under <home>/locks, visible to AltDecks sharing that
 * home; the original deck is never written either way.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { hostname } from 'node:os';
import { boundedName, NAME_MAX_BYTES } from '../file-names';
import { fsPath } from '../fs-path';
import { isProcessAlive } from '../runner/process-tree';

export const LOCK_PREFIX = '.~altdeck.';
export const LOCK_SUFFIX = '.lock';
/** A stale lock is renamed to `<lock>.stale-<8 hex>` before removal: that name must fit too. */
const STALE_SUFFIX_BYTES = '.stale-'.length + 8;
const LOCK_NAME_MAX = NAME_MAX_BYTES - STALE_SUFFIX_BYTES;

export interface LockOwner {
  host: string;
  pid: number;
  batchId: string | null;
  jobId: number | null;
  token: string;
  createdAt: number;
  app: 'altdeck';
}

export interface HeldLock {
  path: string;
  owner: LockOwner;
  fallback: boolean;
  release(): void;
}

export type AcquireResult = { ok: true; lock: HeldLock } | { ok: false; owner: LockOwner | null; path: string };

export interface LockOptions {
  home: string;
  batchId?: string | null;
  jobId?: number | null;
  staleMs?: number;
  heartbeatMs?: number;
  isAlive?: (pid: number) => boolean;
  now?: () => number;
}

const held = new Set<HeldLock>();

/** Every lock this process holds; released synchronously on exit paths. */
export function releaseAllLocks(): void {
  for (const l of [...held]) l.release();
}

/**
 * `.~altdeck.<name>.lock` beside the deck; for a name too long for that (241 bytes or more), a
 * readable start of the name plus a hash of all of it (the same on every AltDeck, so they agree).
 */
export function deckLockPath(deckPath: string): string {
  return join(dirname(deckPath), boundedName(LOCK_PREFIX, basename(deckPath), LOCK_SUFFIX, LOCK_NAME_MAX));
}

export function fallbackLockPath(home: string, deckPath: string): string {
  const h = createHash('sha1').update(deckPath).digest('hex').slice(0, 16);
  return join(home, 'locks', boundedName(`${h}.`, basename(deckPath), LOCK_SUFFIX, LOCK_NAME_MAX));
}

export function isAltdeckLockName(name: string): boolean {
  return name.startsWith(LOCK_PREFIX) && name.endsWith(LOCK_SUFFIX);
}

// The same rule as recovery's: a zombie is dead. A kill -9'd AltDeck whose parent is gone
// stays a zombie where pid 1 does not reap (containers); kill(pid, 0) still succeeds on it,
// and its decks' locks held the resumed batch for a lock-retry wait each (15 s in the trial).
const defaultIsAlive = isProcessAlive;

export function readLockOwner(lockPath: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(fsPath(join(lockPath, 'owner.json')), 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}

/** Pure staleness rule, tested on its own. */
export function isStale(
  owner: LockOwner | null,
  heartbeatAt: number,
  now: number,
  staleMs: number,
  here: string,
  isAlive: (pid: number) => boolean,
): boolean {
  if (now - heartbeatAt > staleMs) return true;
  // A lock dir without owner.json is either being created right now (fresh mtime) or debris.
  if (!owner) return now - heartbeatAt > Math.min(staleMs, 10_000);
  if (owner.host === here && owner.pid !== process.pid && !isAlive(owner.pid)) return true;
  return false;
}

function tryMkdirLock(path: string, owner: LockOwner): boolean {
  try {
    mkdirSync(fsPath(path));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeFileSync(fsPath(join(path, 'owner.json')), JSON.stringify(owner));
  } catch (e) {
    rmSync(fsPath(path), { recursive: true, force: true });
    throw e;
  }
  return true;
}

function acquireAt(path: string, fallback: boolean, opts: LockOptions): AcquireResult {
  const now = opts.now ?? Date.now;
  const isAlive = opts.isAlive ?? defaultIsAlive;
  const staleMs = opts.staleMs ?? 60_000;
  const here = hostname();
  const owner: LockOwner = {
    host: here,
    pid: process.pid,
    batchId: opts.batchId ?? null,
    jobId: opts.jobId ?? null,
    token: randomBytes(8).toString('hex'),
    createdAt: now(),
    app: 'altdeck',
  };
  for (let tries = 0; tries < 3; tries++) {
    if (tryMkdirLock(path, owner)) return { ok: true, lock: makeHeld(path, owner, fallback, opts.heartbeatMs ?? 5_000) };
    let st;
    try {
      st = statSync(fsPath(path));
    } catch {
      continue; // released between our mkdir and stat: try again
    }
    const current = readLockOwner(path);
    if (!isStale(current, st.mtimeMs, now(), staleMs, here, isAlive)) return { ok: false, owner: current, path };
    // Take over: rename first so two takers cannot both delete-and-create.
    const grave = `${path}.stale-${randomBytes(4).toString('hex')}`;
    try {
      renameSync(fsPath(path), fsPath(grave));
    } catch {
      continue;
    }
    rmSync(fsPath(grave), { recursive: true, force: true });
  }
  return { ok: false, owner: readLockOwner(path), path };
}

function makeHeld(path: string, owner: LockOwner, fallback: boolean, heartbeatMs: number): HeldLock {
  const timer = setInterval(() => {
    const t = new Date();
    try {
      utimesSync(fsPath(path), t, t);
    } catch {
      /* the share went away; the owner check at release handles it */
    }
  }, heartbeatMs);
  timer.unref();
  const lock: HeldLock = {
    path,
    owner,
    fallback,
    release() {
      clearInterval(timer);
      held.delete(lock);
      // Only remove the lock if it is still ours (it may have been taken over as stale).
      const current = readLockOwner(path);
      if (current && current.token !== owner.token) return;
      rmSync(fsPath(path), { recursive: true, force: true });
    },
  };
  held.add(lock);
  return lock;
}

export function acquireDeckLock(deckPath: string, opts: LockOptions): AcquireResult {
  const beside = deckLockPath(deckPath);
  let besideResult: AcquireResult;
  try {
    besideResult = acquireAt(beside, false, opts);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') throw e;
    // Read-only folder: a record in our home still guards against other AltDecks sharing it.
    mkdirSync(join(opts.home, 'locks'), { recursive: true });
    return acquireAt(fallbackLockPath(opts.home, deckPath), true, opts);
  }
  return besideResult;
}

/**
 * Recovery: remove the locks a dead process of this host left on a deck.
 * Returns true when one was removed.
 */
export function clearDeadLock(deckPath: string, home: string, isAlive: (pid: number) => boolean = defaultIsAlive): boolean {
  let removed = false;
  for (const p of [deckLockPath(deckPath), fallbackLockPath(home, deckPath)]) {
    const owner = readLockOwner(p);
    if (owner && owner.host === hostname() && owner.pid !== process.pid && !isAlive(owner.pid)) {
      rmSync(fsPath(p), { recursive: true, force: true });
      removed = true;
    }
  }
  return removed;
}
