#!/usr/bin/env node
/**
 * electronegativity on the app's Electron code (main, preload, renderer), told the
 * Electron version we ship (-e, from the one pinned in package.json). Prints every
 * finding; exits 1 when one is MEDIUM or above (issue 12's bar), 2 when it could not run.
 *
 *   node scripts/electronegativity.mjs [--csv=report.csv] [--input=DIR]
 *
 * --input scans DIR instead of the app's sources (the test proves the gate with a bad app).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'node_modules/@doyensec/electronegativity/dist/index.js');
if (!existsSync(bin)) {
  console.error('electronegativity is not installed (npm install: it is a devDependency).');
  process.exit(2);
}
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const work = mkdtempSync(join(tmpdir(), 'altdeck-eneg-'));
try {
  const input = process.argv.find((a) => a.startsWith('--input='))?.slice(8);
  const app = input ?? join(work, 'app');
  if (!input) {
    for (const part of ['main', 'preload', 'renderer']) cpSync(join(root, 'src', part), join(app, part), { recursive: true });
    cpSync(join(root, 'package.json'), join(app, 'package.json'));
  }
  const csv = process.argv.find((a) => a.startsWith('--csv='))?.slice(6) ?? join(work, 'report.csv');
  // Offline it cannot fetch Electron's release list and says so; the checks still run.
  const r = spawnSync(process.execPath, [bin, '-i', app, '-r', '-v', 'false', '-e', electronVersion, '-o', csv], { encoding: 'utf8', timeout: 240_000 });
  if (!existsSync(csv)) {
    console.error(`electronegativity did not run: ${r.error?.message ?? r.stderr}`);
    process.exit(2);
  }
  const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1).filter(Boolean);
  const serious = rows.filter((row) => /"(MEDIUM|HIGH|CRITICAL)"/.test(row));
  console.log(`electronegativity -e ${electronVersion}: ${rows.length} finding(s), ${serious.length} of MEDIUM or above`);
  for (const row of rows) console.log(`  ${row}`);
  process.exit(serious.length ? 1 : 0);
} finally {
  rmSync(work, { recursive: true, force: true });
}
