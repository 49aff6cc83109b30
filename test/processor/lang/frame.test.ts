import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FRAMES, frame, formatList, LANGS, isRtl, type FrameKey } from '../../../src/processor/lang';

const keys = Object.keys(FRAMES.en) as FrameKey[];
/** Slots that hold the author's words (titles, captions, names, categories); the others hold ours (counts, nouns, types). */
const AUTHOR_SLOTS = ['title', 'caption', 'text', 'name', 'site', 'address', 'series', 'category', 'parent', 'item', 'header', 'alt', 'at', 'a', 'b', 'names', 'items', 'children', 'sub', 'list', 'cells', 'long', 'values'];
const slots = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const texts = (v: unknown): string[] => (typeof v === 'string' ? [v] : Object.values(v as Record<string, string>));

test('every language gives every frame, with the same slots as English', () => {
  for (const lang of LANGS) {
    for (const key of keys) {
      const v = FRAMES[lang][key];
      assert.ok(v, `${lang} ${key}`);
      const want = slots(texts(FRAMES.en[key])[0]);
      for (const t of texts(v)) assert.deepEqual(slots(t), want, `${lang} ${key}: ${t}`);
    }
  }
});

test('no language other than English reuses an English sentence', () => {
  for (const lang of LANGS.filter((l) => l !== 'en')) {
    for (const key of keys) {
      const en = texts(FRAMES.en[key]).join('|');
      const t = texts(FRAMES[lang][key]).join('|');
      // single words such as "Video" and "Logo" are the same in several languages
      if ((en.replace(/\{\w+\}/g, '').match(/\p{L}+/gu) ?? []).length >= 2) assert.notEqual(t, en, `${lang} ${key} is English`);
    }
  }
});

test('values go in unchanged, numbers in the language’s own digits and separators', () => {
  const title = 'Zellbiologie: “Mitose” & <Meiose>';
  assert.equal(frame('de', 'link.slide', { title }), `Link zur Folie „${title}“`);
  assert.equal(frame('fr', 'link.slideNumber', { n: 12 }), 'Lien vers la diapositive 12');
  assert.equal(frame('zh', 'link.slideNumber', { n: 3 }), '指向第 3 张幻灯片的链接');
  assert.equal(frame('en', 'link.site', { site: 'who.int' }), 'Link to who.int');
  assert.equal(formatList('de', ['A', 'B', 'C']), 'A, B und C');
  assert.equal(formatList('ja', ['A', 'B', 'C']), 'A、B、C');
});

test('an unknown language falls back to English; a missing value is a bug', () => {
  assert.equal(frame('tr', 'nav.next'), 'Next slide');
  assert.throws(() => frame('en', 'link.slide', {}), /needs a value for \{title\}/);
});

test('right-to-left frames keep the author’s text intact and never glue punctuation after it', () => {
  const hebrewTitle = 'מבוא לאנטומיה';
  const latinTitle = 'Cell biology 101';
  for (const lang of LANGS.filter(isRtl)) {
    for (const key of keys) {
      for (const t of texts(FRAMES[lang][key])) {
        // the author's words end at the frame's end, a space, a bracket or a quote: never glued to "." "," ";" ":"
        for (const slot of AUTHOR_SLOTS) assert.doesNotMatch(t, new RegExp(`\\{${slot}\\}[.,;:!?،؛]`, 'u'), `${lang} ${key}: ${t}`);
        // curly quotes do not mirror: in a right-to-left line they would face the wrong way
        assert.doesNotMatch(t, /[“”„‘’]/u, `${lang} ${key}: ${t}`);
      }
    }
    for (const title of [hebrewTitle, latinTitle]) assert.ok(frame(lang, 'link.slide', { title }).includes(title));
  }
});

test('no frame in any language ends with punctuation glued to a value', () => {
  for (const lang of LANGS) {
    for (const key of keys) {
      for (const t of texts(FRAMES[lang][key])) assert.doesNotMatch(t, /\}[.,;!?]$/u, `${lang} ${key}: ${t}`);
    }
  }
});
