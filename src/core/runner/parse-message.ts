/**
 * Recognises the processor's NDJSON messages (DESIGN.md §4). Anything that is not
 * a well-formed message is "other output" and goes to the log instead, so a
 * processor that prints a stray `{` cannot confuse the engine.
 */
import type { ProcessorMessage } from '../../shared/types';

const LOG_LEVELS = new Set(['info', 'warn', 'error']);

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

export function parseProcessorMessage(line: string): ProcessorMessage | null {
  const text = line.trim();
  if (!text.startsWith('{') || !text.endsWith('}')) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const msg = value as Record<string, unknown>;
  switch (msg.type) {
    case 'progress':
      if (!isCount(msg.done) || !isCount(msg.total)) return null;
      if (msg.stage !== undefined && typeof msg.stage !== 'string') return null;
      return msg as ProcessorMessage;
    case 'log':
      if (typeof msg.level !== 'string' || !LOG_LEVELS.has(msg.level) || typeof msg.message !== 'string') return null;
      return msg as ProcessorMessage;
    case 'result':
      // The result's fields are the engine's business (it stores the JSON); a
      // custom processor may send only part of them.
      return msg as ProcessorMessage;
    default:
      return null;
  }
}
