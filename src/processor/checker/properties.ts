/**
 * Document properties: the presentation title (docProps/core.xml dc:title, from the first
 * slide's title), the language (the presentation's default text language, dc:language, and
 * text runs tagged with another language than the words they hold), and section names left
 * at their defaults. Title and language are taken from the deck itself, so they are fixed
 * without review; a section's name says what a person meant, so it is only flagged.
 */
import { latinScores } from '../lang/detect';
import { detectLanguage, langFromTag, LANG_NAMES, presentationLang, coreLang, scriptCounts, textSignals, type Lang } from '../lang';
import { escapeAttr, escapeText } from '../xml/escape';
import { attr, child, children, find, findAll, prefixFor, textOf, type XmlNode } from '../xml/tree';
import type { CheckContext, CheckRule, LoadedPart, PartEdit, RuleFinding } from './rule';
import { bodyText, isTitleType, placeholders } from './slide-xml';
import { langTagFor } from './lang-tag';
import { proposeTitle } from './titles';

const DC = 'http://purl.org/dc/elements/1.1/';

/** Titles Office and converters leave behind: not a title a person gave the deck. */
export function isDefaultTitle(t: string): boolean {
  const s = t.trim();
  if (!s) return true;
  if (/\.(pptx?|potx?|ppsx?|odp|key|pdf)$/i.test(s)) return true;
  if (/^(presentation|präsentation|présentation|presentación|presentazione|apresentação|presentatie|prezentacja|презентация)\s*\d*$/i.test(s)) return true;
  if (/powerpoint|pptxgenjs|google (slides|präsentationen)|^slide\s*\d+$|^folie\s*\d+$|^diapositive\s*\d+$|^title$|^titel$|^click to (add|edit)/i.test(s)) return true;
  return false;
}

/** A value set on an element's attribute (replaced, or added after the last attribute). */
function setAttr(node: XmlNode, name: string, value: string): PartEdit['splice'] {
  const a = node.attrs.find((x) => x.name === name);
  if (a) return { start: a.valueStart, end: a.valueEnd, text: escapeAttr(value, a.quote) };
  return { start: node.attrInsert, end: node.attrInsert, text: ` ${name}="${escapeAttr(value)}"` };
}

/** dc:<local> in core.xml set to `value`: filled, or added before the end of cp:coreProperties. */
function setCore(core: LoadedPart, local: string, value: string): PartEdit[] {
  const el = children(core.root, local).find((n) => n.prefix === '' || prefixFor(core.root, DC) === n.prefix) ?? find(core.root, local);
  const text = escapeText(value);
  if (el) {
    if (el.selfClosing) return [{ part: core.part, splice: { start: el.start, end: el.end, text: `<${el.name}>${text}</${el.name}>` } }];
    return [{ part: core.part, splice: { start: el.tagEnd, end: el.closeStart, text } }];
  }
  const pre = prefixFor(core.root, DC);
  const name = pre ? `${pre}:${local}` : `dc:${local}`;
  const decl = pre === undefined ? ` xmlns:dc="${DC}"` : '';
  const added = `<${name}${decl}>${text}</${name}>`;
  // an empty <cp:coreProperties …/> (templates) is opened to hold it; a second property in the
  // same run would overlap this edit and is dropped with its warning, never written outside the root
  if (core.root.selfClosing) {
    const open = core.xml.slice(core.root.start, core.root.tagEnd).replace(/\s*\/>$/, '>');
    return [{ part: core.part, splice: { start: core.root.start, end: core.root.end, text: `${open}${added}</${core.root.name}>` } }];
  }
  return [{ part: core.part, splice: { start: core.root.closeStart, end: core.root.closeStart, text: added } }];
}

function firstSlideTitle(ctx: CheckContext): string | null {
  const s = ctx.slides.find((x) => x.number === 1) ?? null;
  if (!s) return null;
  const ph = placeholders(s.root).find((x) => isTitleType(x.type));
  return ph ? bodyText(s.xml, ph.txBody) || null : null;
}

