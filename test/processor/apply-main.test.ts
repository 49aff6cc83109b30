/**
 * Apply mode as the engine runs it: a real subprocess with `--apply FILE`,
 * NDJSON on stdout, exit 0 / 65 / 143 / 75, and a clean stop at the last moment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { ApplyInstructions } from '../../src/shared/review';
import { NONE_FOUND } from '../../src/processor/apply';
import { corpusFile, corpusSkip } from '../helpers/corpus';
import { tempDir } from '../helpers/tmp';
import { lectureDeck } from './fixtures';
import { noTemp, startProcessor } from './run-entry';
import { assertOthersRawIdentical, changedShapeIds, partText, shapeAlts } from './apply-inspect';

const start = startProcessor;

function decisionsFile(dir: string, apply: ApplyInstructions | string): string {
  const path = join(dir, 'decisions.json');
  writeFileSync(path, typeof apply === 'string' ? apply : JSON.stringify(apply));
  return path;
}


const DECISIONS: ApplyInstructions = {
  schema: 'altdeck-apply/1',
  items: [
    { part: 'ppt/slides/slide1.xml', shapeId: '3', action: 'set', text: 'Left ventricle, cross-section' },
    { part: 'ppt/slides/slide1.xml', shapeId: '5', action: 'decorative' },
    { part: 'ppt/slides/slide2.xml', shapeId: '77', action: 'set', text: 'gone since the review' },
  ],
};

test('--apply: progress lines, one result with person-sourced items, a warning for the missing shape, exit 0', async (t) => {
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'in.pptx'));
  const output = join(dir, 'out.pptx');
  const r = await start(['--input', input, '--output', output, '--apply', decisionsFile(dir, DECISIONS)]).done;
  assert.equal(r.code, 0, r.stderr);
  const results = r.lines.filter((l) => l.type === 'result');
  assert.equal(results.length, 1);
  const result = results[0] as { wroteOutput: boolean; items: Array<{ shapeId: string; status: string; source: string; needsReview: boolean }>; warnings: string[]; changedParts: string[] };
  assert.equal(result.wroteOutput, true);
  assert.deepEqual(result.items.filter((i) => i.status === 'written' || i.status === 'decorative').map((i) => [i.shapeId, i.status, i.source, i.needsReview]), [
    ['3', 'written', 'person', false],
    ['5', 'decorative', 'person', false],
  ]);
  assert.match(result.warnings.join('\n'), /slide2\.xml#77 matches no object/);
  assert.ok(r.lines.some((l) => l.type === 'log' && l.level === 'warn' && /slide2\.xml#77/.test(String(l.message))));
  const progress = r.lines.filter((l) => l.type === 'progress') as Array<{ done: number; total: number; stage?: string }>;
  assert.deepEqual(progress[0], { type: 'progress', done: 0, total: 3, stage: 'applying' });
  assert.deepEqual(progress[progress.length - 1], { type: 'progress', done: 3, total: 3, stage: 'writing' });
  assert.deepEqual(result.changedParts, ['ppt/slides/slide1.xml']);
  await assertOthersRawIdentical(input, output, ['ppt/slides/slide1.xml']);
  assert.deepEqual(changedShapeIds(await partText(input, 'ppt/slides/slide1.xml'), await partText(output, 'ppt/slides/slide1.xml')), ['3', '5']);
  noTemp(dir);
});

test('--apply where none of the shapes is found: exit 65, the sentence on stderr and as an error log line, no output', async (t) => {
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'in.pptx'));
  const output = join(dir, 'out.pptx');
  const gone: ApplyInstructions = { schema: 'altdeck-apply/1', items: [{ part: 'ppt/slides/slide1.xml', shapeId: '42', action: 'decorative' }] };
  const r = await start(['--input', input, '--output', output, '--apply', decisionsFile(dir, gone)]).done;
  assert.equal(r.code, 65);
  assert.ok(r.stderr.includes(NONE_FOUND), r.stderr);
  assert.ok(r.lines.some((l) => l.type === 'log' && l.level === 'error' && l.message === NONE_FOUND));
  assert.equal(r.lines.filter((l) => l.type === 'result').length, 0);
  assert.equal(existsSync(output), false);
  noTemp(dir);
});

test('--apply with a file that is not altdeck-apply/1 (or --apply without --output): 65 / 64, nothing written', async (t) => {
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'in.pptx'));
  const output = join(dir, 'out.pptx');
  const bad = decisionsFile(dir, '{"schema":"altdeck-apply/1","items":[{"part":"ppt/slides/slide1.xml","shapeId":"3","action":"erase"}]}');
  const r = await start(['--input', input, '--output', output, '--apply', bad]).done;
  assert.equal(r.code, 65);
  assert.match(r.stderr, /approved decisions could not be read.*unknown action "erase"/);
  const usage = await start(['--input', input, '--policy', 'audit', '--apply', bad]).done;
  assert.equal(usage.code, 64);
  assert.match(usage.stderr, /--apply needs --output/);
  assert.equal(existsSync(output), false);
});

test('--apply stopped by SIGTERM with the complete temp file on disk: 143, no output, no temp file', async (t) => {
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'in.pptx'));
  const output = join(dir, 'out.pptx');
  const p = start(['--input', input, '--output', output, '--apply', decisionsFile(dir, DECISIONS)], { ALTDECK_TEST_HOLD_BEFORE_RENAME: '1' });
  await p.waitFor((l) => l.message === 'holding before rename');
  assert.equal(readdirSync(dir).filter((f) => f.includes('altdeck-tmp')).length, 1, 'temp file exists while working');
  p.child.kill('SIGTERM');
  const r = await p.done;
  assert.equal(r.code, 143);
  assert.equal(existsSync(output), false);
  noTemp(dir);
});

test('--apply when the parent goes (stdin closed): 75, no output, no temp file', async (t) => {
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'in.pptx'));
  const output = join(dir, 'out.pptx');
  const p = start(['--input', input, '--output', output, '--apply', decisionsFile(dir, DECISIONS)], { ALTDECK_TEST_HOLD_BEFORE_RENAME: '1' });
  await p.waitFor((l) => l.message === 'holding before rename');
  p.child.stdin.end();
  const r = await p.done;
  assert.equal(r.code, 75);
  assert.equal(existsSync(output), false);
  noTemp(dir);
});

test('--apply on a signed deck: skipped like normal mode; --include-signed applies and warns', async (t) => {
  const dir = tempDir(t);
  const zip = await JSZip.loadAsync(readFileSync(await lectureDeck(join(dir, 'plain.pptx'))));
  zip.file(
    '_rels/.rels',
    (await zip.file('_rels/.rels')!.async('string')).replace(
      '</Relationships>',
      '<Relationship Id="rIdSig" Type="http://schemas.openxmlformats.org/package/2006/relationships/digital-signature/origin" Target="_xmlsignatures/origin.sigs"/></Relationships>',
    ),
  );
  zip.file('_xmlsignatures/origin.sigs', '');
  zip.file('_xmlsignatures/sig1.xml', '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"/>');
  const input = join(dir, 'signed.pptx');
  writeFileSync(input, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  const output = join(dir, 'out.pptx');
  const file = decisionsFile(dir, DECISIONS);
  const r = await start(['--input', input, '--output', output, '--apply', file]).done;
  assert.equal(r.code, 0, r.stderr);
  const result = r.lines.find((l) => l.type === 'result')!;
  assert.equal(result.skipCode, 'SIGNED_DECK');
  assert.equal(result.wroteOutput, false);
  assert.equal(existsSync(output), false);
  const r2 = await start(['--input', input, '--output', output, '--apply', file, '--include-signed']).done;
  assert.equal(r2.code, 0, r2.stderr);
  const result2 = r2.lines.find((l) => l.type === 'result') as { warnings: string[]; items: Array<{ status: string }> };
  assert.equal(result2.items.filter((i) => i.status === 'written' || i.status === 'decorative').length, 2);
  assert.match(result2.warnings.join('\n'), /signature is no longer valid/);
  assert.ok(existsSync(output));
});

test('--apply on a real deck (corpus) as a subprocess, then again on its own output: same bytes', { skip: corpusSkip }, async (t) => {
  const dir = tempDir(t);
  const input = corpusFile('tika__testPPT_2imgs.pptx');
  const part = 'ppt/slides/slide1.xml';
  const file = decisionsFile(dir, {
    schema: 'altdeck-apply/1',
    items: [
      { part, shapeId: '3', action: 'set', text: 'Alfresco logo' },
      { part, shapeId: '4', action: 'decorative' },
    ],
  });
  const out1 = join(dir, 'out1.pptx');
  const r = await start(['--input', input, '--output', out1, '--apply', file]).done;
  assert.equal(r.code, 0, r.stderr);
  await assertOthersRawIdentical(input, out1, [part]);
  const xml = await partText(out1, part);
  assert.deepEqual(changedShapeIds(await partText(input, part), xml), ['3', '4']);
  assert.deepEqual(shapeAlts(xml).get('3'), [{ descr: 'Alfresco logo', decorative: false }]);
  assert.deepEqual(shapeAlts(xml).get('4'), [{ descr: '', decorative: true }]);
  const out2 = join(dir, 'out2.pptx');
  const r2 = await start(['--input', out1, '--output', out2, '--apply', file]).done;
  assert.equal(r2.code, 0, r2.stderr);
  assert.ok(readFileSync(out2).equals(readFileSync(out1)));
});
