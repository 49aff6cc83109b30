/**
 * Finding every image-like object on a slide, in presentation (z) order:
 * pictures (also in groups and in both branches of mc:AlternateContent), shapes
 * with picture fills, graphic frames (chart, table, SmartArt, OLE — never the
 * OLE's fallback picture), video and audio. Also collects the slide's text
 * shapes, which give the context for captions.
 */
import type { AltItemKind } from '../../shared/types';
import { attr, attrLocal, child, find, findAll, textOf, type XmlNode } from '../xml/tree';
import { groupTransform, IDENTITY, readXfrm, type Box, type Transform } from './geometry';

export const DECORATIVE_EXT_URI = '{C183D7F6-B498-43B3-948B-1728B52AA6E4}';

export interface SlideObject {
  kind: AltItemKind;
  /** p:cNvPr of the shape; ALT is written here. */
  cNvPr: XmlNode;
  /** The same shape in other mc:AlternateContent branches: written identically. */
  aliases: XmlNode[];
  shapeId: string;
  shapeName: string;
  descr: string | null;
  title: string | null;
  decorative: boolean;
  /** r:embed / r:link of the picture (blip), if any. */
  blipRid: string | null;
  blipLinked: boolean;
  /** chart, SmartArt data, OLE relationship ids. */
  chartRid?: string;
  diagramDataRid?: string;
  table?: XmlNode;
  oleProgId?: string;
  box: Box | null;
  inGroup: boolean;
  /** Index in z-order among everything drawn on the slide (text shapes included). */
  z: number;
  placeholder: string | null;
  /** a:hlinkClick on the cNvPr: clicking the object goes somewhere (sources/link.ts). */
  link?: { rid: string; action: string | null } | null;
  /** Drawn with a pen (p14:contentPart ink; this is its fallback picture). */
  ink?: boolean;
  /**
   * The mc:Choice branch that PowerPoint 2010 and later show draws this object without a cNvPr
   * of the same id: ALT written here reaches only older versions (issue 14 §5).
   */
  altUnseen?: boolean;
}

export interface TextShape {
  text: string;
  box: Box | null;
  /** ph type: title, ctrTitle, body, subTitle, ... or null for a plain text box. */
  placeholder: string | null;
  z: number;
  /** cNvPr id of the shape ('' when it has none) and its p:sp element: checker rules edit it. */
  shapeId?: string;
  node?: XmlNode;
  /** ph idx, which ties a placeholder to its layout's (position, size inherited from there). */
  phIdx?: string | null;
}

export interface SlideScan {
  objects: SlideObject[];
  texts: TextShape[];
}

// transitional (…/drawingml/2006/chart) and strict (purl.oclc.org/ooxml/drawingml/chart)
const URI = {
  chart: /\/drawingml\/(2006\/)?chart$/,
  chartex: /\/drawing\/2014\/chartex$/,
  table: /\/drawingml\/(2006\/)?table$/,
  diagram: /\/drawingml\/(2006\/)?diagram$/,
  ole: /\/presentationml\/(2006\/)?ole$/,
  model3d: /\/drawing\/2017\/model3d$/,
};

export function isDecorativeFlag(cNvPr: XmlNode): boolean {
  const extLst = child(cNvPr, 'extLst');
  if (!extLst) return false;
  for (const ext of extLst.children) {
    if (ext.local !== 'ext' || attr(ext, 'uri')?.toUpperCase() !== DECORATIVE_EXT_URI) continue;
    const d = child(ext, 'decorative');
    const v = d ? attr(d, 'val') : undefined;
    if (v === '1' || v === 'true') return true;
  }
  return false;
}

function linkOf(cNvPr: XmlNode): SlideObject['link'] {
  const h = child(cNvPr, 'hlinkClick');
  if (!h) return null;
  return { rid: attrLocal(h, 'id') ?? '', action: attr(h, 'action') ?? null };
}

function nvProps(shape: XmlNode): { cNvPr?: XmlNode; nvPr?: XmlNode } {
  const nv = shape.children.find((c) => c.local.startsWith('nv') && c.local.endsWith('Pr'));
  if (!nv) return {};
  return { cNvPr: child(nv, 'cNvPr'), nvPr: child(nv, 'nvPr') };
}

function placeholderType(nvPr: XmlNode | undefined): string | null {
  const ph = nvPr ? child(nvPr, 'ph') : undefined;
  if (!ph) return null;
  return attr(ph, 'type') ?? 'body';
}

