/**
 * What electron-builder.yml promises IT and the security model: targets (deb with a
 * maintainer, per-machine Windows installers), and the Electron fuses, flipped by
 * electron-builder's own code into a stand-in binary carrying Electron's fuse wire
 * and read back (no Electron binary can be downloaded here).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/corpus';
import { tempDir } from '../helpers/tmp';

const requireHere = createRequire(__filename);
const yaml = requireHere('js-yaml') as { load(s: string): any };
const config = yaml.load(readFileSync(join(REPO_ROOT, 'electron-builder.yml'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));

test('the configuration is valid for electron-builder', async () => {
  const { validateConfiguration } = requireHere('app-builder-lib/out/util/config/config') as {
    validateConfiguration(c: unknown, log: unknown): Promise<void>;
  };
  const { DebugLogger } = requireHere('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  await validateConfiguration(config, new DebugLogger(false));
});

test('Electron is pinned once, to an exact supported major', () => {
  const spec: string = pkg.devDependencies.electron;
  assert.match(spec, /^\d+\.\d+\.\d+$/, 'an exact version');
  assert.ok(Number(spec.split('.')[0]) >= 43, `Electron ${spec} no longer gets security fixes`);
  assert.equal(config.electronVersion, undefined, 'the version lives in package.json only');
  const installed = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/electron/package.json'), 'utf8')).version;
  assert.equal(installed, spec);
});

test('deb: a maintainer with an email and a homepage', () => {
  assert.ok(config.linux.target.includes('deb'));
  assert.match(pkg.author?.email ?? '', /^[^@\s]+@[^@\s]+\.[a-z]+$/i);
  assert.ok(pkg.author?.name);
  assert.match(pkg.homepage ?? '', /^https:\/\//);
});

test('Windows: per-machine installers for IT (NSIS and MSI)', () => {
  assert.deepEqual(config.win.target, ['nsis', 'msi']);
  assert.equal(config.nsis.perMachine, true);
  assert.equal(config.nsis.deleteAppDataOnUninstall, false, 'uninstalling never deletes the queue or history');
  assert.equal(config.msi.perMachine, true);
});

/** Electron's fuse wire: sentinel, version 1, length, then one byte per fuse ('0', '1'). */
function standInElectron(dir: string, fuses = 8): string {
  const { SENTINEL } = requireHere('@electron/fuses/dist/constants') as { SENTINEL: string };
  const file = join(dir, 'electron');
  // Electron's defaults: RunAsNode, NODE_OPTIONS, --inspect on; the rest off.
  const defaults = '10110000'.slice(0, fuses);
  writeFileSync(file, Buffer.concat([Buffer.alloc(256, 0x90), Buffer.from(SENTINEL), Buffer.from([1, fuses]), Buffer.from(defaults), Buffer.alloc(256, 0x90)]));
  return file;
}

test('fuses: electron-builder flips exactly the issue’s fuses', async (t) => {
  const { PlatformPackager } = requireHere('app-builder-lib') as { PlatformPackager: { prototype: any } };
  const { flipFuses, getCurrentFuseWire, FuseV1Options } = requireHere('@electron/fuses');
  const electron = standInElectron(tempDir(t, 'altdeck-fuses-'));
  // electron-builder's own translation of the yml into @electron/fuses' config
  const fuseConfig = await PlatformPackager.prototype.generateFuseConfig.call(null, config.electronFuses);
  await flipFuses(electron, fuseConfig);
  const wire = await getCurrentFuseWire(electron);
  const on = (o: number) => String.fromCharCode(wire[o]);
  assert.equal(on(FuseV1Options.EnableNodeOptionsEnvironmentVariable), '0', 'no NODE_OPTIONS');
  assert.equal(on(FuseV1Options.EnableNodeCliInspectArguments), '0', 'no --inspect');
  assert.equal(on(FuseV1Options.EnableCookieEncryption), '1', 'cookie encryption');
  assert.equal(on(FuseV1Options.EnableEmbeddedAsarIntegrityValidation), '1', 'asar integrity');
  assert.equal(on(FuseV1Options.OnlyLoadAppFromAsar), '1', 'only the asar');
  assert.equal(on(FuseV1Options.GrantFileProtocolExtraPrivileges), '0', 'file:// gets no extra privileges');
  // Kept on: the built-in processor runs on Electron's binary as Node (docs/desktop.md, "Fuses").
  assert.equal(on(FuseV1Options.RunAsNode), '1');
  const processor = readFileSync(join(REPO_ROOT, 'src/main/processor-command.ts'), 'utf8');
  assert.match(processor, /ELECTRON_RUN_AS_NODE/, 'if the processor stops needing RunAsNode, turn the fuse off');
});
