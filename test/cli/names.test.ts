/**
 * Every name the OS allows works end to end, through the real CLI and the built-in processor:
 * names of 241 bytes or more failed with ENAMETOOLONG on the lock folder (issue 8 §8).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { utf8Length } from '../../src/core/file-names';
import { debris } from '../engine/helpers';
import { makeDeck } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { runCli } from './run-cli';

interface Item {
  path: string;
  state: string;
  code: string;
  detail?: string;
  outputPath: string | null;
}

test('a 250-character name, 79 Japanese characters and a 255-byte name: processed, and again as "(2)"', async (t) => {
  const root = tempDir(t);
  const inputs = join(root, 'decks');
  const out = join(root, 'out');
  const home = join(root, 'home');
  mkdirSync(inputs);
  const names = [`${'Anatomy lecture '.repeat(16)}`.slice(0, 245) + '.pptx', `${'講義資料'.repeat(20).slice(0, 79)}.pptx`, `${'é'.repeat(125)}.pptx`];
  assert.deepEqual(names.map((n) => [...n].length), [250, 84, 130]);
  assert.deepEqual(names.map(utf8Length), [250, 242, 255]);
  for (const n of names) await makeDeck(join(inputs, n), { slides: 1 });

  const r = await runCli(['batch', inputs, '--out', out, '--home', home, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const items = (JSON.parse(r.stdout) as { items: Item[] }).items;
  assert.deepEqual(
    items.map((i) => [basename(i.path), i.state, i.code]),
    [...names].sort().map((n) => [n, 'succeeded', 'OK']),
    JSON.stringify(items),
  );
  for (const i of items) assert.equal(i.outputPath, join(out, basename(i.path)));
  assert.deepEqual(debris(inputs), [], 'no lock folder left');
  assert.deepEqual(debris(out), [], 'no temporary file left');

  // The same decks again (forced): each output name is taken, so each gets a numbered one that fits.
  const again = await runCli(['batch', inputs, '--out', out, '--home', home, '--force', '--json']);
  assert.equal(again.code, 0, again.stderr);
  const second = (JSON.parse(again.stdout) as { items: Item[] }).items;
  for (const i of second) {
    assert.equal(i.state, 'succeeded', JSON.stringify(i));
    assert.match(basename(i.outputPath!), / \(2\)\.pptx$/);
    assert.ok(utf8Length(basename(i.outputPath!)) <= 255);
    assert.ok(existsSync(i.outputPath!));
  }
  assert.equal(readdirSync(out).filter((n) => n.endsWith('.pptx')).length, 6);
});
