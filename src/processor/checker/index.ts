/**
 * The checker registry (issue 13): every rule beyond ALT, run over one deck. Rules are pure
 * (rule.ts); this file runs them in order, keeps their edits apart (an edit that would
 * overlap one already taken is dropped, and its finding says it was not written), and
 * hands the pipeline findings, counts and splices. The pipeline splices them into the
 * output with the ALT edits; the original is never touched.
 *
 * Adding a rule: see src/processor/README.md ("Checker rules").
 */
import type { CheckFinding, CheckRuleId } from '../../shared/checker';
import type { Splice } from '../xml/splice';
import type { CheckContext, CheckOptions, CheckRule, PartEdit } from './rule';
import { titleRule } from './titles';
import { propertiesRule } from './properties';
import { accessRule } from './access';
import { captionsRule, contrastRule, hyperlinksRule, readingOrderRule, tablesRule } from './adapters';

export { buildCheckContext } from './context';
export type { CheckContext, CheckOptions, CheckRule, CheckSlide, FindingDecision, LoadedPart, PartEdit, RuleOutput } from './rule';
export { findingKey } from './rule';

/** Every rule, in the order their edits are taken (a later rule yields to an earlier one). */
export const RULES: readonly CheckRule[] = [titleRule, propertiesRule, accessRule, tablesRule, captionsRule, hyperlinksRule, readingOrderRule, contrastRule];

export interface ChecksRun {
  findings: CheckFinding[];
  checked: Partial<Record<CheckRuleId, number>>;
  /** Splices by part, to add to the pipeline's own. */
  splices: Map<string, Splice[]>;
  warnings: string[];
}

// two inserts at one offset are both kept (applySplices orders them); a range edited twice is not
const overlaps = (a: Splice, b: Splice) => a.start < b.end && b.start < a.end;

/**
 * Run every rule. `taken` holds the splices the pipeline already makes (ALT edits): a rule's
 * edit never overlaps them. A rule that throws is reported and skipped, never fatal.
 */
export function runChecks(ctx: CheckContext, opts: CheckOptions, taken: Map<string, Splice[]> = new Map(), rules: readonly CheckRule[] = RULES): ChecksRun {
  const out: ChecksRun = { findings: [], checked: {}, splices: new Map(), warnings: [] };
  const editable = new Map<string, boolean>();
  for (const p of [ctx.presentation, ctx.core, ctx.app, ctx.custom, ...ctx.slides, ...ctx.slides.flatMap((s) => [s.layout, s.master, s.theme])]) {
    if (p) editable.set(p.part, p.editable);
  }
  for (const rule of rules) {
    let res;
    try {
      res = rule.run(ctx, opts);
    } catch (e) {
      out.warnings.push(`The checker rule ${rule.ids.join(', ')} could not check this deck (${(e as Error).message}); its findings are missing from the report.`);
      continue;
    }
    for (const [id, n] of Object.entries(res.checked)) out.checked[id as CheckRuleId] = (out.checked[id as CheckRuleId] ?? 0) + (n ?? 0);
    const byPart = new Map<string, PartEdit[]>();
    for (const e of opts.fix ? res.edits : []) {
      if (!byPart.has(e.part)) byPart.set(e.part, []);
      byPart.get(e.part)!.push(e);
    }
    const dropped = new Set<string>();
    for (const [part, edits] of byPart) {
      const before = [...(taken.get(part) ?? []), ...(out.splices.get(part) ?? [])];
      const clash = edits.some((e, i) => before.some((b) => overlaps(e.splice, b)) || edits.some((o, j) => j < i && overlaps(e.splice, o.splice)));
      if (editable.get(part) === false || clash) {
        dropped.add(part);
        out.warnings.push(
          editable.get(part) === false
            ? `${part} is not UTF-8: the ${rule.ids.join(', ')} fix was not written`
            : `${part}: the ${rule.ids.join(', ')} fix would overlap another edit and was not written`,
        );
        continue;
      }
      if (!out.splices.has(part)) out.splices.set(part, []);
      out.splices.get(part)!.push(...edits.map((e) => e.splice));
    }
    for (const f of res.findings) {
      const written = !!f.written && opts.fix && !dropped.has(f.part) && !(f.editedParts ?? []).some((p) => dropped.has(p));
      const { editedParts: _omit, ...finding } = f;
      out.findings.push({ ...finding, written });
    }
  }
  return out;
}

/**
 * The checker ran before the ALT edits were known: drop its edits of a part where they would
 * overlap one of `taken` (an ALT edit), and say so in the findings and warnings.
 */
export function mergeCheckSplices(run: ChecksRun, taken: Map<string, Splice[]>): void {
  for (const [part, list] of run.splices) {
    const other = taken.get(part) ?? [];
    if (!list.some((a) => other.some((b) => overlaps(a, b)))) continue;
    run.splices.delete(part);
    run.warnings.push(`${part}: a checker fix would overlap an ALT edit and was not written`);
    for (const f of run.findings) if (f.part === part && f.written) f.written = false;
  }
}
