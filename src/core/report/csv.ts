/**
 * CSV for Excel: coordinators filter and sort these by hand. One row per image and
 * one row per deck that has no image rows (failed, skipped, rejected, no pictures),
 * so every deck of the batch appears at least once.
 */
import { buildModel, type DeckView, type ReportInput } from './model';
import { trustOf, type AltItem } from '../../shared/types';
import { standingAfter } from '../../shared/score';
import type { ReviewDecision } from '../../shared/review';

export const CSV_COLUMNS = [
  'Deck',
  'Output deck',
  'Deck state',
  'Error code',
  'Message',
  'Slide',
  'Part',
  'Shape ID',
  'Shape name',
  'Kind',
  'Media part',
  'Old ALT text',
  'Old ALT verdict',
  'New ALT text',
  'Source',
  'Trust',
  'Status',
  'Standing',
  'Needs review',
  'Review reasons',
  'Review decision',
  'Reviewed ALT text',
] as const;

/**
 * A cell Excel would run as a formula (=, +, -, @, and tab/CR which some versions
 * strip before looking) gets a leading apostrophe. ALT text is attacker-controlled:
 * decks come from anywhere, and a descr of `=HYPERLINK(...)` must stay text.
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180: quote when the cell holds a quote, comma, semicolon (European Excel's separator) or line break. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = neutralizeFormula(typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value));
  return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function deckCells(d: DeckView): Array<string | number | null> {
  const message = d.error ? (d.error.detail ? `${d.error.message} (${d.error.detail})` : d.error.message) : null;
  return [d.path, d.outputPath, d.state, d.error?.code ?? null, message];
}

function itemCells(i: AltItem, decision: ReviewDecision | undefined): Array<string | number | boolean | null> {
  return [
    i.slide > 0 ? i.slide : null,
    i.part,
    i.shapeId,
    i.shapeName,
    i.kind,
    i.mediaPart,
    i.oldAlt,
    i.oldAltVerdict,
    i.newAlt,
    i.source,
    i.trust ?? trustOf(i.source),
    i.status,
    // done / draft / missing, after the review decision when there is one
    standingAfter(i, decision),
    i.needsReview,
    i.reviewReasons.join('; '),
    decision?.action ?? null,
    decision?.text ?? null,
  ];
}

const EMPTY_ITEM = new Array<null>(CSV_COLUMNS.length - 5).fill(null);

export function toCsv(input: ReportInput): string {
  const lines = [CSV_COLUMNS.map(csvCell).join(',')];
  for (const d of buildModel(input).decks) {
    const deck = deckCells(d);
    if (!d.items.length) lines.push([...deck, ...EMPTY_ITEM].map(csvCell).join(','));
    for (const item of d.items) {
      const decision = input.review?.decisions.get(`${d.jobId}|${item.part}#${item.shapeId}`);
      lines.push([...deck, ...itemCells(item, decision)].map(csvCell).join(','));
    }
  }
  // BOM: without it Excel reads UTF-8 as the local code page and mangles "Kühlschrank".
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
