/**
 * "Missing table header" and "Merged or split cells" (issue 13). A screen reader names a
 * cell by its column header only when the table's header-row flag is set
 * (a:tblPr firstRow="1"). AltDeck sets it without review only when the first row is
 * plainly a header; a row that might be one is proposed for review; anything else is
 * flagged. Merged or split cells confuse the reader's cell navigation: flagged only.
 */
import type { CheckFinding } from '../../shared/checker';
import { attr, child, children, findAll, textOf, type XmlNode } from '../xml/tree';
import type { Splice } from '../xml/splice';
import type { SlideObject } from '../deck/slide-objects';

export interface TableSlide {
  number: number;
  part: string;
  xml: string;
  root: XmlNode;
  /** The slide's objects (deck/slide-objects scanSlide): tables are those of kind 'table'. */
  objects: SlideObject[];
}

export interface RuleResult {
  findings: CheckFinding[];
  /** Edits of the output deck (never the original): only for findings with outcome 'fixed'. */
  splices: { part: string; splice: Splice }[];
}

interface Cell {
  text: string;
  bold: boolean;
  size: number | null;
  fill: string;
  merged: boolean;
}

const TRUE = (v: string | undefined) => v === '1' || v === 'true';
/** Numbers, money, percentages, dates and ranges: a column of these is data, never a header. */
const NUMERIC = /^[-+±~≈<>≤≥]?\s*[$€£¥]?\s*[\d.,\s]+\s*(%|‰|[a-zµ°]{0,4})?(\s*[-–/]\s*[$€£¥]?[\d.,]+\s*(%|[a-zµ°]{0,4})?)?$/iu;
export const HEADER_MAX_CHARS = 60;
export const HEADER_MAX_WORDS = 8;

function cellOf(xml: string, tc: XmlNode): Cell {
  const txBody = child(tc, 'txBody');
  const runs = txBody ? findAll(txBody, 'r') : [];
  let bold = runs.length > 0;
  let size: number | null = null;
  for (const r of runs) {
    const t = child(r, 't');
    if (!t || !textOf(xml, t).trim()) continue;
    const rPr = child(r, 'rPr');
    if (!rPr || !TRUE(attr(rPr, 'b'))) bold = false;
    const sz = rPr ? Number(attr(rPr, 'sz')) : NaN;
    if (Number.isFinite(sz)) size = Math.max(size ?? 0, sz);
  }
  const tcPr = child(tc, 'tcPr');
  const fillNode = tcPr ? child(tcPr, 'solidFill') : undefined;
  const fill = fillNode ? xml.slice(fillNode.start, fillNode.end).replace(/\s+/g, '') : '';
  const text = findAll(tc, 't')
    .map((t) => textOf(xml, t))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  const merged = Number(attr(tc, 'gridSpan') ?? 1) > 1 || Number(attr(tc, 'rowSpan') ?? 1) > 1 || TRUE(attr(tc, 'hMerge')) || TRUE(attr(tc, 'vMerge'));
  return { text, bold: bold && text !== '', size, fill, merged };
}

export interface HeaderVerdict {
  /** 'header': plainly a header row; 'maybe': shaped like one, nothing sets it apart; 'no'. */
  verdict: 'header' | 'maybe' | 'no';
  reason: string;
}

/**
 * Does the first row look like column headers? Shape: at least half its cells hold text, each
 * ≤ 60 characters and ≤ 8 words, none numbers-only, none ending a sentence, no two the same.
 * Set apart from the body by at least one of: bold where the body is not, a fill the body rows
 * do not have, a larger font, or a column of numbers under a text header.
 */
