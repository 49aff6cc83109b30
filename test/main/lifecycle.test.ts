import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { claimSingleInstance, createKeepAwake, createShutdown, pathsFromArgv } from '../../src/main/lifecycle';
import { tempDir } from '../helpers/tmp';
import { batch, FakeApp, FakeWindow } from './stand-ins';

const quiet = { info() {}, warn() {}, error() {} };

test('pathsFromArgv keeps decks and folders, drops the executable, flags and the app', (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'Lectures'));
  writeFileSync(join(dir, 'a.pptx'), 'x');
  const argv = ['/opt/AltDeck/altdeck', '--allow-file-access-from-files', 'a.pptx', join(dir, 'Lectures'), '/opt/AltDeck/resources/app.asar', 'main.js', 'b.ppt'];
  assert.deepEqual(pathsFromArgv(argv, dir), [join(dir, 'a.pptx'), join(dir, 'Lectures'), join(dir, 'b.ppt')]);
});

test('quit is held back until the engine has shut down, then replayed once', async () => {
  const app = new FakeApp();
  let finishEngine!: () => void;
  const notes: string[] = [];
  const ctl = createShutdown({
    shutdownEngine: () => new Promise<void>((r) => (finishEngine = r)),
    notify: (m) => notes.push(m),
    quit: () => app.quit(),
    log: quiet,
    setTimer: () => 0,
  });
  app.on('before-quit', (e) => ctl.onBeforeQuit(e));
  let quitted = 0;
  app.on('quit', () => quitted++);

  app.quit();
  assert.equal(quitted, 0, 'the first quit is prevented');
  assert.equal(ctl.isShuttingDown(), true);
  assert.match(notes[0], /Finishing/);
  app.quit(); // impatient second Cmd+Q: still waiting
  assert.equal(quitted, 0);
  finishEngine();
  await ctl.done;
  assert.equal(quitted, 1, 'the replayed quit went through');
  assert.equal(notes.length, 1);
});

test('a stuck engine shutdown does not keep the app alive past the hard limit', async () => {
  const app = new FakeApp();
  let fire!: () => void;
  const ctl = createShutdown({
    shutdownEngine: () => new Promise<void>(() => {}),
    notify: () => {},
    quit: () => app.quit(),
    log: quiet,
    hardLimitMs: 5000,
    setTimer: (fn) => (fire = fn),
  });
  app.on('before-quit', (e) => ctl.onBeforeQuit(e));
  let quitted = 0;
  app.on('quit', () => quitted++);
  app.quit();
  assert.equal(quitted, 0);
  fire();
  await ctl.done;
  assert.equal(quitted, 1);
});

test('a failing engine shutdown still quits', async () => {
  const app = new FakeApp();
  const ctl = createShutdown({ shutdownEngine: async () => Promise.reject(new Error('db locked')), notify: () => {}, quit: () => app.quit(), log: quiet, setTimer: () => 0 });
  app.on('before-quit', (e) => ctl.onBeforeQuit(e));
  let quitted = 0;
  app.on('quit', () => quitted++);
  app.quit();
  await ctl.done;
  assert.equal(quitted, 1);
});

test('second launch: quits itself, handing its files over; the first focuses and receives them', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'deck.pptx'), 'x');
  // The first instance.
  const first = new FakeApp();
  const win = new FakeWindow();
  const received: string[][] = [];
  assert.equal(claimSingleInstance({ app: first, getWindow: () => win, openFiles: (p) => received.push(p), log: quiet }, ['/app/altdeck'], dir), true);
  // The second launch cannot get the lock.
  const second = new FakeApp();
  second.lockGranted = false;
  assert.equal(claimSingleInstance({ app: second, getWindow: () => null, openFiles: () => assert.fail('not here'), log: quiet }, ['/app/altdeck', 'deck.pptx'], dir), false);
  assert.equal(second.quits, 1);
  assert.deepEqual(second.lockData, { paths: [join(dir, 'deck.pptx')] });
  // Electron delivers the second launch's data to the first.
  first.emit('second-instance', {}, ['/app/altdeck', 'deck.pptx'], dir, second.lockData);
  assert.deepEqual(win.log, ['restore', 'show', 'focus']);
  assert.deepEqual(received, [[join(dir, 'deck.pptx')]]);
  // macOS open-file
  first.emit('open-file', { preventDefault() {} }, '/x/y.pptx');
  assert.deepEqual(received[1], ['/x/y.pptx']);
});

test('keep-awake: one blocker while any batch is active, released after the last', () => {
  const log: string[] = [];
  const changes: boolean[] = [];
  let n = 0;
  const ka = createKeepAwake({ start: () => (log.push('start'), ++n), stop: (id) => void log.push(`stop ${id}`) }, (a) => changes.push(a));
  const ev = (id: string, state: 'active' | 'paused' | 'completed') => ka.onEvent({ type: 'batch-state', batch: { ...batch(id), state } });
  ev('A', 'active');
  ev('B', 'active');
  ev('A', 'completed');
  assert.equal(ka.isActive(), true);
  ev('B', 'paused');
  assert.equal(ka.isActive(), false);
  assert.deepEqual(log, ['start', 'stop 1']);
  assert.deepEqual(changes, [true, false]);
});

test('quitting mid-batch asks first: "Keep running" keeps the app and the engine; a yes stops and quits', async () => {
  const app = new FakeApp();
  let answer!: (yes: boolean) => void;
  let asked = 0;
  let engineStops = 0;
  const ctl = createShutdown({
    shutdownEngine: async () => void engineStops++,
    notify: () => {},
    quit: () => app.quit(),
    confirmQuit: () => (asked++, new Promise<boolean>((r) => (answer = r))),
    log: quiet,
    setTimer: () => 0,
  });
  app.on('before-quit', (e) => ctl.onBeforeQuit(e));
  let quitted = 0;
  app.on('quit', () => quitted++);

  app.quit();
  app.quit(); // a second Cmd+Q while the question is open asks nothing more
  assert.equal(asked, 1);
  assert.equal(ctl.isShuttingDown(), false, 'still accepting work while the person decides');
  answer(false);
  await new Promise((r) => setImmediate(r));
  assert.equal(quitted, 0);
  assert.equal(engineStops, 0, 'Keep running: the batch goes on');

  app.quit();
  assert.equal(asked, 2, 'asked again on the next quit');
  answer(true);
  await ctl.done;
  assert.equal(engineStops, 1);
  assert.equal(quitted, 1);
});

test('with no batch running, quit is not held for a question', async () => {
  const app = new FakeApp();
  const ctl = createShutdown({ shutdownEngine: async () => {}, notify: () => {}, quit: () => app.quit(), confirmQuit: () => true, log: quiet, setTimer: () => 0 });
  app.on('before-quit', (e) => ctl.onBeforeQuit(e));
  app.quit();
  assert.equal(ctl.isShuttingDown(), true, 'shutdown began at once');
  await ctl.done;
});
