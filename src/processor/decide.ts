/**
 * What happens to one object's ALT text (issue 9 §1–2), in three steps so that the
 * whole slide can be seen between them:
 *   judgeObject  (async) the old ALT's verdict, decorative evidence, the best candidate;
 *   dedupeSlide  no two different objects on one slide get the same text;
 *   settle       the item's status, source, trust, review reasons and the edit to make.
 * Honest by construction: a text is written only from a source (a person's words,
 * the deck's data, a model, evidence in the deck); where nothing says what an image
 * shows, nothing is written (or, only if the user chose it, a placeholder that still
 * counts as missing), and junk or AltDeck's own filler is taken out rather than left
 * to fool PowerPoint's checker.
 */
import { trustOf, type AltItem, type AltPolicy } from '../shared/types';
import type { Work, Candidate, DeckEvidence } from './find-alt';
import type { Judgement } from './judge/classify';
import { isNoContent, LOGO_REASON } from './judge/decorative';
import { namedLogo } from './judge/logo';
import { frame, type Lang } from './lang';
import { attr } from './xml/tree';

export type Edit = { kind: 'descr'; text: string } | { kind: 'decorative' } | null;

export interface Pending {
  w: Work;
  item: AltItem;
  judged: Judgement;
  lang: Lang;
  /** Why it looks decorative (judge/decorative.ts), or null. */
  deco: string | null;
  /** Settled already (decorative flag, a person's ALT kept): no candidate to weigh. */
  final: boolean;
  cand: Candidate | null;
  edit: Edit;
  warnings: string[];
}

export interface SettleOptions {
  policy: AltPolicy;
  writePlaceholders: boolean;
  markDecorative: boolean;
}

/** The deck's own evidence for findAlt: an "image of" remainder, an auto-caption's description, a link target. */
export function evidenceOf(judged: Judgement, link: string | null): DeckEvidence {
  return { salvage: judged.salvage ?? null, autoCaption: judged.autoCaption ?? null, link };
}

function norm(s: string): string {
  return s.replace(/\s+/g, ' ').trim().toLocaleLowerCase();
}

/**
 * No two different objects on one slide get the same text: a reader hears the same
 * words twice and learns nothing about the second. The first keeps it (a person's
 * text always counts as first); the others get no text and go to a person.
 */
export function dedupeSlide(pendings: Pending[]): void {
  const taken = new Map<string, Pending>();
  const textOf = (p: Pending) => (p.final ? (p.item.status === 'kept' ? p.item.newAlt : null) : p.cand?.text) ?? null;
  for (const p of pendings) {
    const t = textOf(p);
    if (t && p.final && !taken.has(norm(t))) taken.set(norm(t), p);
  }
  // AltDeck's own earlier drafts stay in the deck unless something better comes: their text is taken too
  for (const p of pendings) {
    const d = p.w.obj.descr;
    if (!p.final && d && p.judged.verdict === 'altdeck' && p.judged.own === 'draft' && !taken.has(norm(d))) taken.set(norm(d), p);
  }
  for (const p of pendings) {
    if (p.final || !p.cand || p.cand.decorative || !p.cand.text) continue;
    const key = norm(p.cand.text);
    const first = taken.get(key);
    if (!first || first === p) {
      taken.set(key, p);
      continue;
    }
    p.item.reviewReasons.push(`the text found for it (“${p.cand.text.slice(0, 60)}”) is already the ALT of ${first.item.shapeName || 'another object'} on this slide: describe this one`);
    p.cand = null;
  }
}

