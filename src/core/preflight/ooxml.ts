/** Pure readers for the OPC/PresentationML parts the audit needs. */
import { attr, scanTags } from './xml-scan';

export interface ContentTypes {
  defaults: Map<string, string>;
  /** Lower-cased part name without the leading slash → content type. */
  overrides: Map<string, string>;
}

export function parseContentTypes(xml: string): ContentTypes {
  const defaults = new Map<string, string>();
  const overrides = new Map<string, string>();
  scanTags(xml, (t) => {
    if (t.kind === 'close') return;
    const type = attr(t.attrs, 'ContentType');
    if (type === null) return;
    if (t.name === 'Default') {
      const ext = attr(t.attrs, 'Extension');
      if (ext !== null) defaults.set(ext.toLowerCase(), type);
    } else if (t.name === 'Override') {
      const part = attr(t.attrs, 'PartName');
      if (part !== null) overrides.set(part.replace(/^\//, '').toLowerCase(), type);
    }
  });
  return { defaults, overrides };
}

export function contentTypeOf(ct: ContentTypes, part: string): string | null {
  const o = ct.overrides.get(part.toLowerCase());
  if (o) return o;
  const dot = part.lastIndexOf('.');
  return dot >= 0 ? (ct.defaults.get(part.slice(dot + 1).toLowerCase()) ?? null) : null;
}

export type DeckKind = 'presentation' | 'slideshow' | 'template';

export interface MainType {
  kind: DeckKind;
  macro: boolean;
  /** The extension this content type is saved with. */
  ext: string;
}

/** Reads the presentation's main content type; null for anything that is not PresentationML. */
export function mainTypeOf(contentType: string | null): MainType | null {
  const m = /presentationml\.(presentation|slideshow|template)\.main\+xml|ms-powerpoint\.(presentation|slideshow|template)\.macroenabled\.main\+xml/i.exec(contentType ?? '');
  if (!m) return null;
  const kind = (m[1] ?? m[2]).toLowerCase() as DeckKind;
  const macro = m[2] !== undefined;
  const ext = { presentation: '.ppt', slideshow: '.pps', template: '.pot' }[kind] + (macro ? 'm' : 'x');
  return { kind, macro, ext };
}

export function describeMainType(t: MainType): string {
  return `${t.macro ? 'macro-enabled ' : ''}${t.kind === 'presentation' ? 'deck' : t.kind} (${t.ext})`;
}

export interface Relationship {
  id: string;
  type: string;
  /** Resolved part name (no leading slash), or the raw target when external. */
  target: string;
  external: boolean;
}

/** The part a .rels file describes: ppt/_rels/presentation.xml.rels → ppt/presentation.xml. */
export function relsPathFor(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

export function parseRels(xml: string, sourcePart: string): Relationship[] {
  const out: Relationship[] = [];
  const base = sourcePart.slice(0, sourcePart.lastIndexOf('/') + 1);
  scanTags(xml, (t) => {
    if (t.kind === 'close' || t.name !== 'Relationship') return;
    const id = attr(t.attrs, 'Id');
    const type = attr(t.attrs, 'Type');
    const target = attr(t.attrs, 'Target');
    if (id === null || type === null || target === null) return;
    const external = (attr(t.attrs, 'TargetMode') ?? '').toLowerCase() === 'external';
    out.push({ id, type, target: external ? target : resolvePart(base, target), external });
  });
  return out;
}

export function resolvePart(baseDir: string, target: string): string {
  let t = target;
  try {
    t = decodeURIComponent(t);
  } catch {
    /* keep it raw: a stray % is not worth failing the audit */
  }
  const parts = (t.startsWith('/') ? t.slice(1) : baseDir + t).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

export function relTypeIs(type: string, local: string): boolean {
  return type.endsWith(`/${local}`);
}

export interface PresentationInfo {
  /** r:id of each slide in sldIdLst order. */
  slideRelIds: string[];
  strict: boolean;
  problem: string | null;
}

export function parsePresentation(xml: string): PresentationInfo {
  const slideRelIds: string[] = [];
  let strict = false;
  let rootSeen = false;
  let inList = false;
  const problem = scanTags(xml, (t) => {
    if (!rootSeen && t.kind !== 'close') {
      rootSeen = true;
      strict = /purl\.oclc\.org\/ooxml\/presentationml\/main/.test(t.attrs);
    }
    if (t.name === 'sldIdLst') inList = t.kind === 'open';
    else if (inList && t.name === 'sldId' && t.kind !== 'close') {
      const rid = attr(t.attrs, '*:id');
      if (rid) slideRelIds.push(rid);
    }
  });
  return { slideRelIds, strict, problem };
}
