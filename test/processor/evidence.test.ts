/**
 * The evidence sources (issue 9 §2) on values found in the shared corpus: file
 * names, Office auto-captions, link targets, text beside a picture, short junk,
 * and AltDeck's own earlier output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileNameWords } from '../../src/processor/sources/file-name';
import { isNavigation, linkAlt, siteOf } from '../../src/processor/sources/link';
import { notACaption } from '../../src/processor/sources/context';
import { classifyAlt } from '../../src/processor/judge/classify';
import { ownOutputKind } from '../../src/processor/judge/own-output';
import { frame } from '../../src/processor/lang';
import type { Relationship } from '../../src/processor/deck/opc';

test('file names with words are evidence; machine and camera names are not (corpus values)', () => {
  const words: Array<[string, string]> = [
    ['File:Hua Yi Secondary School Chemistry Laboratory.JPG', 'Hua Yi Secondary School Chemistry Laboratory'],
    ['alfresco-logo.png', 'Alfresco logo'],
    ['http://www.ode.state.oh.us/gd/templates/images/ODE/ohio_logo.gif', 'Ohio logo'],
    ['http://www.wwf.de/uploads/pics/oesterreichisches_Umweltzeichen_01.jpg', 'Oesterreichisches Umweltzeichen'],
    ['WD Diageo Talent Card pg 2.JPG', 'WD Diageo Talent Card'],
    ['ContosoLogo.jpg', 'Contoso Logo'],
    ['/Users/writ/Documents/workspace/ApachePoi/project-logo.jpg', 'Project logo'],
  ];
  for (const [raw, want] of words) assert.equal(fileNameWords(raw), want, raw);
  for (const raw of ['image1.png', 'temp_pptx3_1.png', 'IMG_1234.JPG', 'DSC01234.jpg', 'th (49).jpg', 'télécharger (5).jpg', 'preencoded.png', 'MC900363478[1].wmf', 'untitled2.bmp', 'placeholder.png', 'Picture 3', 'E:\\Point of View Sculpture\\f0391100 corrected.jpg'])
    assert.equal(fileNameWords(raw), null, raw);
});

test('Office auto-captions keep their description in every language Office writes; short junk and our own output are not a person’s', () => {
  assert.equal(classifyAlt('A close up of a logo\n\nDescription generated with very high confidence').autoCaption, 'A close up of a logo');
  assert.equal(classifyAlt('Ein Foto von Herz\n\nAutomatisch generierte Beschreibung').autoCaption, 'Ein Foto von Herz');
  assert.equal(classifyAlt('Un gato en un sofá\n\nDescripción generada automáticamente').autoCaption, 'Un gato en un sofá');
  assert.equal(classifyAlt('猫の写真\n\n自動的に生成された説明').autoCaption, '猫の写真');
  for (const junk of ['BM', 'banner', 'tco', 'An image', 'R', '→', '•', 'N/A', 'alt text']) assert.equal(classifyAlt(junk).verdict, 'junk', junk);
  for (const person of ['CO2', 'Robot', 'Kühlschrank', '心臓', 'Curved arrow']) assert.equal(classifyAlt(person).verdict, 'person', person);
  // every frame AltDeck writes, in every language, is recognised as its own
  for (const lang of ['en', 'de', 'fr', 'ar', 'ja'] as const) {
    assert.equal(ownOutputKind(frame(lang, 'link.site', { site: 'example.org' })), 'draft', lang);
    assert.equal(ownOutputKind(frame(lang, 'placeholder')), 'filler', lang);
    assert.equal(ownOutputKind(frame(lang, 'context.illustrating', { noun: frame(lang, 'kind.picture'), title: 'Herz' })), 'filler', lang);
  }
  assert.equal(classifyAlt('Picture next to the text “Results”').verdict, 'altdeck');
  assert.equal(ownOutputKind('University logo'), null, 'plain words a person may write are a person’s');
});

test('links: slide jumps name the slide, URLs their site; media play and macros are not links', () => {
  const rels = new Map<string, Relationship>([
    ['rId2', { id: 'rId2', type: 'slide', target: 'slide4.xml', external: false, part: 'ppt/slides/slide4.xml' }],
    ['rId3', { id: 'rId3', type: 'hyperlink', target: 'https://www.nlm.nih.gov/medlineplus/', external: true, part: null }],
    ['rId4', { id: 'rId4', type: 'hyperlink', target: 'mailto:anatomy@example.edu', external: true, part: null }],
    ['rId5', { id: 'rId5', type: 'hyperlink', target: '//upload.wikimedia.org/wikipedia/commons/c/c5/Hua_Yi_Secondary_School_Chemistry_Laboratory.JPG', external: true, part: null }],
  ]);
  const slides = { numberOf: () => 4, titleOf: (p: string) => (p === 'ppt/slides/slide4.xml' ? 'Renal physiology' : null) };
  assert.equal(linkAlt({ rid: 'rId2', action: 'ppaction://hlinksldjump' }, rels, slides, 'en'), 'Link to the slide “Renal physiology”');
  assert.equal(linkAlt({ rid: 'rId3', action: null }, rels, slides, 'en'), 'Link to nlm.nih.gov');
  assert.equal(linkAlt({ rid: 'rId4', action: null }, rels, slides, 'en'), 'Email anatomy@example.edu');
  assert.equal(linkAlt({ rid: 'rId5', action: null }, rels, slides, 'en'), 'Hua Yi Secondary School Chemistry Laboratory', 'a link to the picture’s own file names it');
  assert.equal(linkAlt({ rid: '', action: 'ppaction://hlinkshowjump?jump=nextslide' }, rels, slides, 'en'), 'Next slide');
  assert.equal(isNavigation({ rid: '', action: 'ppaction://media' }), false);
  assert.equal(isNavigation({ rid: '', action: 'ppaction://macro?name=reset' }), false);
  assert.equal(isNavigation({ rid: 'rId3', action: null }), true);
  assert.equal(siteOf('ftp://files.example.org/a'), 'files.example.org');
});

test('text beside a picture that is not a caption', () => {
  for (const t of ['Time (s)', 'mmHg', 'Concentration (mg/L)', 'Photo: J. Smith', '© 2019 Getty Images', 'CC BY-SA 4.0 via Wikimedia', 'https://example.org/image', 'Next', 'Zurück', 'R', '12.5', 'Feb. 1, 15:11', 'Me permet de m’informer sur :'])
    assert.ok(notACaption(t), t);
  for (const t of ['Mitral valve in systole', 'Blauer Engel', 'Österreichisches Umweltzeichen']) assert.equal(notACaption(t), null, t);
});
