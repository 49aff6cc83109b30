/**
 * The optional image describers (vision model, OCR), loaded only when asked
 * for, so that a deck processed with neither never loads tesseract or fetch code.
 */
import type { ImageDescriber } from './sources/types';

export class DescriberUnavailableError extends Error {
  constructor(message: string, public readonly temporary: boolean) {
    super(message);
  }
}

export interface DescriberOptions {
  modelServer?: string | null;
  model?: string | null;
  ocr?: boolean;
}

export async function createDescribers(o: DescriberOptions): Promise<ImageDescriber[]> {
  const out: ImageDescriber[] = [];
  if (o.modelServer && o.model) {
    const mod = (await import('./sources/ollama')) as typeof import('./sources/ollama');
    let d: ImageDescriber;
    try {
      d = mod.createOllamaDescriber({ baseUrl: o.modelServer, model: o.model });
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
