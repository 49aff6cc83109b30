/**
 * Checks for apply-mode outputs: which cNvPr elements differ between two
 * versions of a part, whether everything outside them is the same text, and
 * what a cNvPr says (descr, decorative flag) read with a namespace-aware parser.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { findAll, parseXml } from '../../src/processor/xml/tree';
import { rawEntries, xmlError } from './zip-inspect';

const ADEC = 'http://schemas.microsoft.com/office/drawing/2017/decorative';
export const DECORATIVE_URI = '{C183D7F6-B498-43B3-948B-1728B52AA6E4}';

export async function partText(deck: string, part: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(deck));
  const f = zip.file(part);
  assert.ok(f, `${part} in ${deck}`);
  return f.async('string');
}

/** Every cNvPr element's source text, and the part with each replaced by a marker. */
function split(xml: string): { elements: string[]; rest: string } {
  const nodes = findAll(parseXml(xml), 'cNvPr');
  let rest = '';
  let pos = 0;
  for (const n of nodes) {
    rest += xml.slice(pos, n.start) + '\u0000';
    pos = n.end;
  }
  return { elements: nodes.map((n) => xml.slice(n.start, n.end)), rest: rest + xml.slice(pos) };
}

/** Ids of the cNvPr elements that differ; fails if anything outside a cNvPr differs. */
export function changedShapeIds(before: string, after: string): string[] {
  const a = split(before);
  const b = split(after);
  assert.equal(b.rest, a.rest, 'nothing outside cNvPr elements changes');
  assert.equal(b.elements.length, a.elements.length);
  const ids: string[] = [];
  a.elements.forEach((el, i) => {
    if (el !== b.elements[i]) ids.push(/\bid="([^"]*)"/.exec(el)![1]);
  });
  return ids;
}

export interface ShapeAlt {
  descr: string | null;
  decorative: boolean;
}

/** descr and decorative flag of every cNvPr by id, read by a namespace-checking XML parser. */
export function shapeAlts(xml: string): Map<string, ShapeAlt[]> {
  assert.equal(xmlError(xml), null, 'well-formed, every prefix declared');
  const out = new Map<string, ShapeAlt[]>();
  const p = new SaxesParser({ xmlns: true });
  let current: ShapeAlt | null = null;
  let depth = 0;
  let inDecorativeExt = false;
  p.on('opentag', (t: SaxesTagNS) => {
    if (current) depth++;
    if (t.local === 'cNvPr' && !current) {
      current = { descr: t.attributes.descr ? (t.attributes.descr as { value: string }).value : null, decorative: false };
      const id = (t.attributes.id as { value: string }).value;
      out.set(id, [...(out.get(id) ?? []), current]);
      depth = 0;
      if (t.isSelfClosing) current = null;
      return;
    }
    if (current && t.local === 'ext' && (t.attributes.uri as { value: string } | undefined)?.value === DECORATIVE_URI) inDecorativeExt = true;
    if (current && inDecorativeExt && t.uri === ADEC && t.local === 'decorative') {
      const v = (t.attributes.val as { value: string } | undefined)?.value;
      current.decorative = v === '1' || v === 'true';
    }
  });
  p.on('closetag', (t: SaxesTagNS) => {
    if (!current) return;
    if (t.local === 'ext') inDecorativeExt = false;
    if (depth === 0 && t.local === 'cNvPr') current = null;
    else depth--;
  });
  p.write(xml).close();
  return out;
}

/** Assert every entry but `changed` is byte-identical (raw compressed bytes, method, CRC) to the original's. */
export async function assertOthersRawIdentical(original: string, output: string, changed: string[]): Promise<void> {
  const a = await rawEntries(original);
  const b = await rawEntries(output);
  assert.deepEqual(b.map((e) => e.name).sort(), a.map((e) => e.name).sort(), 'same entries');
  const byName = new Map(b.map((e) => [e.name, e]));
  for (const e of a) {
    if (changed.includes(e.name)) continue;
    assert.deepEqual(byName.get(e.name), e, `${e.name} copied raw`);
  }
}
