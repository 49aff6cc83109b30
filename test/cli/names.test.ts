/**
 * Every name the OS allows works end to end, through the real CLI and the built-in processor:
 * names of 241 bytes or more failed with ENAMETOOLONG on the lock folder (issue 8 §8).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { utf8Length } from '../../src/core/file-names';
import { decodeFsName, fsPath } from '../../src/core/fs-path';
import { makeDeckBuffer } from '../helpers/make-deck';
import { debris } from '../engine/helpers';
import { makeDeck } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { runCli, startCli } from './run-cli';
import { waitUntil } from '../helpers/wait';
import { fixtureCommandLine } from '../fixtures/processors';

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

test('names that are not valid UTF-8 (Latin-1, Shift-JIS bytes) are found, processed and written under the same bytes', { skip: process.platform !== 'linux' ? 'only Linux file systems allow names that are not UTF-8' : false }, async (t) => {
  const root = tempDir(t);
  const inputs = join(root, 'decks');
  const out = join(root, 'out');
  const home = join(root, 'home');
  const latin1 = Buffer.concat([Buffer.from('Vorlesung '), Buffer.from([0xfc]), Buffer.from('bersicht.pptx')]);
  const sjis = Buffer.from([0x8e, 0xf5, 0x8b, 0xc6]); // "講義" in Shift-JIS
  const deck = await makeDeckBuffer({ slides: 1 });
  mkdirSync(inputs);
  writeFileSync(Buffer.concat([Buffer.from(`${inputs}/`), latin1]), deck);
  mkdirSync(Buffer.concat([Buffer.from(`${inputs}/`), sjis]));
  writeFileSync(Buffer.concat([Buffer.from(`${inputs}/`), sjis, Buffer.from('/'), sjis, Buffer.from('.pptx')]), Buffer.concat([deck.subarray(0, 10), deck.subarray(10)]));

  const r = await runCli(['batch', inputs, '--out', out, '--home', home, '--json']);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const items = (JSON.parse(r.stdout) as { items: Item[] }).items;
  assert.equal(items.length, 2, JSON.stringify(items));
  for (const i of items) {
    assert.equal(i.state, 'succeeded', JSON.stringify(i));
    assert.ok(existsSync(fsPath(i.outputPath!)), 'the output exists under the exact bytes');
  }
  // On disk: the outputs carry the inputs' bytes, in the same layout.
  assert.ok(readdirSync(Buffer.from(out), { encoding: 'buffer' }).some((n) => n.equals(latin1)));
  const nested = Buffer.concat([Buffer.from(`${out}/`), sjis]);
  assert.deepEqual(readdirSync(nested, { encoding: 'buffer' }), [Buffer.concat([sjis, Buffer.from('.pptx')])]);
  assert.deepEqual(items.map((i) => i.path).sort(), [decodeFsName(Buffer.concat([Buffer.from(`${inputs}/`), latin1])), decodeFsName(Buffer.concat([Buffer.from(`${inputs}/`), sjis, Buffer.from('/'), sjis, Buffer.from('.pptx')]))].sort());
  assert.deepEqual(readFileSync(Buffer.concat([Buffer.from(`${inputs}/`), latin1])), deck, 'original untouched');
  assert.deepEqual(debris(inputs), [], 'no lock folder left');
});

test('a custom processor gets UTF-8 stand-ins for such names; the output still lands under the exact bytes', { skip: process.platform !== 'linux' ? 'only Linux file systems allow names that are not UTF-8' : false }, async (t) => {
  const root = tempDir(t);
  const inputs = join(root, 'decks');
  const out = join(root, 'out');
  const home = join(root, 'home');
  const sjis = Buffer.from([0x8e, 0xf5, 0x8b, 0xc6]);
  mkdirSync(Buffer.concat([Buffer.from(`${inputs}/`), sjis]), { recursive: true });
  writeFileSync(Buffer.concat([Buffer.from(`${inputs}/`), sjis, Buffer.from('/'), sjis, Buffer.from('.pptx')]), await makeDeckBuffer({ slides: 1 }));
  const r = await runCli(['batch', inputs, '--out', out, '--home', home, '--processor', fixtureCommandLine('succeed'), '--json']);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const [item] = (JSON.parse(r.stdout) as { items: Item[] }).items;
  assert.equal(item.state, 'succeeded', JSON.stringify(item));
  const outDir = Buffer.concat([Buffer.from(`${out}/`), sjis]);
  assert.deepEqual(readdirSync(outDir, { encoding: 'buffer' }), [Buffer.concat([sjis, Buffer.from('.pptx')])], 'only the output, under its bytes');
  assert.deepEqual(readdirSync(join(home, 'tmp', 'aliases')), [], 'the stand-ins are gone');
});

test('kill -9 while a custom processor runs on such a name: the next start removes its `.altdeck-out-<job>` file and its stand-ins', { skip: process.platform !== 'linux' ? 'only Linux file systems allow names that are not UTF-8' : false }, async (t) => {
  const root = tempDir(t);
  const inputs = join(root, 'decks');
  const out = join(root, 'out');
  const home = join(root, 'home');
  const latin1 = Buffer.from([0x66, 0xe9, 0x74, 0x75, 0x73]); // "fétus" in Latin-1
  mkdirSync(inputs, { recursive: true });
  writeFileSync(Buffer.concat([Buffer.from(`${inputs}/`), latin1, Buffer.from('.pptx')]), await makeDeckBuffer({ slides: 1 }));
  // The processor writes `.altdeck-out-<job>.pptx` in place, then hangs: killed now, the run never settles.
  const run = startCli(['batch', inputs, '--out', out, '--home', home, '--processor', fixtureCommandLine('write-then-hang')]);
  const aliases = join(home, 'tmp', 'aliases');
  const written = () => (existsSync(out) ? readdirSync(out).filter((n) => n.startsWith('.altdeck-out-')) : []);
  await waitUntil('the processor wrote its output in place', () => written().length === 1 && existsSync(aliases) && readdirSync(aliases).length === 1);
  run.child.kill('SIGKILL');
  const killed = await run.done;
  assert.equal(killed.signal, 'SIGKILL');
  assert.equal(written().length, 1, 'the debris is there before the next start');

  // Any command opens the queue and runs start-up recovery.
  const next = await runCli(['batches', '--home', home]);
  assert.equal(next.code, 0, next.stderr);
  assert.deepEqual(written(), [], 'no `.altdeck-out-<job>` left in the output folder');
  assert.deepEqual(readdirSync(aliases), [], 'no link folder left under <home>/tmp/aliases');
  assert.deepEqual(readdirSync(out), [], 'nothing taken as an output: the run never finished');
});
