/**
 * The cross-process request slots: a second holder waits for the first, more
 * slots allow more, and a holder that died (its deadline passed, or its process
 * is gone on this host) does not block the server for ever.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/core/db/open';
import { ServerSlots } from '../../../src/processor/model/server-slots';
import { tempDir } from '../../helpers/tmp';

const SERVER = 'http://127.0.0.1:11434';

function db(t: { after: (fn: () => void) => void }) {
  const d = openDatabase(join(tempDir(t), 'altdeck.db'));
  t.after(() => d.close());
  return d;
}

const held = (d: ReturnType<typeof openDatabase>) => (d.prepare('SELECT COUNT(*) AS n FROM model_server_slots').get() as { n: number }).n;

test('one slot: the second taker waits until the first releases', async (t) => {
  const d = db(t);
  const a = new ServerSlots(d, SERVER, { holdMs: 60_000, pollMs: 10 });
  const b = new ServerSlots(d, SERVER, { holdMs: 60_000, pollMs: 10 });
  const releaseA = await a.acquire();
  let bGot = false;
  const pb = b.acquire().then((r) => {
    bGot = true;
    return r;
  });
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(bGot, false, 'B waits while A holds the server');
  releaseA();
  const releaseB = await pb;
  assert.equal(held(d), 1);
  releaseB();
  releaseB(); // twice is harmless
  assert.equal(held(d), 0);
});

test('two slots allow two holders; another server is not affected', async (t) => {
  const d = db(t);
  const a = new ServerSlots(d, SERVER, { slots: 2, holdMs: 60_000 });
  const b = new ServerSlots(d, SERVER, { slots: 2, holdMs: 60_000 });
  const other = new ServerSlots(d, 'http://127.0.0.1:8080', { holdMs: 60_000 });
  const r = await Promise.all([a.acquire(), b.acquire(), other.acquire()]);
  assert.equal(held(d), 3);
  r.forEach((f) => f());
});

test('a holder past its deadline, or a dead process on this host, is freed by the next taker', async (t) => {
  const d = db(t);
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
  d.prepare('INSERT INTO model_server_slots (server, slot, owner, host, pid, expires_at) VALUES (?, 0, ?, ?, ?, ?)').run(SERVER, 'gone', hostname(), Number(dead), Date.now() + 3_600_000);
  const release = await new ServerSlots(d, SERVER, { holdMs: 60_000, pollMs: 10 }).acquire();
  release();
  d.prepare('INSERT INTO model_server_slots (server, slot, owner, host, pid, expires_at) VALUES (?, 0, ?, ?, ?, ?)').run(SERVER, 'elsewhere', 'another-host', 1, Date.now() - 1);
  const again = await new ServerSlots(d, SERVER, { holdMs: 60_000, pollMs: 10 }).acquire();
  again();
  assert.equal(held(d), 0);
});

test('waiting ends when the deck is stopped', async (t) => {
  const d = db(t);
  const release = await new ServerSlots(d, SERVER, { holdMs: 60_000, pollMs: 10 }).acquire();
  const ac = new AbortController();
  const p = new ServerSlots(d, SERVER, { holdMs: 60_000, pollMs: 10 }).acquire(ac.signal);
  setTimeout(() => ac.abort(new Error('stopped')), 30);
  await assert.rejects(p, /stopped/);
  release();
});
