/**
 * Which ALT texts in a deck are AltDeck's unreviewed drafts, recorded in the deck
 * itself (issue 9 §2): a caption, a file name's words or an auto-caption's description
 * reads exactly like a person's text, so without a record a re-run over AltDeck's
 * output would count its own drafts as "done".
 *
 * The record is a set of short hashes of (slide part, shape id, text), kept in custom
 * document properties named "AltDeck drafts 1", "AltDeck drafts 2", … in
 * docProps/custom.xml (File › Properties › Custom in PowerPoint). Each value stays
 * under 255 characters, the most Office keeps. A text a person changes no longer
 * matches its hash and is the person's again; a final deck written from review
 * decisions (apply mode starts from the original) carries no record for them.
 */
import { createHash } from 'node:crypto';
import { escapeAttr } from '../xml/escape';
import { attr, children, parseXml, textOf, type XmlNode } from '../xml/tree';
import type { Splice } from '../xml/splice';
import type { PartCache } from './package';

export const RECORD_PART = 'docProps/custom.xml';
const RECORD_NAME = 'AltDeck drafts';
const CUSTOM_CT = 'application/vnd.openxmlformats-officedocument.custom-properties+xml';
const CUSTOM_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties';
const CUSTOM_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/custom-properties';
const VT_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes';
const FMTID = '{D5CDD505-2E9C-101B-9397-08002B2CF9AE}';
const PER_PROPERTY = 22; // 22 × 11 characters < 255

/** The record's key for a text on a shape. */
export function draftKey(part: string, shapeId: string, text: string): string {
  return createHash('sha256').update(`${part}#${shapeId}\n${text.replace(/\s+/g, ' ').trim()}`).digest('hex').slice(0, 10);
}

export interface DraftRecord {
  keys: Set<string>;
  /** The custom properties part and its parsed root, when the deck has one. */
  xml: string | null;
  root: XmlNode | null;
}

function ours(p: XmlNode): boolean {
  return (attr(p, 'name') ?? '').startsWith(RECORD_NAME);
}

export async function readRecord(parts: PartCache): Promise<DraftRecord> {
  const xml = await parts.xml(RECORD_PART).catch(() => null);
  if (!xml) return { keys: new Set(), xml: null, root: null };
  let root: XmlNode;
  try {
    root = parseXml(xml);
  } catch {
    return { keys: new Set(), xml: null, root: null };
  }
  const keys = new Set<string>();
  for (const p of children(root, 'property')) {
    if (!ours(p)) continue;
    const v = p.children[0];
    if (v) for (const k of textOf(xml, v).split(/\s+/)) if (/^[0-9a-f]{10}$/.test(k)) keys.add(k);
  }
  return { keys, xml, root };
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((k) => b.has(k));
}

function propertiesXml(keys: string[], firstPid: number): string {
  const out: string[] = [];
  for (let i = 0; i * PER_PROPERTY < keys.length; i++) {
    const chunk = keys.slice(i * PER_PROPERTY, (i + 1) * PER_PROPERTY).join(' ');
    out.push(`<property fmtid="${FMTID}" pid="${firstPid + i}" name="${RECORD_NAME} ${i + 1}"><vt:lpwstr>${escapeAttr(chunk)}</vt:lpwstr></property>`);
  }
  return out.join('');
}

export interface RecordEdit {
  splices: Array<{ part: string; splice: Splice }>;
  added: Array<{ name: string; data: Buffer }>;
}

/** The edits that make the deck's record say exactly `keys`; null when it already does. */
export async function recordEdits(parts: PartCache, rec: DraftRecord, keys: Set<string>, entryNames: string[]): Promise<RecordEdit | null> {
  if (sameSet(rec.keys, keys)) return null;
  const sorted = [...keys].sort();
  if (rec.root && rec.xml !== null) {
    const root = rec.root;
    const splices: RecordEdit['splices'] = [];
    let maxPid = 1;
    for (const p of children(root, 'property')) {
      if (ours(p)) splices.push({ part: RECORD_PART, splice: { start: p.start, end: p.end, text: '' } });
      else maxPid = Math.max(maxPid, Number(attr(p, 'pid')) || 1);
    }
    // the vt prefix as this part declares it
    const vt = root.attrs.find((a) => a.value === VT_NS && a.name.startsWith('xmlns:'));
    let props = propertiesXml(sorted, maxPid + 1);
    if (vt && vt.name !== 'xmlns:vt') props = props.replace(/vt:/g, `${vt.name.slice(6)}:`);
    else if (!vt) props = props.replace(/<vt:lpwstr>/g, `<vt:lpwstr xmlns:vt="${VT_NS}">`);
    if (props && root.selfClosing) {
      // <Properties … /> (pandoc writes it so): open it up around our properties
      const slash = rec.xml.lastIndexOf('/', root.tagEnd);
      splices.push({ part: RECORD_PART, splice: { start: slash, end: root.tagEnd, text: `>${props}</${root.name}>` } });
    } else if (props) splices.push({ part: RECORD_PART, splice: { start: root.closeStart, end: root.closeStart, text: props } });
    return { splices, added: [] };
  }
  if (!sorted.length || entryNames.includes(RECORD_PART)) return null;
  // a new part: the part, its content type, a relationship from the package
  const ct = await parts.xml('[Content_Types].xml').catch(() => null);
  const rels = await parts.xml('_rels/.rels').catch(() => null);
  if (!ct || !rels) return null;
  const ctRoot = parseXml(ct);
  const relsRoot = parseXml(rels);
  if (ctRoot.selfClosing || relsRoot.selfClosing) return null;
  // a package has one custom-properties part; one kept elsewhere is left alone (and no record is made)
  if (children(relsRoot, 'Relationship').some((r) => /\/custom-properties$/.test(attr(r, 'Type') ?? ''))) return null;
  const ids = new Set(children(relsRoot, 'Relationship').map((r) => attr(r, 'Id')));
  let n = 1;
  while (ids.has(`rIdAltDeck${n}`)) n++;
  const data =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n` +
    `<Properties xmlns="${CUSTOM_NS}" xmlns:vt="${VT_NS}">${propertiesXml(sorted, 2)}</Properties>`;
  return {
    splices: [
      { part: '[Content_Types].xml', splice: { start: ctRoot.closeStart, end: ctRoot.closeStart, text: `<Override PartName="/${RECORD_PART}" ContentType="${CUSTOM_CT}"/>` } },
      { part: '_rels/.rels', splice: { start: relsRoot.closeStart, end: relsRoot.closeStart, text: `<Relationship Id="rIdAltDeck${n}" Type="${CUSTOM_REL}" Target="${RECORD_PART}"/>` } },
    ],
    added: [{ name: RECORD_PART, data: Buffer.from(data, 'utf8') }],
  };
}
