/**
 * The contract every checker rule follows (issue 13). A rule is a pure function over the
 * deck's parts, already read and parsed (CheckContext): it returns its findings, how many
 * things it looked at (the score's denominator), and the edits of its fixes as splices of a
 * part's source text — the same splices the ALT edits use, applied to the output only.
 * A rule never reads files, never writes, and never throws for a deck it cannot judge:
 * it says "not checked" instead.
 */
import { findingKey, type CheckFinding, type CheckRuleId } from '../../shared/checker';
import type { Detection, Lang } from '../lang';
import type { ContentTypes, Relationship } from '../deck/opc';
import type { SlideScan } from '../deck/slide-objects';
import type { Splice } from '../xml/splice';
import type { XmlNode } from '../xml/tree';

/** One XML part as read: its text (splices are offsets into it), its tree and its relationships. */
export interface LoadedPart {
  part: string;
  xml: string;
  root: XmlNode;
  rels: Map<string, Relationship>;
  /** False for a UTF-16 part: it is read, but edits to it are dropped (the ALT edits do the same). */
  editable: boolean;
}

export interface CheckSlide extends LoadedPart {
  /** 1-based, in presentation (sldIdLst) order. */
  number: number;
  hidden: boolean;
  /** Every image-like object and every text shape, in z-order (deck/slide-objects.ts). */
  scan: SlideScan;
  /** The layout, master and theme the slide is drawn with (null when the deck lacks them). */
  layout: LoadedPart | null;
  master: LoadedPart | null;
  theme: LoadedPart | null;
  /** The slide's language (lang/): every text a rule proposes is written in it. */
  lang: Lang;
}

export interface CheckContext {
  /** Readable slides only (an unreadable slide is copied unchanged and reported by the pipeline). */
  slides: CheckSlide[];
  slideSize: { cx: number; cy: number };
  presentation: LoadedPart;
  /** docProps/core.xml and docProps/app.xml, docProps/custom.xml; null when the deck has none. */
  core: LoadedPart | null;
  app: LoadedPart | null;
  custom: LoadedPart | null;
  contentTypes: ContentTypes;
  /** Every entry name in the package (media, captions tracks, signatures…). */
  names: string[];
  /** The deck's language and what decided it ('script'/'words' are evidence; 'tags'/'fallback' are not). */
  deckLang: Lang;
  deckLangBy: Detection['by'];
  /** Every `lang` tag in the slides' text runs with its letters, for choosing a region ("de-AT"). */
  langTags: Map<string, number>;
  /** AltDeck's record of its unreviewed drafts in this deck (deck/own-record.ts draftKey): its own titles are not a person's. */
  draftKeys: Set<string>;
}

/** A fix's edit: one splice of one part's text (LoadedPart.xml). */
export interface PartEdit {
  part: string;
  splice: Splice;
}

/** A finding as a rule returns it: `editedParts` names the parts its fix edits besides `part`. */
export type RuleFinding = CheckFinding & { editedParts?: string[] };

export interface RuleOutput {
  findings: RuleFinding[];
  /**
   * How many things the rule checked for each rule id it reports (slides for titles, tables
   * for headers, 1 for a deck property). The score's denominator; 0 = the rule does not apply.
   */
  checked: Partial<Record<CheckRuleId, number>>;
  /** Edits of the fixes whose finding says written: true. Nothing else is changed. */
  edits: PartEdit[];
}

/** A reviewer's decision on a proposed finding (apply mode), by findingKey. */
export interface FindingDecision {
  action: 'approve' | 'edit' | 'reject';
  /** The text to write for an edit (a title, link text). */
  text?: string | null;
}

export interface CheckOptions {
  /** false in audit mode: findings only, no edits. */
  fix: boolean;
  /**
   * Apply mode: the reviewer's decisions by findingKey. A proposal is written only when
   * approved (or edited: the reviewer's text); safe fixes are written as in a normal run.
   */
  decisions?: Map<string, FindingDecision> | null;
}

export interface CheckRule {
  /** The rule ids this module reports (titles reports missing and duplicate). */
  ids: readonly CheckRuleId[];
  run(ctx: CheckContext, opts: CheckOptions): RuleOutput;
}

export { findingKey };
