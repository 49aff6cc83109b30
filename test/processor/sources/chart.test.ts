/**
 * Charts as findings (issue 9 §3): type, title, series, the trend or the extremes,
 * pie shares; dates and numbers as the chart's own number format shows them, in
 * the slide's language; a short ALT (≤ 150 characters) and the full data table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chartAlt, chartFacts } from '../../../src/processor/sources/chart';
import { formatValue, parseNumberFormat, excelSerialToDate } from '../../../src/processor/lang/numfmt';
import { isOrdered } from '../../../src/processor/sources/chart-findings';
import type { ChartFacts } from '../../../src/processor/sources/chart';
import { processDeck } from '../../../src/processor/process-deck';
import { CORPUS_DIR, corpusSkip } from '../../helpers/corpus';

const C = 'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"';
const strCache = (xs: string[]) => `<c:strCache><c:ptCount val="${xs.length}"/>${xs.map((x, i) => `<c:pt idx="${i}"><c:v>${x}</c:v></c:pt>`).join('')}</c:strCache>`;
const numCache = (xs: Array<number | string>, fc = 'General') =>
  `<c:numCache><c:formatCode>${fc}</c:formatCode><c:ptCount val="${xs.length}"/>${xs.map((x, i) => (x === '' ? '' : `<c:pt idx="${i}"><c:v>${x}</c:v></c:pt>`)).join('')}</c:numCache>`;
const ser = (name: string, cat: string, val: string) => `<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:strRef>${strCache([name])}</c:strRef></c:tx><c:cat>${cat}</c:cat><c:val><c:numRef>${val}</c:numRef></c:val></c:ser>`;
const title = (t: string) => `<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>${t}</a:t></a:r></a:p></c:rich></c:tx></c:title>`;
const chart = (body: string, axes = '', t = '', extra = '') =>
  `<c:chartSpace ${C}>${extra}<c:chart>${t}<c:autoTitleDeleted val="${t ? 0 : 1}"/><c:plotArea>${body}${axes}</c:plotArea></c:chart></c:chartSpace>`;
const axes = (cat: 'catAx' | 'dateAx', valFmt?: string) =>
  `<c:${cat}><c:axId val="1"/><c:numFmt formatCode="General" sourceLinked="1"/></c:${cat}><c:valAx><c:axId val="2"/>${valFmt ? `<c:numFmt formatCode="${valFmt}" sourceLinked="0"/>` : ''}</c:valAx>`;

const DATES = [37261, 37262, 37263, 37264, 37265];

test('Excel serials on a date axis read as dates, in the chart’s format and the slide’s language — never "37261.0 to 37265"', () => {
  const xml = chart(
    `<c:areaChart><c:grouping val="standard"/>${ser('Admissions', `<c:numRef>${numCache(DATES.map((d) => `${d}.0`), 'm/d/yyyy')}</c:numRef>`, numCache([32, 32, 28, 12, 15]))}<c:axId val="1"/><c:axId val="2"/></c:areaChart>`,
    axes('dateAx'),
  );
  const f = chartFacts(xml);
  const en = chartAlt(f, 'en');
  assert.equal(en.alt, 'Area chart; falls from 32 (1/5/2002) to 15 (1/9/2002); lowest 12 (1/8/2002)');
  assert.doesNotMatch(en.long, /3726\d/);
  assert.match(en.long, /Admissions — 1\/5\/2002: 32, 1\/6\/2002: 32, 1\/7\/2002: 28, 1\/8\/2002: 12, 1\/9\/2002: 15/);
  const de = chartAlt(f, 'de');
  assert.equal(de.alt, 'Flächendiagramm; fällt von 32 (5.1.2002) auf 15 (9.1.2002); niedrigster Wert 12 (8.1.2002)');
  // a date axis without a date format still holds dates
  const general = chartFacts(xml.replace('m/d/yyyy', 'General'));
  assert.match(chartAlt(general, 'en').alt!, /\(Jan 5, 2002\)/);
  // and the 1904 date system moves every date by four years and a day
  const d1904 = chartFacts(xml.replace('<c:chart>', '<c:date1904 val="1"/><c:chart>'));
  assert.match(chartAlt(d1904, 'en').alt!, /1\/6\/2006/);
});

test('a pie states its shares, largest first; values keep their number format', () => {
  const xml = chart(
    `<c:pieChart>${ser('Sales', `<c:strRef>${strCache(['Q1', 'Q2', 'Q3', 'Q4'])}</c:strRef>`, numCache([8.2, 3.2, 1.4, 1.2], '"$"#,##0.0'))}</c:pieChart>`,
    '',
    title('Sales by quarter'),
  );
  const r = chartAlt(chartFacts(xml), 'en');
  assert.equal(r.alt, 'Pie chart: Sales by quarter; Q1 59%, Q2 23%, Q3 10%, and Q4 9%');
  assert.match(r.long, /Q1: \$8\.2, Q2: \$3\.2/);
  assert.equal(chartAlt(chartFacts(xml), 'fr').alt, 'Graphique en secteurs\u00a0: Sales by quarter\u00a0; Q1 59\u00a0%, Q2 23\u00a0%, Q3 10\u00a0% et Q4 9\u00a0%');
  assert.equal(chartAlt(chartFacts(xml), 'ja').alt, '円グラフ：Sales by quarter。Q1 59%、Q2 23%、Q3 10%、Q4 9%');
});

test('ordered categories give a trend with its peak; unordered ones the largest and smallest', () => {
  const years = `<c:strRef>${strCache(['2019', '2020', '2021', '2022'])}</c:strRef>`;
  const trend = chart(`<c:barChart><c:barDir val="col"/>${ser('Cases', years, numCache([120, 410, 150, 175], '#,##0'))}<c:axId val="1"/><c:axId val="2"/></c:barChart>`, axes('catAx'), title('Cases per year'));
  assert.equal(chartAlt(chartFacts(trend), 'en').alt, 'Column chart: Cases per year; rises from 120 (2019) to 175 (2022); peak 410 (2020)');
  const countries = `<c:strRef>${strCache(['Mexico', 'Korea', 'Chile'])}</c:strRef>`;
  const nominal = chart(`<c:barChart><c:barDir val="bar"/>${ser('Score', countries, numCache([384, 550, 440]))}<c:axId val="1"/><c:axId val="2"/></c:barChart>`, axes('catAx'));
  assert.equal(chartAlt(chartFacts(nominal), 'en').alt, 'Bar chart; highest 550 (Korea); lowest 384 (Mexico)');
  // a value axis with its own format wins over the cache's
  const pct = chart(`<c:lineChart>${ser('Rate', years, numCache([0.1, 0.12, 0.15, 0.2]))}<c:axId val="1"/><c:axId val="2"/></c:lineChart>`, axes('catAx', '0%'));
  assert.equal(chartAlt(chartFacts(pct), 'en').alt, 'Line chart; rises from 10% (2019) to 20% (2022)');
  const flat = chart(`<c:lineChart>${ser('Rate', years, numCache([50, 50.5, 50.2, 50.1]))}<c:axId val="1"/><c:axId val="2"/></c:lineChart>`, axes('catAx'));
  assert.equal(chartAlt(chartFacts(flat), 'de').alt, 'Liniendiagramm; gleichbleibend bei etwa 50 von 2019 bis 2022');
});

test('the short ALT stays within 150 characters with many series; the long description has every value', () => {
  const cats = `<c:strRef>${strCache(['Q1', 'Q2', 'Q3', 'Q4'])}</c:strRef>`;
  const many = Array.from({ length: 8 }, (_, i) => ser(`Hospital department number ${i + 1}`, cats, numCache([i, i + 2, i + 4, i + 9]))).join('');
  const xml = chart(`<c:lineChart>${many}<c:axId val="1"/><c:axId val="2"/></c:lineChart>`, axes('catAx'), title('Admissions by department and quarter'));
  for (const lang of ['en', 'de', 'ru', 'zh', 'ar'] as const) {
    const r = chartAlt(chartFacts(xml), lang);
    assert.ok(r.alt && r.alt.length <= 150, `${lang}: ${r.alt}`);
    assert.ok(r.alt!.includes('Admissions by department and quarter'));
    for (let i = 1; i <= 8; i++) assert.ok(r.long.includes(`Hospital department number ${i}`), `${lang} long names series ${i}`);
  }
});

test('right-to-left: the author’s Hebrew title and labels stay as written', () => {
  const xml = chart(
    `<c:pieChart>${ser('תוצאות', `<c:strRef>${strCache(['כן', 'לא'])}</c:strRef>`, numCache([3, 1]))}</c:pieChart>`,
    '',
    title('תוצאות הסקר'),
  );
  const r = chartAlt(chartFacts(xml), 'he');
  // the list joins the last item with the prefix ו, as Hebrew writes it (ICU's list format); the labels are unchanged
  assert.equal(r.alt, 'תרשים עוגה: תוצאות הסקר; כן 75% ולא 25%');
});

test('number formats: dates, percent, currency, literals, decimals and the 1900 leap-year bug', () => {
  const f = (v: string, code: string, lang: 'en' | 'de' = 'en') => formatValue(lang, v, parseNumberFormat(code));
  assert.equal(f('37261', 'mmm-yy'), 'Jan 2002');
  assert.equal(f('37261', '[$-409]d-mmm-yy;@'), 'Jan 5, 2002');
  assert.match(f('0.456', '0.0%', 'de'), /^45,6\s%$/u);
  assert.match(f('1234.5', '#,##0.00 [$€-407]', 'de'), /^1\.234,50\s€$/u);
  assert.equal(f('12', '0 "kg"'), '12 kg');
  assert.equal(f('2019', 'General'), '2019');
  assert.equal(f('32.70870299', 'General'), '32.71');
  assert.equal(f('n/a', '0.0'), 'n/a');
  assert.equal(excelSerialToDate(59).toISOString().slice(0, 10), '1900-02-28');
  assert.equal(excelSerialToDate(61).toISOString().slice(0, 10), '1900-03-01');
});

test('corpus: the date-axis charts of two decks read as dates, with a finding', { skip: corpusSkip }, async () => {
  for (const name of ['oxsdk__strict__2D Area-O12-PPT-Charts.pptx', 'pptx__cht-chart-type.pptx']) {
    const r = await processDeck({ input: join(CORPUS_DIR, name), policy: 'audit' });
    // identical charts on one slide get one text; the others wait for a person
    const charts = r.items.filter((i) => i.kind === 'chart' && i.newAlt);
    assert.ok(charts.length > 0, name);
    for (const c of charts) {
      assert.doesNotMatch(`${c.newAlt} ${c.longDescription}`, /\b(2520\d|2525\d|3726\d)(\.0)?\b/, `${name}: ${c.newAlt}`);
      assert.ok(c.newAlt!.length <= 150);
    }
    assert.ok(charts.some((c) => /falls from 32 \(1\/5\/2002\) to 15 \(1\/9\/2002\)/.test(c.newAlt!)), name);
  }
  const pies = (await processDeck({ input: join(CORPUS_DIR, 'oxsdk__O12Typical.pptx'), policy: 'audit' })).items.filter((i) => i.kind === 'chart' && /^Pie/.test(i.newAlt ?? ''));
  assert.deepEqual(pies.map((p) => p.newAlt), ['Pie chart: Presidential Approval Rating; Disapprove 59%, Approve 37%, and Neutral 4%']);
});

test('which bar categories read as a sequence: months in every language, numbered weeks and quarters; not groups or countries', () => {
  const ordered = (categories: string[]) => isOrdered({ kind: 'column', categories } as ChartFacts, { dateCategories: false });
  for (const c of [['Januar', 'Februar', 'März'], ['janv.', 'févr.', 'mars'], ['1月', '2月', '3月'], ['Week 1', 'Week 2', 'Week 3'], ['Кв. 1', 'Кв. 2'], ['2019', '2020'], ['Q1', 'Q2'], ['1st Qtr', '2nd Qtr']]) {
    assert.ok(ordered(c), c.join());
  }
  for (const c of [['Mexico', 'Korea'], ['Group 1', 'Group 2'], ['Category 1', 'Category 2'], ['20s', '40s'], ['A1', 'A5', 'A3'], ['Week 3', 'Week 1']]) assert.ok(!ordered(c), c.join());
});
