/**
 * The deck as a package: where the presentation part is, its slides in
 * presentation order (sldIdLst, not file names), and whether it is signed.
 */
import { posix } from 'node:path';
import type { ZipSource } from '../zip/reader';
import { attr, attrLocal, child, children, parseXml, type XmlNode } from '../xml/tree';
import { parseContentTypes, parseRels, relsPartFor, REL, type ContentTypes, type Relationship } from './opc';

export class DeckFormatError extends Error {
  constructor(public readonly sentence: string) {
    super(sentence);
  }
}

export interface SlideRef {
  number: number;
  part: string;
  hidden: boolean;
}

export interface DeckPackage {
  contentTypes: ContentTypes;
  presentationPart: string;
  slides: SlideRef[];
  slideSize: { cx: number; cy: number };
  signed: boolean;
  /** Decoded XML of parts we read, by part name (slides, rels, charts, ...). */
  text: Map<string, string>;
  rels: Map<string, Map<string, Relationship>>;
  warnings: string[];
}

export function decodeXml(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf);
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf);
  return buf.toString('utf8');
}

/** UTF-16 parts are left alone: an edit would have to re-encode the whole part. */
export function isUtf8Part(buf: Buffer): boolean {
  return !(buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)));
}

export class PartCache {
  readonly text = new Map<string, string>();
  readonly utf8 = new Map<string, boolean>();
  readonly rels = new Map<string, Map<string, Relationship>>();
  constructor(private readonly zip: ZipSource) {}

  async xml(part: string): Promise<string | null> {
    if (this.text.has(part)) return this.text.get(part)!;
    if (!this.zip.has(part)) return null;
    const buf = await this.zip.read(part);
    const s = decodeXml(buf);
    this.text.set(part, s);
    this.utf8.set(part, isUtf8Part(buf));
    return s;
  }

  async relsOf(part: string): Promise<Map<string, Relationship>> {
    const cached = this.rels.get(part);
    if (cached) return cached;
    let map = new Map<string, Relationship>();
    try {
      const x = await this.xml(relsPartFor(part));
      if (x) map = parseRels(part, x);
    } catch {
      // unreadable rels: the part keeps its XML but its pictures have no media
    }
    this.rels.set(part, map);
    return map;
  }
}

export async function readPackage(zip: ZipSource, parts: PartCache): Promise<DeckPackage> {
  const ctXml = await parts.xml('[Content_Types].xml').catch(() => null);
  if (ctXml === null) throw new DeckFormatError('The file is a ZIP archive but not a PowerPoint deck (no [Content_Types].xml inside).');
  let contentTypes: ContentTypes;
  try {
    contentTypes = parseContentTypes(ctXml);
  } catch {
    throw new DeckFormatError('The deck is damaged: its list of contents ([Content_Types].xml) cannot be read. Open it in PowerPoint and save a new copy.');
  }
  const rootRels = await parts.relsOf('');
  let presentationPart = [...rootRels.values()].find((r) => REL.officeDocument.test(r.type) && !r.external)?.part ?? null;
  if (!presentationPart || !zip.has(presentationPart)) presentationPart = zip.has('ppt/presentation.xml') ? 'ppt/presentation.xml' : null;
  if (!presentationPart) throw new DeckFormatError('The file is a ZIP archive but not a PowerPoint deck (no presentation inside). Check that it is the right file.');
  let pres: XmlNode;
  const presXml = (await parts.xml(presentationPart))!;
  try {
    pres = parseXml(presXml);
  } catch {
    throw new DeckFormatError('The deck is damaged: its main part (presentation.xml) is not readable. Open it in PowerPoint and save a new copy.');
  }
  const presRels = await parts.relsOf(presentationPart);
  const warnings: string[] = [];
  const slides: SlideRef[] = [];
  const seen = new Set<string>();
  const lst = child(pres, 'sldIdLst');
  for (const s of lst ? children(lst, 'sldId') : []) {
    const rid = attrLocal(s, 'id');
    const rel = rid ? presRels.get(rid) : undefined;
    if (!rel?.part || !zip.has(rel.part) || seen.has(rel.part)) {
      if (rid) warnings.push(`slide relationship ${rid} points to a missing part`);
      continue;
    }
    seen.add(rel.part);
    slides.push({ number: slides.length + 1, part: rel.part, hidden: false });
  }
  // Slides present as parts but missing from sldIdLst are not shown by PowerPoint: not processed.
  const sz = child(pres, 'sldSz');
  const slideSize = { cx: Number(attr(sz ?? pres, 'cx') ?? 9144000) || 9144000, cy: Number(attr(sz ?? pres, 'cy') ?? 6858000) || 6858000 };
  const signed =
    [...rootRels.values()].some((r) => REL.signatureOrigin.test(r.type)) ||
    zip.names().some((n) => /^_xmlsignatures\/.+\.xml$/i.test(n) && !/origin\.sigs$/i.test(n) && posix.basename(n).startsWith('sig'));
  return { contentTypes, presentationPart, slides, slideSize, signed, text: parts.text, rels: parts.rels, warnings };
}
