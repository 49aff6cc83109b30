/**
 * Run as a child by ocr.test.ts, under no-network.cjs, in an empty working folder.
 *   describe: read text from a generated picture the way the processor does and
 *             print {available, out} as JSON.
 *   control:  point tesseract.js at a model URL, to prove that the guard sees a
 *             download attempt made inside tesseract's worker thread.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createOcrDescriber } from '../../../src/processor/sources/ocr';
import { encodePng, renderText } from './text-image';

async function main(mode: string): Promise<void> {
  if (mode === 'control') {
    const { createWorker } = await import('tesseract.js');
    // A model URL makes tesseract's worker thread try to download; the attempt
    // fails (refused by the guard) and tesseract never settles, so wait for the
    // guard's log line instead of the worker.
    void createWorker('eng', 1, { langPath: 'http://127.0.0.1:9/models', cacheMethod: 'none', errorHandler: () => {} }).catch(() => {});
    const log = process.env.NO_NETWORK_LOG ?? '';
    for (let i = 0; i < 600; i++) {
      if (existsSync(log) && /fetch/.test(readFileSync(log, 'utf8'))) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    process.stdout.write('{"control":true}\n');
    return;
  }
  const ocr = createOcrDescriber();
  try {
    const available = await ocr.available();
    const bytes = encodePng(renderText(['RENAL ARTERY', 'KIDNEY']));
    const out = await ocr.describe({ bytes, contentType: 'image/png', mediaPart: 'ppt/media/image1.png' }, { slideNumber: 1, title: null, nearbyText: [], notes: null });
    // every bundled language loads from node_modules too (one worker at a time here: two stay alive)
    const langs: Record<string, string | null> = {};
    for (const lang of ['de', 'fr', 'es', 'it', 'pt', 'nl', 'pl', 'ja', 'zh', 'ko', 'ar', 'he'] as const) {
      const r = await ocr.describe({ bytes, contentType: 'image/png', mediaPart: 'ppt/media/image1.png' }, { slideNumber: 1, title: null, nearbyText: [], notes: null, lang });
      langs[lang] = r?.reasons[0]?.match(/\(([a-z_+]+),/)?.[1] ?? null;
    }
    process.stdout.write(`${JSON.stringify({ available, out, langs })}\n`);
  } finally {
    await ocr.close();
  }
}

main(process.argv[2] ?? 'describe').then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
