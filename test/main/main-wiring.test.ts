/**
 * The built main bundle itself, under Node with Electron's modules stood in
 * (test/main/fixtures/run-main-with-fake-electron.cjs): it opens the real engine in
 * the app-data folder, registers every channel behind the sender check, creates a
 * sandboxed window, blocks remote requests and permissions, and holds quit until
 * the engine is down. The engine runs in a forked engine host (utilityProcess in the app).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHANNELS } from '../../src/shared/ipc';
import { REPO_ROOT } from '../helpers/corpus';
import { tempDir } from '../helpers/tmp';

test('dist/main/main.js (packaged) wires engine, IPC, window, security and quit', { timeout: 60_000 }, (t) => {
  const dir = tempDir(t);
  const b = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/build.mjs'), '--only=main,renderer', `--outdir=${join(dir, 'dist')}`], { encoding: 'utf8' });
  assert.equal(b.status, 0, b.stderr);
  const userData = join(dir, 'userData');
  const r = spawnSync(process.execPath, [join(__dirname, 'fixtures', 'run-main-with-fake-electron.cjs'), join(dir, 'dist', 'main', 'main.js'), userData], {
    encoding: 'utf8',
    cwd: REPO_ROOT,
    timeout: 50_000,
    // The bundle sits in a temp folder: its external modules come from the project.
    env: { ...process.env, NODE_PATH: join(REPO_ROOT, 'node_modules'), FAKE_ELECTRON_PACKAGED: '1' },
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  let out: Record<string, unknown>;
  try {
    out = JSON.parse(line);
  } catch {
    assert.fail(`no result: ${r.stdout}\n${r.stderr}`);
  }
  assert.equal(out.crash, undefined, String(out.crash));
  assert.deepEqual(out.channels, [...CHANNELS].sort());
  assert.equal(out.sandbox, true);
  const wp = out.webPreferences as Record<string, unknown>;
  assert.equal(wp.contextIsolation, true);
  assert.equal(wp.sandbox, true);
  assert.equal(wp.nodeIntegration, false);
  assert.match(String(wp.preload), /preload[\\/]preload\.js$/);
  // The UI comes from the app's own protocol, never file:// (issue 12)
  assert.deepEqual(out.loaded, ['altdeck://app/index.html']);
  assert.deepEqual((out.schemes as Array<{ scheme: string; privileges: Record<string, boolean> }>).map((s) => [s.scheme, s.privileges.standard, s.privileges.secure]), [['altdeck', true, true]]);
  assert.equal(out.schemeBeforeReady, true, 'registered before the app is ready, as Electron requires');
  const served = out.served as { status: number; csp: string; type: string; body: string };
  assert.equal(served.status, 200);
  assert.match(served.type, /^text\/html/);
  assert.match(served.csp, /default-src 'none'; script-src 'self'/);
  assert.match(served.body, /<!doctype html>/i);
  assert.equal((out.servedTraversal as { status: number }).status, 404, 'nothing outside the renderer folder');
  assert.equal(wp.devTools, false, 'no DevTools in a packaged build');
  assert.equal(out.devtoolsBlocked, true);
  assert.equal(out.fileUrlBlocked, true);
  assert.ok(existsSync(join(userData, 'altdeck.db')), 'the queue lives in the app-data folder');
  assert.ok(existsSync(join(userData, 'logs')), 'logs folder');
  assert.deepEqual(out.batches, []);
  assert.match(String(out.foreign), /FORBIDDEN_SENDER/);
  assert.match(String(out.invalid), /INVALID_PAYLOAD/);
  assert.equal(out.permission, false);
  assert.equal(out.remoteBlocked, true);
  assert.equal(out.ownFileAllowed, true);
  assert.ok((out.menuLabels as string[]).includes('Open Logs Folder'));
  assert.ok((out.menuLabels as string[]).includes('Open Output Folder'));
  assert.equal(out.preventedFirstQuit, true);
  assert.equal(out.finishingShown, true);
  assert.equal(out.quitReplayed, true);
  // Issue 11 §5: the engine runs in its own process, which made the queue above and
  // answered listBatches; quitting ends it cleanly.
  const utility = out.utility as { modulePath: string; pid: number };
  assert.match(utility.modulePath, /main[\\/]engine-host\.js$/);
  assert.notEqual(utility.pid, undefined);
  assert.equal(out.utilityExit, 0, 'the engine process exits cleanly after quit');
  assert.ok(!readFileSync(join(dir, 'dist', 'main', 'main.js'), 'utf8').includes('better-sqlite3'), 'main itself never opens the queue');
});
