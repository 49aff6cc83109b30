/** Free space on the output drive, for the check before a deck is processed. */
import { existsSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fsPath } from './fs-path';

export function freeBytes(dir: string): number | null {
  try {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

export function nearestExisting(dir: string): string {
  let d = dir;
  while (!existsSync(fsPath(d)) && dirname(d) !== d) d = dirname(d);
  return d;
}
