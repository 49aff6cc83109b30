/**
 * Decks generated for the processor tests (pptxgenjs), re-packed with a
 * realistic mix of compression methods: XML deflated, media stored, as
 * PowerPoint writes them. Nothing binary is committed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import JSZip from 'jszip';
import PptxGenJS from 'pptxgenjs';
import { makePng } from '../helpers/make-deck';

const png = (w: number, h: number, seed: number) => `image/png;base64,${makePng(w, h, seed).toString('base64')}`;

/** Re-pack so that XML parts are deflated and media stay stored. */
export async function mixedCompression(buf: Buffer): Promise<Buffer> {
  const src = await JSZip.loadAsync(buf);
  const out = new JSZip();
  for (const name of Object.keys(src.files)) {
    const f = src.files[name];
    if (f.dir) continue;
    const data = await f.async('nodebuffer');
    const xml = /\.(xml|rels)$/.test(name);
    out.file(name, data, { compression: xml ? 'DEFLATE' : 'STORE', date: new Date('2024-01-02T03:04:05Z') });
  }
  return out.generateAsync({ type: 'nodebuffer' }) as Promise<Buffer>;
}

/**
 * Slide 1: title, a picture without ALT and its caption below; a tiny picture.
 * Slide 2: a picture whose ALT is a file name, and a titled bar chart; notes.
 * Slide 3: a picture with a person's ALT, and a table with a header row.
 */
export async function lectureDeck(path: string): Promise<string> {
  const pptx = new PptxGenJS();
  const s1 = pptx.addSlide();
  s1.addText('Cardiac cycle', { x: 0.5, y: 0.2, w: 9, h: 0.8, fontSize: 28, placeholder: 'title' } as PptxGenJS.TextPropsOptions);
  s1.addImage({ data: png(320, 200, 1), x: 1, y: 1.2, w: 4, h: 2.5 });
  s1.addText('Figure 1: Pressure changes in the left ventricle', { x: 1, y: 3.8, w: 4, h: 0.4, fontSize: 12 });
  s1.addImage({ data: png(8, 8, 2), x: 9.5, y: 5.2, w: 0.1, h: 0.1 });

  const s2 = pptx.addSlide();
  s2.addText('Heart rate', { x: 0.5, y: 0.2, w: 9, h: 0.8, fontSize: 28, placeholder: 'title' } as PptxGenJS.TextPropsOptions);
  s2.addImage({ data: png(200, 150, 3), x: 0.5, y: 1.5, w: 3, h: 2.2, altText: 'grid.png' });
  s2.addChart(
    pptx.ChartType.bar,
    [
      { name: 'Resting', labels: ['20s', '40s', '60s'], values: [70, 72, 75] },
      { name: 'Exercise', labels: ['20s', '40s', '60s'], values: [170, 160, 150] },
    ],
    { x: 4, y: 1.5, w: 5, h: 3, showTitle: true, title: 'Heart rate by age' },
  );
  s2.addNotes('Discuss the drop in maximum heart rate with age.');

  const s3 = pptx.addSlide();
  s3.addText('Kidney', { x: 0.5, y: 0.2, w: 9, h: 0.8, fontSize: 28, placeholder: 'title' } as PptxGenJS.TextPropsOptions);
  s3.addImage({ data: png(200, 150, 4), x: 0.5, y: 1.5, w: 3, h: 2.2, altText: 'Diagram of the nephron & collecting duct' });
  s3.addTable(
    [
      [{ text: 'Segment' }, { text: 'Reabsorbs' }],
      [{ text: 'Proximal tubule' }, { text: 'Na+, glucose' }],
      [{ text: 'Loop of Henle' }, { text: 'Water, Na+' }],
    ],
    { x: 4, y: 1.5, w: 5 },
  );
  const buf = (await pptx.write({ outputType: 'nodebuffer' })) as Buffer;
  writeFileSync(path, await mixedCompression(buf));
  return path;
}

/** The lecture deck without a notes page on slide 2 (the chart's slide), as many real decks are. */
export async function lectureDeckWithoutNotes(path: string): Promise<string> {
  await lectureDeck(path);
  const zip = await JSZip.loadAsync(readFileSync(path));
  const relsPart = 'ppt/slides/_rels/slide2.xml.rels';
  const rels = await zip.file(relsPart)!.async('string');
  const noteRel = /<Relationship [^>]*notesSlide[^>]*\/>/.exec(rels)![0];
  const target = /Target="([^"]+)"/.exec(noteRel)![1].replace('../', 'ppt/');
  zip.file(relsPart, rels.replace(noteRel, ''));
  zip.remove(target);
  zip.remove(target.replace('notesSlides/', 'notesSlides/_rels/') + '.rels');
  const ct = await zip.file('[Content_Types].xml')!.async('string');
  zip.file('[Content_Types].xml', ct.replace(new RegExp(`<Override PartName="/${target}"[^>]*/>`), ''));
  writeFileSync(path, await mixedCompression(await zip.generateAsync({ type: 'nodebuffer' })));
  return path;
}
