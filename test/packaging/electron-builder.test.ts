/**
 * Packaging smoke test: electron-builder lays out the Linux app around a stand-in
 * Electron executable (no binary can be downloaded here), and the asar holds main,
 * preload, renderer and processor, with the native module and the processor
 * entry unpacked where a child process or dlopen can reach them.
 *
 * Offline, better-sqlite3 cannot be rebuilt for Electron, so the bundle keeps the
 * Node build: the ABI check (scripts/native-abi.cjs, afterPack) must then stop the
 * build with its sentence. That is the "packaged queue does not open" case.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/corpus';
import { tempDir } from '../helpers/tmp';

const NETWORK = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|unable to download|cannot download/i;

test('electron-builder --dir --linux packs main, preload, renderer and processor, and stops on a Node-ABI native module', { timeout: 300_000 }, async (t) => {
  const build = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/build.mjs')], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  const hasProcessor = existsSync(join(REPO_ROOT, 'src/processor/main.ts'));

  const work = tempDir(t, 'altdeck-pack-');
  const electronDist = join(work, 'electron-dist');
  mkdirSync(electronDist);
  writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary"\n');
  chmodSync(join(electronDist, 'electron'), 0o755);
  const out = join(work, 'release');
  const r = spawnSync(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules/electron-builder/cli.js'),
      '--dir',
      '--linux',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${out}`,
      // Rebuilding better-sqlite3 for Electron needs Electron's headers from the internet.
      '-c.npmRebuild=false',
    ],
    { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CI: '1' } },
  );
  const log = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0 && NETWORK.test(log)) {
    t.skip(`electron-builder needed the network: ${log.match(NETWORK)?.[0]}`);
    return;
  }
  assert.notEqual(r.status, 0, 'a Node-ABI better-sqlite3 must fail the packaging');
  assert.match(log, /Packaging stopped: a bundled native module does not match Electron\./, log);
  assert.match(log, /better_sqlite3\.node is built for native ABI \d+/);

  const resources = join(out, 'linux-unpacked', 'resources');
  const { listPackage } = await import('@electron/asar');
  const files = new Set(listPackage(join(resources, 'app.asar'), { isPack: false }).map((f) => f.replaceAll('\\', '/')));
  for (const f of ['/package.json', '/dist/main/main.js', '/dist/preload/preload.js', '/dist/renderer/index.html', '/dist/renderer/app.js', '/dist/renderer/app.css']) {
    assert.ok(files.has(f), `${f} in app.asar`);
  }
  if (hasProcessor) assert.ok(files.has('/dist/processor/main.js'), 'processor in app.asar');
  assert.ok(![...files].some((f) => f.endsWith('.map') || f.startsWith('/src/') || f.startsWith('/test/')), 'no sources, tests or maps');

  const unpacked = join(resources, 'app.asar.unpacked');
  assert.ok(existsSync(join(unpacked, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')), 'native module unpacked');
  if (hasProcessor) assert.ok(existsSync(join(unpacked, 'dist/processor/main.js')), 'processor entry unpacked for ELECTRON_RUN_AS_NODE');
  assert.ok(existsSync(join(unpacked, 'node_modules/@tesseract.js-data')), 'OCR language data unpacked');
  // every OCR language's small model ships; the full models, which OCR never reads, do not
  for (const code of ['eng', 'deu', 'fra', 'spa', 'ita', 'por', 'nld', 'pol', 'jpn', 'chi_sim', 'kor', 'ara', 'heb']) {
    assert.ok(existsSync(join(unpacked, `node_modules/@tesseract.js-data/${code}/4.0.0_best_int/${code}.traineddata.gz`)), `${code} model packed`);
    assert.ok(!existsSync(join(unpacked, `node_modules/@tesseract.js-data/${code}/4.0.0/${code}.traineddata.gz`)), `${code} full model left out`);
  }
  assert.ok(existsSync(join(out, 'linux-unpacked', 'altdeck')), 'the executable, renamed for the product');
});