export function judgeHeaderRow(rows: Cell[][]): HeaderVerdict {
  const [first, ...body] = rows;
  if (!first || body.length === 0) return { verdict: 'no', reason: 'the table has one row' };
  const filled = first.filter((c) => c.text);
  if (filled.length * 2 < first.length) return { verdict: 'no', reason: 'most cells of the first row are empty' };
  for (const c of filled) {
    if (NUMERIC.test(c.text)) return { verdict: 'no', reason: `the first row holds a number (“${c.text}”)` };
    if (c.text.length > HEADER_MAX_CHARS || c.text.split(' ').length > HEADER_MAX_WORDS) return { verdict: 'no', reason: 'the first row holds long text' };
    if (/[.!?。]$/u.test(c.text) && c.text.split(' ').length > 3) return { verdict: 'no', reason: 'the first row holds sentences' };
  }
  const texts = filled.map((c) => c.text.toLowerCase());
  if (new Set(texts).size < texts.length) return { verdict: 'no', reason: 'two cells of the first row say the same' };

  const bodyCells = body.flat().filter((c) => c.text);
  const signals: string[] = [];
  if (filled.every((c) => c.bold) && bodyCells.filter((c) => c.bold).length * 2 < bodyCells.length) signals.push('bold');
  const firstFills = new Set(first.map((c) => c.fill));
  if (firstFills.size === 1 && !firstFills.has('') && body.every((r) => r.every((c) => c.fill !== first[0].fill))) signals.push('its own fill');
  const bodyMax = Math.max(0, ...bodyCells.map((c) => c.size ?? 0));
  if (bodyMax > 0 && filled.every((c) => (c.size ?? 0) > bodyMax)) signals.push('a larger font');
  for (let col = 0; col < first.length; col++) {
    if (!first[col]?.text) continue;
    const column = body.map((r) => r[col]?.text ?? '').filter(Boolean);
    if (column.length >= 2 && column.filter((t) => NUMERIC.test(t)).length * 3 >= column.length * 2) {
      signals.push('numbers below it');
      break;
    }
  }
  if (signals.length) return { verdict: 'header', reason: `the first row is short text set apart by ${signals.join(', ')}` };
  return { verdict: 'maybe', reason: 'the first row is short text, but nothing sets it apart from the rows below' };
}

/** The splice that sets the header-row flag on a table (for the fix, and for an approved proposal). */
export function headerRowSplice(tbl: XmlNode): Splice {
  const tblPr = child(tbl, 'tblPr');
  if (tblPr) {
    const a = tblPr.attrs.find((x) => x.name === 'firstRow');
    if (a) return { start: a.valueStart, end: a.valueEnd, text: '1' };
    return { start: tblPr.attrInsert, end: tblPr.attrInsert, text: ' firstRow="1"' };
  }
  const p = tbl.prefix ? `${tbl.prefix}:` : '';
  return { start: tbl.tagEnd, end: tbl.tagEnd, text: `<${p}tblPr firstRow="1"/>` };
}

export function hasHeaderRow(tbl: XmlNode): boolean {
  const tblPr = child(tbl, 'tblPr');
  return !!tblPr && TRUE(attr(tblPr, 'firstRow'));
}

export function checkTables(slide: TableSlide): RuleResult {
  const findings: CheckFinding[] = [];
  const splices: RuleResult['splices'] = [];
  for (const o of slide.objects) {
    if (o.kind !== 'table' || !o.table) continue;
    const tbl = o.table;
    const rows = children(tbl, 'tr').map((tr) => children(tr, 'tc').map((tc) => cellOf(slide.xml, tc)));
    const name = o.shapeName || `table ${o.shapeId}`;
    const merged = rows.flat().filter((c) => c.merged).length;
    if (merged) {
      findings.push({
        rule: 'merged-cells',
        slide: slide.number,
        part: slide.part,
        target: o.shapeId,
        outcome: 'flagged',
        message: `The table “${name}” has ${merged} merged or split ${merged === 1 ? 'cell' : 'cells'}; a screen reader may read them out of place. Split them, or make the table simpler.`,
        current: `${merged} merged`,
        trust: 'none',
      });
    }
    if (hasHeaderRow(tbl)) continue;
    const v = judgeHeaderRow(rows);
    const base = { rule: 'missing-table-header' as const, slide: slide.number, part: slide.part, target: o.shapeId, current: rows[0]?.map((c) => c.text).filter(Boolean).join(' | ') || null };
    if (v.verdict === 'header') {
      findings.push({ ...base, outcome: 'fixed', message: `The table “${name}” had no header row; its first row was marked as the header row (${v.reason}).`, proposal: 'first row is the header row', trust: 'data', groupKey: 'missing-table-header:fixed' });
      splices.push({ part: slide.part, splice: headerRowSplice(tbl) });
    } else if (v.verdict === 'maybe') {
      findings.push({ ...base, outcome: 'proposed', message: `The table “${name}” has no header row; ${v.reason}. Approve to mark the first row as the header row.`, proposal: 'first row is the header row', trust: 'evidence', groupKey: 'missing-table-header:proposed' });
    } else {
      findings.push({ ...base, outcome: 'flagged', message: `The table “${name}” has no header row, and ${v.reason}. Add a row of column headers and mark it as the header row.`, trust: 'none' });
    }
  }
  return { findings, splices };
}
