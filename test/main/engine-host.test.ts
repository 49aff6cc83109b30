/**
 * Issue 11 §5: the engine in its own process. The real host (src/main/engine-host.ts),
 * forked as a Node child that speaks the utilityProcess message protocol, driven
 * through main's handler table: answers, events, refusals, a crash mid-call, a queue
 * it cannot open, and a clean shutdown that hands running decks back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { childChannel, connectEngine } from '../../src/main/engine-client';
import { createIpcHandlers } from '../../src/main/ipc-handlers';
import { openSettingsStore } from '../../src/main/settings-store';
import type { EngineEvent } from '../../src/shared/engine-api';
import type { BatchInfo } from '../../src/shared/types';
import { REPO_ROOT } from '../helpers/corpus';
import { makeDeck } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { waitUntil } from '../helpers/wait';
import { fixtureCommandLine } from '../fixtures/processors';
import { deps } from './stand-ins';

function forkHost(t: { after(fn: () => void): void }, env: NodeJS.ProcessEnv = {}) {
  const child = fork(join(REPO_ROOT, 'src', 'main', 'engine-host.ts'), [], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  t.after(() => child.kill('SIGKILL'));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, exited };
}

test('the engine answers from its own process; events cross; a clean shutdown returns running decks to the queue', { timeout: 90_000 }, async (t) => {
  const dir = tempDir(t);
  for (let i = 0; i < 3; i++) await makeDeck(join(dir, 'in', `d${i}.pptx`), { title: (n) => `deck ${i} slide ${n}` });
  const home = join(dir, 'home');
  const { child, exited } = forkHost(t, { ALTDECK_TEST_STEPS: '200', ALTDECK_TEST_STEP_MS: '100' });
  const client = connectEngine(() => childChannel(child), { home });
  const events: EngineEvent[] = [];
  client.onEvents((e) => events.push(...e));
  await client.ready;
  assert.notEqual(client.pid, process.pid);
  // A custom processor comes only from the settings file (never from the window).
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ processor: fixtureCommandLine('slow') }));
  const h = createIpcHandlers(client.engine, deps({ settings: openSettingsStore(dir) }));

  assert.deepEqual(await h['engine:listBatches'](null), []);
  // The host serves the engine's API and nothing else (not shutdown, not the object's own members).
  for (const method of ['shutdown', 'constructor', 'emit']) {
    const reply = await new Promise<{ ok: boolean; error?: string }>((resolve) => {
      const id = 9000 + method.length;
      const on = (m: unknown) => {
        const r = m as { kind: string; id: number; ok: boolean; error?: string };
        if (r.kind === 'reply' && r.id === id) {
          child.off('message', on);
          resolve(r);
        }
      };
      child.on('message', on);
      child.send({ kind: 'call', id, method, args: [] });
    });
    assert.equal(reply.ok, false, method);
    assert.match(reply.error!, /not an engine method/);
  }
  const report = (await h['engine:preflight']({ inputs: [join(dir, 'in')] })) as { accepted: number };
  assert.equal(report.accepted, 3);
  // The renderer's payloads are still validated in main, before anything crosses.
  await assert.rejects(h['engine:start']({ batchId: '../x' }), /INVALID_PAYLOAD/);
  // An engine error crosses as a sentence with its code, not a stack.
  await assert.rejects(h['engine:writeReport']({ batchId: 'nope', format: 'csv' }), (e: Error) => /^ENGINE_ERROR: /.test(e.message) && !/\n\s+at /.test(e.message));

  const b = (await h['engine:createBatch']({ inputs: [join(dir, 'in')], settings: { workers: 2, outputDir: join(dir, 'out') } })) as BatchInfo;
  await h['engine:start']({ batchId: b.id });
  await waitUntil('decks running, seen through events', () => events.some((e) => e.type === 'batch-progress' && e.progress.running.length > 0));
  assert.ok(events.some((e) => e.type === 'batch-state' && e.batch.state === 'active'));

  await client.shutdown();
  assert.equal(await exited, 0);
  const db = new Database(join(home, 'altdeck.db'), { readonly: true });
  const rows = db.prepare('SELECT state, attempts FROM jobs').all() as Array<{ state: string; attempts: number }>;
  db.close();
  assert.ok(rows.every((r) => r.state === 'pending' || r.state === 'succeeded'), JSON.stringify(rows));
  // Calls after shutdown fail with a sentence instead of hanging.
  await assert.rejects(client.engine.listBatches(), /closing|not running/);
});

test('a host that dies mid-call fails the call with a sentence; a host that cannot open its queue says why', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const home = join(dir, 'home');
  const a = forkHost(t);
  const client = connectEngine(() => childChannel(a.child), { home });
  await client.ready;
  await makeDeck(join(dir, 'in', 'd.pptx'));
  const pending = client.engine.preflight([join(dir, 'in')]);
  a.child.kill('SIGKILL');
  await assert.rejects(pending, /engine process stopped unexpectedly/);
  await a.exited;

  // A queue from a newer AltDeck: the host reports the sentence and exits, no restart loop.
  const db = new Database(join(home, 'altdeck.db'));
  db.pragma('user_version = 999');
  db.close();
  const b = forkHost(t);
  let spawns = 0;
  const c2 = connectEngine(() => (spawns++, childChannel(b.child)), { home }, { restart: true });
  await assert.rejects(c2.ready, /newer version of AltDeck/);
  assert.equal(await b.exited, 1);
  assert.equal(spawns, 1, 'a queue that cannot open is not retried in a loop');
});
