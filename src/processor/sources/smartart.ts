/**
 * ALT text from a SmartArt diagram's data part: every node's text, in order and
 * hierarchy, read according to the layout the author chose. An organization
 * chart or hierarchy names every box under its parent; a process lists its
 * steps in order; a cycle its stages; a list its items (with their sub-items in
 * the long description). Written in the slide's language.
 */
import { attr, child, findAll, parseXml, textOf } from '../xml/tree';
import { frame, formatList, type FrameKey, type Lang } from '../lang';

export interface DiagramNode {
  text: string;
  depth: number;
  /** Index in the node list of the box this one hangs under; null at the top. */
  parent: number | null;
}

export type DiagramLayout = 'orgChart' | 'hierarchy' | 'process' | 'cycle' | 'list';

export interface Diagram {
  layout: DiagramLayout;
  nodes: DiagramNode[];
}

/** What the author's layout (dgm:prSet loTypeId / loCatId of the document point) makes of the nodes. */
export function layoutKind(loTypeId: string | null, loCatId: string | null): DiagramLayout {
  const type = (loTypeId ?? '').toLowerCase();
  const cat = (loCatId ?? '').toLowerCase();
  if (type.includes('orgchart')) return 'orgChart';
  if (cat === 'hierarchy' || /hierarchy|hchart|tree/.test(type)) return 'hierarchy';
  if (cat === 'cycle' || /cycle|circlearrow|radial/.test(type)) return 'cycle';
  if (cat === 'process' || /process|chevron|arrow|timeline|step|funnel|gear/.test(type)) return 'process';
  return 'list';
}

export function smartArtDiagram(xml: string): Diagram {
  const root = parseXml(xml);
  const ptLst = child(root, 'ptLst');
  const cxnLst = child(root, 'cxnLst');
  const text = new Map<string, string>();
  const order: string[] = [];
  let docId: string | null = null;
  let loTypeId: string | null = null;
  let loCatId: string | null = null;
  for (const pt of ptLst ? ptLst.children : []) {
    if (pt.local !== 'pt') continue;
    const id = attr(pt, 'modelId') ?? '';
    const type = attr(pt, 'type') ?? 'node';
    if (type === 'doc') {
      docId = id;
      const pr = child(pt, 'prSet');
      if (pr) {
        loTypeId = attr(pr, 'loTypeId') ?? null;
        loCatId = attr(pr, 'loCatId') ?? null;
      }
    }
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
  const nodes: DiagramNode[] = [];
  const seen = new Set<string>();
  const walk = (id: string, depth: number, parent: number | null) => {
    if (depth > 32) return; // a real diagram is a few levels deep; deeper is a hostile file
    const list = (kids.get(id) ?? []).sort((a, b) => a.ord - b.ord);
    for (const k of list) {
      if (seen.has(k.id) || !text.has(k.id)) continue;
      seen.add(k.id);
      const s = text.get(k.id)!;
      // an empty box keeps its children at its own level
      let here = parent;
      if (s) {
        nodes.push({ text: s, depth, parent });
        here = nodes.length - 1;
      }
      walk(k.id, s ? depth + 1 : depth, here);
    }
  };
  if (docId) walk(docId, 0, null);
  // nodes the connection list does not reach still count
  for (const id of order) if (!seen.has(id) && text.get(id)) nodes.push({ text: text.get(id)!, depth: 0, parent: null });
  return { layout: layoutKind(loTypeId, loCatId), nodes };
}

/** The node texts in hierarchy (kept for callers that only want the words). */
export function smartArtNodes(xml: string): DiagramNode[] {
  return smartArtDiagram(xml).nodes;
}

const ALT_MAX = 150;

const HEAD: Record<DiagramLayout, FrameKey> = {
  orgChart: 'diagram.orgChart',
  hierarchy: 'diagram.hierarchy',
  process: 'diagram.process',
  cycle: 'diagram.cycle',
  list: 'diagram.list',
};

function childrenOf(nodes: DiagramNode[], i: number | null): number[] {
  const out: number[] = [];
  nodes.forEach((n, k) => {
    if (n.parent === i) out.push(k);
  });
  return out;
}

/** The longest text `make(k)` for k = n … 1 that fits; k = 1 always answers. */
function fitCount(n: number, make: (k: number) => string): string {
  for (let k = n; k > 1; k--) {
    const t = make(k);
    if (t.length <= ALT_MAX) return t;
  }
  return make(Math.min(1, n));
}

export function smartArtAlt(d: Diagram | DiagramNode[], lang: Lang = 'en'): { alt: string | null; long: string } {
  const diagram: Diagram = Array.isArray(d) ? { layout: 'list', nodes: d } : d;
  const { nodes, layout } = diagram;
  if (!nodes.length) return { alt: null, long: '' };
  const sep = frame(lang, 'sep');
  const more = (k: number) => frame(lang, 'chart.more', { count: k });
  const clip = (s: string) => (s.length > 100 ? `${s.slice(0, 99).replace(/\s+\S*$/, '')}…` : s);
  const top = childrenOf(nodes, null);
  const tree = layout === 'orgChart' || layout === 'hierarchy';

  let alt: string;
  const long: string[] = [];
  if (tree) {
    // every box named under its parent, breadth first: the top, then each level
    const parts: string[] = [formatList(lang, top.map((i) => nodes[i].text))];
    const queue = [...top];
    while (queue.length) {
      const p = queue.shift()!;
      const kids = childrenOf(nodes, p);
      if (!kids.length) continue;
      parts.push(frame(lang, 'diagram.under', { parent: nodes[p].text, children: formatList(lang, kids.map((k) => nodes[k].text)) }));
      queue.push(...kids);
    }
    const head = (items: string) => frame(lang, HEAD[layout], { count: nodes.length, items });
    alt = fitCount(parts.length, (k) => head(parts.slice(0, k).join(sep) + (k < parts.length ? `${sep}…` : '')));
    if (alt.length > ALT_MAX) alt = head(clip(parts[0]));
    long.push(head(parts[0]), ...parts.slice(1));
  } else {
    const items = top.length ? top : nodes.map((_, i) => i);
    const label = (i: number) => nodes[i].text;
    const head = (k: number) => {
      const shown = items.slice(0, k).map(label);
      if (k < items.length) shown.push(more(items.length - k));
      return frame(lang, HEAD[layout], { count: items.length, items: formatList(lang, shown) });
    };
    alt = fitCount(items.length, head);
    if (alt.length > ALT_MAX) alt = frame(lang, HEAD[layout], { count: items.length, items: clip(label(items[0])) });
    long.push(head(items.length));
    items.forEach((i, n) => {
      const subs = nodes.filter((x, k) => k !== i && isUnder(nodes, k, i)).map((x) => x.text);
      const item = subs.length ? frame(lang, 'diagram.withSub', { item: label(i), sub: subs.join(frame(lang, 'listSep')) }) : label(i);
      long.push(layout === 'process' ? frame(lang, 'diagram.step', { n: n + 1, text: item }) : item);
    });
  }
  return { alt, long: long.join('\n') };
}

/** Whether node k hangs (at any depth) under node i. */
function isUnder(nodes: DiagramNode[], k: number, i: number): boolean {
  for (let p = nodes[k].parent, guard = 0; p !== null && guard < 64; p = nodes[p].parent, guard++) if (p === i) return true;
  return false;
}