function titleFinding(ctx: CheckContext): RuleFinding[] {
  const first = firstSlideTitle(ctx);
  // no title on the first slide: the one proposed for it, as a proposal too (reviewed with it)
  const slide1 = ctx.slides.find((x) => x.number === 1);
  const proposed = !first && slide1 ? proposeTitle(slide1, ctx.slideSize.cy)?.text ?? null : null;
  const el = ctx.core ? find(ctx.core.root, 'title') : undefined;
  const current = el && ctx.core ? textOf(ctx.core.xml, el).trim() : '';
  if (current && !isDefaultTitle(current)) return [];
  const base = { rule: 'document-title' as const, slide: null, part: ctx.core?.part ?? 'docProps/core.xml', target: 'title', current: current || null };
  if (!ctx.core) return [{ ...base, outcome: 'flagged', message: 'The deck has no document properties, so it has no title: set one in PowerPoint (File › Info › Title).', trust: 'none' }];
  if (!first && proposed) {
    return [
      {
        ...base,
        outcome: 'proposed',
        proposal: proposed,
        trust: 'evidence',
        written: true,
        message: `The presentation had ${current ? `a default title (“${current}”)` : 'no title'}, and its first slide has none: set to the title proposed for slide 1, “${proposed}”, for a person to approve.`,
        edits: setCore(ctx.core, 'title', proposed),
      } as RuleFinding & { edits: PartEdit[] },
    ];
  }
  if (!first) {
    return [{ ...base, outcome: 'flagged', message: `The presentation has ${current ? `a default title (“${current}”)` : 'no title'}, and its first slide has none to take: set one in PowerPoint (File › Info › Title).`, trust: 'none' }];
  }
  return [
    {
      ...base,
      outcome: 'fixed',
      proposal: first,
      trust: 'data',
      written: true,
      message: `The presentation had ${current ? `a default title (“${current}”)` : 'no title'}: set to the first slide’s title, “${first}”.`,
      edits: setCore(ctx.core, 'title', first),
    } as RuleFinding & { edits: PartEdit[] },
  ];
}

/** The presentation's default text language (defaultTextStyle's defPPr/defRPr), set to `tag`. */
function setPresentationLang(pres: LoadedPart, tag: string): PartEdit[] {
  const style = find(pres.root, 'defaultTextStyle');
  if (style && !style.selfClosing) {
    const out: PartEdit[] = [];
    const defPPr = child(style, 'defPPr');
    const defRPr = defPPr ? child(defPPr, 'defRPr') : undefined;
    if (defRPr) out.push({ part: pres.part, splice: setAttr(defRPr, 'lang', tag) });
    else if (defPPr && defPPr.selfClosing) out.push({ part: pres.part, splice: { start: defPPr.start, end: defPPr.end, text: `<${defPPr.name}><${defPPr.prefix ? defPPr.prefix + ':' : ''}defRPr lang="${escapeAttr(tag)}"/></${defPPr.name}>` } });
    else if (defPPr) out.push({ part: pres.part, splice: { start: defPPr.closeStart, end: defPPr.closeStart, text: `<${defPPr.prefix ? defPPr.prefix + ':' : ''}defRPr lang="${escapeAttr(tag)}"/>` } });
    else {
      const pre = style.children[0]?.prefix ?? 'a';
      const qn = (l: string) => (pre ? `${pre}:${l}` : l);
      out.push({ part: pres.part, splice: { start: style.tagEnd, end: style.tagEnd, text: `<${qn('defPPr')}><${qn('defRPr')} lang="${escapeAttr(tag)}"/></${qn('defPPr')}>` } });
    }
    // the level styles PowerPoint writes a lang on too
    for (const lvl of style.children) {
      if (!/^lvl\dpPr$/.test(lvl.local)) continue;
      const r = child(lvl, 'defRPr');
      const cur = r ? attr(r, 'lang') : undefined;
      if (r && cur && cur !== tag) out.push({ part: pres.part, splice: setAttr(r, 'lang', tag) });
    }
    return out;
  }
  return [];
}

const scriptOf = (lang: Lang) => (lang === 'ru' ? 'cyrillic' : lang === 'ar' ? 'arabic' : lang === 'he' ? 'hebrew' : lang === 'ko' ? 'hangul' : lang === 'ja' || lang === 'zh' ? 'cjk' : 'latin');

