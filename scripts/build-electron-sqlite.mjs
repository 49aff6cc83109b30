#!/usr/bin/env node
/**
 * Builds better-sqlite3 for Electron's ABI into native/electron/better_sqlite3.node
 * WITHOUT touching node_modules (which keeps the Node build the tests and the CLI
 * use), so `npm test` and `npm start` work in either order. Electron main passes
 * the file as better-sqlite3's `nativeBinding`.
 *
 * Needs what any Electron native build needs: a prebuilt binary from
 * better-sqlite3's releases (prebuild-install) or Electron's headers (node-gyp),
 * i.e. internet or a mirror (ELECTRON_MIRROR / npm_config_disturl). On machines
 * without either it says so and exits 0 with `--if-missing`, so `npm start` can
 * still try (and Electron will then report the ABI mismatch clearly).
 *
 *   node scripts/build-electron-sqlite.mjs [--if-missing]
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, copyFileSync, rmSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const target = join(root, 'native', 'electron', 'better_sqlite3.node');
const ifMissing = process.argv.includes('--if-missing');
if (ifMissing && existsSync(target)) process.exit(0);

const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const src = join(root, 'node_modules', 'better-sqlite3');
const work = mkdtempSync(join(tmpdir(), 'altdeck-sqlite-electron-'));
const copy = join(work, 'better-sqlite3');
cpSync(src, copy, { recursive: true, filter: (p) => !p.includes(`${join('better-sqlite3', 'build')}`) });
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => spawnSync(cmd, args, { cwd: copy, stdio: 'inherit', env: process.env }).status === 0;

console.log(`building better-sqlite3 for Electron ${electronVersion} …`);
const ok =
  run(bin('prebuild-install'), ['--runtime', 'electron', '--target', electronVersion, '--arch', process.arch, '--platform', process.platform]) ||
  run(bin('node-gyp'), ['rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers']);
const built = join(copy, 'build', 'Release', 'better_sqlite3.node');
if (!ok || !existsSync(built)) {
  rmSync(work, { recursive: true, force: true });
  console.error('Could not build better-sqlite3 for Electron (no internet or mirror for its binaries or headers).');
  process.exit(ifMissing ? 0 : 1);
}
mkdirSync(join(root, 'native', 'electron'), { recursive: true });
copyFileSync(built, target);
rmSync(work, { recursive: true, force: true });
console.log(`wrote ${target}`);
