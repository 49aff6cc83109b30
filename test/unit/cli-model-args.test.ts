import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCli, UsageError } from '../../src/cli/args';
import { processorInvocation } from '../../src/core/processor-command';
import { resolveSettings, settingsKey } from '../../src/core/settings';

test('model flags become batch settings, and the built-in processor gets them with the queue database as its cache', () => {
  const c = parseCli(['batch', '/decks', '--model-server', 'http://127.0.0.1:8080/v1', '--model', 'qwen2-vl', '--model-api', 'openai', '--model-domain', 'medical school lecture', '--language', 'de', '--model-seconds-per-picture', '20', '--model-concurrency', '2']);
  assert.equal(c.cmd, 'batch');
  const s = resolveSettings((c as { settings: object }).settings, { outputDir: '/out', inputRoot: '/decks' });
  assert.equal(s.modelApi, 'openai');
  assert.equal(s.modelDomain, 'medical school lecture');
  assert.equal(s.modelLanguage, 'de');
  assert.equal(s.modelSecPerPicture, 20);
  assert.equal(s.modelConcurrency, 2);
  const inv = processorInvocation(s, { command: 'node', args: ['p.js'] }, '/decks/a.pptx', '/out/a.pptx', null, '/home/altdeck.db');
  assert.deepEqual(inv.args.slice(inv.args.indexOf('--model-server')), [
    '--model-server', 'http://127.0.0.1:8080/v1', '--model', 'qwen2-vl', '--model-api', 'openai', '--model-domain', 'medical school lecture', '--language', 'de', '--model-concurrency', '2', '--model-cache', '/home/altdeck.db',
  ]);
});

test('model flags without a model server, or with bad values, are usage errors', () => {
  assert.throws(() => parseCli(['batch', '/d', '--model-domain', 'x']), (e: unknown) => e instanceof UsageError && /--model-domain needs --model-server/.test(e.message));
  assert.throws(() => parseCli(['batch', '/d', '--model-server', 'http://127.0.0.1:1', '--model', 'm', '--model-api', 'gemini']), /--model-api must be auto, ollama, openai/);
  assert.throws(() => parseCli(['batch', '/d', '--model-server', 'http://127.0.0.1:1', '--model', 'm', '--language', 'German']), /language code/);
  assert.throws(() => parseCli(['batch', '/d', '--model-server', 'http://127.0.0.1:1', '--model', 'm', '--model-concurrency', '0']), /--model-concurrency/);
});

test('the domain and language change the settings key (other outputs); defaults keep the old key', () => {
  const base = resolveSettings({ modelServer: 'http://127.0.0.1:11434', model: 'llava' }, { outputDir: '/o', inputRoot: '/i' });
  assert.equal(settingsKey({ ...base, modelApi: 'auto', modelSecPerPicture: 10, modelConcurrency: 3 }), settingsKey(base));
  assert.notEqual(settingsKey({ ...base, modelDomain: 'medical school lecture' }), settingsKey(base));
  assert.notEqual(settingsKey({ ...base, modelLanguage: 'fr' }), settingsKey(base));
});
