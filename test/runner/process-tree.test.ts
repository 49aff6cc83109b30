import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { isProcessAlive, killProcessTree, liveGroupMembers, processStartTime } from '../../src/core/runner/process-tree';

const posix = process.platform !== 'win32';
const T = { timeout: 20_000, skip: posix ? false : 'POSIX process groups' };

/** A detached node process that starts one child of its own and prints that child's pid. */
async function spawnTree(): Promise<{ leader: number; child: number; done: Promise<unknown> }> {
  const code = `
    const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(()=>{},1e9); setTimeout(()=>process.exit(9), 60000)'], { stdio: 'ignore' });
    console.log(c.pid);
    setInterval(()=>{},1e9); setTimeout(()=>process.exit(9), 60000);`;
  const p = spawn(process.execPath, ['-e', code], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  const [data] = (await once(p.stdout!, 'data')) as [Buffer];
  return { leader: p.pid!, child: Number(data.toString().trim()), done: once(p, 'exit') };
}

async function waitDead(pid: number): Promise<boolean> {
  const deadline = Date.now() + 20_000;
  while (isProcessAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  return !isProcessAlive(pid);
}

test('isProcessAlive: ourselves yes; nonsense pids and finished processes no', async () => {
  assert.equal(isProcessAlive(process.pid), true);
  for (const pid of [0, -1, 1, NaN, 1.5, 2 ** 31]) assert.equal(isProcessAlive(pid), false, String(pid));
  const p = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  const pid = p.pid!;
  await once(p, 'exit');
  assert.equal(isProcessAlive(pid), false);
});

test('an orphan that died unreaped (a zombie) counts as dead', T, async () => {
  // sh starts a short-lived background job and exits: the job is orphaned. Where
  // pid 1 does not reap (containers) it stays a zombie; either way it is dead.
  const p = spawn('sh', ['-c', 'sleep 0.05 & echo $!'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const [data] = (await once(p.stdout!, 'data')) as [Buffer];
  const orphan = Number(data.toString().trim());
  assert.equal(await waitDead(orphan), true);
});

test('processStartTime: stable for a live process, null for a gone one', async () => {
  const a = processStartTime(process.pid);
  assert.ok(a, 'our own start time is readable');
  assert.equal(processStartTime(process.pid), a);
  if (process.platform === 'linux') assert.match(a!, /^\d+$/);
  const p = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  const pid = p.pid!;
  await once(p, 'exit');
  assert.equal(processStartTime(pid), null);
  assert.equal(processStartTime(0), null);
});

test('processStartTime tells a different process from ours', async () => {
  const p = spawn(process.execPath, ['-e', 'setTimeout(()=>{}, 5000)'], { stdio: 'ignore' });
  try {
    // Started after us: a later (or, within one clock tick, equal) start time.
    const mine = processStartTime(process.pid)!;
    const theirs = processStartTime(p.pid!)!;
    assert.ok(theirs);
    if (process.platform === 'linux') assert.ok(Number(theirs) >= Number(mine));
  } finally {
    p.kill('SIGKILL');
    await once(p, 'exit');
  }
});

test('killProcessTree kills the leader and its descendants in the group', T, async () => {
  const tree = await spawnTree();
  assert.equal(isProcessAlive(tree.leader), true);
  assert.equal(isProcessAlive(tree.child), true);
  assert.deepEqual(liveGroupMembers(tree.leader).sort(), [tree.leader, tree.child].sort());
  assert.equal(killProcessTree(tree.leader, 'SIGKILL'), true);
  await tree.done;
  assert.equal(await waitDead(tree.child), true);
  assert.deepEqual(liveGroupMembers(tree.leader), []);
});

test('killProcessTree on a pid that leads no group still signals that process', T, async () => {
  const p = spawn(process.execPath, ['-e', 'setInterval(()=>{},1e9)'], { stdio: 'ignore' }); // in our group
  assert.equal(killProcessTree(p.pid!, 'SIGTERM'), true);
  const [, sig] = await once(p, 'exit');
  assert.equal(sig, 'SIGTERM');
  assert.equal(isProcessAlive(process.pid), true, 'and not us');
});

test('killProcessTree refuses pids that would hit everyone', () => {
  for (const pid of [0, -1, 1, NaN]) assert.equal(killProcessTree(pid, 'SIGKILL'), false);
});
