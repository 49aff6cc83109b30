/**
 * "Check reading order" (issue 13). A screen reader reads a slide's objects in the order of
 * the shape tree (p:spTree), not as they appear. This rule compares that order with the
 * visual one and proposes the visual order for review; it never reorders on its own.
 *
 * Visual order: the title first; then a recursive XY cut: a horizontal gap splits the
 * objects into bands read top to bottom, a vertical gap splits a band into columns read
 * left to right (two columns under a title are read column by column). Boxes are shrunk
 * by 0.05″ so a hairline overlap does not glue two objects together. Where objects overlap
 * so that no cut separates them (text over a picture), their file order stands: nothing
 * there says which comes first. Only what a reader meets is ordered: text (placeholders with
 * no text are not shown), pictures, tables, charts, diagrams, media, groups; connectors and
 * empty shapes keep their place.
 */
import type { CheckFinding } from '../../shared/checker';
import { attr, child, type XmlNode } from '../xml/tree';
import type { Splice } from '../xml/splice';
import { readXfrm, type Box } from '../deck/geometry';

export interface OrderSlide {
  number: number;
  part: string;
  xml: string;
  root: XmlNode;
}

/** Where a placeholder without its own position is drawn (its layout's, then its master's). */
export type PlaceholderBox = (ph: { sp: XmlNode; type: string; idx: string | null }) => Box | null;

export interface OrderItem {
  id: string;
  name: string;
  /** The top-level element in p:spTree (what moves when the order changes). */
  node: XmlNode;
  box: Box;
  title: boolean;
}

const EMU_PER_INCH = 914400;
const SLACK = 0.05 * EMU_PER_INCH;

function nvOf(shape: XmlNode): { cNvPr?: XmlNode; ph?: XmlNode } {
  const nv = shape.children.find((c) => c.local.startsWith('nv') && c.local.endsWith('Pr'));
  const nvPr = nv ? child(nv, 'nvPr') : undefined;
  return { cNvPr: nv ? child(nv, 'cNvPr') : undefined, ph: nvPr ? child(nvPr, 'ph') : undefined };
}

function hasText(xml: string, sp: XmlNode): boolean {
  const tx = child(sp, 'txBody');
  if (!tx) return false;
  return /<(?:\w+:)?t(?:\s[^>]*)?>[^<]*\S/.test(xml.slice(tx.start, tx.end));
}

/** The element that draws an mc:AlternateContent (its first branch's first shape). */
function drawn(shape: XmlNode): XmlNode | undefined {
  if (shape.local !== 'AlternateContent') return shape;
  const br = shape.children.find((c) => c.local === 'Choice' || c.local === 'Fallback');
  return br?.children.find((c) => ['sp', 'pic', 'graphicFrame', 'grpSp', 'contentPart'].includes(c.local));
}

/** The objects a reader meets, in file (spTree) order, with their boxes; null when one cannot be placed. */
export function orderItems(xml: string, root: XmlNode, placeholderBox: PlaceholderBox = () => null): OrderItem[] | null {
  const cSld = child(root, 'cSld');
  const tree = cSld ? child(cSld, 'spTree') : undefined;
  if (!tree) return [];
  const out: OrderItem[] = [];
  for (const top of tree.children) {
    const shape = drawn(top);
    if (!shape || shape.local === 'cxnSp' || shape.local === 'contentPart') continue;
    const { cNvPr, ph } = nvOf(shape);
    let box: Box | null = null;
    if (shape.local === 'sp') {
      const spPr = child(shape, 'spPr');
      const picture = spPr ? !!child(spPr, 'blipFill') : false;
      if (!hasText(xml, shape) && !picture) continue;
      box = readXfrm(spPr ? child(spPr, 'xfrm') : undefined);
      if (!box && ph) box = placeholderBox({ sp: shape, type: attr(ph, 'type') ?? 'body', idx: attr(ph, 'idx') ?? null });
    } else if (shape.local === 'pic') {
      const spPr = child(shape, 'spPr');
      box = readXfrm(spPr ? child(spPr, 'xfrm') : undefined);
      if (!box && ph) box = placeholderBox({ sp: shape, type: attr(ph, 'type') ?? 'body', idx: attr(ph, 'idx') ?? null });
    } else if (shape.local === 'graphicFrame') {
      box = readXfrm(child(shape, 'xfrm'));
      if (!box && ph) box = placeholderBox({ sp: shape, type: attr(ph, 'type') ?? 'body', idx: attr(ph, 'idx') ?? null });
    } else if (shape.local === 'grpSp') {
      const g = child(shape, 'grpSpPr');
      box = readXfrm(g ? child(g, 'xfrm') : undefined);
    } else continue;
    const type = ph ? (attr(ph, 'type') ?? 'body') : null;
    // the date, footer and slide number say nothing about the order of the content: they keep their place
    if (type === 'dt' || type === 'ftr' || type === 'sldNum') continue;
    if (!box) return null;
    out.push({ id: (cNvPr && attr(cNvPr, 'id')) || '', name: (cNvPr && attr(cNvPr, 'name')) || '', node: top, box, title: type === 'title' || type === 'ctrTitle' });
  }
  return out;
}

interface Span {
  lo: number;
  hi: number;
}

/** Split items where a gap runs across all of them along one axis; null when no gap does. */
function cut(items: OrderItem[], axis: 'x' | 'y'): OrderItem[][] | null {
  const span = (b: Box): Span => (axis === 'y' ? { lo: b.y + SLACK, hi: b.y + b.cy - SLACK } : { lo: b.x + SLACK, hi: b.x + b.cx - SLACK });
  const sorted = [...items].sort((a, b) => span(a.box).lo - span(b.box).lo);
  const groups: OrderItem[][] = [];
  let end = -Infinity;
  for (const it of sorted) {
    const s = span(it.box);
    if (groups.length && s.lo < end) groups[groups.length - 1].push(it);
    else groups.push([it]);
    end = Math.max(end, Math.max(s.hi, s.lo));
  }
  return groups.length > 1 ? groups : null;
}

