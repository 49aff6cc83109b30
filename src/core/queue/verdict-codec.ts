/**
 * How a job's check verdict (PreflightResult) is stored in `jobs.preflight` (issue 10:
 * enqueue 100,000 jobs in < 1 s). Every byte of a job is written twice at enqueue (the
 * WAL, then the checkpoint into the database), and the verdict was half of the row:
 *
 * - an accepted deck's verdict with exactly the fields it has today is a JSON array,
 *   `[1, size, mtimeMs, slides, pictures, picturesMissingAlt, graphicFrames, hiddenSlides,
 *   signed, macroEnabled, uncompressedBytes, warnings]` (~45 bytes instead of ~220);
 * - anything else (a rejection, a verdict with a field added later) is its JSON object;
 * - either way without `path` when it is the job's input path (the row has it).
 * The reader takes all three forms, and rows written before this change. Nothing reads the
 * column with SQL's json functions (migration 004 did, on rows written before any of this).
 */
import type { DeckAudit, PreflightResult } from '../../shared/types';

const OK_KEYS = new Set(['ok', 'path', 'code', 'size', 'mtimeMs', 'audit', 'warnings']);
const AUDIT_KEYS = new Set(['slides', 'pictures', 'picturesMissingAlt', 'graphicFrames', 'hiddenSlides', 'signed', 'macroEnabled', 'uncompressedBytes']);
const exactly = (o: object, keys: Set<string>) => {
  const k = Object.keys(o);
  return k.length === keys.size && k.every((x) => keys.has(x));
};
const finite = (...n: unknown[]) => n.every((x) => typeof x === 'number' && Number.isFinite(x));

export function encodeVerdict(p: PreflightResult, inputPath: string): string {
  if (p.ok && p.path === inputPath && exactly(p, OK_KEYS) && p.audit && exactly(p.audit, AUDIT_KEYS) && Array.isArray(p.warnings)) {
    const a = p.audit;
    if (finite(p.size, p.mtimeMs, a.slides, a.pictures, a.picturesMissingAlt, a.graphicFrames, a.hiddenSlides, a.uncompressedBytes)) {
      return `[1,${p.size},${p.mtimeMs},${a.slides},${a.pictures},${a.picturesMissingAlt},${a.graphicFrames},${a.hiddenSlides},${a.signed ? 1 : 0},${a.macroEnabled ? 1 : 0},${a.uncompressedBytes},${JSON.stringify(p.warnings)}]`;
    }
  }
  if (p.path !== inputPath) return JSON.stringify(p);
  const { path: _path, ...rest } = p;
  return JSON.stringify(rest);
}

export function decodeVerdict(text: string | null, inputPath: string): PreflightResult | null {
  if (text === null) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (Array.isArray(v) && v[0] === 1 && v.length === 12) {
    const audit: DeckAudit = {
      slides: v[3],
      pictures: v[4],
      picturesMissingAlt: v[5],
      graphicFrames: v[6],
      hiddenSlides: v[7],
      signed: v[8] === 1,
      macroEnabled: v[9] === 1,
      uncompressedBytes: v[10],
    };
    return { ok: true, path: inputPath, code: 'OK', size: v[1], mtimeMs: v[2], audit, warnings: v[11] };
  }
  if (!v || typeof v !== 'object') return null;
  const p = v as PreflightResult;
  return p.path === undefined ? { ...p, path: inputPath } : p;
}
