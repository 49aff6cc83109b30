/**
 * Missing slide title and Duplicate slide title (PowerPoint's names). A slide's title is
 * the text of its title placeholder; a text box at the top is not one to a screen reader.
 *
 * Missing: a title is proposed from the slide's top text, else its largest text, else its
 * layout (a custom layout's own title text or name), and written into the title placeholder
 * (one is added when the slide has none) placed just above the slide: PowerPoint's own fix
 * for a title the slide should not show, so the slide looks exactly as before while screen
 * readers and the outline have its title. Always a proposal, for a person to approve.
 * Duplicate: the second and later slides of a title get "(continued)" (two slides in a row)
 * or "(2)", "(3)" in the slide's language, appended to the title's last run.
 */
import type { CheckFinding } from '../../shared/checker';
import { frame } from '../lang';
import { escapeText } from '../xml/escape';
import { attr, child, textOf, type XmlNode } from '../xml/tree';
import type { Box } from '../deck/geometry';
import { findingKey, type CheckContext, type CheckOptions, type CheckRule, type CheckSlide, type PartEdit, type RuleFinding } from './rule';
import { bodyText, isTitleType, largestFont, layoutName, maxShapeId, paragraphXml, placeholderBox, placeholders, prefixes, q, type Placeholder } from './slide-xml';
import { langTagFor } from './lang-tag';
import { draftKey } from '../deck/own-record';
import { findAll } from '../xml/tree';

const MAX_TITLE = 120;
const IGNORED_PLACEHOLDERS = new Set(['title', 'ctrTitle', 'sldNum', 'dt', 'ftr', 'hdr']);
// layout names PowerPoint, LibreOffice and Google Slides give their stock layouts: not a title
const STOCK_LAYOUT = /^(title|blank|section|content|comparison|picture|caption|two|vertical|custom|layout|only|obj|tx|default|standard|normal|office|folie|diapositive|titel|título|titolo|leer|vide|en blanco|vuoto|\d+[_ ]|[\s\d_-]*$)/i;

/** The shape id a title draft is recorded under (deck/own-record.ts): the slide has one title. */
export const TITLE_DRAFT = 'title';
export const isTitleRule = (rule: string) => rule === 'missing-slide-title' || rule === 'duplicate-slide-title';

export const normTitle = (t: string) => t.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase();

/** A title of one line, cut at a word before MAX_TITLE characters. */
function oneLine(text: string): string {
  const first = text.split('\n').map((l) => l.trim()).find((l) => /\p{L}/u.test(l)) ?? '';
  const t = first.replace(/\s+/g, ' ').trim();
  if (t.length <= MAX_TITLE) return t;
  const cut = t.slice(0, MAX_TITLE);
  const sp = cut.lastIndexOf(' ');
  return (sp > 40 ? cut.slice(0, sp) : cut).replace(/[\s,;:–-]+$/u, '');
}

interface Proposal {
  text: string;
  from: 'top' | 'largest' | 'layout';
}

/** Where the words for a missing title come from, best first. */
export function proposeTitle(slide: CheckSlide, slideHeight: number): Proposal | null {
  const candidates: Array<{ text: string; box: Box | null; font: number | null; lines: number; z: number }> = [];
  for (const t of slide.scan.texts) {
    if (t.placeholder && IGNORED_PLACEHOLDERS.has(t.placeholder)) continue;
    const text = oneLine(t.text);
    if ((text.match(/\p{L}/gu)?.length ?? 0) < 2) continue;
    const box = t.box ?? (t.placeholder && t.node ? placeholderBox({ sp: t.node, type: t.placeholder, idx: t.phIdx ?? null }, slide.layout, slide.master) : null);
    candidates.push({ text, box, font: largestFont(t.node ? child(t.node, 'txBody') : undefined), lines: t.text.split('\n').length, z: t.z });
  }
  const top = candidates.filter((c) => c.box && c.box.y < 0.2 * slideHeight && c.lines <= 2).sort((a, b) => a.box!.y - b.box!.y || a.z - b.z)[0];
  if (top) return { text: top.text, from: 'top' };
  const sized = candidates.filter((c) => c.font !== null).sort((a, b) => b.font! - a.font!);
  if (sized.length && (sized.length === 1 || sized[0].font! > sized[1].font!) && sized[0].lines <= 3) return { text: sized[0].text, from: 'largest' };
  // A custom layout's name ("Case presentation") says what its slides are. The text in a
  // layout's title placeholder never does: it is the prompt PowerPoint shows while editing
  // ("Click to edit Master title style"), never shown on a slide (corpus poi__51187.pptx).
  if (slide.layout) {
    const { name, type } = layoutName(slide.layout);
    if (name && (!type || type === 'cust') && !STOCK_LAYOUT.test(name) && (name.match(/\p{L}/gu)?.length ?? 0) >= 3) return { text: oneLine(name), from: 'layout' };
  }
  return null;
}

