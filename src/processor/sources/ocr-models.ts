/**
 * OCR language data: where each language's installed @tesseract.js-data/<code> model
 * is, and which models read a slide in a given language. Nothing is fetched.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { TESSERACT_CODES } from './ocr-text';
import type { Lang } from '../lang';

/** The folder of the installed English model: the small integer LSTM model when present. */
export function defaultLangPath(): string {
  return langDir('eng') ?? '';
}

/** The folder of an installed language model (the small integer LSTM model when present), or null. */
export function langDir(code: string): string | null {
  const req = createRequire(__filename);
  let pkgDir: string;
  try {
    pkgDir = dirname(req.resolve(`@tesseract.js-data/${code}/package.json`));
  } catch {
    return null;
  }
  // The same model the CDN would serve for an LSTM-only worker, a quarter of the full one.
  const bestInt = join(pkgDir, '4.0.0_best_int');
  if (existsSync(join(bestInt, `${code}.traineddata.gz`))) return bestInt;
  const full = join(pkgDir, '4.0.0');
  return existsSync(join(full, `${code}.traineddata.gz`)) ? full : null;
}

/** The model file of a language in `dir`, or null. */
export function modelFile(dir: string | null, code: string): string | null {
  if (!dir) return null;
  for (const f of [`${code}.traineddata.gz`, `${code}.traineddata`]) if (existsSync(join(dir, f))) return join(dir, f);
  return null;
}

/**
 * The models to read a slide in `lang` with: its own (where published) plus English,
 * which lecture slides mix in everywhere. Russian has no model on npm: English only.
 */
export function ocrLanguages(lang: Lang | undefined): string[] {
  const code = lang ? TESSERACT_CODES[lang] : 'eng';
  return code && code !== 'eng' ? [code, 'eng'] : ['eng'];
}
