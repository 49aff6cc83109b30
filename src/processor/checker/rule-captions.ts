/**
 * "Missing closed captions" (issue 13): a video or audio object whose media carries no
 * caption track. PowerPoint 365 stores inserted captions (WebVTT) as
 * p14:media/p14:extLst/…/p173:tracksInfo/p173:trackLst/p173:track r:embed="…vtt"; any
 * track element under the object's nvPr counts, whatever its prefix. Captions burned into
 * the video's pictures cannot be seen from the file: the finding says so. Flag only.
 */
import type { CheckFinding } from '../../shared/checker';
import { child, findAll } from '../xml/tree';
import type { SlideObject } from '../deck/slide-objects';

export interface CaptionSlide {
  number: number;
  part: string;
  objects: SlideObject[];
}

/** Caption tracks attached to a media object (0 when none). */
export function captionTracks(o: SlideObject): number {
  let n = 0;
  for (const c of [o.cNvPr, ...o.aliases]) {
    const nvPr = c.parent ? child(c.parent, 'nvPr') : undefined;
    if (nvPr) n = Math.max(n, findAll(nvPr, 'trackLst').reduce((k, l) => k + l.children.filter((x) => x.local === 'track').length, 0));
  }
  return n;
}

export function checkCaptions(slide: CaptionSlide): CheckFinding[] {
  const out: CheckFinding[] = [];
  for (const o of slide.objects) {
    if (o.kind !== 'video' && o.kind !== 'audio') continue;
    if (captionTracks(o) > 0) continue;
    const what = o.kind === 'video' ? 'video' : 'audio clip';
    out.push({
      rule: 'missing-captions',
      slide: slide.number,
      part: slide.part,
      target: o.shapeId,
      outcome: 'flagged',
      message: `The ${what} “${o.shapeName || o.shapeId}” has no closed captions. In PowerPoint: Playback › Insert Captions (a WebVTT file), unless the captions are part of the ${o.kind === 'video' ? 'picture' : 'recording'} itself.`,
      trust: 'none',
    });
  }
  return out;
}