function dominantScript(text: string): string {
  const c = scriptCounts(text);
  const groups: Array<[string, number]> = [
    ['latin', c.latin],
    ['cyrillic', c.cyrillic],
    ['cjk', c.han + c.kana],
    ['hangul', c.hangul],
    ['arabic', c.arabic],
    ['hebrew', c.hebrew],
    ['greek', c.greek],
  ];
  groups.sort((a, b) => b[1] - a[1]);
  return groups[0][1] > 0 ? groups[0][0] : 'none';
}

/**
 * Runs on a slide tagged another language than the words they hold (a German lecture
 * typed on an English Office: en-US everywhere). Only where the slide's own words say its
 * language (function words, or a non-Latin script), and never a run whose own words say
 * it is in the language it is tagged with (an English quotation stays English).
 */
function runLanguageFindings(ctx: CheckContext): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const s of ctx.slides) {
    const signals = textSignals(s.xml, s.root);
    const own = detectLanguage(signals.map((x) => ({ text: x.text })), { fallback: s.lang });
    if (!(own.by === 'words' || (own.by === 'script' && scriptOf(own.lang) !== 'latin')) || own.lang !== s.lang) continue;
    const tag = langTagFor(s.lang, ctx.langTags);
    const edits: PartEdit[] = [];
    const was = new Map<string, number>();
    for (const r of [...findAll(s.root, 'r'), ...findAll(s.root, 'fld')]) {
      const rPr = child(r, 'rPr');
      const t = child(r, 't');
      const cur = rPr ? attr(rPr, 'lang') : undefined;
      if (!rPr || !t || !cur) continue;
      const tl = langFromTag(cur);
      if (!tl || tl === s.lang) continue;
      const text = textOf(s.xml, t);
      if (!/\p{L}/u.test(text) || dominantScript(text) !== scriptOf(s.lang)) continue;
      const alone = detectLanguage([{ text }], { fallback: s.lang });
      if (alone.lang === tl && alone.by !== 'fallback') continue;
      // a phrase whose own function words lean to the tagged language stays it ("The kidney filters the blood")
      const words = latinScores(text);
      if ((words.get(tl) ?? 0) > (words.get(s.lang) ?? 0)) continue;
      edits.push({ part: s.part, splice: setAttr(rPr, 'lang', tag) });
      was.set(cur, (was.get(cur) ?? 0) + 1);
    }
    if (!edits.length) continue;
    const list = [...was].map(([t, n]) => `${n} as ${LANG_NAMES[langFromTag(t)!]} (${t})`).join(', ');
    out.push({
      rule: 'document-language',
      slide: s.number,
      part: s.part,
      target: 'runs',
      outcome: 'fixed',
      current: [...was.keys()].join(', '),
      proposal: tag,
      trust: 'evidence',
      written: true,
      message: `Slide ${s.number} is in ${LANG_NAMES[s.lang]} but ${edits.length} of its text runs were marked ${list}: marked ${LANG_NAMES[s.lang]} (${tag}), so screen readers pronounce them in ${LANG_NAMES[s.lang]}.`,
      edits,
    } as RuleFinding & { edits: PartEdit[] });
  }
  return out;
}

