/**
 * Size-limited and read-only file systems for disk-full and read-only tests: a real
 * tmpfs (root can mount one here). Where mounting is not allowed the caller skips
 * with the reason; nothing is faked.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Mount a tmpfs of `size` (e.g. "8m") at a fresh folder, unmounted when the test ends; or the reason it cannot be. */
export function mountTmpfs(t: { after: (fn: () => void) => void }, size: string): { dir: string } | { skip: string } {
  const dir = mkdtempSync(join(tmpdir(), 'altdeck-mnt-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return { skip: `cannot mount a tmpfs here (${(r.stderr || r.error?.message || 'mount failed').trim()}); run as root to test disk-full and read-only disks` };
  }
  t.after(() => {
    spawnSync('umount', ['-l', dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir };
}

export function remount(dir: string, mode: 'ro' | 'rw'): void {
  const r = spawnSync('mount', ['-o', `remount,${mode}`, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`remount ${mode} failed: ${r.stderr}`);
}
