import type { AltSource } from '../../shared/types';
import type { Lang } from '../lang/languages';
export interface ImageInput { bytes: Buffer; contentType: string; mediaPart: string; widthPx?: number; heightPx?: number }
/** `lang`: the slide's language (lang/index.ts slideLanguage); every generated text is written in it. Absent means English. */
export interface SlideContext { slideNumber: number; title: string | null; nearbyText: string[]; notes: string | null; lang?: Lang }
export interface Description { text: string; source: AltSource; confidence: number /* 0..1 */; needsReview: boolean; reasons: string[] }
export interface ImageDescriber { name: 'model' | 'ocr'; available(): Promise<{ ok: true } | { ok: false; message: string }>; describe(image: ImageInput, ctx: SlideContext, signal?: AbortSignal): Promise<Description | null>; close(): Promise<void> }
