/**
 * The ALT-text judge on real `descr` values found in the shared corpus
 * (copied here verbatim, decoded), plus the rules every written ALT must pass.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyAlt } from '../../src/processor/judge/classify';
import { finaliseAlt, MAX_ALT } from '../../src/processor/judge/alt-rules';

const JUNK_FROM_CORPUS = [
  'grid.png',
  'Tiger.bmp',
  'untitled.GIF',
  'WD Diageo Talent Card pg 2.JPG',
  'télécharger (5).jpg',
  'mine_südafrika.jpg',
  'fig:\n\nlalune.jpg',
  'File:Hua Yi Secondary School Chemistry Laboratory.JPG',
  'C:\\Documents and Settings\\elowerbasch\\Local Settings\\Temporary Internet Files\\Content.IE5\\BP25L8QL\\MC900363478[1].wmf',
  'C:\\PowerLexis\\IBS presentation panel\\Resources\\for_gallery\\Логотипы IBS\\8_luxoft.gif',
  '\\\\powerpoint1\\projects\\Filters97\\JPG\\Rubber-necking.jpg',
  '/Users/writ/Documents/workspace/ApachePoi/project-logo.jpg',
  'http://www.ode.state.oh.us/gd/templates/images/ODE/ode_logo.gif',
  'https://www.mesrs.dz/documents/302421/302644/puce2.gif/6e176708-d87a-40ce-912c-eb426ae2dbf5?t=1371552543334',
  'image001',
  'MPj04002870000[1]',
  'KKA_Logo4c',
  'daily_usage_200709',
  'gg-09',
  '!_Of2K1',
  'map01',
  'elektroschrott2',
  'ed-bild-2-4',
  'dpm9600-package',
  'PowerPointFront',
  '7',
  "Résultat de recherche d'images pour \"clipart ingénieur\"",
];

const AUTO_CAPTIONS_FROM_CORPUS = [
  'A cat with its paws on a couch\n\nDescription automatically generated',
  'A green and white logo\n\nDescription automatically generated with low confidence',
  'A close up of a logo\n\nDescription generated with very high confidence',
  'A picture containing bottle, indoor\n\nDescription generated with high confidence',
  'A cartoon duck holding a paper\n\nAI-generated content may be incorrect.',
  'Изображение выглядит как рисунок, знак\n\nАвтоматически созданное описание',
];

const PERSON_FROM_CORPUS = [
  'Animation tab showing zoom option',
  'Small circle with number 1 inside  indicating step 1',
  'Video showing an example of the Morph feature which can be played or paused using the short-key Alt+P',
  'Бумажный пакет',
  'Kühlschrank',
  'Ўн2, два2, ahorse2',
  'The first page of the AutoGen ArXiv paper.  44bf7d06-5e7a-4a40-a2e1-a2e42ef28c8a',
  'Robot',
  'Number 1',
  'PowerPoint logo',
  'Down:  Do Programmers Refactor Often?',
  // short scientific tokens are not file names
  'CO2',
  'H2O',
  'HbA1c',
  'COVID-19',
  'IL-6',
];

test('file names, paths, URLs and tool names from the corpus are junk', () => {
  for (const v of JUNK_FROM_CORPUS) assert.equal(classifyAlt(v).verdict, 'junk', v);
});

test('Office automatic captions are junk, in English and Russian', () => {
  for (const v of AUTO_CAPTIONS_FROM_CORPUS) {
    const j = classifyAlt(v);
    assert.equal(j.verdict, 'junk', v);
    assert.equal(j.reason, 'automatic caption', v);
  }
  assert.equal(classifyAlt('Ein Bild, das Text enthält.\n\nAutomatisch generierte Beschreibung').verdict, 'junk');
  assert.equal(classifyAlt('Une image contenant texte\n\nDescription générée automatiquement').verdict, 'junk');
});

test('a person’s words are kept, including non-ASCII ones', () => {
  for (const v of PERSON_FROM_CORPUS) assert.equal(classifyAlt(v).verdict, 'person', v);
});

test('missing: absent, empty or blank', () => {
  assert.equal(classifyAlt(null).verdict, 'missing');
  assert.equal(classifyAlt('').verdict, 'missing');
  assert.equal(classifyAlt(' \n\t').verdict, 'missing');
});

test('generic names in several languages are junk', () => {
  for (const v of ['Picture 3', 'image', 'Grafik 12', 'Рисунок 5', 'Imagen 2', 'Content Placeholder 4', 'IMG_2041', 'DSC01234', 'Screenshot', '图片 1'])
    assert.equal(classifyAlt(v).verdict, 'junk', v);
});

test('"image of …" is junk but the author’s words are salvaged', () => {
  const j = classifyAlt('Image of a heart with the four chambers labelled');
  assert.equal(j.verdict, 'junk');
  assert.equal(j.salvage, 'A heart with the four chambers labelled');
  assert.equal(classifyAlt('picture of grid.png').salvage, undefined);
});

test('written ALT: no "image of" opening, file names removed, ≤ 150 characters, never the bare title', () => {
  assert.equal(finaliseAlt('Image of a mitral valve in systole', null)?.text, 'A mitral valve in systole');
  assert.equal(finaliseAlt('Scan heart.png of the left ventricle', null)?.text, 'Scan of the left ventricle');
  const long = 'A cross-section of the heart showing the left and right atria and ventricles. '.repeat(4);
  const f = finaliseAlt(long, null)!;
  assert.ok(f.text.length <= MAX_ALT, `${f.text.length}`);
  assert.equal(f.full, long.trim());
  assert.match(f.warnings[0], /shortened/);
  assert.equal(finaliseAlt('Cardiac cycle', 'Cardiac Cycle'), null);
  assert.equal(finaliseAlt('Picture 4', null), null);
  assert.equal(finaliseAlt('grid.png', null), null);
});
