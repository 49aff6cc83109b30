/**
 * The audit of a deck whose container is sound: slides, pictures, pictures missing
 * ALT text, graphic frames, hidden slides, signature and macros. Reads only
 * [Content_Types].xml, the relationships, presentation.xml and the slides.
 * Damage inside parts becomes a warning, never a rejection: the processor decides.
 */
import type { DeckAudit } from '../../shared/types';
import { auditSlideXml } from './slide-audit';
import { contentTypeOf, describeMainType, mainTypeOf, parseContentTypes, parsePresentation, parseRels, relsPathFor, relTypeIs } from './ooxml';
import type { RandomReader } from './reader';
import { decodeXml } from './xml-scan';
import type { ZipDirectory } from './zip-directory';
import { readEntry } from './zip-entry';

export const MAX_XML_PART_BYTES = 64 * 1024 ** 2;

export interface AuditOutcome {
  audit: DeckAudit;
  warnings: string[];
  /** `${slide part}#${cNvPr id}` of each picture missing ALT, and pictures flagged decorative (for read-back). */
  missingShapes: string[];
  decorative: number;
}

export const SIGNED_WARNING = 'digitally signed: AltDeck will leave it unchanged';

/** Facts the central directory gives for free (used with and without the full audit). */
export function directoryFacts(dir: ZipDirectory): { signed: boolean; vba: boolean; slideParts: string[] } {
  const slideParts: string[] = [];
  let signed = false;
  let vba = false;
  for (const e of dir.entries) {
    const n = e.name.toLowerCase();
    if (n.startsWith('_xmlsignatures/')) signed = true;
    if (n.endsWith('vbaproject.bin')) vba = true;
    if (/^ppt\/slides\/slide\d+\.xml$/.test(n)) slideParts.push(e.name);
  }
  slideParts.sort((a, b) => slideNumber(a) - slideNumber(b));
  return { signed, vba, slideParts };
}

function slideNumber(part: string): number {
  return Number(/(\d+)\.xml$/i.exec(part)?.[1] ?? 0);
}

export function emptyAudit(dir: ZipDirectory): DeckAudit {
  const f = directoryFacts(dir);
  return {
    slides: f.slideParts.length,
    pictures: 0,
    picturesMissingAlt: 0,
    graphicFrames: 0,
    hiddenSlides: 0,
    signed: f.signed,
    macroEnabled: f.vba,
    uncompressedBytes: dir.totalUncompressed,
  };
}

export async function auditDeck(reader: RandomReader, dir: ZipDirectory, mainPart: string, ext: string): Promise<AuditOutcome> {
  const warnings: string[] = [];
  const missingShapes: string[] = [];
  let decorative = 0;
  const facts = directoryFacts(dir);
  const audit = emptyAudit(dir);
  audit.slides = 0;

  const readXml = async (part: string): Promise<string | null> => {
    const entry = dir.byName.get(part.toLowerCase());
    if (!entry) return null;
    try {
      return decodeXml(await readEntry(reader, entry, MAX_XML_PART_BYTES));
    } catch (err) {
      warnings.push(`${part} could not be read: ${(err as Error).message}`);
      return null;
    }
  };
  const noteProblem = (part: string, problem: string | null) => {
    if (problem) warnings.push(`${part} is not well-formed XML (${problem})`);
  };

  const ctXml = await readXml('[Content_Types].xml');
  if (ctXml !== null) {
    const main = mainTypeOf(contentTypeOf(parseContentTypes(ctXml), mainPart));
    if (!main) warnings.push(`${mainPart} is not declared as a PowerPoint presentation in [Content_Types].xml`);
    else {
      if (main.macro) audit.macroEnabled = true;
      if (main.ext !== ext) warnings.push(`content is a ${describeMainType(main)} but the name says ${ext}`);
    }
  }
  if (facts.vba && !audit.macroEnabled) audit.macroEnabled = true;
  if (audit.signed) warnings.push(SIGNED_WARNING);

  let slideParts: string[] | null = null;
  const presXml = await readXml(mainPart);
  if (presXml !== null) {
    const pres = parsePresentation(presXml);
    noteProblem(mainPart, pres.problem);
    if (pres.strict) warnings.push('strict OOXML (ISO/IEC 29500 Strict): some older tools cannot open it');
    const relsXml = await readXml(relsPathFor(mainPart));
    if (relsXml !== null) {
      const rels = new Map(parseRels(relsXml, mainPart).map((r) => [r.id, r]));
      slideParts = [];
      for (const id of pres.slideRelIds) {
        const rel = rels.get(id);
        if (!rel || rel.external || !relTypeIs(rel.type, 'slide')) {
          warnings.push(`slide relationship ${id} is missing from ${relsPathFor(mainPart)}`);
        } else if (!dir.byName.has(rel.target.toLowerCase())) {
          warnings.push(`slide part ${rel.target} is missing`);
        } else slideParts.push(rel.target);
      }
      const listed = new Set(slideParts.map((p) => p.toLowerCase()));
      const unlisted = facts.slideParts.filter((p) => !listed.has(p.toLowerCase())).length;
      if (unlisted > 0) {
        warnings.push(`${unlisted} slide part(s) are not listed in the presentation and were not counted`);
      }
    }
  }
  if (slideParts === null) {
    // Without a readable presentation or its relationships, the slide parts are the best evidence.
    slideParts = facts.slideParts;
    warnings.push('the slide list could not be read; counted the slide parts instead');
  }

  audit.slides = slideParts.length;
  for (const part of slideParts) {
    const xml = await readXml(part);
    if (xml === null) continue;
    const s = auditSlideXml(xml);
    noteProblem(part, s.problem);
    audit.pictures += s.pictures;
    audit.picturesMissingAlt += s.picturesMissingAlt;
    audit.graphicFrames += s.graphicFrames;
    if (s.hidden) audit.hiddenSlides++;
    for (const id of s.missingIds) missingShapes.push(`${part}#${id}`);
    decorative += s.decorative;
  }
  return { audit, warnings, missingShapes, decorative };
}
