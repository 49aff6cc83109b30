/**
 * `altdeck process` from a checkout, through bin/altdeck.js as a user runs it. It failed with
 * "Cannot find module …/src/processor/main": the CLI loads the processor with import(), which
 * only tsx's ESM hook resolves to the TypeScript source.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bufferReader } from '../../src/core/preflight/reader';
import { readZipDirectory } from '../../src/core/preflight/zip-directory';
import { makeDeck } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { runCli } from './run-cli';

test('altdeck process --help prints the processor usage and exits 0', async () => {
  const r = await runCli(['process', '--help']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /--input IN\.pptx --output OUT\.pptx/);
  assert.doesNotMatch(r.stderr, /Cannot find module/);
});

test('altdeck process writes the processed deck and reports its result', async (t) => {
  const dir = tempDir(t);
  const input = await makeDeck(join(dir, 'lecture.pptx'), { slides: 2 });
  const output = join(dir, 'out', 'lecture.pptx');
  const r = await runCli(['process', '--input', input, '--output', output]);
  assert.equal(r.code, 0, r.stderr);
  const result = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; slides?: number; wroteOutput?: boolean })
    .find((m) => m.type === 'result');
  assert.equal(result?.slides, 2);
  assert.ok(existsSync(output));
  const dirOf = await readZipDirectory(bufferReader(readFileSync(output)));
  assert.ok(dirOf.byName.has('ppt/presentation.xml'));
});

test('altdeck process loads its optional sources (the model client) from the sources too', async (t) => {
  const dir = tempDir(t);
  const input = await makeDeck(join(dir, 'lecture.pptx'), { slides: 1 });
  // Port 9 (discard) has no model server: the point is that the client module loads and says so.
  const r = await runCli(['process', '--input', input, '--output', join(dir, 'o.pptx'), '--model-server', 'http://127.0.0.1:9', '--model', 'llava']);
  assert.doesNotMatch(r.stderr, /Cannot find module|ERR_MODULE_NOT_FOUND/);
  assert.match(r.stderr, /No model server answers at http:\/\/127\.0\.0\.1:9/);
  assert.equal(r.code, 75, 'try again later, as the processor contract says');
});
