/**
 * The bar: `electronegativity` reports nothing above LOW on the app's
 * Electron code (main, preload, renderer). It scans sources statically.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/corpus';
import { tempDir } from '../helpers/tmp';

const BIN = join(REPO_ROOT, 'node_modules/@doyensec/electronegativity/dist/index.js');

test('electronegativity finds nothing above LOW', { skip: existsSync(BIN) ? false : 'electronegativity not installed', timeout: 120_000 }, (t) => {
  const dir = tempDir(t, 'altdeck-eneg-');
  const src = join(dir, 'app');
  for (const part of ['main', 'preload', 'renderer']) cpSync(join(REPO_ROOT, 'src', part), join(src, part), { recursive: true });
  cpSync(join(REPO_ROOT, 'package.json'), join(src, 'package.json'));
  const csv = join(dir, 'report.csv');
  // It tries to fetch Electron's release list and carries on without it offline.
  const r = spawnSync(process.execPath, [BIN, '-i', src, '-r', '-v', 'false', '-o', csv], { encoding: 'utf8', timeout: 100_000 });
  assert.ok(existsSync(csv), `no report: ${r.stderr}`);
  const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1);
  const serious = rows.filter((row) => /"(MEDIUM|HIGH|CRITICAL)"/.test(row));
  assert.deepEqual(serious, [], 'findings above LOW');
  assert.ok(rows.length < 10, `few findings overall: ${rows.join('\n')}`);
});
