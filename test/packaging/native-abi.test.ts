/**
 * The packaging guard of issue 12: a bundled native module built for Node's ABI
 * inside an Electron app stops the build with a sentence. Proven on the real
 * better-sqlite3 build in node_modules (built for this Node: the real mismatch of
 * an offline packaging) and on synthetic files that match.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../helpers/corpus';
import { tempDir } from '../helpers/tmp';

const requireHere = createRequire(__filename);
const abi = requireHere(join(REPO_ROOT, 'scripts', 'native-abi.cjs')) as {
  nativeModuleAbi(file: string): { kind: 'abi'; abi: number } | { kind: 'napi' } | { kind: 'none' };
  electronAbi(version: string): number;
  checkNativeModules(dir: string, version: string): string[];
  afterPack(context: unknown): Promise<void>;
};
const ELECTRON_VERSION: string = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/electron/package.json'), 'utf8')).version;
const REAL_SQLITE = join(REPO_ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
const sqliteSkip = existsSync(REAL_SQLITE) ? false : 'better-sqlite3 is not built in node_modules';

function appDirWith(t: Parameters<typeof tempDir>[0], file: string | Buffer): string {
  const app = tempDir(t, 'altdeck-abi-');
  const dir = join(app, 'resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release');
  mkdirSync(dir, { recursive: true });
  if (typeof file === 'string') copyFileSync(file, join(dir, 'better_sqlite3.node'));
  else writeFileSync(join(dir, 'better_sqlite3.node'), file);
  return app;
}

/** A stand-in shared object carrying the registration symbol a NAN module exports. */
const fakeModule = (symbol: string) => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(64), Buffer.from(`\0${symbol}\0`), Buffer.alloc(64)]);
const context = (appOutDir: string, version = ELECTRON_VERSION) => ({ appOutDir, electronPlatformName: 'linux', packager: { info: { framework: { version } } } });

test('the pinned Electron needs the ABI its own package states', () => {
  const stated = Number(readFileSync(join(REPO_ROOT, 'node_modules/electron/abi_version'), 'utf8').trim());
  assert.equal(abi.electronAbi(ELECTRON_VERSION), stated);
  assert.notEqual(stated, Number(process.versions.modules), 'Node and Electron differ, which is why the check exists');
});

test('reads the ABI of the real better-sqlite3 build (Node’s)', { skip: sqliteSkip }, () => {
  assert.deepEqual(abi.nativeModuleAbi(REAL_SQLITE), { kind: 'abi', abi: Number(process.versions.modules) });
});

test('a Node-ABI better-sqlite3 in the app is a mismatch, named with both ABIs', { skip: sqliteSkip }, (t) => {
  const problems = abi.checkNativeModules(appDirWith(t, REAL_SQLITE), ELECTRON_VERSION);
  assert.equal(problems.length, 1);
  assert.match(problems[0], /better_sqlite3\.node is built for native ABI \d+ \(Node \d+/);
  assert.match(problems[0], new RegExp(`Electron ${ELECTRON_VERSION.replaceAll('.', '\\.')} needs ABI ${abi.electronAbi(ELECTRON_VERSION)}`));
});

test('afterPack stops the build with a sentence saying what to do', { skip: sqliteSkip }, async (t) => {
  await assert.rejects(abi.afterPack(context(appDirWith(t, REAL_SQLITE))), (err: Error) => {
    assert.match(err.message, /^Packaging stopped: a bundled native module does not match Electron\./);
    assert.match(err.message, /install-app-deps/);
    assert.doesNotMatch(err.message, /\n\s+at /, 'a sentence, not a stack');
    return true;
  });
});

test('a module built for Electron’s ABI passes', async (t) => {
  const want = abi.electronAbi(ELECTRON_VERSION);
  const app = appDirWith(t, fakeModule(`node_register_module_v${want}`));
  assert.deepEqual(abi.checkNativeModules(app, ELECTRON_VERSION), []);
  await abi.afterPack(context(app));
  // the same file is a mismatch for another Electron major
  assert.equal(abi.checkNativeModules(app, '38.8.6').length, 1);
});

test('Node-API modules run on any ABI; files that are not Node modules are not checked', (t) => {
  assert.deepEqual(abi.checkNativeModules(appDirWith(t, fakeModule('napi_register_module_v1')), ELECTRON_VERSION), []);
  assert.deepEqual(abi.checkNativeModules(appDirWith(t, fakeModule('sqlite3_extension_init')), ELECTRON_VERSION), []);
});

test('electron-builder.yml runs the check after packing', async () => {
  const yaml = requireHere('js-yaml') as { load(s: string): Record<string, unknown> };
  const config = yaml.load(readFileSync(join(REPO_ROOT, 'electron-builder.yml'), 'utf8'));
  assert.equal(resolve(REPO_ROOT, String(config.afterPack)), join(REPO_ROOT, 'scripts', 'native-abi.cjs'));
  assert.equal(config.npmRebuild, true, 'packaging with internet rebuilds native modules for Electron');
  assert.equal(typeof abi.afterPack, 'function');
});
