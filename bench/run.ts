/**
 * `npm run bench [name...]`: runs each benchmark as its own process (so one's
 * memory does not colour another's) and prints their tables. Figures go in the
 * README; nothing here is asserted.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = __dirname;
const wanted = process.argv.slice(2);
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const names = wanted.length ? wanted : all;
let failed = 0;
for (const name of names) {
  const file = join(dir, `${name}.ts`);
  if (!existsSync(file)) {
    console.error(`no benchmark ${name} (have: ${all.join(', ')})`);
    failed++;
    continue;
  }
  console.log(`\n### ${name}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', file], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
