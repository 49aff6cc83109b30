/** Open Packaging Conventions plumbing: relationships, part names, content types. */
import { attr, attrLocal, children, parseXml } from '../xml/tree';
import { posix } from 'node:path';

export interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
  /** Resolved part name (no leading slash) when internal. */
  part: string | null;
}

/** ppt/slides/slide1.xml -> ppt/slides/_rels/slide1.xml.rels */
export function relsPartFor(part: string): string {
  const dir = posix.dirname(part);
  const base = posix.basename(part);
  return (dir === '.' ? '' : dir + '/') + '_rels/' + base + '.rels';
}

/** Resolve a relationship target against the part that owns it. */
export function resolveTarget(sourcePart: string, target: string): string {
  let t = target;
  try {
    t = decodeURIComponent(target);
  } catch {
    // keep it as written
  }
  t = t.replace(/\\/g, '/');
  if (t.startsWith('/')) return posix.normalize(t.slice(1));
  const base = posix.dirname(sourcePart);
  return posix.normalize(posix.join(base === '.' ? '' : base, t)).replace(/^(\.\.\/)+/, '');
}

export function parseRels(sourcePart: string, xml: string): Map<string, Relationship> {
  const map = new Map<string, Relationship>();
  const root = parseXml(xml);
  for (const r of children(root, 'Relationship')) {
    const id = attr(r, 'Id');
    const target = attr(r, 'Target') ?? '';
    if (!id) continue;
    const external = (attr(r, 'TargetMode') ?? '').toLowerCase() === 'external';
    map.set(id, {
      id,
      type: attr(r, 'Type') ?? '',
      target,
      external,
      part: external ? null : resolveTarget(sourcePart, target),
    });
  }
  return map;
}

export interface ContentTypes {
  defaults: Map<string, string>;
  overrides: Map<string, string>;
}

export function parseContentTypes(xml: string): ContentTypes {
  const root = parseXml(xml);
  const defaults = new Map<string, string>();
  const overrides = new Map<string, string>();
  for (const c of root.children) {
    if (c.local === 'Default') defaults.set((attr(c, 'Extension') ?? '').toLowerCase(), attr(c, 'ContentType') ?? '');
    if (c.local === 'Override') overrides.set((attr(c, 'PartName') ?? '').replace(/^\//, '').toLowerCase(), attr(c, 'ContentType') ?? '');
  }
  return { defaults, overrides };
}

export function contentTypeOf(ct: ContentTypes, part: string): string {
  const o = ct.overrides.get(part.toLowerCase());
  if (o) return o;
  const ext = posix.extname(part).slice(1).toLowerCase();
  return ct.defaults.get(ext) ?? '';
}

/** Relationship type ends, the same in transitional and strict OOXML. */
export const REL = {
  officeDocument: /\/officeDocument$/,
  slide: /\/slide$/,
  slideLayout: /\/slideLayout$/,
  slideMaster: /\/slideMaster$/,
  notesSlide: /\/notesSlide$/,
  image: /\/image$/,
  chart: /\/chart$/,
  diagramData: /\/diagramData$/,
  diagramDrawing: /\/diagramDrawing$/,
  signatureOrigin: /\/digital-signature\/origin$/,
};

export { attrLocal };
