/** scanInputs over real folder trees: recursion, owner files, hidden and output folders, links. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanInputs } from '../../src/core/preflight';
import { tempDir } from '../helpers/tmp';

function touch(path: string, data = 'x'): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, data);
  return path;
}

test('a folder tree: decks found, owner files and other files ignored, .ppt reported', async (t) => {
  const root = tempDir(t);
  const a = touch(join(root, 'Year 1', 'Anatomy.pptx'));
  const b = touch(join(root, 'Year 1', 'Histology', 'Cells.PPTM'));
  const c = touch(join(root, 'Year 2', 'Show.ppsx'));
  const d = touch(join(root, 'Template.potx'));
  touch(join(root, 'Year 1', '~$Anatomy.pptx'));
  touch(join(root, 'Year 2', '.~lock.Show.ppsx#'));
  touch(join(root, 'Year 2', 'handout.pdf'));
  touch(join(root, 'Year 2', '._Show.ppsx'));
  const old = touch(join(root, 'Year 2', 'Old lecture.ppt'));
  touch(join(root, '.git', 'objects', 'hidden.pptx'));
  touch(join(root, 'AltDeck output', 'Anatomy.pptx'));

  const r = await scanInputs([root], { excludeDirs: [join(root, 'AltDeck output')] });
  assert.deepEqual(r.decks, [d, a, b, c].sort());
  assert.deepEqual(r.rejected.map((x) => [x.path, x.code]), [[old, 'LEGACY_PPT']]);
  const reasons = new Map(r.ignored.map((i) => [i.path.slice(root.length + 1), i.reason]));
  assert.match(reasons.get(join('Year 1', '~$Anatomy.pptx'))!, /PowerPoint owner/);
  assert.match(reasons.get(join('Year 2', '.~lock.Show.ppsx#'))!, /LibreOffice/);
  assert.match(reasons.get(join('Year 2', 'handout.pdf'))!, /not a PowerPoint deck/);
  assert.match(reasons.get(join('Year 2', '._Show.ppsx'))!, /macOS/);
  assert.match(reasons.get('.git')!, /hidden/);
  assert.match(reasons.get('AltDeck output')!, /excluded/);
});

test('explicit files are decks or rejected, never silently dropped', async (t) => {
  const root = tempDir(t);
  const deck = touch(join(root, 'a.pptx'));
  const legacy = touch(join(root, 'b.ppt'));
  const doc = touch(join(root, 'c.docx'));
  const owner = touch(join(root, '~$a.pptx'));
  mkdirSync(join(root, 'empty'));
  const r = await scanInputs([deck, legacy, doc, owner, join(root, 'missing.pptx'), join(root, 'empty')]);
  assert.deepEqual(r.decks, [deck]);
  assert.deepEqual(
    r.rejected.map((x) => [x.path, x.code]),
    [
      [legacy, 'LEGACY_PPT'],
      [doc, 'WRONG_EXTENSION'],
      [owner, 'WRONG_EXTENSION'],
      [join(root, 'missing.pptx'), 'NOT_FOUND'],
    ],
  );
  assert.ok(r.rejected.every((x) => x.message.length > 20));
});

test('duplicates collapse: the same deck by a file, its folder and a link', async (t) => {
  const root = tempDir(t);
  const deck = touch(join(root, 'lectures', 'a.pptx'));
  symlinkSync(join(root, 'lectures'), join(root, 'alias'));
  const r = await scanInputs([deck, join(root, 'lectures'), join(root, 'alias'), join(root, 'lectures', '..', 'lectures', 'a.pptx')]);
  assert.deepEqual(r.decks, [deck]);
});

test('symlink loops terminate', async (t) => {
  const root = tempDir(t);
  touch(join(root, 'a', 'b', 'deep.pptx'));
  symlinkSync(join(root, 'a'), join(root, 'a', 'b', 'back-to-a'));
  symlinkSync(join(root, 'a', 'b', 'self'), join(root, 'a', 'b', 'self')); // a link to itself
  const r = await scanInputs([root]);
  assert.deepEqual(r.decks, [join(root, 'a', 'b', 'deep.pptx')]);
  assert.ok(r.ignored.some((i) => i.path.endsWith('back-to-a') && /already scanned/.test(i.reason)));
  assert.ok(r.ignored.some((i) => i.path.endsWith('self') && /broken link/.test(i.reason)));
});

test('an explicit hidden folder is scanned (the user asked for it)', async (t) => {
  const root = tempDir(t);
  const deck = touch(join(root, '.archive', 'x.pptx'));
  assert.deepEqual((await scanInputs([join(root, '.archive')])).decks, [deck]);
});

test('links are followed only inside the folders given: a link to / adds nothing; a link to a deck inside counts once', async (t) => {
  const root = tempDir(t);
  const outside = tempDir(t);
  const a = touch(join(root, 'course', 'a.pptx'));
  touch(join(outside, 'elsewhere.pptx'));
  symlinkSync('/', join(root, 'course', 'whole-disk'));
  symlinkSync(outside, join(root, 'course', 'other-share'));
  symlinkSync(join(outside, 'elsewhere.pptx'), join(root, 'course', 'linked-outside.pptx'));
  symlinkSync(a, join(root, 'course', 'same-deck.pptx'));
  symlinkSync(join(root, 'course'), join(root, 'alias-inside'));
  const r = await scanInputs([root]);
  assert.deepEqual(r.decks, [a], 'one deck, found once');
  const reasons = new Map(r.ignored.map((i) => [i.path.slice(root.length + 1), i.reason]));
  for (const name of ['whole-disk', 'other-share', 'linked-outside.pptx']) {
    assert.match(reasons.get(join('course', name)) ?? '', /outside the folders given/, name);
  }
});

test('earlier AltDeck output folders inside the input are never scanned: altdeck-output, and any folder holding altdeck-reports', async (t) => {
  const root = tempDir(t);
  const a = touch(join(root, 'a.pptx'));
  touch(join(root, 'altdeck-output', 'a.pptx'));
  touch(join(root, 'processed-2025', 'a.pptx'));
  mkdirSync(join(root, 'processed-2025', 'altdeck-reports'));
  const r = await scanInputs([root]);
  assert.deepEqual(r.decks, [a]);
  assert.equal(r.ignored.filter((i) => /earlier AltDeck output/.test(i.reason)).length, 2);
});

test('the output folder is excluded by identity, whatever path names it', async (t) => {
  const root = tempDir(t);
  const a = touch(join(root, 'a.pptx'));
  touch(join(root, 'results', 'a.pptx'));
  symlinkSync(join(root, 'results'), join(root, 'results-link'));
  const r = await scanInputs([join(root, '.', '')], { excludeDirs: [join(root, 'results-link')] });
  assert.deepEqual(r.decks, [a]);
});
