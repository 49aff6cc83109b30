/** ALT text for a table from its size and header row. */
import { child, children, findAll, textOf, type XmlNode } from '../xml/tree';

export function tableFacts(xml: string, tbl: XmlNode): { rows: number; cols: number; header: string[] } {
  const rows = children(tbl, 'tr');
  const grid = child(tbl, 'tblGrid');
  const cols = grid ? children(grid, 'gridCol').length : rows[0] ? children(rows[0], 'tc').length : 0;
  const header = rows[0]
    ? children(rows[0], 'tc').map((tc) =>
        findAll(tc, 't')
          .map((t) => textOf(xml, t))
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim(),
      )
    : [];
  return { rows: rows.length, cols, header };
}

export function tableAlt(f: { rows: number; cols: number; header: string[] }): string | null {
  if (!f.rows) return null;
  const head = f.header.filter(Boolean);
  let alt = `Table, ${f.rows} row${f.rows === 1 ? '' : 's'} by ${f.cols} column${f.cols === 1 ? '' : 's'}`;
  if (head.length) {
    const shown: string[] = [];
    for (const h of head) {
      if ((alt + ': ' + shown.concat(h).join(', ')).length > 145) break;
      shown.push(h);
    }
    if (shown.length) alt += `: ${shown.join(', ')}${shown.length < head.length ? ', …' : ''}`;
  }
  return alt;
}
