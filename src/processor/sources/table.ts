/**
 * ALT text for a table in a graphic frame: its size, its header row and the
 * first rows (by their first cell); the long description reads every row with
 * its column names. Written in the slide's language; cell text is the author's.
 */
import { attr, child, children, findAll, textOf, type XmlNode } from '../xml/tree';
import { frame, formatList, type Lang } from '../lang';

export interface TableFacts {
  rows: number;
  cols: number;
  header: string[];
  /** Every row's cell texts, the header row first ('' for empty and merged-away cells). */
  cells: string[][];
  /** The header's name for each cell position (a header merged across columns names each of them). */
  columnNames: string[];
}

export function tableFacts(xml: string, tbl: XmlNode): TableFacts {
  const rows = children(tbl, 'tr');
  const grid = child(tbl, 'tblGrid');
  const cols = grid ? children(grid, 'gridCol').length : rows[0] ? children(rows[0], 'tc').length : 0;
  const cells = rows.slice(0, 200).map((tr) =>
    children(tr, 'tc').map((tc) =>
      // a cell merged into its neighbour shows nothing of its own
      attr(tc, 'hMerge') === '1' || attr(tc, 'vMerge') === '1'
        ? ''
        : findAll(tc, 't')
            .map((t) => textOf(xml, t))
            .join(' ')
            .replace(/\s+/g, ' ')
            .trim(),
    ),
  );
  const columnNames: string[] = [];
  (rows[0] ? children(rows[0], 'tc') : []).forEach((tc, i) => {
    columnNames.push(attr(tc, 'hMerge') === '1' && i > 0 ? columnNames[i - 1] : (cells[0]?.[i] ?? ''));
  });
  return { rows: rows.length, cols, header: cells[0] ?? [], cells, columnNames };
}

const ALT_MAX = 150;

/** Items shown while the text stays within the limit, then "and N more". */
function fitList(lang: Lang, items: string[], make: (list: string) => string): string | null {
  for (let k = items.length; k >= 1; k--) {
    const shown = items.slice(0, k);
    if (k < items.length) shown.push(frame(lang, 'chart.more', { count: items.length - k }));
    const t = make(formatList(lang, shown));
    if (t.length <= ALT_MAX) return t;
  }
  return null;
}

export function tableAlt(f: TableFacts, lang: Lang = 'en'): { alt: string | null; long: string } {
  if (!f.rows) return { alt: null, long: '' };
  const rows = frame(lang, 'table.rows', { count: f.rows });
  const cols = frame(lang, 'table.cols', { count: f.cols });
  const head = f.header.filter(Boolean);
  const size = frame(lang, 'table.size', { rows, cols });
  const top = head.length ? (fitList(lang, head, (header) => frame(lang, 'table.header', { rows, cols, header })) ?? size) : size;
  // the first rows, by their first cell (usually what the row is about)
  const labels = f.cells.slice(head.length ? 1 : 0).map((r) => r.find(Boolean) ?? '').filter(Boolean);
  const sep = frame(lang, 'sep');
  const alt = (labels.length && fitList(lang, labels, (list) => top + sep + frame(lang, 'table.firstRows', { list }))) || top;

  const long: string[] = [head.length ? frame(lang, 'table.header', { rows, cols, header: formatList(lang, head) }) : size];
  const names = f.columnNames ?? f.header;
  f.cells.slice(head.length ? 1 : 0, 51).forEach((r, i) => {
    const cells = r
      .map((v, c) => (v ? (head.length && names[c] ? frame(lang, 'table.long.cell', { header: names[c], value: v }) : v) : ''))
      .filter(Boolean);
    if (cells.length) long.push(frame(lang, 'table.long.row', { n: i + 1, cells: cells.join(sep) }));
  });
  if (f.cells.length > 51) long.push(frame(lang, 'chart.more', { count: f.cells.length - 51 }));
  return { alt, long: long.join('\n') };
}
