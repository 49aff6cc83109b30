/**
 * Reading an `--apply` file (schema altdeck-apply/1, written by the engine from
 * a reviewer's decisions). A file that does not follow the schema is refused as
 * a whole: it is not the engine's, and guessing what it meant could write the
 * wrong ALT text into a deck.
 */
import type { ApplyInstructions } from '../shared/review';

export class ApplyFileError extends Error {}

export function parseApplyInstructions(text: string): ApplyInstructions {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ApplyFileError(`not JSON (${(e as Error).message})`);
  }
  const o = parsed as { schema?: unknown; items?: unknown };
  if (!o || typeof o !== 'object' || o.schema !== 'altdeck-apply/1') throw new ApplyFileError('not an altdeck-apply/1 file');
  if (!Array.isArray(o.items)) throw new ApplyFileError('its "items" is not a list');
  const items: ApplyInstructions['items'] = [];
  o.items.forEach((raw: unknown, i: number) => {
    const it = raw as { part?: unknown; shapeId?: unknown; action?: unknown; text?: unknown };
    if (!it || typeof it !== 'object') throw new ApplyFileError(`item ${i + 1} is not an object`);
    if (typeof it.part !== 'string' || !it.part) throw new ApplyFileError(`item ${i + 1} has no part`);
    // shape ids are numbers in the XML; a JSON number is the same id
    const shapeId = typeof it.shapeId === 'number' && Number.isInteger(it.shapeId) ? String(it.shapeId) : it.shapeId;
    if (typeof shapeId !== 'string' || !shapeId) throw new ApplyFileError(`item ${i + 1} has no shapeId`);
    if (it.action === 'set') {
      if (it.text !== undefined && it.text !== null && typeof it.text !== 'string') throw new ApplyFileError(`item ${i + 1}: text must be a string`);
      items.push({ part: it.part, shapeId, action: 'set', ...(typeof it.text === 'string' ? { text: it.text } : {}) });
    } else if (it.action === 'decorative') {
      items.push({ part: it.part, shapeId, action: 'decorative' });
    } else {
      throw new ApplyFileError(`item ${i + 1} has an unknown action ${JSON.stringify(it.action)}`);
    }
  });
  const checks: NonNullable<ApplyInstructions['checks']> = [];
  const rawChecks = (o as { checks?: unknown }).checks;
  if (rawChecks !== undefined) {
    if (!Array.isArray(rawChecks)) throw new ApplyFileError('its "checks" is not a list');
    rawChecks.forEach((raw: unknown, i: number) => {
      const c = raw as { key?: unknown; action?: unknown; text?: unknown };
      if (!c || typeof c !== 'object' || typeof c.key !== 'string' || !c.key) throw new ApplyFileError(`check ${i + 1} has no key`);
      if (c.action !== 'approve' && c.action !== 'edit' && c.action !== 'reject') throw new ApplyFileError(`check ${i + 1} has an unknown action ${JSON.stringify(c.action)}`);
      if (c.text !== undefined && c.text !== null && typeof c.text !== 'string') throw new ApplyFileError(`check ${i + 1}: text must be a string`);
      checks.push({ key: c.key, action: c.action, ...(typeof c.text === 'string' ? { text: c.text } : {}) });
    });
  }
  return { schema: 'altdeck-apply/1', items, ...(rawChecks !== undefined ? { checks } : {}) };
}
