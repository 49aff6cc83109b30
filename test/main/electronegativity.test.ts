/**
 * The bar: `electronegativity`, told the Electron version we ship (-e),
 * reports nothing of MEDIUM or above on the app's Electron code (main, preload,
 * renderer). It scans sources statically; scripts/electronegativity.mjs runs it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/corpus';
import { tempDir } from '../helpers/tmp';

const BIN = join(REPO_ROOT, 'node_modules/@doyensec/electronegativity/dist/index.js');

test('electronegativity -e <our Electron> finds nothing of MEDIUM or above', { skip: existsSync(BIN) ? false : 'electronegativity not installed', timeout: 300_000 }, () => {
  const version = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/electron/package.json'), 'utf8')).version;
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/electronegativity.mjs')], { encoding: 'utf8', timeout: 280_000 });
  assert.notEqual(r.status, 2, `it did not run: ${r.stderr}`);
  const summary = new RegExp(`electronegativity -e ${version.replaceAll('.', '\\.')}: (\\d+) finding\\(s\\), 0 of MEDIUM or above`);
  assert.match(r.stdout, summary, r.stdout);
  assert.equal(r.status, 0, r.stdout);
  assert.ok(Number(summary.exec(r.stdout)![1]) < 5, `few findings overall: ${r.stdout}`);
});

test('the gate fails on an app that turns isolation off', { skip: existsSync(BIN) ? false : 'electronegativity not installed', timeout: 300_000 }, (t) => {
  const app = join(tempDir(t, 'altdeck-eneg-bad-'), 'app');
  mkdirSync(join(app, 'main'), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'bad', devDependencies: { electron: '45.5.0' } }));
  writeFileSync(
    join(app, 'main', 'main.js'),
    "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n",
  );
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/electronegativity.mjs'), `--input=${app}`], { encoding: 'utf8', timeout: 280_000 });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /[1-9]\d* of MEDIUM or above/);
});
