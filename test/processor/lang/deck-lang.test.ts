/**
 * Generated decks in German and Arabic through the whole processor: the deck's and
 * each slide's language are found, and the chart, table and diagram texts are
 * written in it, with the author's words untouched (right-to-left included).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PptxGenJS from 'pptxgenjs';
import { tempDir } from '../../helpers/tmp';
import { processDeck } from '../../../src/processor/process-deck';

async function deck(path: string, lang: string, words: { title: string; body: string; chartTitle: string; series: string; cats: string[]; head: string[]; rows: string[][] }, rtl = false) {
  const pptx = new PptxGenJS();
  pptx.rtlMode = rtl;
  const s = pptx.addSlide();
  s.addText(words.title, { x: 0.5, y: 0.2, w: 9, h: 0.8, fontSize: 28, lang, placeholder: 'title' } as PptxGenJS.TextPropsOptions);
  s.addText(words.body, { x: 0.5, y: 1.1, w: 9, h: 0.6, fontSize: 14, lang, rtlMode: rtl } as PptxGenJS.TextPropsOptions);
  s.addChart(pptx.ChartType.line, [{ name: words.series, labels: words.cats, values: [120, 410, 150, 175] }], { x: 0.5, y: 1.8, w: 5, h: 3, showTitle: true, title: words.chartTitle, lang });
  const s2 = pptx.addSlide();
  s2.addText(words.title, { x: 0.5, y: 0.2, w: 9, h: 0.8, fontSize: 28, lang, placeholder: 'title' } as PptxGenJS.TextPropsOptions);
  s2.addTable([words.head.map((text) => ({ text, options: { lang } })), ...words.rows.map((r) => r.map((text) => ({ text, options: { lang } })))], { x: 0.5, y: 1.5, w: 8 });
  writeFileSync(path, (await pptx.write({ outputType: 'nodebuffer' })) as Buffer);
  return path;
}

test('a German deck: every generated text in German', async (t) => {
  const dir = tempDir(t);
  const input = await deck(join(dir, 'de.pptx'), 'de-DE', {
    title: 'Herzfrequenz im Alter',
    body: 'Die Herzfrequenz sinkt mit dem Alter und steigt bei Belastung an, wie die Tabelle zeigt.',
    chartTitle: 'Fälle pro Jahr',
    series: 'Fälle',
    cats: ['2019', '2020', '2021', '2022'],
    head: ['Altersgruppe', 'Ruhepuls'],
    rows: [['20 bis 29', '70'], ['60 bis 69', '75']],
  });
  const r = await processDeck({ input, policy: 'audit' });
  assert.equal(r.language, 'de');
  const chart = r.items.find((i) => i.kind === 'chart')!;
  assert.equal(chart.lang, 'de');
  assert.equal(chart.newAlt, 'Liniendiagramm: Fälle pro Jahr; steigt von 120 (2019) auf 175 (2022); Höchststand 410 (2020)');
  assert.match(chart.longDescription!, /Fälle — 2019: 120, 2020: 410, 2021: 150, 2022: 175/);
  const table = r.items.find((i) => i.kind === 'table')!;
  assert.equal(table.newAlt, 'Tabelle, 3 Zeilen, 2 Spalten: Altersgruppe und Ruhepuls; Zeilen: 20 bis 29 und 60 bis 69');
  assert.match(table.longDescription!, /Zeile 1: Altersgruppe: 20 bis 29; Ruhepuls: 70/);
});

test('an Arabic deck: Arabic frames, the author’s Arabic words intact', async (t) => {
  const dir = tempDir(t);
  const title = 'معدل ضربات القلب';
  const input = await deck(
    join(dir, 'ar.pptx'),
    'ar-SA',
    {
      title,
      body: 'ينخفض معدل ضربات القلب مع التقدم في العمر ويرتفع أثناء المجهود',
      chartTitle: 'الحالات في السنة',
      series: 'الحالات',
      cats: ['2019', '2020', '2021', '2022'],
      head: ['الفئة العمرية', 'النبض'],
      rows: [['٢٠–٢٩', '70'], ['٦٠–٦٩', '75']],
    },
    true,
  );
  const r = await processDeck({ input, policy: 'audit' });
  assert.equal(r.language, 'ar');
  const chart = r.items.find((i) => i.kind === 'chart')!;
  assert.equal(chart.newAlt, 'مخطط خطي: الحالات في السنة؛ يرتفع من 120 (2019) إلى 175 (2022)؛ الذروة 410 (2020)');
  const table = r.items.find((i) => i.kind === 'table')!;
  assert.ok(table.newAlt!.startsWith('جدول، عدد الصفوف 3، عدد الأعمدة 2: الفئة العمرية'), table.newAlt!);
  assert.ok(table.newAlt!.includes('٢٠–٢٩'), 'cell text unchanged');
});
