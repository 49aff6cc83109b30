/**
 * No run-time transpiling (issue 10): `altdeck` runs the compiled CLI bundle, and the
 * engine starts the compiled processor, never TypeScript through tsx. A preload module
 * records every module the CLI loads; tsx (or any .ts file) among them fails the test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/corpus';
import JSZip from 'jszip';
import { builtinProcessorLauncher } from '../../src/core/processor-command';
import { makeDeckBuffer } from '../helpers/make-deck';

const RECORDER = `const M = require('node:module');
const fs = require('node:fs');
const orig = M._load;
M._load = function (request, parent, isMain) {
  const r = orig.apply(this, arguments);
  try { fs.appendFileSync(process.env.ALTDECK_TEST_LOADED, M._resolveFilename(request, parent, isMain) + '\\n'); } catch {}
  return r;
};`;

test('altdeck runs dist/cli/main.js: no tsx, no TypeScript source loaded', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'altdeck-compiled-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const preload = join(dir, 'record.cjs');
  writeFileSync(preload, RECORDER);
  const loaded = join(dir, 'loaded.txt');
  const r = spawnSync(process.execPath, ['-r', preload, join(REPO_ROOT, 'bin', 'altdeck.js'), 'batches', '--home', join(dir, 'home')], {
    encoding: 'utf8',
    env: { ...process.env, ALTDECK_TEST_LOADED: loaded, NODE_OPTIONS: '' },
  });
  assert.equal(r.status, 0, r.stderr);
  const mods = readFileSync(loaded, 'utf8').split('\n').filter(Boolean);
  assert.ok(mods.some((m) => /[\\/]dist[\\/]cli[\\/]main\.js$/.test(m)), 'the CLI bundle ran');
  assert.deepEqual(mods.filter((m) => /[\\/]tsx[\\/]|\.tsx?$/.test(m)), [], 'nothing transpiled at run time');
});

test('the engine launches the compiled processor (dist/processor/main.js) and it speaks the worker protocol', () => {
  const l = builtinProcessorLauncher();
  assert.equal(l.command, process.execPath);
  assert.equal(l.args.length, 1);
  assert.match(l.args[0], /[\\/]dist[\\/]processor[\\/]main\.js$/);
  assert.equal(l.protocol, 'worker');
  const r = spawnSync(l.command, [...l.args, '--worker'], { input: '', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const ready = JSON.parse(r.stdout.trim().split('\n')[0]) as { type: string; protocol: number; pid: number };
  assert.equal(ready.type, 'ready');
  assert.equal(ready.protocol, 1);
  assert.ok(ready.pid > 1);
});

test('jimp is a file beside each bundle, loaded only when a picture needs it (a BMP preview through the compiled processor)', async (t) => {
  // Kept out of the bundles (3 MB each, read at every start): each imports ./jimp.js beside it.
  for (const name of ['cli', 'processor']) {
    const bundle = readFileSync(join(REPO_ROOT, 'dist', name, 'main.js'), 'utf8');
    assert.match(bundle, /import\("\.\/jimp\.js"\)/, `${name} imports the chunk`);
    assert.doesNotMatch(bundle, /node_modules\/@jimp\//, `${name} holds no jimp code`);
    assert.ok(existsSync(join(REPO_ROOT, 'dist', name, 'jimp.js')), `dist/${name}/jimp.js exists`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'altdeck-jimp-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // sharp reads no BMP: its preview is jimp's.
  const { Jimp } = await import('jimp');
  const bmp = await new Jimp({ width: 300, height: 200, color: 0x3366ccff }).getBuffer('image/bmp');
  const zip = await JSZip.loadAsync(await makeDeckBuffer({ slides: 1, picturesPerSlide: 1 }));
  const media = Object.keys(zip.files).filter((n) => n.startsWith('ppt/media/'));
  assert.ok(media.length >= 1);
  for (const m of media) zip.file(m, bmp); // the same picture everywhere: one preview
  const input = join(dir, 'bmp.pptx');
  writeFileSync(input, await zip.generateAsync({ type: 'nodebuffer' }));
  const previews = join(dir, 'previews');
  const l = builtinProcessorLauncher();
  // stdin stays open while it works (the processor stops when its parent closes it)
  const child = spawn(l.command, [...l.args, '--input', input, '--output', join(dir, 'out.pptx'), '--previews', previews], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = (await once(child, 'exit')) as [number];
  assert.equal(code, 0, stderr);
  const made = readdirSync(previews, { recursive: true }).filter((f) => String(f).endsWith('.json'));
  assert.equal(made.length, 1, 'one preview, made by jimp from the chunk');
  assert.match(readFileSync(join(previews, String(made[0])), 'utf8'), /data:image\/(png|jpeg);base64/);
});
