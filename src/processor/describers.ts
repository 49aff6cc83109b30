/**
 * The optional image describers (vision model, OCR), loaded only when asked
 * for, so that a deck processed with neither never loads tesseract or fetch code.
 */
import type { ImageDescriber } from './sources/types';
import type { ModelApiKind } from './model/api';

export class DescriberUnavailableError extends Error {
  constructor(message: string, public readonly temporary: boolean) {
    super(message);
  }
}

export interface DescriberOptions {
  modelServer?: string | null;
  model?: string | null;
  /** auto (default) | ollama | openai */
  modelApi?: ModelApiKind | null;
  /** The queue database holding the model cache and the one-request-at-a-time slots. */
  modelCache?: string | null;
  /** Output language when a slide's is not known. */
  language?: string | null;
  /** A school's context line for the model, e.g. "medical school lecture". */
  modelDomain?: string | null;
  /** Requests in flight at once to the model server, across processors (default 1). */
  modelConcurrency?: number | null;
  ocr?: boolean;
  onLog?(level: 'info' | 'warn', message: string): void;
}

export async function createDescribers(o: DescriberOptions): Promise<ImageDescriber[]> {
  const out: ImageDescriber[] = [];
  if (o.modelServer && o.model) {
    const mod = (await import('./model/describer')) as typeof import('./model/describer');
    let d: ImageDescriber;
    try {
      d = mod.createModelDescriber({
        baseUrl: o.modelServer,
        model: o.model,
        api: o.modelApi ?? 'auto',
        cachePath: o.modelCache ?? null,
        language: o.language ?? null,
        domain: o.modelDomain ?? null,
        maxInFlight: o.modelConcurrency ?? 1,
        onLog: o.onLog,
      });
    } catch (e) {
      // a non-loopback address is a settings problem, not a passing one
      throw new DescriberUnavailableError(`The model server setting is refused: ${(e as Error).message}`, false);
    }
    const ok = await d.available();
    if (!ok.ok) {
      await d.close().catch(() => undefined);
      throw new DescriberUnavailableError(`The vision model is not available: ${ok.message}`, true);
    }
    out.push(d);
  }
  if (o.ocr) {
    const mod = (await import('./sources/ocr')) as typeof import('./sources/ocr');
    const d = mod.createOcrDescriber({});
    const ok = await d.available();
    if (ok.ok) out.push(d);
    else {
      await d.close().catch(() => undefined);
      throw new DescriberUnavailableError(`Text recognition (OCR) is not available: ${ok.message}`, false);
    }
  }
  return out;
}
