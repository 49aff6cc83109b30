import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { toHtml, escapeHtml } from '../../src/core/report';
import { sampleInput, item, job, result, batch, REAL_ALT } from './fixtures';

const SCRIPT_ALT = '<script>alert("x")</script><img src=x onerror=alert(1)>';

function render(extra: Parameters<typeof toHtml>[1] = {}) {
  const input = sampleInput();
  input.jobs.push(
    job(9, {
      relPath: 'xss/<b>deck</b>.pptx',
      result: result([item({ oldAlt: SCRIPT_ALT, oldAltVerdict: 'junk', newAlt: `Diagram "A" & 'B'`, reviewReasons: ['<i>check</i>'] })]),
    }),
  );
  return toHtml(input, extra);
}

test('one inline script allowed by its hash, no external URL of any kind, and a CSP that forbids the rest', () => {
  const html = render();
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  assert.equal(scripts.length, 1, 'one script element: the search, filter and sort');
  assert.equal(scripts[0][1], '', 'inline, no src');
  assert.equal((html.match(/<script/gi) ?? []).length, 1, 'the ALT text under review never becomes a script');
  // Inside tags only: escaped ALT text may legitimately read "onerror=".
  for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) assert.ok(!/\son[a-z]+\s*=/i.test(tag), tag);
  assert.ok(!/<(link|iframe|object|embed|base|form)\b/i.test(html));
  // Every URL-carrying attribute points inside the page or at inline data.
  for (const m of html.matchAll(/\s(?:src|href|action|srcset|poster)\s*=\s*"([^"]*)"/gi)) {
    assert.match(m[1], /^(#|data:image\/(png|jpeg|gif);base64,)/, m[0]);
  }
  assert.ok(!/url\(/i.test(html), 'no CSS url()');
  assert.ok(!/@import/i.test(html));
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /img-src data:/);
  assert.match(csp, /style-src 'sha256-[A-Za-z0-9+/=]+'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  // The CSP names exactly the script and the style the page ships.
  const sha = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
  assert.match(csp, new RegExp(`script-src ${sha(scripts[0][2]).replace(/[+/]/g, '\\$&')};`));
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
  assert.ok(csp.includes(`style-src ${sha(style)};`));
});

test('ALT text and paths are escaped, never interpreted', () => {
  const html = render();
  assert.ok(html.includes(escapeHtml(SCRIPT_ALT)));
  assert.ok(!html.includes('<img src=x'));
  assert.ok(html.includes('Diagram &quot;A&quot; &amp; &#39;B&#39;'));
  assert.ok(html.includes('xss/&lt;b&gt;deck&lt;/b&gt;.pptx'));
  assert.ok(html.includes('&lt;i&gt;check&lt;/i&gt;'));
  // Real auto-caption keeps its line break (shown with pre-wrap) and non-ASCII passes unharmed.
  assert.ok(html.includes('A green and white logo\n\nDescription automatically generated with low confidence'));
  assert.ok(html.includes(REAL_ALT.umlaut));
  assert.ok(html.includes('week1 – Herz.pptx'));
});

test('structure: lang, summary first, captioned tables with scoped headers, visible review marks, error sentences', () => {
  const html = render();
  assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.match(html, /<meta charset="utf-8">/);
  const h1 = html.indexOf('<h1>');
  const summary = html.indexOf('<h2 id="summary">');
  const decks = html.indexOf('<h2 id="decks">');
  assert.ok(h1 > 0 && h1 < summary && summary < decks);
  assert.ok(html.indexOf('<caption>Batch summary</caption>') > summary);
  // Every table has a caption, every header cell a scope.
  const tables = html.match(/<table[^>]*>/g) ?? [];
  assert.equal(tables.length, (html.match(/<caption>/g) ?? []).length);
  assert.ok(tables.length >= 3);
  for (const th of html.match(/<th\b[^>]*>/g) ?? []) assert.match(th, /scope="(col|row)"/);
  // The review mark is text, not colour alone.
  assert.equal((html.match(/Needs review<\/span>/g) ?? []).length, 3);
  // Failed/skipped/rejected decks show the user sentence.
  assert.match(html, /<code>PROCESSOR_TIMEOUT<\/code>: Processing took longer than the time limit/);
  assert.match(html, /<code>SIGNED_DECK<\/code>: The deck is digitally signed/);
  assert.match(html, /<code>LEGACY_PPT<\/code>/);
  // The score in three numbers, PowerPoint's words for the missing ones. 5 images: before only
  // Kühlschrank is done; after, the 2 written texts and AltDeck's decorative flag are drafts
  // awaiting review (never "80% accessible"), one image still needs a person.
  assert.match(html, /Done \(written or approved by a person\)<\/th><td class="num">1<\/td><td class="num">1</);
  assert.match(html, /Draft \(awaiting review\)<\/th><td class="num">0<\/td><td class="num">3</);
  assert.match(html, /Missing alternative text<\/th><td class="num">4<\/td><td class="num">1</);
  assert.doesNotMatch(html, /accessible (before|after)/i);
  assert.match(html, /After: 1 done, 2 draft \(awaiting review\), 1 missing alternative text\./);
  // Needs-attention list links to the deck headings.
  for (const m of html.matchAll(/href="#(deck-\d+)"/g)) assert.ok(html.includes(`id="${m[1]}"`));
  assert.match(html, /No images in this deck\./);
});

test('thumbnails: data URLs become images with empty alt, placeholders become text, foreign URLs are refused', () => {
  const png = 'data:image/png;base64,iVBORw0KGgo=';
  const thumbs = new Map([
    ['1:ppt/media/image1.png', { dataUrl: png }],
    ['1:ppt/media/image3.emf', { placeholder: 'EMF drawing: no preview in the report.' }],
    ['1:ppt/media/image2.jpeg', { dataUrl: 'https://example.invalid/tracker.png' }],
  ]);
  const html = render({ thumbnails: thumbs });
  assert.ok(html.includes(`<img src="${png}" alt="">`));
  assert.ok(html.includes('EMF drawing: no preview in the report.'));
  assert.ok(!html.includes('example.invalid'));
});

test('an empty batch still renders a valid page', () => {
  const html = toHtml({ batch: batch(), jobs: [], generatedAt: 0, appVersion: 't' });
  assert.match(html, /Nothing needs attention/);
  assert.match(html, /Missing alternative text<\/th><td class="num">—<\/td><td class="num">—/);
});

test('a picture repeated in a deck (a logo on every slide) is inlined once; repeats link to it', () => {
  const png = 'data:image/png;base64,iVBORw0KGgo=';
  const logo = 'ppt/media/image2.png';
  const items = [1, 2, 3].map((slide) => item({ slide, shapeId: String(slide + 1), mediaPart: logo }));
  items.push(item({ slide: 4, mediaPart: 'ppt/media/image9.png' }));
  const html = toHtml(
    { batch: batch(), jobs: [job(1, { result: result(items) })], generatedAt: 0, appVersion: 't' },
    { thumbnails: new Map([[`1:${logo}`, { dataUrl: png }], ['1:ppt/media/image9.png', { dataUrl: png }]]) },
  );
  assert.equal(html.split(png).length - 1, 2, 'logo once, the other picture once');
  const repeats = [...html.matchAll(/Same picture as <a href="#([\w-]+)">Slide 1 \(Picture 3\)<\/a>/g)];
  assert.equal(repeats.length, 2);
  assert.ok(html.includes(`<tr id="${repeats[0][1]}">`));
});
