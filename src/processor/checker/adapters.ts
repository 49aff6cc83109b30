/**
 * Rules written against their own slide shapes (rule-tables, rule-captions, rule-hyperlinks,
 * rule-reading-order, rule-contrast) plugged into
 * the registry: slide by slide, with the score's counts and apply-mode decisions.
 */
import { checkTables, headerRowSplice } from './rule-tables';
import { checkCaptions } from './rule-captions';
import { checkHyperlinks, linkTextSplices, textLinks } from './rule-hyperlinks';
import { checkReadingOrder, reorderSplices, reorderTo } from './rule-reading-order';
import { checkContrast } from './rule-contrast';
import { placeholderBox } from './slide-xml';
import { slideTitle } from '../sources/context';
import { isRtl } from '../lang';
import { findingKey, type CheckRule, type PartEdit, type RuleFinding } from './rule';

export const tablesRule: CheckRule = {
  ids: ['missing-table-header', 'merged-cells'],
  run(ctx, opts) {
    const findings: RuleFinding[] = [];
    const edits: PartEdit[] = [];
    let tables = 0;
    for (const s of ctx.slides) {
      const objects = s.scan.objects;
      tables += objects.filter((o) => o.kind === 'table' && o.table).length;
      const r = checkTables({ number: s.number, part: s.part, xml: s.xml, root: s.root, objects });
      edits.push(...r.splices);
      for (const f of r.findings) {
        let written = f.outcome === 'fixed';
        if (f.outcome === 'proposed' && opts.decisions) {
          const d = opts.decisions.get(findingKey(f));
          const table = objects.find((o) => o.shapeId === f.target && o.table);
          if (d && d.action !== 'reject' && table?.table) {
            edits.push({ part: s.part, splice: headerRowSplice(table.table) });
            written = true;
          }
        }
        findings.push({ ...f, written });
      }
    }
    return { findings, checked: { 'missing-table-header': tables, 'merged-cells': tables }, edits };
  },
};

export const captionsRule: CheckRule = {
  ids: ['missing-captions'],
  run(ctx) {
    const findings: RuleFinding[] = [];
    let media = 0;
    for (const s of ctx.slides) {
      media += s.scan.objects.filter((o) => o.kind === 'video' || o.kind === 'audio').length;
      findings.push(...checkCaptions({ number: s.number, part: s.part, objects: s.scan.objects }));
    }
    return { findings, checked: { 'missing-captions': media }, edits: [] };
  },
};

export const hyperlinksRule: CheckRule = {
  ids: ['unclear-hyperlink'],
  run(ctx, opts) {
    const findings: RuleFinding[] = [];
    const edits: PartEdit[] = [];
    const titles = new Map(ctx.slides.map((s) => [s.part, slideTitle(s.scan.texts)]));
    const index = { titleOf: (part: string) => titles.get(part) ?? null, numberOf: (part: string) => ctx.slides.find((s) => s.part === part)?.number ?? null };
    let links = 0;
    for (const s of ctx.slides) {
      links += textLinks(s.xml, s.root).filter((l) => l.text.trim()).length;
      for (const { finding, link } of checkHyperlinks(s, index)) {
        let written = false;
        const d = opts.decisions?.get(findingKey(finding));
        const text = d?.action === 'edit' ? d.text?.trim() : d?.action === 'approve' ? finding.proposal : null;
        if (text) {
          edits.push(...linkTextSplices(s.xml, link, text).map((splice) => ({ part: s.part, splice })));
          written = true;
        }
        findings.push({ ...finding, written });
      }
    }
    return { findings, checked: { 'unclear-hyperlink': links }, edits };
  },
};

export const readingOrderRule: CheckRule = {
  ids: ['reading-order'],
  run(ctx, opts) {
    const findings: RuleFinding[] = [];
    const edits: PartEdit[] = [];
    let slides = 0;
    const index = { titleOf: () => null, numberOf: () => null };
    for (const s of ctx.slides) {
      const r = checkReadingOrder(s, (ph) => placeholderBox(ph, s.layout, s.master), isRtl(s.lang));
      if (r.checked && r.items.length >= 2) slides++;
      if (!r.finding) continue;
      let written = false;
      const d = opts.decisions?.get(findingKey(r.finding));
      if (d && d.action !== 'reject') {
        // an edited order is a list of shape ids, as proposed
        const order = (d.action === 'edit' && d.text ? d.text : r.finding.proposal ?? '').split(/[\s,]+/).filter(Boolean);
        // shapes whose link text is written in this run stay put, so both edits can be made
        const linked = new Set(checkHyperlinks(s, index).filter(({ finding }) => opts.decisions?.get(findingKey(finding))?.action !== 'reject' && opts.decisions?.has(findingKey(finding))).map(({ link }) => link.shapeId));
        const splices = order.join(',') === r.finding.proposal ? reorderTo(s.xml, r.items, r.proposed, linked) : reorderSplices(s.xml, r.items, order, linked);
        if (splices) {
          edits.push(...splices.map((splice) => ({ part: s.part, splice })));
          written = true;
        }
      }
      findings.push({ ...r.finding, written });
    }
    return { findings, checked: { 'reading-order': slides }, edits };
  },
};

export const contrastRule: CheckRule = {
  ids: ['low-contrast'],
  run(ctx) {
    const findings: RuleFinding[] = [];
    let checked = 0;
    for (const s of ctx.slides) {
      const r = checkContrast({ ...s, presentation: ctx.presentation }, (ph) => placeholderBox(ph, s.layout, s.master));
      checked += r.checked;
      findings.push(...r.findings.map((f) => ({ ...f, written: false })));
    }
    return { findings, checked: { 'low-contrast': checked }, edits: [] };
  },
};
