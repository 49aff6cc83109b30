/**
 * The five rules of h-check-b through the real pipeline: processDeck reports them in
 * `checks` with their counts, writes only the header-row fix (the input untouched, the output
 * opened by LibreOffice), and apply mode writes approved link text and an approved reading
 * order, nothing else.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import PptxGenJS from 'pptxgenjs';
import { tempDir } from '../../helpers/tmp';
import { makePng } from '../../helpers/make-deck';
import { processDeck } from '../../../src/processor/process-deck';
import { findingKey } from '../../../src/shared/checker';
import { hasHeaderRow } from '../../../src/processor/checker/rule-tables';
import { textLinks } from '../../../src/processor/checker/rule-hyperlinks';
import { orderItems } from '../../../src/processor/checker/rule-reading-order';
import { loadDeck } from './load-deck';
import { soffice as testSoffice, sofficeSkip } from '../../helpers/libreoffice';

async function mixedDeck(path: string): Promise<string> {
  const pptx = new PptxGenJS();
  const s1 = pptx.addSlide();
  s1.addText('Doses', { x: 0.5, y: 0.3, w: 9, h: 0.8, objectName: 'Heading' });
  s1.addTable(
    [
      [{ text: 'Drug', options: { bold: true } }, { text: 'Dose (mg)', options: { bold: true } }],
      [{ text: 'Aspirin' }, { text: '325' }],
      [{ text: 'Ibuprofen' }, { text: '400' }],
    ],
    { x: 0.5, y: 1.5, w: 8 },
  );
  const s2 = pptx.addSlide();
  s2.addText([{ text: 'click here', options: { hyperlink: { url: 'https://www.cdc.gov/flu/index.html' } } }], { x: 0.5, y: 2, w: 9, h: 1, objectName: 'Link text' });
  s2.addText('Flu season', { x: 0.5, y: 0.3, w: 9, h: 0.8, objectName: 'Heading' });
  s2.addText('Grey footnote', { x: 0.5, y: 4, w: 9, h: 0.5, fontSize: 10, color: 'AAAAAA' });
  s2.addMedia({ type: 'video', data: `video/mp4;base64,${Buffer.from('not a video').toString('base64')}`, cover: `image/png;base64,${makePng().toString('base64')}`, x: 6, y: 4.6, w: 2, h: 1 } as never);
  writeFileSync(path, (await pptx.write({ outputType: 'nodebuffer' })) as Buffer);
  return path;
}

test('processDeck reports the five rules, fixes only the plain header row; apply writes approved link text and order', async (t) => {
  const dir = tempDir(t);
  const input = await mixedDeck(join(dir, 'in.pptx'));
  const before = readFileSync(input);
  const output = join(dir, 'out.pptx');
  const r = await processDeck({ input, output, durable: false });
  assert.deepEqual(readFileSync(input), before, 'the original is never modified');
  const checks = r.checks ?? [];
  const of = (rule: string) => checks.filter((c) => c.rule === rule);
  assert.deepEqual(of('missing-table-header').map((c) => [c.outcome, c.written]), [['fixed', true]]);
  assert.deepEqual(of('unclear-hyperlink').map((c) => [c.outcome, c.proposal, c.written]), [['proposed', 'cdc.gov', false]]);
  assert.deepEqual(of('reading-order').map((c) => [c.slide, c.outcome, c.written]), [[2, 'proposed', false]]);
  assert.deepEqual(of('low-contrast').map((c) => [c.slide, c.outcome, c.current]), [[2, 'flagged', '2.3:1']]);
  assert.deepEqual(of('missing-captions').map((c) => [c.slide, c.outcome]), [[2, 'flagged']]);
  const counts = r.checkedCounts as Record<string, number>;
  assert.equal(counts['missing-table-header'], 1);
  assert.equal(counts['unclear-hyperlink'], 1);
  assert.equal(counts['missing-captions'], 1);
  assert.ok(counts['reading-order'] >= 2 && counts['low-contrast'] >= 3, JSON.stringify(counts));

  const out = await loadDeck(output);
  try {
    assert.deepEqual(out.slides[0].objects.filter((o) => o.kind === 'table').map((o) => hasHeaderRow(o.table!)), [true]);
    assert.deepEqual(textLinks(out.slides[1].xml, out.slides[1].root).map((l) => l.text), ['click here'], 'a proposal is not written without approval');
  } finally {
    out.close();
  }

  // apply mode: the reviewer approves the link text and the reading order
  const link = of('unclear-hyperlink')[0];
  const order = of('reading-order')[0];
  const applied = join(dir, 'applied.pptx');
  const a = await processDeck({ input, output: applied, durable: false, apply: { schema: 'altdeck-apply/1', items: [], checks: [{ key: findingKey(link), action: 'approve' }, { key: findingKey(order), action: 'approve' }] } });
  assert.deepEqual(a.checks?.filter((c) => c.rule === 'unclear-hyperlink' || c.rule === 'reading-order').map((c) => c.written), [true, true], JSON.stringify(a.warnings));
  const ap = await loadDeck(applied);
  try {
    assert.deepEqual(textLinks(ap.slides[1].xml, ap.slides[1].root).map((l) => l.text), ['cdc.gov']);
    assert.deepEqual(orderItems(ap.slides[1].xml, ap.slides[1].root)!.map((i) => i.id).join(','), order.proposal);
  } finally {
    ap.close();
  }

  // an edited text is written as the reviewer typed it
  const edited = join(dir, 'edited.pptx');
  const e = await processDeck({ input, output: edited, durable: false, apply: { schema: 'altdeck-apply/1', items: [], checks: [{ key: findingKey(link), action: 'edit', text: 'CDC flu season page' }] } });
  assert.deepEqual(e.checks?.filter((c) => c.rule === 'unclear-hyperlink').map((c) => c.written), [true]);
  const ed = await loadDeck(edited);
  try {
    assert.deepEqual(textLinks(ed.slides[1].xml, ed.slides[1].root).map((l) => l.text), ['CDC flu season page']);
  } finally {
    ed.close();
  }

  const soffice = testSoffice;
  if (!soffice) return t.diagnostic(`LibreOffice check skipped: ${sofficeSkip}`);
  const pdfDir = join(dir, 'pdf');
  mkdirSync(pdfDir);
  spawnSync(soffice, [`-env:UserInstallation=${pathToFileURL(join(dir, 'lo')).href}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', pdfDir, output, applied], { timeout: 240_000 });
  assert.ok(existsSync(join(pdfDir, 'out.pdf')), 'LibreOffice opens the output');
  assert.ok(existsSync(join(pdfDir, 'applied.pdf')), 'LibreOffice opens the applied output');
});

test('a proposed header row is written only once approved, and a rejected one never', async (t) => {
  const dir = tempDir(t);
  const pptx = new PptxGenJS();
  pptx.addSlide().addTable(
    [
      [{ text: 'Segment' }, { text: 'Reabsorbs' }],
      [{ text: 'Proximal tubule' }, { text: 'Sodium and glucose' }],
    ],
    { x: 0.5, y: 1, w: 8 },
  );
  const input = join(dir, 'in.pptx');
  writeFileSync(input, (await pptx.write({ outputType: 'nodebuffer' })) as Buffer);
  const r = await processDeck({ input, output: join(dir, 'out.pptx'), durable: false });
  const header = r.checks!.find((c) => c.rule === 'missing-table-header')!;
  assert.deepEqual([header.outcome, header.written], ['proposed', false]);
  const flags = async (path: string) => {
    const d = await loadDeck(path);
    try {
      return d.slides[0].objects.filter((o) => o.kind === 'table').map((o) => hasHeaderRow(o.table!));
    } finally {
      d.close();
    }
  };
  assert.deepEqual(await flags(join(dir, 'out.pptx')), [false]);
  for (const action of ['approve', 'reject'] as const) {
    const out = join(dir, `${action}.pptx`);
    await processDeck({ input, output: out, durable: false, apply: { schema: 'altdeck-apply/1', items: [], checks: [{ key: findingKey(header), action }] } });
    assert.deepEqual(await flags(out), [action === 'approve'], action);
  }
});