/** Status, source, trust and the edit, once the candidate is final. */
export function settle(p: Pending, o: SettleOptions): void {
  const { item, judged, deco, w } = p;
  let cand = p.cand;
  if (p.final) return finish(p);
  const write = (text: string) => {
    // the same text already in the deck, in every branch (a re-run): nothing to change
    if ([w.obj.cNvPr, ...w.obj.aliases].every((c) => (attr(c, 'descr') ?? '') === text)) {
      item.status = 'kept';
      return;
    }
    item.status = o.policy === 'audit' ? 'proposed' : 'written';
    p.edit = { kind: 'descr', text };
  };

  // overwrite policy: a person's words give way only to the deck's data or a model's description
  if (judged.verdict === 'person' && (!cand || cand.decorative || !['data', 'model'].includes(trustOf(cand.source)))) {
    item.status = 'kept';
    item.source = 'person';
    item.newAlt = w.obj.descr;
    return finish(p);
  }
  // a repeated logo the deck names: "<Name> logo" in the deck's language, the same on every slide;
  // a model's, a caption's or OCR's text stays (more specific), and without a name it stays a decorative proposal
  const logo = deco === LOGO_REASON ? namedLogo(w.obj, p.lang) : null;
  const titleCopy = !!cand && cand.source === 'person' && !!w.obj.title && norm(w.obj.title).includes(norm(cand.text).replace(/[.]$/, ''));
  if (logo && (!cand || cand.source === 'file-name' || (logo.from === 'title' && titleCopy))) {
    cand = {
      text: logo.text,
      source: 'repeated',
      reasons: [logo.from === 'file-name' ? 'a logo on most slides, named by its original file name: check the name' : 'a logo on most slides, named by its alt-text title: check the name'],
      warnings: [],
    };
  }
  if (cand?.decorative) {
    // the model's "decorative" is a proposal: flagged only when the user asked for flags, reviewed either way
    item.needsReview = true;
    item.reviewReasons.push(...cand.reasons);
    if (o.markDecorative) {
      item.status = 'decorative';
      item.source = 'decorative';
      item.decorative = true;
      p.edit = { kind: 'decorative' };
    } else {
      item.status = 'decorative-candidate';
      item.reviewReasons.push('proposed as decorative: confirm in review, or write ALT text');
      clearJunk(p, o);
    }
    return finish(p);
  }
  if (cand) {
    item.newAlt = cand.text;
    item.source = cand.source;
    item.longDescription = cand.long ?? null;
    item.needsReview = cand.source !== 'person';
    item.reviewReasons.push(...cand.reasons);
    p.warnings.push(...cand.warnings);
    write(cand.text);
    if (item.status === 'kept' && judged.verdict === 'altdeck') item.reviewReasons.push('AltDeck wrote this on an earlier run; nobody has reviewed it yet');
    if (deco) {
      item.needsReview = true;
      item.reviewReasons.push(`may be decorative (${deco}): consider marking it decorative`);
    }
    return finish(p);
  }

  // nothing says what it shows
  item.needsReview = true;
  item.status = deco ? 'decorative-candidate' : 'unresolved';
  item.reviewReasons.push(
    deco
      ? isNoContent(deco)
        ? `proposed as decorative (${deco}): mark it decorative, or describe it if it carries content`
        : `probably decorative (${deco}); nothing in the deck says what it shows`
      : 'needs a person: nothing in the deck says what it shows',
  );
  if (judged.verdict === 'altdeck' && judged.own === 'draft') {
    // an earlier draft of ours whose evidence is gone: it stays, still a draft
    item.status = 'kept';
    item.source = 'context';
    item.newAlt = w.obj.descr;
    item.reviewReasons.push('AltDeck wrote this on an earlier run; nobody has reviewed it yet');
    return finish(p);
  }
  if (o.writePlaceholders && !deco) {
    const text = frame(p.lang, 'placeholder');
    item.newAlt = text;
    item.source = 'placeholder';
    item.reviewReasons.push('a placeholder was written because placeholders were asked for; it still counts as missing alternative text');
    write(text);
    // a placeholder is never accessible, even when it is already in the deck
    if ((item.status as string) === 'kept') item.status = 'unresolved';
    return finish(p);
  }
  clearJunk(p, o);
  return finish(p);
}

/** Junk or our own filler passes PowerPoint's checker while telling a reader nothing: take it out. */
function clearJunk(p: Pending, o: SettleOptions): void {
  const old = (p.w.obj.descr ?? '').replace(/\s+/g, ' ').trim();
  if (!old || (p.judged.verdict !== 'junk' && p.judged.verdict !== 'altdeck')) return;
  p.item.reviewReasons.push(`removed the old ALT “${old.slice(0, 60)}”: it said nothing about the image`);
  if (o.policy !== 'audit') p.edit = { kind: 'descr', text: '' };
}

export const UNSEEN_WARNING =
  'PowerPoint 2010 and later show this object from a branch (mc:Choice) that has no place for ALT text, so its ALT reaches only older versions';

function finish(p: Pending): void {
  if (p.w.obj.altUnseen) {
    // written or not, PowerPoint 2010 and later never read ALT here: a person must say it another way
    p.warnings.push(UNSEEN_WARNING);
    p.item.needsReview = true;
    p.item.reviewReasons.push(`needs a person: ${UNSEEN_WARNING}; give the slide a visible description of it`);
  }
  if (p.warnings.length) p.item.warnings = [...(p.item.warnings ?? []), ...p.warnings];
  p.item.trust = trustOf(p.item.source);
}
