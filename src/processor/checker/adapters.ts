/**
 * Rules written against their own slide shapes (rule-tables.ts, rule-captions.ts) plugged into
 * the registry: slide by slide, with the score's counts and apply-mode decisions.
 */
import { checkTables, headerRowSplice } from './rule-tables';
import { checkCaptions } from './rule-captions';
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
