/**
 * Two processes opening a fresh queue database at once (two processors sharing the model
 * cache on a new home): both read user_version 0, one migrates, the other must not run the
 * same migrations again and fail — a failed open made the describer drop the cache and its
 * one-request-at-a-time slot, so two requests reached the model server together.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { migrate, openDatabase } from '../../src/core/db/open';
import { LATEST_VERSION } from '../../src/core/db/migrations';
import { tempDir } from '../helpers/tmp';

test('a migration another process applied meanwhile (a stale user_version) is skipped, not run twice', (t) => {
  const file = join(tempDir(t), 'altdeck.db');
  const db = openDatabase(file);
  t.after(() => db.close());
  assert.equal(db.pragma('user_version', { simple: true }), LATEST_VERSION);
  // what the second process does when it read 0 before the first one committed
  assert.doesNotThrow(() => migrate(db, 0, LATEST_VERSION));
  assert.equal(db.pragma('user_version', { simple: true }), LATEST_VERSION);
});

test('six processes opening one fresh database at once all get it', { timeout: 120_000 }, async (t) => {
  const file = join(tempDir(t), 'altdeck.db');
  const code = `const { openDatabase } = require(${JSON.stringify(join(__dirname, '../../src/core/db/open'))}); openDatabase(${JSON.stringify(file)}).close();`;
  const runs = Array.from({ length: 6 }, () =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, ['--import', 'tsx', '-e', code], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      p.stderr.on('data', (d) => (stderr += d));
      p.on('close', (c) => resolve({ code: c, stderr }));
    }),
  );
  for (const r of await Promise.all(runs)) assert.equal(r.code, 0, r.stderr);
});
