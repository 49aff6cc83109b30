/**
 * Apply mode over every real deck that has objects: half the objects set, half
 * decorative. In each output only those cNvPr elements differ, the edited parts
 * are well-formed with every prefix declared, every other entry is the original's
 * raw bytes, and applying again to the output gives the same file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApplyInstructions } from '../../src/shared/review';
import { processDeck } from '../../src/processor/process-deck';
import { applyDecisions } from '../../src/processor/apply';
import { corpusFile, corpusSkip, readInventory } from '../helpers/corpus';
import { tempDir } from '../helpers/tmp';
import { parseXml } from '../../src/processor/xml/tree';
import { scanSlide } from '../../src/processor/deck/slide-objects';
import { readEntry } from './zip-inspect';
import { assertOthersRawIdentical, changedShapeIds, shapeAlts } from './apply-inspect';

test('every corpus deck with objects: only the decided shapes change, the rest raw, twice = same bytes', { skip: corpusSkip }, async (t) => {
  const dir = tempDir(t);
  let decks = 0;
  let decided = 0;
  for (const row of corpusSkip ? [] : readInventory()) {
    if (row.opens_as_zip !== '1') continue;
    const input = corpusFile(row.file);
    const audit = await processDeck({ input, policy: 'audit' }).catch(() => null);
    if (!audit || audit.skipped || !audit.items.length) continue;
    // one decision per object (an id repeated on a slide is one review item)
    const seen = new Set<string>();
    const items: ApplyInstructions['items'] = [];
    for (const it of audit.items) {
      const key = `${it.part}#${it.shapeId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      items.push(items.length % 2 ? { part: it.part, shapeId: it.shapeId, action: 'decorative' } : { part: it.part, shapeId: it.shapeId, action: 'set', text: `Reviewed “${row.file.slice(0, 20)}” & <${items.length}>` });
    }
    const apply: ApplyInstructions = { schema: 'altdeck-apply/1', items };
    const out1 = join(dir, `${decks}-1.pptx`);
    const r = await applyDecisions({ input, output: out1, apply, durable: false });
    const changed = r.changedParts as string[];
    await assertOthersRawIdentical(input, out1, changed);
    for (const part of changed) {
      const before = (await readEntry(input, part)).toString('utf8');
      const after = (await readEntry(out1, part)).toString('utf8');
      const mine = items.filter((i) => i.part === part);
      // a decided object's other mc:AlternateContent branches (a chart's fallback picture, often id 0) change with it
      const allowed = new Set<string>();
      for (const o of scanSlide(before, parseXml(before)).objects) {
        if (mine.some((m) => m.shapeId === o.shapeId)) for (const c of [o.cNvPr, ...o.aliases]) allowed.add(c.attrs.find((a) => a.name === 'id')?.value ?? '');
      }
      const ids = changedShapeIds(before, after);
      assert.ok(ids.every((id) => allowed.has(id)), `${row.file} ${part}: only decided shapes (${ids})`);
      const alts = shapeAlts(after);
      for (const m of mine) {
        const written = alts.get(m.shapeId)?.some((a) => (m.action === 'set' ? a.descr === m.text : a.decorative && a.descr === ''));
        assert.ok(written, `${row.file} ${part}#${m.shapeId} ${m.action}`);
      }
    }
    const out2 = join(dir, `${decks}-2.pptx`);
    const r2 = await applyDecisions({ input: out1, output: out2, apply, durable: false });
    assert.deepEqual(r2.changedParts, [], row.file);
    assert.ok(readFileSync(out2).equals(readFileSync(out1)), `${row.file}: second apply gives the same bytes`);
    decks++;
    decided += r.items.length;
  }
  assert.ok(decks > 100, `decks with objects: ${decks}`);
  t.diagnostic(`${decks} decks, ${decided} objects applied`);
});
