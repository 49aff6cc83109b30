import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync, chmodSync, existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { commonRoot, freeName, relativeToRoot } from '../../src/core/output-path';
import { acquireDeckLock, isStale, deckLockPath, type LockOwner } from '../../src/core/locks/deck-lock';
import { settingsKey, resolveSettings } from '../../src/core/settings';
import { defaultHome } from '../../src/core/paths';
import { tempDir } from '../helpers/tmp';
import { waitUntil } from '../helpers/wait';

test('output layout: common root of the inputs, relative paths, free names', () => {
  const isDir = (p: string) => !p.endsWith('.pptx');
  assert.equal(commonRoot(['/share/a/x', '/share/a/y/z.pptx'], isDir), '/share/a');
  assert.equal(commonRoot(['/share/a/deck.pptx'], isDir), '/share/a');
  assert.equal(relativeToRoot('/share/a', '/share/a/y/z.pptx'), 'y/z.pptx');
  const taken = new Set(['/o/deck.pptx', '/o/deck (2).pptx']);
  assert.equal(freeName('/o/deck.pptx', (p) => taken.has(p)), '/o/deck (3).pptx');
  assert.equal(freeName('/o/new.pptx', (p) => taken.has(p)), '/o/new.pptx');
});

test('lock staleness: dead local owner or old heartbeat; a live or remote fresh owner holds', () => {
  const owner = (host: string, pid: number): LockOwner => ({ host, pid, token: 't', batchId: null, jobId: null, createdAt: 0, app: 'altdeck' });
  const alive = (pid: number) => pid === 100;
  assert.equal(isStale(owner('me', 100), 1000, 2000, 60_000, 'me', alive), false);
  assert.equal(isStale(owner('me', 101), 1000, 2000, 60_000, 'me', alive), true, 'dead pid on this host');
  assert.equal(isStale(owner('other', 101), 1000, 2000, 60_000, 'me', alive), false, 'cannot see pids on other hosts');
  assert.equal(isStale(owner('other', 101), 1000, 1000 + 61_000, 60_000, 'me', alive), true, 'old heartbeat');
  assert.equal(isStale(null, 1000, 3000, 60_000, 'me', alive), false, 'being created right now');
  assert.equal(isStale(null, 1000, 20_000, 60_000, 'me', alive), true, 'debris');
});

test('deck lock: exclusive, visible beside the deck, released cleanly; a read-only folder falls back to the home', (t) => {
  const dir = tempDir(t);
  const home = join(dir, 'home');
  const deck = join(dir, 'share', 'deck.pptx');
  mkdirSync(join(dir, 'share'));
  writeFileSync(deck, 'x');
  const a = acquireDeckLock(deck, { home });
  assert.ok(a.ok);
  assert.ok(existsSync(deckLockPath(deck)));
  const b = acquireDeckLock(deck, { home });
  assert.equal(b.ok, false);
  if (!b.ok) assert.equal(b.owner?.pid, process.pid);
  if (a.ok) a.lock.release();
  assert.equal(existsSync(deckLockPath(deck)), false);
  if (process.getuid?.() === 0) return; // root ignores permissions: the fallback cannot be provoked
  chmodSync(join(dir, 'share'), 0o555);
  t.after(() => chmodSync(join(dir, 'share'), 0o755));
  const c = acquireDeckLock(deck, { home });
  assert.ok(c.ok && c.lock.fallback);
  if (c.ok) c.lock.release();
});

test('settings key: output-relevant settings only', () => {
  const s = resolveSettings({}, { outputDir: '/o', inputRoot: '/i' });
  assert.equal(settingsKey(s), settingsKey({ ...s, workers: 8, timeoutSec: 5, outputDir: '/elsewhere' }));
  assert.notEqual(settingsKey(s), settingsKey({ ...s, altPolicy: 'overwrite' }));
  assert.notEqual(settingsKey(s), settingsKey({ ...s, ocr: true }));
});

test('default home follows the app data folder of each OS, ALTDECK_HOME wins', () => {
  assert.equal(defaultHome({ ALTDECK_HOME: '/x' }, 'linux'), '/x');
  assert.match(defaultHome({ XDG_CONFIG_HOME: '/cfg' }, 'linux'), /^\/cfg\/AltDeck$/);
  // Windows: Local AppData, never Roaming (a redirected profile would put SQLite on a share)
  const win = { APPDATA: 'C:\\Users\\a\\AppData\\Roaming', LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local', USERPROFILE: 'C:\\Users\\a' };
  assert.equal(defaultHome(win, 'win32'), 'C:\\Users\\a\\AppData\\Local\\AltDeck');
  assert.equal(defaultHome({ APPDATA: win.APPDATA, USERPROFILE: win.USERPROFILE }, 'win32'), 'C:\\Users\\a\\AppData\\Local\\AltDeck');
  assert.match(defaultHome({}, 'darwin'), /Library\/Application Support\/AltDeck$/);
});

test('a lock left by a process of this host that died unreaped (a zombie, as after kill -9 in a container) is taken over at once', { skip: process.platform !== 'linux' }, async (t) => {
  // sh starts a background job, prints its pid and becomes `sleep 30`, which never reaps it:
  // the job stays a zombie for as long as the sleep lives. kill(pid, 0) still succeeds on it.
  const sh = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  t.after(() => sh.kill('SIGKILL'));
  const [data] = (await once(sh.stdout!, 'data')) as [Buffer];
  const zombie = Number(data.toString().trim());
  await waitUntil('the job is a zombie', () => /\) Z /.test(readFileSync(`/proc/${zombie}/stat`, 'utf8')));
  const dir = tempDir(t);
  const deck = join(dir, 'Lecture.pptx');
  writeFileSync(deck, 'x');
  // What the killed AltDeck left: its lock, with a fresh heartbeat.
  const lock = deckLockPath(deck);
  mkdirSync(lock);
  const owner: LockOwner = { host: hostname(), pid: zombie, batchId: 'b', jobId: 1, token: 'dead', createdAt: Date.now(), app: 'altdeck' };
  writeFileSync(join(lock, 'owner.json'), JSON.stringify(owner));
  const r = acquireDeckLock(deck, { home: join(dir, 'home') });
  assert.ok(r.ok, `taken over, not "another AltDeck is working on it": ${JSON.stringify(r)}`);
  r.lock.release();
});
