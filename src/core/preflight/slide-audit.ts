/**
 * Counts what a slide holds: pictures (also inside groups and mc:AlternateContent),
 * those without usable ALT text, graphic frames, and whether the slide is hidden.
 */
import { isJunkAlt } from './alt-junk';
import { attr, rootElement, scanElements } from './xml-scan';

export interface SlideCounts {
  pictures: number;
  picturesMissingAlt: number;
  graphicFrames: number;
}

export interface SlideAudit extends SlideCounts {
  hidden: boolean;
  /** First well-formedness problem, or null. */
  problem: string | null;
  /** cNvPr ids of the pictures counted as missing ALT (read-back matches them to the processor's items). */
  missingIds: string[];
  /** Pictures carrying the decorative flag. */
  decorative: number;
}

interface Branch extends SlideCounts {
  missingIds: string[];
  decorative: number;
}
interface AltFrame {
  best: Branch | null;
  current: Branch | null;
}

const SLIDE_ELEMENTS = ['pic', 'cNvPr', 'decorative', 'graphicFrame', 'AlternateContent', 'Choice', 'Fallback'] as const;

const zero = (): Branch => ({ pictures: 0, picturesMissingAlt: 0, graphicFrames: 0, missingIds: [], decorative: 0 });

export function auditSlideXml(xml: string): SlideAudit {
  const root = zero();
  // Each mc:AlternateContent holds alternative renderings of the same content:
  // count the richest branch once, never Choice + Fallback.
  const alts: AltFrame[] = [];
  const target = (): Branch => {
    for (let i = alts.length - 1; i >= 0; i--) if (alts[i].current) return alts[i].current!;
    return root;
  };
  const rootEl = rootElement(xml);
  const show = rootEl ? attr(rootEl.attrs, 'show') : null;
  const hidden = show === '0' || show === 'false';
  let pic: { descr: string | null; id: string | null; named: boolean; decorative: boolean } | null = null;
  let picDepth = 0;

  const problem = scanElements(xml, SLIDE_ELEMENTS, (t) => {
    switch (t.name) {
      case 'AlternateContent':
        if (t.kind === 'open') alts.push({ best: null, current: null });
        else if (t.kind === 'close') {
          const f = alts.pop();
          if (f?.best) add(target(), f.best);
        }
        return;
      case 'Choice':
      case 'Fallback': {
        const f = alts[alts.length - 1];
        if (!f) return;
        if (t.kind === 'open') f.current = zero();
        else if (t.kind === 'close' && f.current) {
          if (!f.best || f.current.pictures + f.current.graphicFrames > f.best.pictures + f.best.graphicFrames) f.best = f.current;
          f.current = null;
        }
        return;
      }
      case 'pic':
        if (t.kind === 'open') {
          if (picDepth++ === 0) pic = { descr: null, id: null, named: false, decorative: false };
        } else if (t.kind === 'close' && --picDepth === 0 && pic) {
          const b = target();
          b.pictures++;
          if (pic.decorative) b.decorative++;
          else if (isJunkAlt(pic.descr)) {
            b.picturesMissingAlt++;
            if (pic.id) b.missingIds.push(pic.id);
          }
          pic = null;
        } else if (t.kind === 'empty' && picDepth === 0) {
          target().pictures++;
          target().picturesMissingAlt++;
        }
        return;
      case 'cNvPr':
        // The picture's own non-visual properties come first; later cNvPr belong to nothing else in a p:pic.
        if (pic && !pic.named && t.kind !== 'close') {
          pic.named = true;
          pic.descr = attr(t.attrs, 'descr');
          pic.id = attr(t.attrs, 'id');
        }
        return;
      case 'decorative':
        if (pic && t.kind !== 'close') {
          const v = attr(t.attrs, 'val');
          pic.decorative = v === '1' || v === 'true';
        }
        return;
      case 'graphicFrame':
        if (t.kind !== 'close') target().graphicFrames++;
        return;
    }
  });
  return { ...root, hidden, problem };
}

function add(to: Branch, from: Branch): void {
  to.pictures += from.pictures;
  to.picturesMissingAlt += from.picturesMissingAlt;
  to.graphicFrames += from.graphicFrames;
  to.missingIds.push(...from.missingIds);
  to.decorative += from.decorative;
}
