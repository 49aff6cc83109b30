/**
 * The preload's API object (makeApi from the contract) over a recording transport,
 * and the built preload bundle: one file that requires nothing but `electron`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_EVENT_CHANNEL, CHANNELS, EVENT_CHANNEL, makeApi, type Transport } from '../../src/shared/ipc';
import { REPO_ROOT } from '../helpers/corpus';
import { tempDir } from '../helpers/tmp';

function recorder() {
  const invoked: Array<[string, unknown]> = [];
  const listeners = new Map<string, Set<(d: unknown) => void>>();
  const t: Transport = {
    invoke: async (channel, payload) => (invoked.push([channel, payload]), null),
    subscribe(channel, l) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(l);
      return () => listeners.get(channel)!.delete(l);
    },
    getPathForFile: () => '/dropped/deck.pptx',
  };
  return { t, invoked, listeners };
}

test('every API method maps onto a channel of the contract', async () => {
  const { t, invoked } = recorder();
  const api = makeApi(t);
  await api.preflight(['/a']);
  await api.listJobs('B1', { state: 'failed', offset: 0, limit: 10 });
  await api.listJobs('B1');
  await api.pickInputs('folder');
  await api.pickInputs();
  await api.setSettings({ workers: 3 });
  await api.listBatches();
  assert.deepEqual(invoked, [
    ['engine:preflight', { inputs: ['/a'] }],
    ['engine:listJobs', { batchId: 'B1', query: { state: 'failed', offset: 0, limit: 10 } }],
    ['engine:listJobs', { batchId: 'B1' }],
    ['app:pickInputs', { kind: 'folder' }],
    ['app:pickInputs', undefined],
    ['settings:set', { workers: 3 }],
    ['engine:listBatches', undefined],
  ]);
  for (const [c] of invoked) assert.ok((CHANNELS as readonly string[]).includes(c), c);
  assert.equal(api.getPathForFile({} as File), '/dropped/deck.pptx');
});

test('subscriptions deliver and return a working unsubscribe', () => {
  const { t, listeners } = recorder();
  const api = makeApi(t);
  const got: unknown[] = [];
  const off = api.onEngineEvents((e) => got.push(e));
  const offApp = api.onAppEvent((e) => got.push(e));
  listeners.get(EVENT_CHANNEL)!.forEach((l) => l([{ type: 'notice' }]));
  listeners.get(APP_EVENT_CHANNEL)!.forEach((l) => l({ type: 'keep-awake', active: true }));
  off();
  offApp();
  assert.equal(listeners.get(EVENT_CHANNEL)!.size, 0);
  assert.equal(listeners.get(APP_EVENT_CHANNEL)!.size, 0);
  assert.deepEqual(got, [[{ type: 'notice' }], { type: 'keep-awake', active: true }]);
});

test('the sandboxed preload bundle requires only electron', (t) => {
  const out = tempDir(t);
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/build.mjs'), '--only=preload', `--outdir=${out}`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const js = readFileSync(join(out, 'preload', 'preload.js'), 'utf8');
  const required = [...js.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(required)], ['electron']);
  assert.match(js, /exposeInMainWorld\(["']altdeck["']/);
  assert.doesNotMatch(js, /exposeInMainWorld\(["'][^"']+["'],\s*ipcRenderer/);
});
