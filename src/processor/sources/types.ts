import type { AltSource } from '../../shared/types';
import type { Lang } from '../lang/languages';
export interface ImageInput { bytes: Buffer; contentType: string; mediaPart: string; widthPx?: number; heightPx?: number }
/** `lang`: the slide's language (lang/index.ts slideLanguage); every generated text is written in it. Absent means English. */
export interface SlideContext {
  slideNumber: number;
  title: string | null;
  nearbyText: string[];
  notes: string | null;
  lang?: Lang;
  /** Evidence from the deck (a caption, a link target, a descriptive file name): hints for a model. */
  evidence?: string[];
}
export interface Description {
  text: string;
  source: AltSource;
  confidence: number /* 0..1 */;
  needsReview: boolean;
  reasons: string[];
  /** A longer description (a complex picture, or an answer too long for ALT). */
  long?: string | null;
  /** The describer judged the picture decorative: a proposal for the decorative flag, no ALT. */
  decorative?: boolean;
}
export interface ImageDescriber { name: 'model' | 'ocr'; available(): Promise<{ ok: true } | { ok: false; message: string }>; describe(image: ImageInput, ctx: SlideContext, signal?: AbortSignal): Promise<Description | null>; close(): Promise<void> }
/**
 * A describer cannot use this picture at all (a vector format with no renderer on
 * this computer): the reason goes to the report so a person knows why it was left.
 */
export class DescriberSkip extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'DescriberSkip';
  }
}
