/** Shape positions in slide EMUs, through group transforms. */
import { attr, child, type XmlNode } from '../xml/tree';

export interface Box {
  x: number;
  y: number;
  cx: number;
  cy: number;
}

/** Maps a group's child coordinates into slide coordinates. */
export type Transform = (b: Box) => Box;
export const IDENTITY: Transform = (b) => b;

function num(n: XmlNode | undefined, a: string): number | null {
  if (!n) return null;
  const v = Number(attr(n, a));
  return Number.isFinite(v) ? v : null;
}

export function readXfrm(xfrm: XmlNode | undefined): Box | null {
  if (!xfrm) return null;
  const off = child(xfrm, 'off');
  const ext = child(xfrm, 'ext');
  const x = num(off, 'x');
  const y = num(off, 'y');
  const cx = num(ext, 'cx');
  const cy = num(ext, 'cy');
  if (x === null || y === null || cx === null || cy === null) return null;
  return { x, y, cx, cy };
}

/** The transform a group applies to its children (a:grpSpPr/a:xfrm with chOff/chExt). */
export function groupTransform(parent: Transform, grpXfrm: XmlNode | undefined): Transform {
  if (!grpXfrm) return parent;
  const box = readXfrm(grpXfrm);
  const chOff = child(grpXfrm, 'chOff');
  const chExt = child(grpXfrm, 'chExt');
  const cx0 = num(chOff, 'x');
  const cy0 = num(chOff, 'y');
  const cw = num(chExt, 'cx');
  const ch = num(chExt, 'cy');
  if (!box || cx0 === null || cy0 === null || !cw || !ch) return parent;
  const sx = box.cx / cw;
  const sy = box.cy / ch;
  return (b) => parent({ x: box.x + (b.x - cx0) * sx, y: box.y + (b.y - cy0) * sy, cx: b.cx * sx, cy: b.cy * sy });
}

export function overlapX(a: Box, b: Box): number {
  return Math.max(0, Math.min(a.x + a.cx, b.x + b.cx) - Math.max(a.x, b.x));
}

export function overlapArea(a: Box, b: Box): number {
  const h = Math.max(0, Math.min(a.y + a.cy, b.y + b.cy) - Math.max(a.y, b.y));
  return overlapX(a, b) * h;
}
