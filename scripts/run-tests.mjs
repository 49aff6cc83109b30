#!/usr/bin/env node
// One runner for the whole project: node's built-in test runner with tsx.
// Usage: node scripts/run-tests.mjs [unit|e2e|all] [extra files...]
// Node 20 has no glob support in --test, so the files are found here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const mode = process.argv[2] ?? 'all';
const extra = process.argv.slice(3);

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.test.ts') || name.endsWith('.test.tsx')) out.push(relative(root, p));
  }
  return out;
}

// The fast inner loop (`npm run test:unit`) leaves out what takes minutes and needs tools beyond
// Node: the browser e2e tests, packaging (electron-builder, electronegativity) and LibreOffice
// (ALTDECK_SOFFICE="" makes those tests skip and the product run as without it).
// `npm test` (CI) runs everything.
const PACKAGING = ['test/packaging/electron-builder.test.ts', 'test/main/electronegativity.test.ts'];
let files = extra.length ? extra : find(join(root, 'test')).sort();
if (!extra.length) {
  if (mode === 'unit') files = files.filter((f) => !f.startsWith('test/e2e/') && !PACKAGING.includes(f));
  if (mode === 'e2e') files = files.filter((f) => f.startsWith('test/e2e/'));
}
const fast = mode === 'unit' && !extra.length ? { ALTDECK_SOFFICE: process.env.ALTDECK_SOFFICE ?? '' } : {};
if (!files.length) {
  console.error('no test files found');
  process.exit(1);
}
const args = ['--import', 'tsx', '--test', '--test-concurrency=3', '--test-reporter=spec', ...files];
const r = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...fast, ALTDECK_TEST: '1' } });
process.exit(r.status ?? 1);
