#!/usr/bin/env node
// Bundles the app with esbuild into dist/:
//   dist/main/main.js, dist/main/engine-host.js, dist/preload/preload.js, dist/renderer/{index.html,app.js,app.css},
//   dist/processor/main.js, dist/cli/main.js
// Usage: node scripts/build.mjs [--dev] [--only=renderer,main,...] [--outdir=DIR]
// (--outdir lets tests build into a temp folder instead of the shared dist/)
// Entries whose source does not exist yet are skipped with a warning, so the app
// side can be built while other parts are still being written.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The CLI and the processor are built the way `npx altdeck` keeps them fresh (with a manifest of their sources).
const fresh = createRequire(import.meta.url)('./fresh-bundle.cjs');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice(7).split(',')) : null;
const outArg = process.argv.find((a) => a.startsWith('--outdir='));
const outDir = outArg ? outArg.slice(9) : join(root, 'dist');
const out = (rel) => join(outDir, rel.replace(/^dist\//, ''));
const nodeCommon = fresh.nodeBundleOptions({ dev });

const entries = [
  // electron-log/main reads its own preload file at run time: bundled, it crashes on start.
  { name: 'main', src: 'src/main/main.ts', out: 'dist/main/main.js', opts: { ...nodeCommon, target: 'node22', external: [...nodeCommon.external, 'electron-log', 'electron-log/*'] } },
  // The engine's own process (Electron utilityProcess), built with main: main forks it.
  { name: 'main', src: 'src/main/engine-host.ts', out: 'dist/main/engine-host.js', opts: { ...nodeCommon, target: 'node22', external: [...nodeCommon.external, 'electron-log', 'electron-log/*'] } },
  // Sandboxed preload: one file, only `electron` may be required at run time.
  { name: 'preload', src: 'src/preload/preload.ts', out: 'dist/preload/preload.js', opts: { ...nodeCommon, external: ['electron'], target: 'chrome130' } },
  {
    name: 'renderer',
    src: 'src/renderer/main.tsx',
    out: 'dist/renderer/app.js',
    opts: {
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'chrome120',
      jsx: 'automatic',
      minify: !dev && !process.env.ALTDECK_NO_MINIFY,
      sourcemap: dev ? 'inline' : false,
      define: { 'process.env.NODE_ENV': JSON.stringify(dev ? 'development' : 'production') },
      logLevel: 'warning',
    },
    after() {
      copyFileSync(join(root, 'src/renderer/index.html'), out('dist/renderer/index.html'));
      copyFileSync(join(root, 'src/renderer/app.css'), out('dist/renderer/app.css'));
    },
  },
  { name: 'processor', src: fresh.ENTRIES.processor, out: 'dist/processor/main.js', fresh: true },
  { name: 'cli', src: fresh.ENTRIES.cli, out: 'dist/cli/main.js', fresh: true },
];

let failed = false;
for (const e of entries) {
  if (only && !only.has(e.name)) continue;
  if (!existsSync(join(root, e.src))) {
    console.warn(`build: skipping ${e.name}: ${e.src} does not exist yet`);
    continue;
  }
  mkdirSync(dirname(out(e.out)), { recursive: true });
  try {
    if (e.fresh) fresh.buildBundle(e.name, { distDir: outDir, dev });
    else {
      await build({ ...e.opts, entryPoints: [join(root, e.src)], outfile: out(e.out), absWorkingDir: root });
      // A Node bundle that uses jimp imports it from a file beside it (fresh-bundle.cjs JIMP_CHUNK).
      if (readFileSync(out(e.out), 'utf8').includes(`"./${fresh.JIMP_CHUNK}"`)) fresh.buildJimpChunk(dirname(out(e.out)), { dev });
    }
    e.after?.();
    console.log(`build: ${out(e.out)}`);
  } catch (err) {
    failed = true;
    console.error(`build: ${e.name} failed: ${err.message}`);
  }
}
process.exit(failed ? 1 : 0);
