/**
 * Restricted access: what in a deck limits who may open or change it. An encrypted or
 * rights-managed (IRM) deck is not a ZIP package at all, so the processor refuses it
 * (ENCRYPTED) and the reports count it under this rule; inside a package, a password to
 * modify (p:modifyVerifier) and "Mark as Final" (_MarkAsFinal) are read here. AltDeck
 * never removes a protection a person set: flagged only.
 */
import { attr, find, findAll, textOf } from '../xml/tree';
import type { CheckRule, RuleFinding } from './rule';

export const accessRule: CheckRule = {
  ids: ['restricted-access'],
  run(ctx) {
    const findings: RuleFinding[] = [];
    const verifier = find(ctx.presentation.root, 'modifyVerifier');
    if (verifier) {
      findings.push({
        rule: 'restricted-access',
        slide: null,
        part: ctx.presentation.part,
        target: 'modifyVerifier',
        outcome: 'flagged',
        current: 'password to modify',
        trust: 'none',
        message: 'The deck asks for a password to change it: people who fix accessibility after AltDeck need that password (File › Info › Protect Presentation).',
      });
    }
    const props = ctx.custom ? findAll(ctx.custom.root, 'property') : [];
    const final = props.find((p) => attr(p, 'name') === '_MarkAsFinal');
    if (final && ctx.custom && /^(true|1)$/i.test(textOf(ctx.custom.xml, final).trim())) {
      findings.push({
        rule: 'restricted-access',
        slide: null,
        part: ctx.custom.part,
        target: '_MarkAsFinal',
        outcome: 'flagged',
        current: 'marked as final',
        trust: 'none',
        message: 'The deck is marked as final, so PowerPoint opens it read-only: whoever finishes its accessibility must choose "Edit anyway".',
      });
    }
    return { findings, checked: { 'restricted-access': 1 }, edits: [] };
  },
};
