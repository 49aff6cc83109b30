/**
 * A small picture on most slides (a logo) that the deck names gets "<Name> logo" through the
 * `logo.named` frame, in the deck's language; one the deck does not name stays a decorative
 * proposal; a more specific text (a caption, the model) is not replaced.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settle, type Pending } from '../../src/processor/decide';
import { LOGO_REASON } from '../../src/processor/judge/decorative';
import { namedLogo } from '../../src/processor/judge/logo';
import type { Candidate } from '../../src/processor/find-alt';
import type { Lang } from '../../src/processor/lang';
import type { AltItem } from '../../src/shared/types';
import { parseXml } from '../../src/processor/xml/tree';

function pending(obj: { descr?: string | null; title?: string | null; shapeName?: string }, cand: Candidate | null, lang: Lang = 'en', deco: string | null = LOGO_REASON): Pending {
  const item = { slide: 1, part: 'ppt/slides/slide1.xml', shapeId: '4', shapeName: obj.shapeName ?? 'Picture 4', kind: 'picture', oldAlt: obj.descr ?? null, oldAltVerdict: 'missing', newAlt: null, source: 'none', status: 'unresolved', needsReview: false, reviewReasons: [], decorative: false } as unknown as AltItem;
  // a real cNvPr, so the "already in the deck" comparison sees what the deck holds
  const descrAttr = obj.descr ? ` descr="${obj.descr}"` : '';
  const cNvPr = parseXml(`<p:cNvPr xmlns:p="p" id="4" name="Picture 4"${descrAttr}/>`);
  const w = { obj: { cNvPr, aliases: [], descr: obj.descr ?? null, title: obj.title ?? null, shapeName: obj.shapeName ?? 'Picture 4', kind: 'picture' } } as unknown as Pending['w'];
  return { w, item, judged: { verdict: obj.descr ? 'junk' : 'missing' } as Pending['judged'], lang, deco, final: false, cand, edit: null, warnings: [] };
}
const opts = { policy: 'preserve' as const, writePlaceholders: false, markDecorative: false };
const fileNameCand = (text: string): Candidate => ({ text, source: 'file-name', reasons: ['words from the picture’s original file name: check they say what it shows'], warnings: [] });

test('namedLogo: file-name words with "logo", or an alt-text title; nothing for machine names or a title that is a file name', () => {
  assert.deepEqual(namedLogo({ descr: 'acme-health-logo.png', title: null, shapeName: 'Picture 3' }, 'en'), { text: 'Acme health logo', from: 'file-name' });
  assert.deepEqual(namedLogo({ descr: 'Logo_Universität_Wien.png', title: null, shapeName: 'Picture 3' }, 'de'), { text: 'Logo von Universität Wien', from: 'file-name' });
  assert.deepEqual(namedLogo({ descr: null, title: 'Acme Health', shapeName: 'Picture 3' }, 'en'), { text: 'Acme Health logo', from: 'title' });
  assert.equal(namedLogo({ descr: 'image1.png', title: null, shapeName: 'Picture 3' }, 'en'), null);
  assert.equal(namedLogo({ descr: 'heart.png', title: null, shapeName: 'Picture 3' }, 'en'), null, 'words without "logo" do not name a logo');
  assert.equal(namedLogo({ descr: null, title: 'IMG_1234.JPG', shapeName: 'Picture 3' }, 'en'), null);
  assert.equal(namedLogo({ descr: 'logo.png', title: null, shapeName: 'Picture 3' }, 'en'), null, '"logo" alone names nobody');
});

test('a repeated logo named by its file name: "<Name> logo" through the frame, in the deck’s language, evidence for review', () => {
  const p = pending({ descr: 'Logo_Universität_Wien.png' }, fileNameCand('Logo Universität Wien'), 'de');
  settle(p, opts);
  assert.equal(p.item.newAlt, 'Logo von Universität Wien');
  assert.equal(p.item.source, 'repeated');
  assert.equal(p.item.trust, 'evidence');
  assert.equal(p.item.status, 'written');
  assert.ok(p.item.needsReview);
  assert.ok(p.item.reviewReasons.some((r) => r.startsWith('may be decorative')), 'still offered as decorative in review');
});

test('a repeated logo named by its alt-text title gets "<Title> logo"; without a name it stays a decorative proposal', () => {
  const titled = pending({ title: 'Acme Health' }, { text: 'Acme Health', source: 'person', reasons: [], warnings: [] });
  settle(titled, opts);
  assert.equal(titled.item.newAlt, 'Acme Health logo');
  assert.equal(titled.item.source, 'repeated');

  const unnamed = pending({ descr: 'image1.png' }, null);
  settle(unnamed, opts);
  assert.equal(unnamed.item.status, 'decorative-candidate');
  assert.equal(unnamed.item.newAlt, null);
});

test('a caption or a model description of a repeated picture is kept; a picture that is not a logo is not renamed', () => {
  const captioned = pending({ descr: 'acme-logo.png' }, { text: 'Figure 1: Acme Health, founded 1901', source: 'caption', reasons: [], warnings: [] });
  settle(captioned, opts);
  assert.equal(captioned.item.newAlt, 'Figure 1: Acme Health, founded 1901');
  const notLogo = pending({ descr: 'acme-logo.png' }, fileNameCand('Acme logo'), 'de', null);
  settle(notLogo, opts);
  assert.equal(notLogo.item.newAlt, 'Acme logo', 'only the repeated-logo case is framed');
  assert.equal(notLogo.item.source, 'file-name');
});
