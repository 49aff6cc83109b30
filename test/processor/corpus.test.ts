/**
 * The whole shared corpus, in process: no crash; a deck it cannot read is a
 * BadInputError (exit 65) with a sentence; every readable deck gives an output
 * with every original entry (untouched ones byte-identical, same method), every
 * changed XML part well-formed, every object that lacked meaningful ALT now
 * has it (or is reported for a person), a person's ALT untouched; and running
 * again on the output changes nothing.
 * fsync is off here: 400 syncs on a shared CI disk cost a minute and prove
 * nothing about ALT text; the entry-point tests run with the default (on).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR, corpusSkip, readInventory } from '../helpers/corpus';
import { tempDir } from '../helpers/tmp';
import { rawEntries, readEntry, xmlError } from './zip-inspect';
import { BadInputError, processDeck } from '../../src/processor/process-deck';
import { classifyAlt } from '../../src/processor/judge/classify';

test('every file in the shared corpus', { skip: corpusSkip, timeout: 240_000 }, async (t) => {
  const dir = tempDir(t);
  const files = readdirSync(CORPUS_DIR)
    .filter((f) => !/\.(md|tsv)$/.test(f))
    .sort();
  const inventory = new Map(readInventory().map((r) => [r.file, r]));
  let processed = 0;
  let rejected = 0;
  let signed = 0;
  let written = 0;
  // two decks in flight: one's disk waits overlap the other's parsing
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const k = next++;
      await one(files[k], k);
    }
  };
  const one = async (f: string, k: number) => {
    const input = join(CORPUS_DIR, f);
    const work = join(dir, String(k));
    mkdirSync(work);
    const out1 = join(work, 'out1.pptx');
    const out2 = join(work, 'out2.pptx');
    let r;
    try {
      r = await processDeck({ input, output: out1, durable: false });
    } catch (e) {
      assert.ok(e instanceof BadInputError, `${f}: ${(e as Error).stack}`);
      assert.ok(e.message.length > 30 && /[.!]$/.test(e.message), `${f}: a sentence, got ${e.message}`);
      // only files the inventory says are not usable decks are refused
      const inv = inventory.get(f);
      assert.ok(!inv || inv.opens_as_zip !== '1' || inv.slides === '0' || inv.slides === 'NA' || /ole2|not-zip|empty-zip|no-ppt/.test(inv.notes), `${f} was refused: ${e.message}`);
      rejected++;
      rmSync(work, { recursive: true, force: true });
      return;
    }
    if (r.skipped) {
      assert.equal(r.skipCode, 'SIGNED_DECK', f);
      assert.equal(r.wroteOutput, false);
      signed++;
      return;
    }
    processed++;
    written += r.written;
    const before = await rawEntries(input);
    const after = await rawEntries(out1);
    // every original entry, plus only the parts the result says it added (the drafts record, notes pages)
    const added = new Set((r.addedParts as string[] | undefined) ?? []);
    assert.deepEqual(after.map((e) => e.name).filter((n) => !added.has(n)).sort(), before.map((e) => e.name).sort(), `${f}: every original entry`);
    assert.equal(after[0].name, '[Content_Types].xml', f);
    const changed = new Set((r.changedParts as string[]) ?? []);
    const afterByName = new Map(after.map((e) => [e.name, e]));
    for (const e of before) {
      if (changed.has(e.name)) continue;
      const a = afterByName.get(e.name)!;
      assert.equal(a.rawSha, e.rawSha, `${f}: ${e.name} copied byte for byte`);
      assert.equal(a.method, e.method, `${f}: ${e.name} keeps its compression method`);
    }
    for (const part of changed) {
      const inXml = (await readEntry(input, part)).toString('utf8');
      const outXml = (await readEntry(out1, part)).toString('utf8');
      if (xmlError(inXml) === null) assert.equal(xmlError(outXml), null, `${f}: ${part} well-formed`);
    }
    for (const i of r.items) {
      if (i.oldAltVerdict === 'person' && !i.decorative) assert.equal(i.status, 'kept', `${f}: person's ALT kept`);
      if (i.oldAltVerdict !== 'person' && !i.decorative) {
        assert.ok(['written', 'unresolved', 'decorative-candidate'].includes(i.status) || (i.oldAltVerdict === 'altdeck' && i.status === 'kept'), `${f}: ${i.status}`);
        if (i.status === 'written') {
          // a person's words, or one of AltDeck's own frames ("Link to slide 1"), which a re-run recognises
          assert.ok(['person', 'altdeck'].includes(classifyAlt(i.newAlt).verdict), `${f}: meaningful ALT ${i.newAlt}`);
          assert.ok(i.newAlt!.length <= 150);
        } else assert.equal(i.needsReview, true, `${f}: unresolved is flagged for a person`);
      }
    }
    // idempotent
    const r2 = await processDeck({ input: out1, output: out2, durable: false });
    assert.equal(r2.written, 0, `${f}: second run writes nothing`);
    assert.ok(readFileSync(out1).equals(readFileSync(out2)), `${f}: second output byte-identical`);
    // what the first run wrote is now in the deck, on the same objects
    assert.equal(r2.items.length, r.items.length, f);
    r.items.forEach((i, k) => {
      if (i.status === 'written') assert.equal(r2.items[k].oldAlt, i.newAlt, `${f}: ${i.part} #${i.shapeId}`);
      if (i.status === 'kept') assert.equal(r2.items[k].oldAlt, i.oldAlt, `${f}: person's ALT untouched`);
    });
    rmSync(work, { recursive: true, force: true });
  };
  await Promise.all([worker(), worker()]);
  t.diagnostic(`${processed} decks processed, ${signed} signed skipped, ${rejected} refused, ${written} ALT texts written`);
  assert.ok(processed >= 170, `processed ${processed}`);
  assert.equal(signed, [...inventory.values()].filter((r) => /digital-signature/.test(r.notes)).length);
  // no filler since issue 9: only text from a source (data, links, captions, auto-captions, file names)
  assert.ok(written > 250, `written ${written}`);
});
