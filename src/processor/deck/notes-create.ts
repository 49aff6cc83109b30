/**
 * A new notes page for a slide that has none, so a chart's or diagram's long
 * description has somewhere to go. Three changes, all additive: the new part
 * (and its relationships to the notes master and the slide), one Relationship
 * in the slide's rels, one Override in [Content_Types].xml. Only done when the
 * deck already has a notes master (creating one would restyle every notes page).
 */
import { posix } from 'node:path';
import { escapeAttr, escapeText } from '../xml/escape';
import { attr, children, parseXml } from '../xml/tree';
import type { Splice } from '../xml/splice';
import { relsPartFor } from './opc';
import type { PartCache } from './package';

const NOTES_CT = 'application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml';

interface Namespaces {
  a: string;
  r: string;
  p: string;
  rel: string;
}

const TRANSITIONAL: Namespaces = {
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  p: 'http://schemas.openxmlformats.org/presentationml/2006/main',
  rel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
};
const STRICT: Namespaces = {
  a: 'http://purl.oclc.org/ooxml/drawingml/main',
  r: 'http://purl.oclc.org/ooxml/officeDocument/relationships',
  p: 'http://purl.oclc.org/ooxml/presentationml/main',
  rel: 'http://purl.oclc.org/ooxml/officeDocument/relationships',
};

export interface NotesCreation {
  /** Splices into existing parts (slide rels, content types). */
  splices: Array<{ part: string; splice: Splice }>;
  /** New parts to add to the archive, in order. */
  added: Array<{ name: string; data: Buffer }>;
  warnings: string[];
}

function notesXml(ns: Namespaces, lines: string[]): string {
  const paras = lines.map((l) => `<a:p><a:r><a:rPr lang="en-US" dirty="0"/><a:t>${escapeText(l)}</a:t></a:r></a:p>`).join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n` +
    `<p:notes xmlns:a="${ns.a}" xmlns:r="${ns.r}" xmlns:p="${ns.p}"><p:cSld><p:spTree>` +
    `<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>` +
    `<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image Placeholder 1"/><p:cNvSpPr><a:spLocks noGrp="1" noRot="1" noChangeAspect="1"/></p:cNvSpPr><p:nvPr><p:ph type="sldImg"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>` +
    `<p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes Placeholder 2"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr><p:spPr/>` +
    `<p:txBody><a:bodyPr/><a:lstStyle/>${paras}</p:txBody></p:sp>` +
    `</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>`
  );
}

function relsXml(rels: Array<{ id: string; type: string; target: string }>): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n` +
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    rels.map((r) => `<Relationship Id="${r.id}" Type="${escapeAttr(r.type)}" Target="${escapeAttr(r.target)}"/>`).join('') +
    `</Relationships>`
  );
}

function relTarget(fromPart: string, toPart: string): string {
  return posix.relative(posix.dirname(fromPart), toPart);
}

export async function createNotesPages(
  requests: Map<string, string[]>,
  presentationPart: string,
  existingNames: string[],
  parts: PartCache,
): Promise<NotesCreation> {
  const out: NotesCreation = { splices: [], added: [], warnings: [] };
  if (!requests.size) return out;
  const presRels = await parts.relsOf(presentationPart);
  const master = [...presRels.values()].find((r) => /\/notesMaster$/.test(r.type) && r.part)?.part;
  if (!master || !existingNames.includes(master)) {
    for (const slide of requests.keys()) out.warnings.push(`${slide} has no notes page and the deck has no notes master: long descriptions are only in the report`);
    return out;
  }
  const presXml = (await parts.xml(presentationPart)) ?? '';
  const ns = presXml.includes(STRICT.p) ? STRICT : TRANSITIONAL;
  const ctXml = (await parts.xml('[Content_Types].xml')) ?? '';
  let ctRoot;
  try {
    ctRoot = parseXml(ctXml);
  } catch {
    out.warnings.push('[Content_Types].xml cannot be edited: long descriptions are only in the report');
    return out;
  }
  const taken = new Set(existingNames.map((n) => n.toLowerCase()));
  let n = 1;
  const overrides: string[] = [];
  for (const [slide, lines] of requests) {
    const slideRelsPart = relsPartFor(slide);
    const slideRelsXml = await parts.xml(slideRelsPart).catch(() => null);
    let relsRoot;
    try {
      relsRoot = slideRelsXml ? parseXml(slideRelsXml) : null;
    } catch {
      out.warnings.push(`${slideRelsPart} cannot be edited: long descriptions for ${slide} are only in the report`);
      continue;
    }
    if (!relsRoot || relsRoot.selfClosing) {
      out.warnings.push(`${slide} has no relationships part: long descriptions are only in the report`);
      continue;
    }
    while (taken.has(`ppt/notesslides/notesslide${n}.xml`)) n++;
    const name = `ppt/notesSlides/notesSlide${n}.xml`;
    taken.add(name.toLowerCase());
    const ids = new Set(children(relsRoot, 'Relationship').map((r) => attr(r, 'Id')));
    let k = 1;
    while (ids.has(`rId${k}`)) k++;
    out.splices.push({
      part: slideRelsPart,
      splice: {
        start: relsRoot.closeStart,
        end: relsRoot.closeStart,
        text: `<Relationship Id="rId${k}" Type="${ns.rel}/notesSlide" Target="${escapeAttr(relTarget(slide, name))}"/>`,
      },
    });
    out.added.push({ name, data: Buffer.from(notesXml(ns, lines), 'utf8') });
    out.added.push({
      name: relsPartFor(name),
      data: Buffer.from(
        relsXml([
          { id: 'rId1', type: `${ns.rel}/notesMaster`, target: relTarget(name, master) },
          { id: 'rId2', type: `${ns.rel}/slide`, target: relTarget(name, slide) },
        ]),
        'utf8',
      ),
    });
    overrides.push(`<Override PartName="/${name}" ContentType="${NOTES_CT}"/>`);
  }
  if (overrides.length) out.splices.push({ part: '[Content_Types].xml', splice: { start: ctRoot.closeStart, end: ctRoot.closeStart, text: overrides.join('') } });
  return out;
}