export function paragraphsText(xml: string, txBody: XmlNode): string {
  const paras: string[] = [];
  for (const p of txBody.children) {
    if (p.local !== 'p') continue;
    let s = '';
    for (const r of p.children) {
      if (r.local === 'r' || r.local === 'fld') {
        const t = child(r, 't');
        if (t) s += textOf(xml, t);
      } else if (r.local === 'br') s += '\n';
    }
    s = s.replace(/[ \t\u00a0]+/g, ' ').trim();
    if (s) paras.push(s);
  }
  return paras.join('\n');
}

const within = (outer: XmlNode, inner: XmlNode) => inner.start >= outer.start && inner.end <= outer.end;

/**
 * A branch can draw an object without our reporting it there: ink is a p14:contentPart in
 * the Choice (its picture is the Fallback), an equation a p:sp with a14:m math (its picture a
 * picture-filled p:sp in the Fallback). Its cNvPr (same id: ids are unique on a slide) is
 * what PowerPoint 2010 and later read, so the ALT is written there too, and a person's ALT
 * found only there counts as the object's. A Choice with no such cNvPr cannot carry ALT.
 */
function adoptCarriers(o: SlideObject, branches: XmlNode[]): void {
  for (const br of branches) {
    if (within(br, o.cNvPr) || o.aliases.some((c) => within(br, c))) continue;
    const carrier = o.shapeId ? findAll(br, 'cNvPr').find((c) => attr(c, 'id') === o.shapeId) : undefined;
    if (carrier) o.aliases.push(carrier);
    else if (br.local === 'Choice' && br.children.length) o.altUnseen = true;
  }
  for (const c of o.aliases) {
    if (!o.descr) o.descr = attr(c, 'descr') ?? o.descr;
    if (!o.title) o.title = attr(c, 'title') ?? o.title;
    if (isDecorativeFlag(c)) o.decorative = true;
  }
}

