// Compiled JavaScript for the CLI and the processor, kept fresh in a source checkout.
//
// `npx altdeck` and the engine's processor subprocesses run dist/<name>/main.js, never the
// TypeScript sources through a run-time transpiler (issue 10: tsx cost ~2 s per deck).
// `npm install` builds both bundles (`prepare`); afterwards, whenever a source file the
// bundle was made from is newer than the bundle, the next start rebuilds it with esbuild
// (1-5 s, once) before running it. Each bundle has a manifest of its source inputs
// (dist/<name>/main.js.inputs.json, from esbuild's metafile) so the check is a stat per
// source file, a few milliseconds. Builds go to a temporary folder and are renamed into
// place, and a lock folder keeps parallel starts (tests) from building the same bundle
// at once. Plain CommonJS: bin/altdeck.js and the bundles themselves require it.
'use strict';
const { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');

const root = join(__dirname, '..');

/** Bundles the CLI and processor need; scripts/build.mjs builds these and the app's. */
const ENTRIES = {
  processor: 'src/processor/main.ts',
  cli: 'src/cli/main.ts',
};

// Native or data-heavy modules stay in node_modules (asarUnpack'ed where needed).
// sharp loads its libvips binary (@img/sharp-<platform>) from beside itself.
// @resvg/resvg-wasm reads its .wasm file beside its own module at run time.
const EXTERNAL = ['electron', 'better-sqlite3', 'sharp', 'tesseract.js', '@tesseract.js-data/*', '@resvg/resvg-wasm', 'tsx', 'tsx/*'];

// jimp (the fallback picture decoder where sharp cannot read a picture, and the model's
// image preparation) is 3 MB of each 4-6 MB bundle, read and compiled at every start of the
// CLI and of every processor worker (~0.15 s each; issue 10). It is loaded with import()
// only when needed, so it lives in its own file beside each bundle (JIMP_CHUNK), built from
// the same node_modules.
const JIMP_CHUNK = 'jimp.js';

function nodeBundleOptions({ dev = false } = {}) {
  return {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: [...EXTERNAL, `./${JIMP_CHUNK}`],
    alias: { jimp: `./${JIMP_CHUNK}` },
    sourcemap: dev ? 'inline' : true,
    logLevel: 'warning',
  };
}

/** dist/<dir>/jimp.js: jimp's `Jimp`, for bundles built with nodeBundleOptions in that folder. */
function buildJimpChunk(dir, { dev = false } = {}) {
  const esbuild = require('esbuild');
  esbuild.buildSync({
    stdin: { contents: "export { Jimp } from 'jimp';", resolveDir: root, loader: 'js' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: join(dir, JIMP_CHUNK),
    sourcemap: dev ? 'inline' : false,
    logLevel: 'warning',
  });
}

function bundlePath(name, distDir = join(root, 'dist')) {
  return join(distDir, name, 'main.js');
}

/** Inputs recorded beside the bundle: sources outside node_modules, plus the lock file (a dependency update). */
function manifestInputs(metafile) {
  const inputs = Object.keys(metafile.inputs).filter((p) => !p.includes('node_modules/') && !p.startsWith('<'));
  if (existsSync(join(root, 'package-lock.json'))) inputs.push('package-lock.json');
  return inputs;
}

/** Why the bundle must be rebuilt, or null when it is fresh. */
function staleReason(name) {
  const out = bundlePath(name);
  let built;
  try {
    built = statSync(out).mtimeMs;
  } catch {
    return 'missing';
  }
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(`${out}.inputs.json`, 'utf8')).inputs;
  } catch {
    return 'no manifest';
  }
  if (!Array.isArray(inputs)) return 'no manifest';
  if (!existsSync(join(dirname(out), JIMP_CHUNK))) return `${JIMP_CHUNK} missing`;
  for (const rel of inputs) {
    try {
      if (statSync(join(root, rel)).mtimeMs > built) return `${rel} changed`;
    } catch {
      return `${rel} gone`;
    }
  }
  return null;
}

function sleepMs(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Build one bundle with esbuild (synchronously) into dist/, atomically. */
function buildBundle(name, { distDir = join(root, 'dist'), dev = false } = {}) {
  const esbuild = require('esbuild');
  const started = Date.now();
  const tmp = join(distDir, `.build-${name}-${process.pid}-${started}`);
  mkdirSync(tmp, { recursive: true });
  try {
    const opts = { ...nodeBundleOptions({ dev }), ...(name === 'cli' ? { banner: { js: '#!/usr/bin/env node' } } : {}) };
    const r = esbuild.buildSync({ ...opts, entryPoints: [join(root, ENTRIES[name])], outfile: join(tmp, 'main.js'), absWorkingDir: root, metafile: true });
    const inputs = manifestInputs(r.metafile).map((p) => relative(root, join(root, p)));
    writeFileSync(join(tmp, 'main.js.inputs.json'), JSON.stringify({ inputs }, null, 0));
    buildJimpChunk(tmp, { dev });
    const final = bundlePath(name, distDir);
    mkdirSync(dirname(final), { recursive: true });
    // main.js last: a bundle never starts without the chunk it imports
    for (const f of [JIMP_CHUNK, 'main.js.map', 'main.js.inputs.json', 'main.js']) if (existsSync(join(tmp, f))) renameSync(join(tmp, f), join(dirname(final), f));
    // The bundle holds the sources as they were when the build began: one edited meanwhile is newer.
    const t = new Date(started);
    utimesSync(final, t, t);
    return final;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The path of dist/<name>/main.js, rebuilt first if a source it was made from changed.
 * Without sources (an installed build) the bundle is used as it is. Throws only when
 * there is neither a bundle nor a way to build one.
 */
function ensureFresh(name) {
  const out = bundlePath(name);
  if (!existsSync(join(root, ENTRIES[name]))) return out;
  let why = staleReason(name);
  if (!why) return out;
  try {
    require.resolve('esbuild');
  } catch {
    if (existsSync(out)) return out; // sources without the dev tools: the bundle we have
    throw new Error(`${out} is missing and esbuild is not installed: run \`npm install\` in ${root}`);
  }
  const lock = join(root, 'dist', `.building-${name}`);
  mkdirSync(join(root, 'dist'), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Someone else is building it: wait for them, or take over a lock left by a dead build.
      let age = 0;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue;
      }
      if (age > 60_000 || Date.now() > deadline) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      sleepMs(100);
      why = staleReason(name);
      if (!why) return out;
    }
  }
  try {
    if (!staleReason(name)) return out;
    if (process.stderr.isTTY) process.stderr.write(`altdeck: building ${relative(root, out)} (${why})\n`);
    return buildBundle(name);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

module.exports = { ENTRIES, EXTERNAL, JIMP_CHUNK, nodeBundleOptions, buildJimpChunk, bundlePath, staleReason, buildBundle, ensureFresh, root };

// `node scripts/fresh-bundle.cjs cli processor` (npm's `prepare`): build what is stale. Without
// esbuild (an install without dev dependencies) it says so and leaves the bundles as they are.
if (require.main === module) {
  let failed = false;
  for (const name of process.argv.slice(2)) {
    try {
      const out = ensureFresh(name);
      console.log(`fresh: ${relative(root, out)}`);
    } catch (e) {
      failed = true;
      console.error(`altdeck: could not build the ${name} bundle: ${e.message}`);
    }
  }
  process.exit(failed ? 1 : 0);
}
