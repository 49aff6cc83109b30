/**
 * The per-deck log keeps its file open between lines (issue 10): every line still lands,
 * in order, bounded, and a line after close() (late processor output) is still written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JobLog } from '../../src/core/log';
import { tempDir } from '../helpers/tmp';

test('a job log writes every line in order, stays bounded, and takes a line after close', (t) => {
  const file = join(tempDir(t, 'altdeck-joblog-'), 'jobs', 'b1', '7.log');
  const log = new JobLog(file, 400);
  log.line('attempt 1/3');
  log.line('run: node processor.js');
  assert.match(readFileSync(file, 'utf8'), /attempt 1\/3\n.*run: node processor\.js\n$/, 'written at once, not on close');
  log.close();
  log.line('[stderr] late line');
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  assert.deepEqual(lines.map((l) => l.replace(/^\S+ /, '')), ['attempt 1/3', 'run: node processor.js', '[stderr] late line']);

  const again = new JobLog(file, 400); // a retry appends to the same deck's log, within the same bound
  for (let i = 0; i < 20; i++) again.line(`line ${i}`);
  again.close();
  const text = readFileSync(file, 'utf8');
  assert.ok(text.length <= 400 + 60, `${text.length} bytes`);
  assert.match(text, /log truncated at 400 bytes\n$/);
});