function languageFindings(ctx: CheckContext): RuleFinding[] {
  const strong = ctx.deckLangBy !== 'fallback';
  const presTag = (() => {
    try {
      return presentationLang(ctx.presentation.xml);
    } catch {
      return null;
    }
  })();
  const coreTag = ctx.core ? coreLang(ctx.core.xml) : null;
  const out: RuleFinding[] = [];
  const lang = ctx.deckLang;
  const wrongPres = langFromTag(presTag) !== lang;
  const wrongCore = !!ctx.core && langFromTag(coreTag) !== lang;
  if (strong && (wrongPres || wrongCore)) {
    const tag = langTagFor(lang, ctx.langTags);
    // two places name the deck's language: the default text language of new text (presentation.xml)
    // and the document's language (core.xml); each is its own finding, fixed where it can be written
    if (wrongPres) {
      const edits = setPresentationLang(ctx.presentation, tag);
      const current = presTag ? `the default text language ${presTag}` : 'no default text language';
      out.push({
        rule: 'document-language',
        slide: null,
        part: ctx.presentation.part,
        target: 'default',
        outcome: edits.length ? 'fixed' : 'flagged',
        current: presTag,
        proposal: tag,
        trust: 'evidence',
        written: edits.length > 0,
        message: edits.length
          ? `The deck is written in ${LANG_NAMES[lang]} but had ${current}: set to ${LANG_NAMES[lang]} (${tag}).`
          : `The deck is written in ${LANG_NAMES[lang]} but has ${current}, and no default text style AltDeck could set it in: set it in PowerPoint (Review › Language).`,
        edits,
      } as RuleFinding & { edits: PartEdit[] });
    }
    if (wrongCore && ctx.core) {
      const edits = setCore(ctx.core, 'language', tag);
      out.push({
        rule: 'document-language',
        slide: null,
        part: ctx.core.part,
        target: 'language',
        outcome: 'fixed',
        current: coreTag,
        proposal: tag,
        trust: 'evidence',
        written: true,
        message: `The deck is written in ${LANG_NAMES[lang]} but its document properties named ${coreTag ? `the language ${coreTag}` : 'no language'}: set to ${LANG_NAMES[lang]} (${tag}).`,
        edits,
      } as RuleFinding & { edits: PartEdit[] });
    }
  } else if (!strong && !presTag && !coreTag && ctx.slides.some((s) => s.scan.texts.length)) {
    out.push({
      rule: 'document-language',
      slide: null,
      part: ctx.presentation.part,
      target: 'default',
      outcome: 'flagged',
      current: null,
      proposal: null,
      trust: 'none',
      message: 'The deck names no language and its text is too short to tell which one it is: set it in PowerPoint (Review › Language).',
    });
  }
  return [...out, ...runLanguageFindings(ctx)];
}

// Names PowerPoint gives sections it creates, in the languages Office ships most
const DEFAULT_SECTION = /^(default section|untitled section|standardabschnitt|abschnitt ohne titel|section par défaut|section sans titre|sección predeterminada|sección sin título|sezione predefinita|sezione senza titolo|seção padrão|seção sem título|secção predefinida|standaardsectie|sectie zonder titel|раздел по умолчанию|раздел без заголовка|sekcja domyślna|sekcja bez tytułu|既定のセクション|タイトルなしのセクション|默认节|无标题节|기본 구역|제목 없는 구역|المقطع الافتراضي|مقطع بدون عنوان|מקטע ברירת מחדל|מקטע ללא כותרת)(\s*\d+)?$/i;

function sectionFindings(ctx: CheckContext): { findings: RuleFinding[]; sections: number } {
  const list = findAll(ctx.presentation.root, 'sectionLst')[0];
  const sections = list ? children(list, 'section') : [];
  const findings: RuleFinding[] = [];
  sections.forEach((sec, i) => {
    const name = (attr(sec, 'name') ?? '').trim();
    if (name && !DEFAULT_SECTION.test(name)) return;
    findings.push({
      rule: 'default-section-name',
      slide: null,
      part: ctx.presentation.part,
      target: attr(sec, 'id') ?? String(i + 1),
      outcome: 'flagged',
      current: name || null,
      proposal: null,
      trust: 'none',
      message: `Section ${i + 1} is named ${name ? `“${name}”` : 'nothing'}, which says nothing about its slides: give it a name in PowerPoint (right-click the section › Rename Section).`,
    });
  });
  return { findings, sections: sections.length };
}

export const propertiesRule: CheckRule = {
  ids: ['document-title', 'document-language', 'default-section-name'],
  run(ctx, opts) {
    const title = titleFinding(ctx);
    const lang = languageFindings(ctx);
    const sec = sectionFindings(ctx);
    const all = [...title, ...lang, ...sec.findings] as Array<RuleFinding & { edits?: PartEdit[] }>;
    const edits: PartEdit[] = [];
    const findings: RuleFinding[] = all.map(({ edits: e, ...f }) => {
      if (e?.length && opts.fix) edits.push(...e);
      return f;
    });
    return {
      findings,
      checked: { 'document-title': 1, 'document-language': (ctx.core ? 2 : 1) + ctx.slides.length, 'default-section-name': sec.sections },
      edits,
    };
  },
};
