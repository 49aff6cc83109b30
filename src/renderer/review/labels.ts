/** Words the Review screen shows and announces (pure). */
import type { ReviewAction, ReviewCounts, ReviewDecision, ReviewFilter, ReviewGroup } from '../../shared/review';
import type { AltItemKind } from '../../shared/types';

export { SOURCE_LABELS, TRUST_LABELS, STANDING_LABELS } from '../../shared/score';
import { scoreLine } from '../../shared/score';

export const KIND_LABELS: Record<AltItemKind, string> = {
  picture: 'Picture',
  'picture-fill': 'Picture fill',
  chart: 'Chart',
  table: 'Table',
  smartart: 'SmartArt',
  ole: 'Embedded object',
  video: 'Video',
  audio: 'Audio',
};

export const FILTER_LABELS: Record<ReviewFilter, string> = {
  all: 'All images',
  'needs-review': 'Needs review',
  undecided: 'Not decided yet',
  decided: 'Decided',
};

/** Past tense, for the list, the announcement and the detail panel. */
export const ACTION_DONE: Record<ReviewAction, string> = {
  approve: 'Approved',
  edit: 'Edited',
  decorative: 'Marked decorative',
  reject: 'Kept the old ALT',
};

export function decisionLabel(d: ReviewDecision | null): string {
  return d ? ACTION_DONE[d.action] : 'Not decided';
}

/** "Approved, 3 of 40 left" ("Approved for 12 copies, …"): what the live region says after each decision. */
export function decisionAnnouncement(action: ReviewAction | 'cleared', counts: ReviewCounts | null, copies = 1): string {
  const word = (action === 'cleared' ? 'Decision removed' : ACTION_DONE[action]) + (copies > 1 ? ` for ${copies} copies` : '');
  if (!counts) return `${word}.`;
  return `${word}, ${counts.undecided} of ${counts.items} left.`;
}

/** A group's state in the list: its decision, or how far its copies are decided. */
export function groupStatus(g: Pick<ReviewGroup, 'decision' | 'decided' | 'members' | 'mixed' | 'fromLibrary'>): string {
  if (g.decision) return ACTION_DONE[g.decision.action] + (g.fromLibrary ? ' (earlier batch)' : '');
  if (g.mixed) return `Mixed: ${g.decided} of ${g.members} decided`;
  return 'Not decided';
}

/** "12 decisions for 30 images, 4 made": the work the batch needs against its size (issue 11 §1). */
export function decisionsLine(c: ReviewCounts): string {
  if (c.groups === undefined) return '';
  return `${c.groups} ${c.groups === 1 ? 'decision' : 'decisions'} for ${c.items} ${c.items === 1 ? 'image' : 'images'} (identical images are decided once), ${c.groupsDecided ?? 0} made.`;
}

export function countsLine(c: ReviewCounts): string {
  const score = c.done !== undefined ? ` Images: ${scoreLine({ images: (c.done ?? 0) + (c.draft ?? 0) + (c.missing ?? 0), done: c.done ?? 0, draft: c.draft ?? 0, missing: c.missing ?? 0 })}.` : '';
  return `Reviewed ${c.reviewed} of ${c.items}: ${c.approved} approved, ${c.edited} edited, ${c.decorative} decorative, ${c.rejected} kept as they were. ${c.needsReview} need a closer look.${score}`;
}

export function shortText(s: string | null | undefined, max = 90): string {
  if (!s) return '—';
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** Where on the slide, in words: "top right, about a quarter of the slide". */
export function placeWords(frame: [number, number, number, number]): string {
  const [x, y, w, h] = frame;
  const cx = x + w / 2;
  const cy = y + h / 2;
  const col = cx < 333 ? 'left' : cx > 666 ? 'right' : 'centre';
  const row = cy < 333 ? 'top' : cy > 666 ? 'bottom' : 'middle';
  const where = row === 'middle' && col === 'centre' ? 'in the middle' : row === 'middle' ? `on the ${col}` : col === 'centre' ? `at the ${row}` : `at the ${row} ${col}`;
  const area = (Math.max(0, w) * Math.max(0, h)) / 1_000_000;
  const size = area > 0.6 ? 'filling most of the slide' : area > 0.2 ? 'about a quarter to half of the slide' : area > 0.05 ? 'a small part of the slide' : 'very small on the slide';
  return `${where}, ${size}`;
}