const FROM_WORDS: Record<Proposal['from'], string> = {
  top: 'the text at the top of the slide',
  largest: 'the largest text on the slide',
  layout: 'the slide’s layout',
};

/** The title placeholder's box above the slide (same size and left edge as the layout's title). */
function offSlideBox(slide: CheckSlide, ctx: CheckContext, ph: Placeholder | undefined): Box {
  const fromLayout = placeholderBox(ph ?? { sp: { children: [] } as unknown as XmlNode, type: 'title', idx: null }, slide.layout, slide.master);
  const cx = fromLayout?.cx ?? Math.round(ctx.slideSize.cx * 0.9);
  const cy = fromLayout?.cy ?? Math.round(ctx.slideSize.cy * 0.15);
  const x = fromLayout?.x ?? Math.round(ctx.slideSize.cx * 0.05);
  return { x, y: -cy - 91440, cx, cy };
}

const xfrmXml = (a: string, b: Box) => `<${q(a, 'xfrm')}><${q(a, 'off')} x="${Math.round(b.x)}" y="${Math.round(b.y)}"/><${q(a, 'ext')} cx="${Math.round(b.cx)}" cy="${Math.round(b.cy)}"/></${q(a, 'xfrm')}>`;

/** The splices that write `text` as the slide's title, placed above the slide. */
export function writeTitle(slide: CheckSlide, ctx: CheckContext, text: string, langTag: string): PartEdit[] {
  const { p, a, declareA } = prefixes(slide.root);
  const ph = placeholders(slide.root).find((x) => isTitleType(x.type));
  const box = offSlideBox(slide, ctx, ph);
  const para = paragraphXml(a, text, langTag);
  const edits: PartEdit[] = [];
  const at = (start: number, end: number, t: string) => edits.push({ part: slide.part, splice: { start, end, text: t } });
  if (ph) {
    // the empty title placeholder: its text, and a position above the slide
    const spPr = child(ph.sp, 'spPr');
    if (!spPr) at(ph.cNvPr?.parent?.end ?? ph.sp.tagEnd, ph.cNvPr?.parent?.end ?? ph.sp.tagEnd, `<${q(p, 'spPr')}>${xfrmXml(a, box)}</${q(p, 'spPr')}>`);
    else if (spPr.selfClosing) at(spPr.start, spPr.end, `<${spPr.name}>${xfrmXml(a, box)}</${spPr.name}>`);
    else {
      const xfrm = child(spPr, 'xfrm');
      if (xfrm) at(xfrm.start, xfrm.end, xfrmXml(a, box));
      else at(spPr.tagEnd, spPr.tagEnd, xfrmXml(a, box));
    }
    const tx = ph.txBody;
    if (tx && !tx.selfClosing) {
      const paras = tx.children.filter((c) => c.local === 'p');
      if (paras.length) at(paras[0].start, paras[paras.length - 1].end, para);
      else at(tx.closeStart, tx.closeStart, para);
    } else {
      const ext = child(ph.sp, 'extLst');
      const body = `<${q(p, 'txBody')}><${q(a, 'bodyPr')}/><${q(a, 'lstStyle')}/>${para}</${q(p, 'txBody')}>`;
      if (tx) at(tx.start, tx.end, body);
      else at(ext ? ext.start : ph.sp.closeStart, ext ? ext.start : ph.sp.closeStart, body);
    }
    return edits;
  }
  const cSld = child(slide.root, 'cSld');
  const tree = cSld ? child(cSld, 'spTree') : undefined;
  if (!tree || tree.selfClosing) return [];
  // first in the shape tree: a screen reader reads the title before anything else
  const after = child(tree, 'grpSpPr') ?? child(tree, 'nvGrpSpPr');
  const pos = after ? after.end : tree.tagEnd;
  const id = maxShapeId(slide.root) + 1;
  const sp =
    `<${q(p, 'sp')}${declareA}><${q(p, 'nvSpPr')}><${q(p, 'cNvPr')} id="${id}" name="Title ${id}"/><${q(p, 'cNvSpPr')}><${q(a, 'spLocks')} noGrp="1"/></${q(p, 'cNvSpPr')}>` +
    `<${q(p, 'nvPr')}><${q(p, 'ph')} type="title"/></${q(p, 'nvPr')}></${q(p, 'nvSpPr')}><${q(p, 'spPr')}>${xfrmXml(a, box)}</${q(p, 'spPr')}>` +
    `<${q(p, 'txBody')}><${q(a, 'bodyPr')}/><${q(a, 'lstStyle')}/>${para}</${q(p, 'txBody')}></${q(p, 'sp')}>`;
  at(pos, pos, sp);
  return edits;
}

