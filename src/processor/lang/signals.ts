/**
 * Language evidence out of the deck's XML: every text run with the language Office
 * tagged it with (a:rPr/@lang, else the paragraph's a:endParaRPr or the list
 * style's a:defRPr), and the presentation's defaults (ppt/presentation.xml
 * defaultTextStyle, docProps/core.xml dc:language).
 */
import { attr, child, find, findAll, parseXml, textOf, type XmlNode } from '../xml/tree';
import type { LangSignal } from './detect';

function langOf(node: XmlNode | undefined): string | null {
  return node ? (attr(node, 'lang') ?? null) : null;
}

/** Text runs of a slide, chart, diagram or notes part, each with its tag; a chart's cached labels untagged. */
export function textSignals(xml: string, root: XmlNode = parseXml(xml)): LangSignal[] {
  const out: LangSignal[] = [];
  for (const body of [...findAll(root, 'txBody'), ...findAll(root, 'rich'), ...findAll(root, 't').filter((t) => t.prefix === 'dgm')]) {
    const lstStyle = child(body, 'lstStyle');
    const bodyDefault = lstStyle ? langOf(find(lstStyle, 'defRPr')) : null;
    for (const p of findAll(body, 'p')) {
      const pPr = child(p, 'pPr');
      const pDefault = langOf(pPr ? child(pPr, 'defRPr') : undefined) ?? langOf(child(p, 'endParaRPr')) ?? bodyDefault;
      for (const r of p.children) {
        if (r.local !== 'r' && r.local !== 'fld') continue;
        const t = child(r, 't');
        if (!t) continue;
        const text = textOf(xml, t);
        if (!text.trim()) continue;
        out.push({ text, lang: langOf(child(r, 'rPr')) ?? pDefault });
      }
    }
  }
  // a chart's series and category names (untagged: c:lang is the template's, not the author's)
  for (const cache of [...findAll(root, 'strCache'), ...findAll(root, 'strDim')]) {
    for (const pt of findAll(cache, 'pt')) {
      const text = textOf(xml, pt).trim();
      if (text && /\p{L}/u.test(text)) out.push({ text, lang: null });
    }
  }
  return out;
}

/** The default text language of the presentation (defaultTextStyle), or null. */
export function presentationLang(presentationXml: string): string | null {
  const root = parseXml(presentationXml);
  const style = find(root, 'defaultTextStyle');
  if (!style) return null;
  const defPPr = child(style, 'defPPr');
  return langOf(defPPr ? child(defPPr, 'defRPr') : undefined) ?? langOf(find(style, 'defRPr'));
}

/** docProps/core.xml dc:language, or null. */
export function coreLang(coreXml: string): string | null {
  const node = find(parseXml(coreXml), 'language');
  const v = node ? textOf(coreXml, node).trim() : '';
  return v || null;
}
