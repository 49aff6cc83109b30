/**
 * No run-time transpiling (issue 10): `altdeck` runs the compiled CLI bundle, and the
 * engine starts the compiled processor, never TypeScript through tsx. A preload module
 * records every module the CLI loads; tsx (or any .ts file) among them fails the test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/corpus';
import { builtinProcessorLauncher } from '../../src/core/processor-command';

const RECORDER = `const M = require('node:module');
const fs = require('node:fs');
const orig = M._load;
M._load = function (request, parent, isMain) {
  const r = orig.apply(this, arguments);
  try { fs.appendFileSync(process.env.ALTDECK_TEST_LOADED, M._resolveFilename(request, parent, isMain) + '\\n'); } catch {}
  return r;
};`;

test('altdeck runs dist/cli/main.js: no tsx, no TypeScript source loaded', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'altdeck-compiled-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const preload = join(dir, 'record.cjs');
  writeFileSync(preload, RECORDER);
  const loaded = join(dir, 'loaded.txt');
  const r = spawnSync(process.execPath, ['-r', preload, join(REPO_ROOT, 'bin', 'altdeck.js'), 'batches', '--home', join(dir, 'home')], {
    encoding: 'utf8',
    env: { ...process.env, ALTDECK_TEST_LOADED: loaded, NODE_OPTIONS: '' },
  });
  assert.equal(r.status, 0, r.stderr);
  const mods = readFileSync(loaded, 'utf8').split('\n').filter(Boolean);
  assert.ok(mods.some((m) => /[\\/]dist[\\/]cli[\\/]main\.js$/.test(m)), 'the CLI bundle ran');
  assert.deepEqual(mods.filter((m) => /[\\/]tsx[\\/]|\.tsx?$/.test(m)), [], 'nothing transpiled at run time');
});

test('the engine launches the compiled processor (dist/processor/main.js) and it speaks the worker protocol', () => {
  const l = builtinProcessorLauncher();
  assert.equal(l.command, process.execPath);
  assert.equal(l.args.length, 1);
  assert.match(l.args[0], /[\\/]dist[\\/]processor[\\/]main\.js$/);
  assert.equal(l.protocol, 'worker');
  const r = spawnSync(l.command, [...l.args, '--worker'], { input: '', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const ready = JSON.parse(r.stdout.trim().split('\n')[0]) as { type: string; protocol: number; pid: number };
  assert.equal(ready.type, 'ready');
  assert.equal(ready.protocol, 1);
  assert.ok(ready.pid > 1);
});
