/**
 * Another reader agrees: LibreOffice opens apply-mode outputs (a generated deck
 * and corpus decks with pictures and a chart with a fallback picture), and when
 * it saves them again as .pptx the reviewed ALT text is exactly what was set,
 * newline, ampersand, quotes and angle brackets included. LibreOffice renumbers
 * shape ids, so shapes are matched by name. Skips when `soffice` is not on PATH.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ApplyInstructions } from '../../src/shared/review';
import { processDeck } from '../../src/processor/process-deck';
import { applyDecisions } from '../../src/processor/apply';
import { corpusAvailable, corpusFile } from '../helpers/corpus';
import { tempDir } from '../helpers/tmp';
import { lectureDeck } from './fixtures';
import { partText } from './apply-inspect';
import { findAll, parseXml } from '../../src/processor/xml/tree';
import { soffice as testSoffice, sofficeSkip } from '../helpers/libreoffice';

const soffice = testSoffice;

/** descr by shape name of every cNvPr of a slide part (names that repeat are left out). */
function descrByName(xml: string): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const seen = new Set<string>();
  for (const c of findAll(parseXml(xml), 'cNvPr')) {
    const name = c.attrs.find((a) => a.name === 'name')?.value ?? '';
    if (seen.has(name)) out.delete(name);
    else out.set(name, c.attrs.find((a) => a.name === 'descr')?.value ?? null);
    seen.add(name);
  }
  return out;
}

test('LibreOffice opens apply outputs and reads back the reviewed ALT text', { skip: sofficeSkip, timeout: 600_000 }, async (t) => {
  const dir = tempDir(t);
  const profile = pathToFileURL(join(dir, 'lo-profile')).href;
  const decks = [await lectureDeck(join(dir, 'lecture.pptx'))];
  if (corpusAvailable) decks.push(corpusFile('tika__testPPT_2imgs.pptx'), corpusFile('aspose__Funnel.pptx'));
  let checked = 0;
  for (const [n, input] of decks.entries()) {
    const audit = await processDeck({ input, policy: 'audit' });
    const items: ApplyInstructions['items'] = audit.items.map((it, k) =>
      k % 2 ? { part: it.part, shapeId: it.shapeId, action: 'decorative' } : { part: it.part, shapeId: it.shapeId, action: 'set', text: `Reviewed ${k}: heart & "lungs"\n<second line>` },
    );
    const output = join(dir, `applied-${n}.pptx`);
    await applyDecisions({ input, output, apply: { schema: 'altdeck-apply/1', items }, durable: false });
    const r = spawnSync(soffice!, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'pptx', '--outdir', join(dir, 'lo'), output], { encoding: 'utf8', timeout: 180_000 });
    const saved = join(dir, 'lo', basename(output));
    assert.ok(r.status === 0 && existsSync(saved), `${basename(input)}: LibreOffice could not open the output: ${r.stderr}`);
    for (const [k, it] of audit.items.entries()) {
      if (k % 2 || it.kind !== 'picture') continue;
      const slide = `ppt/slides/slide${it.slide}.xml`;
      const back = descrByName(await partText(saved, slide)).get(it.shapeName);
      if (back === undefined) continue; // a repeated or empty name: cannot be matched
      assert.equal(back, `Reviewed ${k}: heart & "lungs"\n<second line>`, `${basename(input)} ${it.shapeName}`);
      checked++;
    }
  }
  assert.ok(checked >= 1, 'at least one picture read back');
  t.diagnostic(`${checked} pictures read back by LibreOffice`);
});
