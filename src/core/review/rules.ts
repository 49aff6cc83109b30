/**
 * Which generated ALT texts a person must look at first (pure, tested).
 * For medical teaching material a wrong structure named on an anatomy slide is
 * a real harm, so the net is wide: text read from pixels or guessed from the
 * slide, low confidence, long text, and anything that looks clinical.
 */
import type { AltItem } from '../../shared/types';

const CLINICAL =
  /\b(x-?ray|radiograph\w*|ct\b|mri|ultrasound|sonogra\w*|echocardiogra\w*|ecg|ekg|eeg|angiogra\w*|mammogra\w*|endoscop\w*|colonoscop\w*|laparoscop\w*|biops\w*|histolog\w*|histopatholog\w*|patholog\w*|cytolog\w*|microscop\w*|micrograph\w*|stain\w*|h&e|lesion\w*|tumou?r\w*|carcinoma\w*|fracture\w*|wound\w*|rash\w*|dermat\w*|fundus|retina\w*|patient\w*|clinical|specimen\w*|autopsy|cadaver\w*|dissection\w*|surgical|surgery|scan\b|scans\b)\b/i;

export function isClinical(item: Pick<AltItem, 'newAlt' | 'oldAlt' | 'shapeName' | 'longDescription'>): boolean {
  return [item.newAlt, item.oldAlt, item.shapeName, item.longDescription].some((t) => !!t && CLINICAL.test(t));
}

export const LONG_ALT = 150;

export function reviewReasons(item: AltItem): string[] {
  const reasons = new Set(item.reviewReasons ?? []);
  if (item.source === 'ocr') reasons.add('text read from the image (OCR): check it says what the image shows');
  if (item.source === 'context') reasons.add('a draft from an earlier AltDeck run: check it describes the image');
  if (item.source === 'caption') reasons.add('the caption next to it: check it describes the image');
  if (item.source === 'auto-caption') reasons.add('Office’s automatic caption: check every word');
  if (item.source === 'file-name') reasons.add('words from the file name: check they say what the image shows');
  if (item.source === 'link') reasons.add('the picture is a link: check the text says where it goes');
  if (item.source === 'placeholder') reasons.add('a placeholder, not a description: write one');
  if (item.source === 'model') reasons.add('written by a vision model: check every fact');
  if (item.newAlt && item.newAlt.length > LONG_ALT) reasons.add(`longer than ${LONG_ALT} characters`);
  if (item.status === 'unresolved') reasons.add('no description could be made: write one');
  if (item.status === 'decorative-candidate') reasons.add('may be decorative');
  if (isClinical(item)) reasons.add('clinical image: check anatomy and findings');
  return [...reasons];
}

/** Items a reviewer decides on: everything AltDeck proposed, could not describe, or may be decorative. */
export function isReviewable(item: AltItem): boolean {
  return item.status !== 'kept' || item.oldAltVerdict !== 'person';
}
