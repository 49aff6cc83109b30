import type { AltSource } from '../../shared/types';
export interface ImageInput { bytes: Buffer; contentType: string; mediaPart: string; widthPx?: number; heightPx?: number }
export interface SlideContext { slideNumber: number; title: string | null; nearbyText: string[]; notes: string | null }
export interface Description { text: string; source: AltSource; confidence: number /* 0..1 */; needsReview: boolean; reasons: string[] }
export interface ImageDescriber { name: 'model' | 'ocr'; available(): Promise<{ ok: true } | { ok: false; message: string }>; describe(image: ImageInput, ctx: SlideContext, signal?: AbortSignal): Promise<Description | null>; close(): Promise<void> }
