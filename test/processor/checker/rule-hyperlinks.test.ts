/**
 * Unclear hyperlink text: generated links in several languages (web, slide, email targets),
 * the proposal written through the edit path when approved, and the corpus's links.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PptxGenJS from 'pptxgenjs';
import { tempDir } from '../../helpers/tmp';
import { CORPUS_DIR, corpusAvailable, corpusSkip } from '../../helpers/corpus';
import { slideTitle } from '../../../src/processor/sources/context';
import { checkHyperlinks, isRawUrl, isUnclearPhrase, linkTextSplices, textLinks, type SlideIndex } from '../../../src/processor/checker/rule-hyperlinks';
import { UNCLEAR_LINK_TEXT } from '../../../src/processor/lang/link-phrases';
import { LANGS } from '../../../src/processor/lang/languages';
import { loadDeck, writeWithSplices, type LoadedDeck } from './load-deck';

function indexOf(deck: LoadedDeck): SlideIndex {
  return {
    titleOf: (part) => {
      const s = deck.slides.find((x) => x.part === part);
      return s ? slideTitle(s.texts) : null;
    },
    numberOf: (part) => deck.slides.find((x) => x.part === part)?.number ?? null,
  };
}

async function linkDeck(path: string): Promise<string> {
  const pptx = new PptxGenJS();
  const s1 = pptx.addSlide();
  s1.addText('Reading list', { x: 0.5, y: 0.3, w: 9, h: 0.8 });
  s1.addText(
    [
      { text: 'Flu season: ' },
      { text: 'click here', options: { hyperlink: { url: 'https://www.cdc.gov/flu/season/index.html' } } },
      { text: '. Guidelines at ', options: { breakLine: false } },
      { text: 'https://www.nih.gov/health-information', options: { hyperlink: { url: 'https://www.nih.gov/health-information' } } },
      { text: '. ' },
      { text: 'CDC flu guidance', options: { hyperlink: { url: 'https://www.cdc.gov/flu' } } },
    ],
    { x: 0.5, y: 1.5, w: 9, h: 1 },
  );
  s1.addText([{ text: 'Hier klicken', options: { hyperlink: { url: 'https://www.charite.de/lehre' } } }], { x: 0.5, y: 3, w: 4, h: 0.5 });
  s1.addText([{ text: 'подробнее', options: { hyperlink: { url: 'https://www.who.int/ru' } } }], { x: 0.5, y: 3.6, w: 4, h: 0.5 });
  s1.addText([{ text: '詳しくはこちら', options: { hyperlink: { url: 'https://www.mhlw.go.jp/' } } }], { x: 0.5, y: 4.2, w: 4, h: 0.5 });
  s1.addText([{ text: 'here', options: { hyperlink: { slide: 2 } } }], { x: 0.5, y: 4.8, w: 4, h: 0.5 });
  s1.addText([{ text: 'more', options: { hyperlink: { url: 'mailto:course.office@med.example.edu' } } }], { x: 5, y: 4.8, w: 4, h: 0.5 });
  const s2 = pptx.addSlide();
  s2.addText('Renal physiology', { x: 0.5, y: 0.3, w: 9, h: 0.8, placeholder: undefined });
  writeFileSync(path, (await pptx.write({ outputType: 'nodebuffer' })) as Buffer);
  return path;
}

test('phrases: every language has its list; matching ignores case, punctuation and arrows', () => {
  for (const l of LANGS) assert.ok(UNCLEAR_LINK_TEXT[l].length >= 5, l);
  for (const t of ['Click here!', '» mehr', 'Read more…', '(here)', 'ICI', 'Más información', 'ここをクリック', 'לחץ כאן', 'انقر هنا']) assert.ok(isUnclearPhrase(t), t);
  for (const t of ['CDC flu guidance', 'here is the schedule', 'More on renal clearance', 'Moreno 2019']) assert.ok(!isUnclearPhrase(t), t);
  for (const t of ['https://www.cdc.gov/flu', 'www.cdc.gov', 'cdc.gov/flu/index.html']) assert.ok(isRawUrl(t), t);
  for (const t of ['cdc.gov', 'CDC flu guidance', 'see https://x.org']) assert.ok(!isRawUrl(t), t);
});

test('generated links: unclear texts get a proposal from their target; clear ones pass; an approved proposal is written', async (t) => {
  const dir = tempDir(t);
  const input = await linkDeck(join(dir, 'links.pptx'));
  const deck = await loadDeck(input);
  try {
    const s1 = { ...deck.slides[0], lang: 'en' as const };
    const found = checkHyperlinks(s1, indexOf(deck));
    const byText = new Map(found.map((f) => [f.finding.current, f.finding]));
    assert.deepEqual([...byText.keys()].sort(), ['click here', 'here', 'https://www.nih.gov/health-information', 'more', 'Hier klicken', 'подробнее', '詳しくはこちら'].sort());
    assert.equal(byText.get('click here')!.proposal, 'cdc.gov');
    assert.equal(byText.get('https://www.nih.gov/health-information')!.proposal, 'nih.gov');
    assert.match(byText.get('https://www.nih.gov/health-information')!.message, /web address/);
    assert.equal(byText.get('Hier klicken')!.proposal, 'charite.de');
    assert.equal(byText.get('подробнее')!.proposal, 'who.int');
    assert.equal(byText.get('here')!.proposal, 'Renal physiology');
    assert.equal(byText.get('more')!.proposal, 'course.office@med.example.edu');
    for (const f of found) {
      assert.equal(f.finding.outcome, 'proposed');
      assert.equal(f.finding.rule, 'unclear-hyperlink');
      assert.match(f.finding.target, /^\d+:link\d+$/);
    }
    assert.equal(new Set(found.map((f) => f.finding.target)).size, found.length, 'targets are unique on a slide');

    // approving "click here" → "cdc.gov" edits that link's text only
    const click = found.find((f) => f.finding.current === 'click here')!;
    const output = join(dir, 'out.pptx');
    await writeWithSplices(deck, output, linkTextSplices(s1.xml, click.link, click.finding.proposal!).map((splice) => ({ part: s1.part, splice })));
    const out = await loadDeck(output);
    try {
      const texts = textLinks(out.slides[0].xml, out.slides[0].root).map((l) => l.text);
      assert.ok(texts.includes('cdc.gov'));
      assert.ok(!texts.includes('click here'));
      assert.ok(texts.includes('CDC flu guidance'));
      const again = checkHyperlinks({ ...out.slides[0], lang: 'en' }, indexOf(out));
      assert.equal(again.length, found.length - 1);
    } finally {
      out.close();
    }
  } finally {
    deck.close();
  }
});

test('corpus links: unclear texts found, every finding names its link', { skip: corpusSkip }, async () => {
  if (!corpusAvailable) return;
  let links = 0;
  const findings: string[] = [];
  for (const f of readdirSync(CORPUS_DIR).filter((n) => n.endsWith('.pptx'))) {
    let deck: LoadedDeck;
    try {
      deck = await loadDeck(join(CORPUS_DIR, f));
    } catch {
      continue;
    }
    try {
      for (const s of deck.slides) {
        links += textLinks(s.xml, s.root).length;
        for (const x of checkHyperlinks({ ...s, lang: 'en' }, indexOf(deck))) {
          assert.ok(x.finding.current && x.link.runs.length > 0);
          findings.push(`${f}#${s.number}: ${x.finding.current} → ${x.finding.proposal}`);
        }
      }
    } finally {
      deck.close();
    }
  }
  assert.ok(links >= 50, `${links} links`);
  assert.ok(findings.length >= 5, findings.join('\n'));
  // three addresses on one site, one slide: each proposal names its page
  assert.ok(findings.includes('poi__alterman_security.pptx#22: www.cio.gov/fpkipa → cio.gov: fpkipa'), findings.join('\n'));
  assert.ok(findings.includes('poi__alterman_security.pptx#22: http://csrc.nist.gov → csrc.nist.gov'));
  console.log(`corpus: ${links} text links, ${findings.length} unclear\n${findings.slice(0, 15).join('\n')}`);
});
