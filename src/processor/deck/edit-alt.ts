/**
 * The edits the processor makes to a part, as splices of the source text:
 * the `descr` attribute of a cNvPr start tag, the decorative flag inside the
 * cNvPr, and a paragraph appended to a notes body. Nothing else moves.
 */
import { escapeAttr, escapeText } from '../xml/escape';
import { child, prefixFor, type XmlNode } from '../xml/tree';
import type { Splice } from '../xml/splice';
import { DECORATIVE_EXT_URI } from './slide-objects';

const DML = ['http://schemas.openxmlformats.org/drawingml/2006/main', 'http://purl.oclc.org/ooxml/drawingml/main'];
const ADEC = 'http://schemas.microsoft.com/office/drawing/2017/decorative';

export function setDescr(cNvPr: XmlNode, text: string): Splice {
  const existing = cNvPr.attrs.find((a) => a.name === 'descr');
  if (existing) return { start: existing.valueStart, end: existing.valueEnd, text: escapeAttr(text, existing.quote) };
  // right after name="…" where PowerPoint puts it, else after the last attribute
  const name = cNvPr.attrs.find((a) => a.name === 'name');
  const at = name ? name.valueEnd + 1 : cNvPr.attrInsert;
  return { start: at, end: at, text: ` descr="${escapeAttr(text)}"` };
}

function dmlPrefix(root: XmlNode): { prefix: string; declare: string } {
  for (const uri of DML) {
    const p = prefixFor(root, uri);
    if (p) return { prefix: p, declare: '' };
  }
  const strict = root.attrs.some((a) => a.value.startsWith('http://purl.oclc.org/ooxml/'));
  return { prefix: 'a', declare: ` xmlns:a="${strict ? DML[1] : DML[0]}"` };
}

export function setDecorative(root: XmlNode, cNvPr: XmlNode): Splice {
  const { prefix, declare } = dmlPrefix(root);
  const q = (p: string, local: string) => (p ? `${p}:${local}` : local);
  const ext = (p: string) => `<${q(p, 'ext')} uri="${DECORATIVE_EXT_URI}"><adec:decorative xmlns:adec="${ADEC}" val="1"/></${q(p, 'ext')}>`;
  const extLst = cNvPr.selfClosing ? undefined : child(cNvPr, 'extLst');
  if (extLst && !extLst.selfClosing) return { start: extLst.closeStart, end: extLst.closeStart, text: ext(extLst.prefix) };
  if (extLst) return { start: extLst.tagEnd - 2, end: extLst.tagEnd, text: `>${ext(extLst.prefix)}</${extLst.name}>` };
  const list = `<${prefix}:extLst${declare}>${ext(prefix)}</${prefix}:extLst>`;
  if (cNvPr.selfClosing) return { start: cNvPr.tagEnd - 2, end: cNvPr.tagEnd, text: `>${list}</${cNvPr.name}>` };
  return { start: cNvPr.closeStart, end: cNvPr.closeStart, text: list };
}

/** Append paragraphs to a notes body's txBody (before its end tag). */
export function appendNotesParagraphs(root: XmlNode, txBody: XmlNode, lines: string[]): Splice | null {
  if (txBody.selfClosing) return null;
  const { prefix, declare } = dmlPrefix(root);
  if (declare) return null;
  const paras = lines.map((l) => `<${prefix}:p><${prefix}:r><${prefix}:t>${escapeText(l)}</${prefix}:t></${prefix}:r></${prefix}:p>`).join('');
  return { start: txBody.closeStart, end: txBody.closeStart, text: paras };
}
