/**
 * Issue 9 §3/§4 over the whole shared corpus, default settings, no model: every
 * generated text is in its slide's language (no English frame on a non-English
 * slide), non-English decks are recognised as such, and no chart prints an Excel
 * date serial ("37261.0 to 37265").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR, corpusSkip } from '../helpers/corpus';
import { BadInputError, processDeck } from '../../src/processor/process-deck';
import { FRAMES, LANGS, type Lang } from '../../src/processor/lang';
import type { AltItem } from '../../src/shared/types';

/** The fixed words of every English frame that no other language's table also uses ("Video", "Logo" are shared). */
function englishPieces(lang: Lang): string[] {
  const flat = (v: unknown): string[] => (typeof v === 'string' ? [v] : Object.values(v as Record<string, string>));
  const theirs = Object.values(FRAMES[lang]).flatMap(flat).join('\n');
  const pieces = new Set<string>();
  for (const v of Object.values(FRAMES.en).flatMap(flat)) {
    for (const piece of v.split(/\{\w+\}/)) {
      const p = piece.replace(/^[\s:;,.()“”]+|[\s:;,.()“”]+$/g, '');
      // short pieces ("to", "of") would also be found inside the author's own words
      if (p.length >= 6 && /\p{L}{3}/u.test(p) && !theirs.includes(p)) pieces.add(p);
    }
  }
  return [...pieces];
}
const PIECES = new Map(LANGS.map((l) => [l, englishPieces(l)]));

const generated = (i: AltItem) => i.newAlt && i.source !== 'person' && i.source !== 'none' && i.source !== 'decorative';

test('corpus: generated text is in the slide’s language; charts print no date serials', { skip: corpusSkip, timeout: 240_000 }, async () => {
  const files = readdirSync(CORPUS_DIR).filter((f) => !/\.(md|tsv)$/.test(f)).sort();
  const langs = new Map<string, string>();
  const problems: string[] = [];
  let nonEnglishTexts = 0;
  let charts = 0;
  for (const f of files) {
    let r;
    try {
      r = await processDeck({ input: join(CORPUS_DIR, f), policy: 'audit' });
    } catch (e) {
      if (e instanceof BadInputError) continue;
      throw e;
    }
    if (r.skipped) continue;
    langs.set(f, String(r.language));
    for (const i of r.items.filter(generated)) {
      const lang = (i.lang ?? 'en') as Lang;
      if (lang !== 'en') {
        nonEnglishTexts++;
        for (const p of PIECES.get(lang) ?? []) {
          // the author's own words (a title, a caption) may be English: only frame words count
          const own = [i.oldAlt ?? ''].join(' ');
          if (i.newAlt!.includes(p) && !own.includes(p)) problems.push(`${f} slide ${i.slide} (${lang}): English "${p}" in "${i.newAlt}"`);
        }
      }
      if (i.kind === 'chart') {
        charts++;
        const text = `${i.newAlt}\n${i.longDescription ?? ''}`;
        // an unformatted serial day number: 5 digits from 1955 (20000) to 2064 (60000), or any "NNNNN.0"
        const serial = text.match(/(?<![\d.,$€£])(?:[2-5]\d{4}\.0+|[2-5]\d{4})(?![\d.,%])/g) ?? [];
        if (serial.length) problems.push(`${f} slide ${i.slide}: date serial ${serial[0]} in "${i.newAlt}"`);
        if (i.newAlt!.length > 150) problems.push(`${f} slide ${i.slide}: chart ALT over 150 characters`);
      }
    }
  }
  assert.deepEqual(problems, []);
  // the corpus's non-English decks are recognised (Hebrew, French/Arabic, Russian, German, Chinese)
  assert.equal(langs.get('poi__stress021.pptx'), 'he');
  assert.equal(langs.get('poi__stress022.pptx'), 'fr');
  assert.equal(langs.get('shapecrawler__autoshape-case009.pptx'), 'ru');
  assert.equal(langs.get('poi__at.pzp.www_uploads_media_PP_Scheinecker-jdk6e.pptx') ?? langs.get([...langs.keys()].find((k) => k.startsWith('poi__at.pzp'))!), 'de');
  assert.equal(langs.get('shapecrawler__077 grouped shape.pptx'), 'zh');
  assert.ok(nonEnglishTexts >= 50, `only ${nonEnglishTexts} texts written in other languages`);
  assert.ok(charts >= 40, `${charts} chart texts`);
});
