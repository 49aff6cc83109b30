/**
 * The checker framework on real decks (skipped without ../shared/corpus): every finding is
 * well formed (a known rule, a sentence, a slide in range, `written` only where the output
 * changed), every changed part is well-formed XML, a second run over the output proposes no
 * title again; and LibreOffice opens the outputs with titles, properties and languages
 * written (skipped without soffice).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CORPUS_DIR, corpusAvailable, corpusSkip } from '../../helpers/corpus';
import { tempDir } from '../../helpers/tmp';
import { processDeck } from '../../../src/processor/process-deck';
import { CHECK_RULES, CHECK_OUTCOMES } from '../../../src/shared/checker';
import { readEntry, xmlError } from '../zip-inspect';
import { soffice as testSoffice, sofficeSkip } from '../../helpers/libreoffice';

// decks with slides without titles, duplicate titles, sections, tables, non-English text
const SAMPLE = ['shapecrawler__022.pptx', 'poi__tika-2605.pptx', 'aspose__Funnel.pptx', 'poi__ececapstonespring2012.pptx', 'python-pptx__test.pptx', 'libreoffice__tdf124754.pptx'];

function sample(): string[] {
  const present = readdirSync(CORPUS_DIR).filter((f) => /\.pptx$/i.test(f)).sort();
  const chosen = SAMPLE.filter((f) => present.includes(f));
  // and every 20th deck of the corpus, so the test sees decks nobody picked
  for (let i = 0; i < present.length; i += 20) if (!chosen.includes(present[i])) chosen.push(present[i]);
  return chosen;
}

test('corpus decks: findings are well formed, fixes well-formed XML, a second run proposes no title again', { skip: corpusSkip, timeout: 600_000 }, async (t) => {
  const dir = tempDir(t);
  let findings = 0;
  let titled = 0;
  for (const f of sample()) {
    const input = join(CORPUS_DIR, f);
    const output = join(dir, `out-${f}`);
    let r;
    try {
      r = await processDeck({ input, output, durable: false });
    } catch {
      continue; // a deck the processor refuses (damaged, encrypted) is the pipeline's business
    }
    if (!r.wroteOutput) continue;
    const changed = new Set((r.changedParts as string[] | undefined) ?? []);
    for (const c of r.checks ?? []) {
      findings++;
      assert.ok((CHECK_RULES as readonly string[]).includes(c.rule), `${f}: ${c.rule}`);
      assert.ok((CHECK_OUTCOMES as readonly string[]).includes(c.outcome), `${f}: ${c.outcome}`);
      assert.ok(c.message.length > 10, `${f}: a sentence`);
      if (c.slide !== null) assert.ok(c.slide >= 1 && c.slide <= r.slides, `${f}: slide ${c.slide}`);
      if (c.written) assert.ok(changed.has(c.part), `${f}: ${c.rule} written into ${c.part}, which did not change`);
      if (c.rule === 'missing-slide-title' && c.written) titled++;
    }
    for (const p of changed) if (p.endsWith('.xml')) assert.equal(xmlError((await readEntry(output, p)).toString('utf8')), null, `${f}: ${p}`);
    const again = await processDeck({ input: output, policy: 'audit' });
    const repeated = (again.checks ?? []).filter((c) => c.rule === 'missing-slide-title' && c.proposal && c.current === null && (r.checks ?? []).some((o) => o.rule === c.rule && o.part === c.part && o.written));
    assert.deepEqual(repeated.map((c) => c.slide), [], `${f}: titles written are titles the second time`);
  }
  assert.ok(findings > 0, 'the corpus sample has findings');
  assert.ok(titled > 0, 'some corpus slides got a proposed title');
});

const soffice = testSoffice;

function pdfPages(deck: string, outDir: string, profile: string): number | null {
  mkdirSync(outDir, { recursive: true });
  const r = spawnSync(soffice!, [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', outDir, deck], { encoding: 'utf8', timeout: 180_000 });
  const pdf = join(outDir, basename(deck).replace(/\.[^.]+$/, '.pdf'));
  if (r.status !== 0 || !existsSync(pdf)) return null;
  return (readFileSync(pdf, 'latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

test('LibreOffice opens the outputs of the checker fixes (titles above the slide, properties, languages), same page count', { skip: sofficeSkip, timeout: 900_000 }, async (t) => {
  const dir = tempDir(t);
  const profile = join(dir, 'lo-profile');
  const { makeDeckBuffer } = await import('../../helpers/make-deck');
  const { writeFileSync } = await import('node:fs');
  const generated = join(dir, 'in-generated.pptx');
  writeFileSync(generated, await makeDeckBuffer({ slides: 3, title: (s) => (s === 3 ? 'Lecture slide 2' : `Lecture slide ${s}`) }));
  const decks = [generated];
  if (corpusAvailable) {
    for (const f of SAMPLE.slice(0, 3)) if (existsSync(join(CORPUS_DIR, f))) {
      const copy = join(dir, `in-${f}`);
      copyFileSync(join(CORPUS_DIR, f), copy);
      decks.push(copy);
    }
  }
  let compared = 0;
  for (const input of decks) {
    const output = join(dir, `out-${basename(input).replace(/^in-/, '')}`);
    const r = await processDeck({ input, output, durable: false });
    if (!r.wroteOutput || !(r.checks ?? []).some((c) => c.written)) continue;
    const before = pdfPages(input, join(dir, 'pdf-in'), profile);
    if (before === null) continue;
    const after = pdfPages(output, join(dir, 'pdf-out'), profile);
    assert.equal(after, before, `${basename(output)}: LibreOffice opens the output with as many pages`);
    compared++;
  }
  assert.ok(compared >= 1, 'at least the generated deck was compared');
});

test('a layout’s placeholder prompt ("Click to edit Master title style") is never proposed as a slide title', { skip: corpusSkip }, async (t) => {
  const f = 'poi__51187.pptx';
  if (!existsSync(join(CORPUS_DIR, f))) return t.skip(`${f} not in the corpus`);
  const r = await processDeck({ input: join(CORPUS_DIR, f), output: join(tempDir(t), 'out.pptx'), durable: false });
  const titles = (r.checks ?? []).filter((c) => c.rule === 'missing-slide-title');
  assert.ok(titles.length > 0, 'the deck’s slide has no title');
  for (const c of titles) assert.doesNotMatch(c.proposal ?? '', /click to|master title/i);
});
