/** ALT text from a SmartArt diagram's data part: its node texts, in order and hierarchy. */
import { attr, child, findAll, parseXml, textOf } from '../xml/tree';

export interface DiagramNode {
  text: string;
  depth: number;
}

export function smartArtNodes(xml: string): DiagramNode[] {
  const root = parseXml(xml);
  const ptLst = child(root, 'ptLst');
  const cxnLst = child(root, 'cxnLst');
  const text = new Map<string, string>();
  const order: string[] = [];
  let docId: string | null = null;
  for (const pt of ptLst ? ptLst.children : []) {
    if (pt.local !== 'pt') continue;
    const id = attr(pt, 'modelId') ?? '';
    const type = attr(pt, 'type') ?? 'node';
    if (type === 'doc') docId = id;
    if (type !== 'node' && type !== 'asst') continue;
    const t = child(pt, 't');
    const s = t
      ? findAll(t, 'p')
          .map((p) => findAll(p, 't').map((x) => textOf(xml, x)).join(''))
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim()
      : '';
    text.set(id, s);
    order.push(id);
  }
  const kids = new Map<string, Array<{ id: string; ord: number }>>();
  for (const c of cxnLst ? cxnLst.children : []) {
    if (c.local !== 'cxn') continue;
    const type = attr(c, 'type') ?? 'parOf';
    if (type !== 'parOf') continue;
    const src = attr(c, 'srcId') ?? '';
    const dst = attr(c, 'destId') ?? '';
    if (!kids.has(src)) kids.set(src, []);
    kids.get(src)!.push({ id: dst, ord: Number(attr(c, 'srcOrd') ?? 0) });
  }
  const out: DiagramNode[] = [];
  const seen = new Set<string>();
  const walk = (id: string, depth: number) => {
    if (depth > 32) return; // a real diagram is a few levels deep; deeper is a hostile file
    const list = (kids.get(id) ?? []).sort((a, b) => a.ord - b.ord);
    for (const k of list) {
      if (seen.has(k.id) || !text.has(k.id)) continue;
      seen.add(k.id);
      const s = text.get(k.id)!;
      if (s) out.push({ text: s, depth });
      walk(k.id, depth + 1);
    }
  };
  if (docId) walk(docId, 0);
  // nodes the connection list does not reach still count
  for (const id of order) if (!seen.has(id) && text.get(id)) out.push({ text: text.get(id)!, depth: 0 });
  return out;
}

export function smartArtAlt(nodes: DiagramNode[]): { alt: string | null; long: string } {
  if (!nodes.length) return { alt: null, long: '' };
  const top = nodes.filter((n) => n.depth === 0).map((n) => n.text);
  const items = top.length ? top : nodes.map((n) => n.text);
  let alt = `Diagram with ${items.length} item${items.length === 1 ? '' : 's'}: `;
  const shown: string[] = [];
  for (const it of items) {
    if ((alt + shown.concat(it).join(', ')).length > 140) break;
    shown.push(it);
  }
  alt += shown.length ? shown.join(', ') : items[0].slice(0, 100);
  if (shown.length && shown.length < items.length) alt += ', …';
  const long = nodes.map((n) => `${'  '.repeat(n.depth)}- ${n.text}`).join('\n');
  return { alt, long };
}
