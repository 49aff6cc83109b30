/**
 * Files and folders compared by what they are, not by how they are spelled: a
 * symlink, a bind mount, `..` or a case-insensitive volume (Windows, macOS) give
 * one file many paths, and a path-string comparison once let an output replace
 * its own input. Identity is device + inode, which every one of those paths shares.
 */
import { realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { decodeFsName, fsPath } from './fs-path';

/** `dev:ino` of what the path leads to (links followed), or null when it does not exist. */
export function identityOf(path: string): string | null {
  try {
    const st = statSync(fsPath(path), { bigint: true });
    // Windows gives 0 inodes on some network file systems: fall back to the real path.
    if (st.ino === 0n) return `path:${realPath(path).toLowerCase()}`;
    return `${st.dev}:${st.ino}`;
  } catch {
    return null;
  }
}

/** The real path (links resolved); for a path that does not exist yet, its nearest existing ancestor's real path plus the rest. */
export function realPath(path: string): string {
  const abs = resolve(path);
  try {
    return decodeFsName(realpathSync.native(fsPath(abs), { encoding: 'buffer' }));
  } catch {
    const parent = dirname(abs);
    if (parent === abs) return abs;
    return resolve(realPath(parent), abs.slice(parent.length + (parent.endsWith('/') || parent.endsWith('\\') ? 0 : 1)));
  }
}

/** True when the two paths lead to the same existing file or folder. */
export function sameFile(a: string, b: string): boolean {
  const ia = identityOf(a);
  return ia !== null && ia === identityOf(b);
}

/**
 * Identities of the path and each folder above it, nearest first (existing ones
 * only; a folder not created yet has none). Walked on the real path, so a link
 * anywhere on the way is seen through.
 */
export function ancestry(path: string): string[] {
  const out: string[] = [];
  let p = realPath(path);
  for (;;) {
    const id = identityOf(p);
    if (id) out.push(id);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  return out;
}

/** `inner` is `outer` or lies somewhere inside it, reached by any path. */
export function isWithin(inner: string, outer: string): boolean {
  const o = identityOf(outer);
  return o !== null && ancestry(inner).includes(o);
}
