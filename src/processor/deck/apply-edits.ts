/**
 * The splices one reviewed decision makes to one shape (apply mode). Only the
 * shape's cNvPr changes: its descr, and the decorative extension inside it.
 * A decision already true of the shape makes no splice at all, so applying the
 * same decisions to their own output changes nothing.
 */
import { attr, child, type XmlNode } from '../xml/tree';
import { stripXmlForbidden } from '../xml/escape';
import type { Splice } from '../xml/splice';
import { setDecorative, setDescr } from './edit-alt';
import { DECORATIVE_EXT_URI, isDecorativeFlag, type SlideObject } from './slide-objects';

export type ApplyAction = { action: 'set'; text: string } | { action: 'decorative' };

/** The decorative extension of a cNvPr and its adec:decorative element, whatever its value. */
function decorativeExt(cNvPr: XmlNode): { extLst: XmlNode; ext: XmlNode; flag: XmlNode | undefined } | null {
  const extLst = cNvPr.selfClosing ? undefined : child(cNvPr, 'extLst');
  if (!extLst) return null;
  for (const ext of extLst.children) {
    if (ext.local === 'ext' && attr(ext, 'uri')?.toUpperCase() === DECORATIVE_EXT_URI) return { extLst, ext, flag: child(ext, 'decorative') };
  }
  return null;
}

/**
 * Remove a decorative flag: the ext element, or the whole extLst when that ext
 * is all it holds (an empty extLst is valid but is not what PowerPoint writes).
 */
export function clearDecorative(cNvPr: XmlNode): Splice | null {
  if (!isDecorativeFlag(cNvPr)) return null;
  const found = decorativeExt(cNvPr);
  if (!found) return null;
  const { extLst, ext } = found;
  const alone = extLst.children.every((c) => c === ext || (c.local === 'ext' && attr(c, 'uri')?.toUpperCase() === DECORATIVE_EXT_URI));
  if (alone) return { start: extLst.start, end: extLst.end, text: '' };
  return { start: ext.start, end: ext.end, text: '' };
}

/** Splices for one cNvPr (call once per AlternateContent branch). */
export function cNvPrEdits(root: XmlNode, cNvPr: XmlNode, decision: ApplyAction): Splice[] {
  const out: Splice[] = [];
  const descr = attr(cNvPr, 'descr');
  if (decision.action === 'set') {
    if (descr !== stripXmlForbidden(decision.text)) out.push(setDescr(cNvPr, decision.text));
    const clear = clearDecorative(cNvPr);
    if (clear) out.push(clear);
    return out;
  }
  // PowerPoint empties the description when a picture is marked decorative
  if (descr !== '') out.push(setDescr(cNvPr, ''));
  if (!isDecorativeFlag(cNvPr)) {
    const found = decorativeExt(cNvPr);
    const val = found?.flag?.attrs.find((a) => a.name === 'val');
    // an existing extension that says val="0": turn it on rather than add a second one
    if (val) out.push({ start: val.valueStart, end: val.valueEnd, text: '1' });
    else out.push(setDecorative(root, cNvPr));
  }
  return out;
}

/** Every splice one decision makes to an object, in all its AlternateContent branches. */
export function objectEdits(root: XmlNode, obj: SlideObject, decision: ApplyAction): Splice[] {
  return [obj.cNvPr, ...obj.aliases].flatMap((c) => cNvPrEdits(root, c, decision));
}