export function scanSlide(xml: string, root: XmlNode): SlideScan {
  const objects: SlideObject[] = [];
  const texts: TextShape[] = [];
  const cSld = child(root, 'cSld');
  const spTree = cSld ? child(cSld, 'spTree') : undefined;
  if (!spTree) return { objects, texts };
  let z = 0;

  const make = (kind: AltItemKind, shape: XmlNode, cNvPr: XmlNode, nvPr: XmlNode | undefined, box: Box | null, inGroup: boolean): SlideObject => ({
    kind,
    cNvPr,
    aliases: [],
    shapeId: attr(cNvPr, 'id') ?? '',
    shapeName: attr(cNvPr, 'name') ?? '',
    descr: attr(cNvPr, 'descr') ?? null,
    title: attr(cNvPr, 'title') ?? null,
    decorative: isDecorativeFlag(cNvPr),
    blipRid: null,
    blipLinked: false,
    box,
    inGroup,
    z: z++,
    placeholder: placeholderType(nvPr),
    link: linkOf(cNvPr),
  });

  const setBlip = (o: SlideObject, blipFill: XmlNode | undefined) => {
    const blip = blipFill ? child(blipFill, 'blip') : undefined;
    if (!blip) return;
    const embed = attrLocal(blip, 'embed');
    const link = attrLocal(blip, 'link');
    o.blipRid = embed || link || null;
    o.blipLinked = !embed && !!link;
  };

  // PowerPoint nests groups a few levels deep; a deck nested thousands deep is hostile
  const MAX_DEPTH = 64;
  let depth = 0;
  const visit = (node: XmlNode, tf: Transform, inGroup: boolean, out: SlideObject[]) => {
    if (depth > MAX_DEPTH) return;
    depth++;
    try {
      visitChildren(node, tf, inGroup, out);
    } finally {
      depth--;
    }
  };
  const visitChildren = (node: XmlNode, tf: Transform, inGroup: boolean, out: SlideObject[]) => {
    for (const shape of node.children) {
      switch (shape.local) {
        case 'sp': {
          const { cNvPr, nvPr } = nvProps(shape);
          const spPr = child(shape, 'spPr');
          const raw = readXfrm(spPr ? child(spPr, 'xfrm') : undefined);
          const box = raw ? tf(raw) : null;
          const txBody = child(shape, 'txBody');
          const blipFill = spPr ? child(spPr, 'blipFill') : undefined;
          if (blipFill && cNvPr) {
            const o = make('picture-fill', shape, cNvPr, nvPr, box, inGroup);
            setBlip(o, blipFill);
            out.push(o);
          }
          if (txBody) {
            const text = paragraphsText(xml, txBody);
            const ph = nvPr ? child(nvPr, 'ph') : undefined;
            if (text) texts.push({ text, box, placeholder: placeholderType(nvPr), z: z++, shapeId: cNvPr ? (attr(cNvPr, 'id') ?? '') : '', node: shape, phIdx: ph ? (attr(ph, 'idx') ?? null) : null });
          }
          break;
        }
        case 'pic': {
          const { cNvPr, nvPr } = nvProps(shape);
          if (!cNvPr) break;
          const spPr = child(shape, 'spPr');
          const raw = readXfrm(spPr ? child(spPr, 'xfrm') : undefined);
          let kind: AltItemKind = 'picture';
          if (nvPr) {
            if (child(nvPr, 'videoFile') || child(nvPr, 'quickTimeFile')) kind = 'video';
            else if (child(nvPr, 'audioFile') || child(nvPr, 'wavAudioFile') || child(nvPr, 'audioCd')) kind = 'audio';
            else if (find(nvPr, 'media')) kind = 'video';
          }
          const o = make(kind, shape, cNvPr, nvPr, raw ? tf(raw) : null, inGroup);
          setBlip(o, child(shape, 'blipFill'));
          out.push(o);
          break;
        }
        case 'graphicFrame': {
          const { cNvPr, nvPr } = nvProps(shape);
          if (!cNvPr) break;
          const raw = readXfrm(child(shape, 'xfrm'));
          const graphic = child(shape, 'graphic');
          const gd = graphic ? child(graphic, 'graphicData') : undefined;
          const uri = gd ? attr(gd, 'uri') ?? '' : '';
          const box = raw ? tf(raw) : null;
          if (!gd) break;
          if (URI.chart.test(uri) || URI.chartex.test(uri)) {
            const o = make('chart', shape, cNvPr, nvPr, box, inGroup);
            const c = gd.children.find((x) => x.local === 'chart');
            o.chartRid = c ? attrLocal(c, 'id') : undefined;
            out.push(o);
          } else if (URI.table.test(uri)) {
            const o = make('table', shape, cNvPr, nvPr, box, inGroup);
            o.table = child(gd, 'tbl');
            out.push(o);
          } else if (URI.diagram.test(uri)) {
            const o = make('smartart', shape, cNvPr, nvPr, box, inGroup);
            const ids = child(gd, 'relIds');
            o.diagramDataRid = ids ? attrLocal(ids, 'dm') : undefined;
            out.push(o);
          } else if (URI.model3d.test(uri)) {
            // a 3D model shows as a picture; its rendered raster is the image to describe
            const o = make('picture', shape, cNvPr, nvPr, box, inGroup);
            const raster = find(gd, 'blip');
            o.blipRid = raster ? (attrLocal(raster, 'embed') ?? null) : null;
            out.push(o);
          } else if (URI.ole.test(uri)) {
            const o = make('ole', shape, cNvPr, nvPr, box, inGroup);
            const ole = findAll(gd, 'oleObj')[0];
            o.oleProgId = ole ? attr(ole, 'progId') : undefined;
            // the object's preview picture (the fallback) names the media for report thumbnails
            const preview = findAll(gd, 'blip')[0];
            if (preview) {
              o.blipRid = attrLocal(preview, 'embed') ?? null;
            }
            out.push(o);
          }
          break;
        }
        case 'grpSp': {
          const grpSpPr = child(shape, 'grpSpPr');
          visit(shape, groupTransform(tf, grpSpPr ? child(grpSpPr, 'xfrm') : undefined), true, out);
          break;
        }
        case 'AlternateContent': {
          // Both branches carry the shape; report it once (from the first branch
          // that has it) and write the same ALT into every branch.
          const branches = shape.children.filter((c) => c.local === 'Choice' || c.local === 'Fallback');
          const primary: SlideObject[] = [];
          let firstTexts = -1;
          // ink: the Choice holds a p14:contentPart, the Fallback a picture of the strokes
          const ink = branches.some((br) => br.children.some((c) => c.local === 'contentPart'));
          for (const br of branches) {
            const found: SlideObject[] = [];
            const zBefore = z;
            const textsBefore = texts.length;
            visit(br, tf, inGroup, found);
            // text of a later branch repeats the first ("This chart isn't available…"): not context
            if (firstTexts >= 0) texts.length = textsBefore;
            else if (found.length || texts.length > textsBefore) firstTexts = textsBefore;
            if (primary.length === 0) {
              primary.push(...found);
              continue;
            }
            z = Math.max(zBefore, z);
            for (let k = 0; k < found.length; k++) {
              const f = found[k];
              const match = primary.find((p) => p.shapeId === f.shapeId && p.shapeId !== '') ?? (found.length === primary.length ? primary[k] : undefined);
              if (match) match.aliases.push(f.cNvPr);
              else primary.push(f);
            }
          }
          if (ink) for (const p of primary) p.ink = true;
          for (const p of primary) adoptCarriers(p, branches);
          out.push(...primary);
          break;
        }
        default:
          break;
      }
    }
  };
  visit(spTree, IDENTITY, false, objects);
  return { objects, texts };
}
