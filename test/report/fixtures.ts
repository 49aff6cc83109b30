/** Hand-built batches matching src/shared/types.ts, with ALT text taken from real decks. */
import type { AltItem, BatchInfo, JobInfo } from '../../src/shared/types';
import { describeError } from '../../src/shared/errors';

/** Real descr values from the shared corpus (file named in each comment). */
export const REAL_ALT = {
  /** shapecrawler__pictures-case001.pptx, slide1: an Office auto-caption. */
  officeCaption: 'A green and white logo\n\nDescription automatically generated with low confidence',
  /** docling__powerpoint_with_image.pptx, slide1: the newer Office auto-caption. */
  aiCaption: 'A cartoon duck holding a paper\n\nAI-generated content may be incorrect.',
  /** aspose__VBA.pptm, slide1: a file name as ALT. */
  fileName: 'grid.png',
  /** poi__at.ecodesign.www_downloads_Vertiefungsvortrag_elektronik.pptx, slide8: non-ASCII file name. */
  umlautFileName: 'mine_südafrika.jpg',
  /** same deck, slide22: a person's (German) ALT. */
  umlaut: 'Kühlschrank',
  /** poi__PPTWithAttachments.pptm, slide1: Cyrillic with a comma. */
  cyrillic: 'Суҳбатда, восемнадцать, zeal',
  /** oxsdk__o09_Performance_typical.pptx, slide7: a UNC path. */
  uncPath: '\\\\powerpoint1\\projects\\Filters97\\GIF\\TestSuite\\Real World\\Internet\\Regular\\rainbow.gif',
  /** pandoc__images-output.pptx, slide2: pandoc's figure prefix. */
  pandoc: 'fig:\n\nlalune.jpg',
};

export function item(over: Partial<AltItem> = {}): AltItem {
  return {
    slide: 1,
    part: 'ppt/slides/slide1.xml',
    shapeId: '4',
    shapeName: 'Picture 3',
    kind: 'picture',
    mediaPart: 'ppt/media/image1.png',
    oldAlt: null,
    oldAltVerdict: 'missing',
    newAlt: 'Bar chart of admissions by year',
    source: 'ocr',
    status: 'written',
    needsReview: true,
    reviewReasons: ['generated text'],
    decorative: false,
    ...over,
  };
}

export function batch(over: Partial<BatchInfo> = {}): BatchInfo {
  return {
    id: '20260105_090000_abcd1234',
    state: 'completed',
    createdAt: Date.UTC(2026, 0, 5, 9, 0, 0),
    startedAt: Date.UTC(2026, 0, 5, 9, 0, 5),
    activeMs: 1_500_000,
    finishedAt: Date.UTC(2026, 0, 5, 9, 30, 0),
    settings: {
      processor: null,
      workers: 2,
      timeoutSec: 600,
      graceSec: 5,
      maxAttempts: 3,
      errorThreshold: 0.5,
      outputDir: '/out',
      inputRoot: '/share/lectures',
      altPolicy: 'preserve',
      force: false,
      dryRun: false,
      replaceOutputs: false,
      modelServer: null,
      model: null,
      ocr: true,
      notesLongDescriptions: false,
      markDecorative: false,
    },
    reason: null,
    counts: { total: 0, pending: 0, running: 0, retrying: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0, rejected: 0 },
    ...over,
  };
}

export function job(id: number, over: Partial<JobInfo> = {}): JobInfo {
  const relPath = over.relPath ?? `deck${id}.pptx`;
  return {
    id,
    batchId: '20260105_090000_abcd1234',
    inputPath: `/share/lectures/${relPath}`,
    relPath,
    state: 'succeeded',
    attempts: 1,
    maxAttempts: 3,
    progressDone: 0,
    progressTotal: 0,
    workUnits: 0,
    outputPath: `/out/${relPath}`,
    error: null,
    result: null,
    preflight: null,
    createdAt: Date.UTC(2026, 0, 5, 9, 0, 0),
    startedAt: Date.UTC(2026, 0, 5, 9, 1, 0),
    finishedAt: Date.UTC(2026, 0, 5, 9, 2, 0),
    runAfter: null,
    durationMs: 60_000,
    ...over,
  };
}

export function result(items: AltItem[], over: Partial<NonNullable<JobInfo['result']>> = {}): NonNullable<JobInfo['result']> {
  return {
    slides: 3,
    objects: items.length,
    written: items.filter((i) => i.status === 'written').length,
    kept: items.filter((i) => i.status === 'kept').length,
    needsReview: items.filter((i) => i.needsReview).length,
    unresolved: items.filter((i) => i.status === 'unresolved').length,
    wroteOutput: true,
    items,
    ...over,
  };
}

/** A batch with one of each situation a coordinator meets. */
export function sampleInput() {
  const processed = job(1, {
    relPath: 'anatomy/week1 – Herz.pptx',
    result: result([
      item({ oldAlt: REAL_ALT.officeCaption, oldAltVerdict: 'junk', newAlt: 'Logo of the faculty', source: 'model' }),
      item({ slide: 2, shapeId: '7', shapeName: 'Picture 6', mediaPart: 'ppt/media/image2.jpeg', oldAlt: REAL_ALT.umlaut, oldAltVerdict: 'person', newAlt: REAL_ALT.umlaut, source: 'person', status: 'kept', needsReview: false, reviewReasons: [] }),
      item({ slide: 3, shapeId: '9', shapeName: 'Picture 8', mediaPart: 'ppt/media/image3.emf', oldAlt: REAL_ALT.fileName, oldAltVerdict: 'junk', newAlt: null, source: 'none', status: 'unresolved', reviewReasons: ['no source could describe it'] }),
      item({ slide: 3, shapeId: '10', shapeName: 'Picture 9', oldAlt: null, newAlt: null, source: 'decorative', status: 'decorative', decorative: true, needsReview: false, reviewReasons: [] }),
    ]),
  });
  const failed = job(2, {
    relPath: 'pharma/dosing.pptx',
    state: 'failed',
    outputPath: null,
    attempts: 3,
    error: { code: 'PROCESSOR_TIMEOUT', message: describeError('PROCESSOR_TIMEOUT'), exitCode: null, signal: 'SIGKILL' },
  });
  const skipped = job(3, {
    relPath: 'signed.pptx',
    state: 'succeeded',
    outputPath: null,
    result: result([], { skipped: true, skipCode: 'SIGNED_DECK', skipReason: 'signature by Dean’s office', wroteOutput: false }),
  });
  const empty = job(4, { relPath: 'text-only.pptx', result: result([]) });
  return {
    batch: batch({ counts: { total: 4, pending: 0, running: 0, retrying: 0, succeeded: 3, failed: 1, skipped: 0, cancelled: 0, rejected: 0 } }),
    jobs: [failed, processed, skipped, empty],
    generatedAt: Date.UTC(2026, 0, 5, 10, 0, 0),
    appVersion: '0.1.0',
    rejected: [{ ok: false as const, path: '/share/lectures/old.ppt', code: 'LEGACY_PPT' as const, message: describeError('LEGACY_PPT') }],
  };
}
