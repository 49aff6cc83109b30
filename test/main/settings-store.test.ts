import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSettingsStore, toBatchSettings } from '../../src/main/settings-store';
import { DEFAULT_APP_SETTINGS } from '../../src/shared/ipc';
import { tempDir } from '../helpers/tmp';

test('settings persist across restarts', (t) => {
  const dir = tempDir(t);
  const a = openSettingsStore(dir);
  assert.deepEqual(a.get(), DEFAULT_APP_SETTINGS);
  a.set({ workers: 6, modelServer: 'http://127.0.0.1:11434', model: 'llava', altPolicy: 'audit' });
  const b = openSettingsStore(dir);
  assert.equal(b.get().workers, 6);
  assert.equal(b.get().altPolicy, 'audit');
  assert.equal(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).model, 'llava');
});

test('invalid values are refused and change nothing', (t) => {
  const dir = tempDir(t);
  const s = openSettingsStore(dir);
  assert.throws(() => s.set({ workers: -1 }));
  assert.throws(() => s.set({ modelServer: 'https://cloud.example.com' }));
  assert.equal(s.get().workers, DEFAULT_APP_SETTINGS.workers);
});

test('a damaged or hand-edited file keeps its valid keys, defaults the rest', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ workers: 3, timeoutSec: 'soon', modelServer: 'http://evil.example', future: 1 }));
  const s = openSettingsStore(dir);
  assert.equal(s.get().workers, 3);
  assert.equal(s.get().timeoutSec, DEFAULT_APP_SETTINGS.timeoutSec);
  assert.equal(s.get().modelServer, '');
  writeFileSync(join(dir, 'settings.json'), '{ half a file');
  assert.deepEqual(openSettingsStore(dir).get(), DEFAULT_APP_SETTINGS);
});

test('toBatchSettings: empty strings mean the engine default', () => {
  const b = toBatchSettings({ ...DEFAULT_APP_SETTINGS, outputDir: '', processor: '', modelServer: '' });
  assert.equal('outputDir' in b, false);
  assert.equal('processor' in b, false);
  assert.equal(b.modelServer, null);
  assert.equal(toBatchSettings({ ...DEFAULT_APP_SETTINGS, outputDir: '/o' }).outputDir, '/o');
});

test('toBatchSettings: the free-space floor from Settings (MB) reaches the batch in bytes; the default stays the engine default', () => {
  assert.equal(toBatchSettings({ ...DEFAULT_APP_SETTINGS, minFreeMB: 200 }).minFreeBytes, 200 * 1024 ** 2);
  assert.equal(toBatchSettings({ ...DEFAULT_APP_SETTINGS }).minFreeBytes, undefined);
});
