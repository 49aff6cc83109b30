/**
 * Packaging guard: every native Node module bundled into the app must be built for
 * the ABI of the Electron it ships with. A better-sqlite3 built for Node (ABI 115)
 * inside an Electron 45 app (ABI 150) cannot be loaded, so the packaged app could
 * not open its queue on first launch. electron-builder calls `afterPack` below
 * (electron-builder.yml) and the build stops with a sentence saying what to do.
 *
 * A module built with the V8/NAN API (better-sqlite3 is one) exports
 * `node_register_module_v<ABI>`; a Node-API module exports `napi_register_module_v1`
 * and runs on any ABI. Files with neither (e.g. better-sqlite3's test_extension.node,
 * a SQLite extension) are not Node modules and are not checked.
 */
'use strict';
const { readFileSync, readdirSync } = require('node:fs');
const { join, relative } = require('node:path');

/** @returns {{ kind: 'abi', abi: number } | { kind: 'napi' } | { kind: 'none' }} */
function nativeModuleAbi(file) {
  const bytes = readFileSync(file);
  const text = bytes.toString('latin1');
  const m = /node_register_module_v(\d+)/.exec(text);
  if (m) return { kind: 'abi', abi: Number(m[1]) };
  if (text.includes('napi_register_module_v')) return { kind: 'napi' };
  return { kind: 'none' };
}

/** The ABI an Electron version's Node needs (node-abi, which electron-builder's rebuild uses too). */
function electronAbi(electronVersion, root = join(__dirname, '..')) {
  try {
    return Number(require('node-abi').getAbi(electronVersion, 'electron'));
  } catch (err) {
    // node-abi may not know a brand-new release; the electron package states its own ABI.
    try {
      const pkg = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'));
      if (pkg.version === electronVersion) return Number(readFileSync(join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim());
    } catch {
      /* fall through */
    }
    throw new Error(`Cannot tell which native ABI Electron ${electronVersion} needs (${err instanceof Error ? err.message : err}); update node-abi.`);
  }
}

/** "Node 20" / "Electron 45" for an ABI number, for the error sentence. */
function runtimeOfAbi(abi) {
  try {
    const hits = require('node-abi').allTargets.filter((t) => Number(t.abi) === abi);
    if (hits.length) return hits.map((t) => `${t.runtime === 'node' ? 'Node' : 'Electron'} ${t.target.split('.')[0]}`).join(' / ');
  } catch {
    /* only used for wording */
  }
  return 'another runtime';
}

function findNodeFiles(dir, out = []) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) findNodeFiles(p, out);
    else if (e.isFile() && e.name.endsWith('.node')) out.push(p);
  }
  return out;
}

/** Every bundled native module whose ABI is not Electron's, as sentences (empty = all good). */
function checkNativeModules(appDir, electronVersion) {
  const want = electronAbi(electronVersion);
  const problems = [];
  for (const file of findNodeFiles(appDir)) {
    const found = nativeModuleAbi(file);
    if (found.kind !== 'abi' || found.abi === want) continue;
    problems.push(
      `${relative(appDir, file)} is built for native ABI ${found.abi} (${runtimeOfAbi(found.abi)}), ` +
        `but Electron ${electronVersion} needs ABI ${want}: the packaged app could not load it.`,
    );
  }
  return problems;
}

function mismatchMessage(problems) {
  return [
    'Packaging stopped: a bundled native module does not match Electron.',
    ...problems.map((p) => `  - ${p}`),
    'Package on a machine with internet so electron-builder rebuilds native modules for Electron',
    '(npmRebuild: true in electron-builder.yml, or run `npx electron-builder install-app-deps` first).',
    'See docs/desktop.md, "Packaging".',
  ].join('\n');
}

/** electron-builder's afterPack hook: fail the build loudly on a mismatch. */
async function afterPack(context) {
  const version = context.packager?.info?.framework?.version ?? context.packager?.config?.electronVersion;
  if (!version) throw new Error('Packaging stopped: electron-builder did not say which Electron it packs, so native modules cannot be checked.');
  const problems = checkNativeModules(context.appOutDir, version);
  if (problems.length) throw new Error(mismatchMessage(problems));
  console.log(`  • native modules match Electron ${version} (ABI ${electronAbi(version)})`);
}

module.exports = { nativeModuleAbi, electronAbi, checkNativeModules, mismatchMessage, afterPack, default: afterPack };
