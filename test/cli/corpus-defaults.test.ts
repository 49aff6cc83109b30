/**
 * Issue 8 §1 on real files: the whole shared corpus (198 files, 15 of them old .ppt,
 * encrypted or cut short) at default settings must run to the end. It used to stop
 * at once: "15 of 15 finished decks failed, more than the error threshold (50%)".
 * A trivial processor keeps this about the queue, not ALT text.
 *
 * The decks are copied to a temp folder first: the engine writes its lock folders
 * beside each deck, which must not land in the shared corpus (nor collide with
 * another engineer's run on it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR, corpusSkip } from '../helpers/corpus';
import { tempDir } from '../helpers/tmp';
import { debris } from '../engine/helpers';
import { fixtureCommandLine } from '../fixtures/processors';
import { runCli } from './run-cli';

test('the whole corpus at default settings: no threshold stop, every good deck processed, every bad file rejected with its code', { skip: corpusSkip, timeout: 300_000 }, async (t) => {
  const root = tempDir(t);
  const share = join(root, 'share');
  cpSync(CORPUS_DIR, share, { recursive: true });
  const r = await runCli(['batch', share, '--home', join(root, 'home'), '--out', join(root, 'out'), '--processor', fixtureCommandLine('succeed'), '--json']);
  const s = JSON.parse(r.stdout);
  assert.equal(s.state, 'completed', `${s.reason ?? ''}\n${r.stderr.slice(-2000)}`);
  assert.equal(s.reason, null);
  assert.equal(s.counts.total, 198);
  assert.equal(s.counts.rejected, 15);
  assert.equal(s.counts.failed, 0);
  assert.equal(s.counts.pending, 0);
  assert.equal(s.counts.succeeded + s.counts.skipped, 183);
  assert.equal(r.code, 1, 'rejected files are reported: exit 1, not 3 (threshold) nor 4 (unfinished)');
  const codes = new Set(s.items.filter((i: { state: string }) => i.state === 'rejected').map((i: { code: string }) => i.code));
  for (const code of ['LEGACY_PPT', 'ENCRYPTED']) assert.ok(codes.has(code), `${code} among ${[...codes].join(', ')}`);
  assert.ok(s.items.filter((i: { state: string }) => i.state === 'rejected').every((i: { message: string; attempts: number }) => i.message && i.attempts === 0));
  assert.equal(readdirSync(join(root, 'out')).filter((f) => /\.(pptx|pptm|ppsx|ppsm|potx|potm)$/i.test(f)).length > 0, true);
  assert.deepEqual(debris(share), []);
});
