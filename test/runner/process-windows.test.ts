/**
 * Windows process calls (issue 12): PowerShell and taskkill never block, and a pid
 * from the database is killed only while it still has the start time we recorded.
 * The Windows programs are stood in for (this machine runs Linux); the asynchrony of
 * the real exec and the POSIX side of stopProcessTreeIfSame run for real.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { execAsync, windowsKillTree, windowsStartTime, type ExecAsync } from '../../src/core/runner/process-windows';
import { isProcessAlive, processStartTime, processStartTimeAsync, stopProcessTreeIfSame } from '../../src/core/runner/process-tree';
import { waitUntil } from '../helpers/wait';

const START = '2026-12-01T02:00:00.1234567Z';

/** A Windows stand-in: PowerShell answers `startOf(pid)`; every call is recorded. */
function fakeWindows(startOf: (pid: number) => string | null, taskkillOk = true) {
  const calls: Array<[string, string[]]> = [];
  const exec: ExecAsync = async (file, args) => {
    calls.push([file, args]);
    await new Promise((r) => setImmediate(r));
    if (file === 'powershell.exe') {
      const pid = Number(/-Id (\d+)/.exec(args.join(' '))?.[1]);
      const s = startOf(pid);
      return s ? { ok: true, stdout: `${s}\r\n` } : { ok: false, stdout: '' };
    }
    return { ok: taskkillOk, stdout: '' };
  };
  return { exec, calls, kills: () => calls.filter(([f]) => f === 'taskkill').map(([, a]) => a) };
}

test('the exec under every Windows call is asynchronous: the event loop runs while the program does', async () => {
  let turned = false;
  setImmediate(() => (turned = true));
  const r = await execAsync(process.execPath, ['-e', 'process.stdout.write("done")'], 30_000);
  assert.equal(r.ok, true);
  assert.equal(r.stdout, 'done');
  assert.equal(turned, true, 'other work ran before the program answered');
  const missing = await execAsync('altdeck-no-such-program', [], 5_000);
  assert.deepEqual(missing, { ok: false, stdout: '' }, 'a missing program resolves, never throws');
});

test('start time: PowerShell Get-Process, trimmed; null when it cannot say', async () => {
  const w = fakeWindows((pid) => (pid === 4242 ? START : null));
  assert.equal(await windowsStartTime(4242, w.exec), START);
  assert.equal(await windowsStartTime(4243, w.exec), null);
  assert.equal(await windowsStartTime(4, w.exec), null, 'System is never asked about');
  assert.match(w.calls[0][1].join(' '), /Get-Process -Id 4242 .*StartTime\.ToUniversalTime\(\)\.ToString\('o'\)/);
  assert.ok(w.calls[0][1].includes('-NonInteractive'));
});

test('a recycled pid is never killed: taskkill runs only when the start time matches', async () => {
  const w = fakeWindows((pid) => (pid === 5000 ? START : pid === 5001 ? '2026-12-01T03:00:00.0000000Z' : null));
  assert.equal(await windowsKillTree(5000, START, w.exec), true);
  assert.deepEqual(w.kills(), [['/PID', '5000', '/T', '/F']]);
  assert.equal(await windowsKillTree(5001, START, w.exec), false, 'same pid, another process');
  assert.equal(await windowsKillTree(5002, START, w.exec), false, 'gone, or its start time cannot be read');
  assert.equal(await windowsKillTree(5000, null, w.exec), false, 'nothing recorded to compare');
  assert.deepEqual(w.kills(), [['/PID', '5000', '/T', '/F']], 'no other taskkill');
});

test('a child we still hold is killed without the check; a failing taskkill says so', async () => {
  const w = fakeWindows(() => null, false);
  assert.equal(await windowsKillTree(6000, undefined, w.exec), false);
  assert.deepEqual(w.calls, [['taskkill', ['/PID', '6000', '/T', '/F']]]);
});

test('POSIX: stopProcessTreeIfSame kills the recorded process, never one with another start time', { skip: process.platform === 'win32' ? 'POSIX' : false, timeout: 30_000 }, async (t) => {
  const p = spawn(process.execPath, ['-e', 'setInterval(()=>{},1e9); setTimeout(()=>process.exit(9), 60000)'], { detached: true, stdio: 'ignore' });
  t.after(() => void (isProcessAlive(p.pid!) && process.kill(p.pid!, 'SIGKILL')));
  const pid = p.pid!;
  const start = processStartTime(pid);
  assert.ok(start);
  assert.equal(await processStartTimeAsync(pid), start);
  assert.equal(stopProcessTreeIfSame(pid, `${start}1`), false, 'a different start time: someone else’s process now');
  assert.equal(stopProcessTreeIfSame(pid, null), false, 'nothing recorded');
  assert.equal(isProcessAlive(pid), true);
  assert.equal(stopProcessTreeIfSame(pid, start), true);
  await once(p, 'exit');
  await waitUntil('the process to be gone', () => !isProcessAlive(pid));
});

test('every PowerShell and taskkill call goes through the asynchronous module', async () => {
  const { readdirSync, readFileSync, statSync } = await import('node:fs');
  const { join } = await import('node:path');
  const files: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(p);
    }
  };
  walk(join(__dirname, '..', '..', 'src'));
  const callers = files.filter((f) => /powershell|taskkill/i.test(readFileSync(f, 'utf8').replace(/^\s*(\*|\/\/).*$/gm, '')));
  assert.deepEqual(callers.map((f) => f.split(/[\\/]src[\\/]/)[1]), ['core/runner/process-windows.ts']);
});
