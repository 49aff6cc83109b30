/**
 * An error that escapes main() (a bug of ours) reaches the user as one sentence naming
 * <home>/logs/altdeck.log, never as a stack trace; the stack is in that log; exit 70.
 * The error is injected with a preload module (node -r), so production code has no seam.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from './run-cli';

const PRELOADS = {
  // main() itself rejects.
  rejects: `const M = require('node:module');
const orig = M.prototype.require;
M.prototype.require = function (id) {
  const m = orig.apply(this, arguments);
  if (/[\\\\/]cli[\\\\/]main\\.(ts|js)$/.test(id)) return { ...m, main: async () => { throw new Error('injected failure in main'); } };
  return m;
};`,
  // An exception thrown from a callback while the CLI runs, outside any promise main() returns.
  uncaught: `const M = require('node:module');
const orig = M.prototype.require;
M.prototype.require = function (id) {
  const m = orig.apply(this, arguments);
  if (/[\\\\/]cli[\\\\/]main\\.(ts|js)$/.test(id)) {
    return { ...m, main: () => { setImmediate(() => { throw new Error('injected failure in a callback'); }); return new Promise(() => setInterval(() => {}, 1000)); } };
  }
  return m;
};`,
};

function run(preload: string, home: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', preload, BIN, 'batches', '--home', home], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

for (const [kind, source] of Object.entries(PRELOADS)) {
  test(`an internal error (${kind}): one sentence naming the log, the stack in the log, exit 70`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'altdeck-fatal-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const preload = join(dir, 'inject.cjs');
    writeFileSync(preload, source);
    const home = join(dir, 'home');
    const r = await run(preload, home);
    const log = join(home, 'logs', 'altdeck.log');
    assert.equal(r.code, 70, r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace on the terminal');
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
    assert.match(r.stderr, /internal error/);
    assert.ok(r.stderr.includes(log), `names the log: ${r.stderr}`);
    const logged = readFileSync(log, 'utf8');
    assert.match(logged, /injected failure/);
    assert.match(logged, /\n\s+at /, 'the stack is in the log');
  });
}