function xyOrder(items: OrderItem[], fileIndex: Map<OrderItem, number>, rtl: boolean): OrderItem[] {
  if (items.length <= 1) return items;
  const bands = cut(items, 'y');
  if (bands) return bands.flatMap((b) => xyOrder(b, fileIndex, rtl));
  const cols = cut(items, 'x');
  if (cols) return (rtl ? cols.reverse() : cols).flatMap((c) => xyOrder(c, fileIndex, rtl));
  // overlapping objects: nothing says which comes first, so the file's order stands
  return [...items].sort((a, b) => fileIndex.get(a)! - fileIndex.get(b)!);
}

/** The visual reading order: titles first, then bands top to bottom, columns left to right (right to left in Arabic and Hebrew). */
export function visualOrder(items: OrderItem[], rtl = false): OrderItem[] {
  const fileIndex = new Map(items.map((it, i) => [it, i]));
  const titles = items.filter((i) => i.title);
  return [...titles, ...xyOrder(items.filter((i) => !i.title), fileIndex, rtl)];
}

const label = (it: OrderItem) => `“${it.name || `shape ${it.id}`}”`;

export function checkReadingOrder(slide: OrderSlide, placeholderBox?: PlaceholderBox, rtl = false): { finding: CheckFinding | null; checked: boolean; items: OrderItem[]; proposed: OrderItem[] } {
  const items = orderItems(slide.xml, slide.root, placeholderBox);
  if (!items || items.length < 2) return { finding: null, checked: !!items, items: items ?? [], proposed: items ?? [] };
  const proposed = visualOrder(items, rtl);
  const differs = proposed.some((it, i) => it !== items[i]);
  if (!differs) return { finding: null, checked: true, items, proposed };
  // the first object read too early: what a listener notices
  const k = proposed.findIndex((it, i) => it !== items[i]);
  const early = items[k];
  const due = proposed[k];
  return {
    checked: true,
    items,
    proposed,
    finding: {
      rule: 'reading-order',
      slide: slide.number,
      part: slide.part,
      target: '',
      outcome: 'proposed',
      message: `A screen reader reads ${label(early)} before ${label(due)}, unlike the slide's layout (top to bottom, ${rtl ? 'right to left' : 'left to right'}${items.some((i) => i.title) ? ', title first' : ''}). Check the order in Arrange › Reading Order; the proposed order follows the layout.`,
      current: items.map((i) => i.id).join(','),
      proposal: proposed.map((i) => i.id).join(','),
      trust: 'evidence',
    },
  };
}

/**
 * The edits that put the shape tree into `order` (shape ids). Only the objects outside the
 * longest run already in order move: each is cut from its place and inserted before the next
 * object that stays (or after the last), so edits inside the objects that stay (ALT text,
 * link text) do not collide with the move. Everything not listed keeps its place. Null when
 * the ids do not match the slide any more (it changed since it was reviewed).
 */
export function reorderSplices(xml: string, items: OrderItem[], order: string[], pinned: ReadonlySet<string> = new Set()): Splice[] | null {
  if (order.length !== items.length) return null;
  const byId = new Map(items.map((i) => [i.id, i]));
  // shape ids should be unique on a slide; where a generator repeated one, an order of ids is ambiguous
  if (byId.size !== items.length || new Set(order).size !== order.length) return null;
  const wanted = order.map((id) => byId.get(id));
  if (wanted.some((w) => !w)) return null;
  return reorderTo(xml, items, wanted as OrderItem[], pinned);
}

/** The same, to an order of the slide's own objects (the proposal as computed: safe with repeated ids). */
export function reorderTo(xml: string, items: OrderItem[], wanted: OrderItem[], pinned: ReadonlySet<string> = new Set()): Splice[] {
  const rank = new Map(wanted.map((w, i) => [w!, i]));
  // the heaviest run already in order stays (O(n²); a slide has tens of objects): every object
  // weighs 1, one that another edit changes (`pinned`: approved link text…) far more, so it
  // stays where it is and that edit does not collide with the move
  const ranks = items.map((it) => rank.get(it)!);
  const weight = items.map((it) => (pinned.has(it.id) ? 1000 : 1));
  const best: number[] = [];
  const prev: number[] = [];
  ranks.forEach((r, i) => {
    best[i] = weight[i];
    prev[i] = -1;
    for (let j = 0; j < i; j++) {
      if (ranks[j] < r && best[j] + weight[i] > best[i]) {
        best[i] = best[j] + weight[i];
        prev[i] = j;
      }
    }
  });
  let end = -1;
  best.forEach((b, i) => {
    if (end < 0 || b > best[end]) end = i;
  });
  const stays = new Set<OrderItem>();
  for (let k = end; k >= 0; k = prev[k]) stays.add(items[k]);
  const out: Splice[] = [];
  const lastStay = wanted.filter((w) => stays.has(w!)).pop()!;
  wanted.forEach((w, i) => {
    if (stays.has(w!)) return;
    const text = xml.slice(w!.node.start, w!.node.end);
    const next = wanted.slice(i + 1).find((x) => stays.has(x!));
    const at = next ? next.node.start : lastStay.node.end;
    out.push({ start: w!.node.start, end: w!.node.end, text: '' });
    out.push({ start: at, end: at, text });
  });
  return out;
}