/** The last run text of a title: a suffix goes at its end, so the title keeps its formatting. */
function lastRunText(slide: CheckSlide, ph: Placeholder): XmlNode | null {
  const ts = ph.txBody ? findAll(ph.txBody, 't').filter((t) => (t.parent?.local === 'r' || t.parent?.local === 'fld') && !t.selfClosing && textOf(slide.xml, t).trim()) : [];
  return ts[ts.length - 1] ?? null;
}

export const titleRule: CheckRule = {
  ids: ['missing-slide-title', 'duplicate-slide-title'],
  run(ctx: CheckContext, opts: CheckOptions) {
    const findings: RuleFinding[] = [];
    const edits: PartEdit[] = [];
    const titled: Array<{ slide: CheckSlide; ph: Placeholder; title: string }> = [];
    const missing: CheckSlide[] = [];
    const drafted: RuleFinding[] = [];
    for (const slide of ctx.slides) {
      const ph = placeholders(slide.root).find((x) => isTitleType(x.type));
      const title = ph ? bodyText(slide.xml, ph.txBody) : '';
      if (ph && title) titled.push({ slide, ph, title });
      else missing.push(slide);
      // a title AltDeck wrote in an earlier run and nobody approved is still a draft, not the author's
      if (ph && title && ctx.draftKeys.has(draftKey(slide.part, TITLE_DRAFT, title))) {
        drafted.push({
          rule: 'missing-slide-title',
          slide: slide.number,
          part: slide.part,
          target: '',
          outcome: 'proposed',
          message: `Slide ${slide.number}'s title “${title}” is AltDeck's draft from an earlier run, awaiting a person's review.`,
          current: title,
          proposal: title,
          trust: 'evidence',
          written: true,
        });
      }
    }
    const used = new Set(titled.map((t) => normTitle(t.title)));
    /** `title` told apart from every title used so far: "(2)", "(3)"… in the slide's language. */
    const distinct = (title: string, lang: CheckSlide['lang'], start = 2) => {
      for (let n = start; n < 1000; n++) {
        const t = frame(lang, 'title.numbered', { title, n });
        if (!used.has(normTitle(t))) return t;
      }
      return title;
    };
    const decide = (f: CheckFinding, write: (text: string) => PartEdit[]) => {
      const d = opts.decisions?.get(findingKey(f));
      if (opts.decisions) {
        if (!d || d.action === 'reject') return;
        const text = d.action === 'edit' && d.text?.trim() ? d.text.trim() : f.proposal;
        if (!text) return;
        edits.push(...write(text));
        f.written = true;
        if (d.action === 'edit') f.proposal = text;
        f.trust = 'person';
        return;
      }
      if (!f.proposal) return;
      edits.push(...write(f.proposal));
      f.written = true;
    };

    // ---- duplicates: the first slide keeps its title ----
    const groups = new Map<string, typeof titled>();
    for (const t of titled) {
      const k = normTitle(t.title);
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k)!.push(t);
    }
    for (const [k, list] of groups) {
      if (list.length < 2) continue;
      list.forEach((t, i) => {
        if (i === 0) return;
        const prev = list[i - 1];
        const continued = list.length === 2 && t.slide.number === prev.slide.number + 1;
        let proposal = continued ? frame(t.slide.lang, 'title.continued', { title: t.title }) : distinct(t.title, t.slide.lang, i + 1);
        if (used.has(normTitle(proposal))) proposal = distinct(t.title, t.slide.lang, i + 1);
        used.add(normTitle(proposal));
        const last = lastRunText(t.slide, t.ph);
        const f: RuleFinding = {
          rule: 'duplicate-slide-title',
          slide: t.slide.number,
          part: t.slide.part,
          target: (t.ph.cNvPr ? attr(t.ph.cNvPr, 'id') : undefined) ?? '',
          outcome: last ? 'proposed' : 'flagged',
          message: `Slide ${t.slide.number} has the same title as slide ${list[0].slide.number} (“${t.title}”).${last ? ` Proposed “${proposal}” to tell them apart.` : ' A person needs to tell them apart.'}`,
          current: t.title,
          proposal: last ? proposal : null,
          trust: last ? 'evidence' : 'none',
          groupKey: `duplicate-slide-title|${k}`,
        };
        if (last && proposal.startsWith(t.title)) {
          const suffix = proposal.slice(t.title.length);
          // the suffix replaces the run's trailing spaces ("kidney " → "kidney (continued)")
          const trailing = /\s*$/.exec(t.slide.xml.slice(last.tagEnd, last.closeStart))![0].length;
          decide(f, (text) => {
            // an edited title replaces the title's words; the proposal only appends its suffix
            if (text === proposal) return [{ part: t.slide.part, splice: { start: last.closeStart - trailing, end: last.closeStart, text: escapeText(suffix) } }];
            return replaceTitleText(t.slide, t.ph, text);
          });
        } else if (last) decide(f, (text) => replaceTitleText(t.slide, t.ph, text));
        findings.push(f);
      });
    }

    // ---- missing ----
    for (const slide of missing) {
      const p = proposeTitle(slide, ctx.slideSize.cy);
      let text = p?.text ?? null;
      if (text && used.has(normTitle(text))) text = distinct(text, slide.lang);
      if (text) used.add(normTitle(text));
      const f: RuleFinding = {
        rule: 'missing-slide-title',
        slide: slide.number,
        part: slide.part,
        target: '',
        outcome: text ? 'proposed' : 'flagged',
        message: text
          ? `Slide ${slide.number} has no title. Proposed “${text}” from ${FROM_WORDS[p!.from]}, placed just above the slide (screen readers read it; the slide looks the same).`
          : `Slide ${slide.number} has no title, and nothing on it suggests one: a person needs to write it.`,
        current: null,
        proposal: text,
        trust: text ? 'evidence' : 'none',
      };
      const tag = langTagFor(slide.lang, ctx.langTags);
      decide(f, (t) => writeTitle(slide, ctx, t, tag));
      findings.push(f);
    }
    findings.push(...drafted);
    findings.sort((x, y) => (x.slide ?? 0) - (y.slide ?? 0));
    return {
      findings,
      checked: { 'missing-slide-title': ctx.slides.length, 'duplicate-slide-title': titled.length },
      edits,
    };
  },
};

/** A reviewer's own words for a title that has some: the title's paragraphs replaced by one. */
function replaceTitleText(slide: CheckSlide, ph: Placeholder, text: string): PartEdit[] {
  const tx = ph.txBody;
  if (!tx || tx.selfClosing) return [];
  const paras = tx.children.filter((c) => c.local === 'p');
  if (!paras.length) return [];
  const { a } = prefixes(slide.root);
  // keep the first run's formatting
  const firstR = findAll(paras[0], 'r')[0];
  const rPr = firstR ? child(firstR, 'rPr') : undefined;
  const rPrXml = rPr ? slide.xml.slice(rPr.start, rPr.end) : '';
  const para = `<${q(a, 'p')}><${q(a, 'r')}>${rPrXml}<${q(a, 't')}>${escapeText(text)}</${q(a, 't')}></${q(a, 'r')}></${q(a, 'p')}>`;
  return [{ part: slide.part, splice: { start: paras[0].start, end: paras[paras.length - 1].end, text: para } }];
}
