/**
 * ALT text from a vision model the user runs on this computer, over Ollama's
 * documented HTTP API (GET /api/tags, POST /api/generate). The only network
 * traffic AltDeck makes: node's fetch, to a loopback address, redirects refused
 * (a redirect would carry the picture to wherever it points).
 *
 * Generated text is always marked for review: these are medical slides, and a
 * model that is fluent is not a model that is right.
 */
import { assertLoopbackUrl } from './loopback';
import { sniffImageFormat, type ImageFormat } from './ocr';
import type { Description, ImageDescriber, ImageInput, SlideContext } from './types';

export const ALT_MAX = 150;

export type ModelServerErrorKind =
  | 'unreachable' // nothing answers, or the connection broke
  | 'busy' // 503 after the retries
  | 'timeout' // no answer within generateTimeoutMs
  | 'model-missing' // 404 model not found
  | 'bad-request' // 400: the server refused this request (often: this picture)
  | 'server-error' // 500 and other answers
  | 'bad-answer'; // 200 that is not the documented JSON

/**
 * A failure talking to the model server. `temporary` says whether trying the deck
 * again later can succeed (busy, timeout, server gone): the processor exits 75 for
 * those. Other kinds concern this picture or the settings; the processor can fall
 * back to the other sources.
 */
export class ModelServerError extends Error {
  readonly kind: ModelServerErrorKind;
  readonly temporary: boolean;
  readonly status?: number;
  constructor(kind: ModelServerErrorKind, message: string, opts: { status?: number; cause?: unknown } = {}) {
    super(message, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = 'ModelServerError';
    this.kind = kind;
    this.temporary = kind === 'unreachable' || kind === 'busy' || kind === 'timeout';
    this.status = opts.status;
  }
}

export interface OllamaOptions {
  /** e.g. http://127.0.0.1:11434 — must be on this computer. */
  baseUrl: string;
  /** e.g. llava, llava:13b, qwen2.5vl:7b */
  model: string;
  /** For the availability check (GET /api/tags): short, so a missing server is told at once. */
  connectTimeoutMs?: number;
  /** For one generation: long, a CPU-only model can take a minute per picture. */
  generateTimeoutMs?: number;
  /** Replaces the instruction part of the prompt; the slide context is still appended. */
  prompt?: string;
  /** Retries of a 503 "server busy" answer before giving up. */
  busyRetries?: number;
  /** First backoff delay (doubles each retry); a Retry-After header wins, up to 10 s. */
  retryDelayMs?: number;
}

/** What Ollama decodes (Go's image decoders behind its vision models). */
const MODEL_FORMATS: ReadonlySet<ImageFormat> = new Set(['png', 'jpeg', 'gif', 'webp']);

const DEFAULT_INSTRUCTION = [
  'You write ALT text for a picture on a slide of a medical school lecture, for students who use a screen reader.',
  `Write one concise ALT text of at most ${ALT_MAX} characters: what the picture shows and what it is there to teach on this slide.`,
  'Name the kind of picture when it matters (photograph, micrograph, X-ray, diagram, chart).',
  'Do not begin with "Image of", "Picture of" or "This image shows". Do not guess at a diagnosis that the slide does not give.',
  'Answer with the ALT text only: no quotes, no markdown, no preamble.',
].join('\n');

function clip(s: string, n: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

/** The prompt: the instruction, then what the slide says around the picture. */
export function buildPrompt(ctx: SlideContext, instruction: string = DEFAULT_INSTRUCTION): string {
  const lines = [instruction.trim(), '', `Slide ${ctx.slideNumber}.`];
  if (ctx.title?.trim()) lines.push(`Slide title: ${clip(ctx.title, 200)}`);
  const nearby = ctx.nearbyText.map((t) => t.trim()).filter(Boolean);
  if (nearby.length) lines.push(`Text on the slide: ${clip(nearby.join(' / '), 600)}`);
  if (ctx.notes?.trim()) lines.push(`Speaker notes: ${clip(ctx.notes, 400)}`);
  return lines.join('\n');
}

// Openings that say nothing a screen reader does not already say ("image").
const EMPTY_OPENINGS: RegExp[] = [
  /^(?:here is|here's)\s+(?:the\s+|an?\s+)?(?:alt(?:ernative)?[\s-]*text|description)\s*(?:for (?:the|this) (?:image|picture))?\s*[:-]\s*/i,
  /^(?:suggested\s+)?alt(?:ernative)?[\s-]*text\s*[:-]\s*/i,
  /^description\s*[:-]\s*/i,
  /^(?:this|the)\s+(?:image|picture|graphic)\s+(?:shows|depicts|displays|illustrates|contains|presents|is of|features)\s*/i,
  /^(?:an?\s+)?(?:image|picture|graphic)\s+(?:of|showing|depicting|that shows)\s+/i,
  /^in\s+this\s+(?:image|picture)\s*,\s*(?:we\s+see\s+|there\s+is\s+|there\s+are\s+)?/i,
];

// "This diagram shows X" → "Diagram showing X": the kind of picture is worth keeping.
const KIND_OPENING =
  /^(?:this|the)\s+(photograph|photo|micrograph|diagram|chart|graph|x-ray|radiograph|scan|ct scan|mri|illustration|drawing|map|table|flowchart|schematic)\s+(?:shows|depicts|displays|illustrates)\s+/i;

const REFUSAL = /^(?:i'?m sorry|i am sorry|sorry,|i cannot|i can'?t|i am unable|i'?m unable|as an ai)/i;

/**
 * Turn a model's answer into ALT text: no reasoning block, markdown, label,
 * quotes or empty opening; one line; at most `max` characters, cut at a sentence
 * or word. Returns '' when nothing usable is left (including a refusal).
 */
export function cleanAltText(raw: string, max = ALT_MAX): string {
  let s = raw.replace(/<think>[\s\S]*?<\/think>/gi, '').replace(/<\/?think>/gi, '');
  s = s.replace(/```[a-z]*\n?/gi, '').replace(/```/g, '');
  // Keep the first paragraph that has words in it: models like to add "Note: …".
  const paras = s.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => /[\p{L}\p{N}]/u.test(p));
  s = paras[0] ?? '';
  s = s
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s*(?:[-*+•]|\d+[.)])\s+/gm, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[\s(])[*_](\S(?:.*?\S)?)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();

  for (let pass = 0; pass < 3; pass++) {
    const before = s;
    s = s.replace(/^["'“”‘’«»]+|["'“”‘’«»]+$/g, '').trim();
    for (const re of EMPTY_OPENINGS) s = s.replace(re, '');
    s = s.replace(KIND_OPENING, (_m, kind: string) => `${kind} showing `);
    s = s.trim();
    if (s === before) break;
  }
  if (REFUSAL.test(s)) return '';
  if (!/[\p{L}\p{N}]/u.test(s)) return '';
  s = s.charAt(0).toUpperCase() + s.slice(1);

  if (s.length > max) {
    const head = s.slice(0, max);
    // A whole sentence if one ends in the second half, else whole words and "…".
    const sentenceEnd = Math.max(head.lastIndexOf('. '), head.lastIndexOf('; '), head.endsWith('.') ? head.length - 1 : -1);
    if (sentenceEnd >= max / 2) {
      s = head.slice(0, sentenceEnd + 1).replace(/;$/, '.');
    } else {
      const words = s.slice(0, max - 1);
      const space = words.lastIndexOf(' ');
      s = `${(space >= max / 2 ? words.slice(0, space) : words).replace(/[\s,;:.(-]+$/, '')}…`;
    }
  }
  return s;
}

/** `llava` and `llava:latest` are the same model to Ollama. */
export function sameModel(a: string, b: string): boolean {
  const norm = (n: string) => {
    const t = n.trim().toLowerCase();
    return t.slice(t.lastIndexOf('/') + 1).includes(':') ? t : `${t}:latest`;
  };
  return norm(a) === norm(b);
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function errorText(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const j = JSON.parse(text) as { error?: unknown };
    if (typeof j.error === 'string' && j.error) return j.error;
  } catch {
    /* not JSON: use the text */
  }
  return text.trim().slice(0, 200) || `HTTP ${res.status}`;
}

export function createOllamaDescriber(options: OllamaOptions): ImageDescriber {
  // Refuse a foreign address before anything is sent anywhere.
  const base = assertLoopbackUrl(options.baseUrl);
  const model = options.model.trim();
  if (!model) throw new Error('No model is chosen for the model server. Choose one in Settings, or turn the model off.');
  const connectTimeoutMs = options.connectTimeoutMs ?? 2000;
  const generateTimeoutMs = options.generateTimeoutMs ?? 120_000;
  const busyRetries = options.busyRetries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const instruction = options.prompt ?? DEFAULT_INSTRUCTION;

  const root = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
  const shown = base.origin; // what a coordinator typed, without any path
  const endpoint = (p: string) => `${root}${p}`;
  const pullHint = `run \`ollama pull ${model}\` on this computer, or choose another model in Settings`;

  interface Call {
    res: Response;
    /** Read the JSON body under the same deadline and cancellation as the request. */
    json<T>(): Promise<T>;
  }

  async function call(path: string, init: RequestInit, timeoutMs: number, signal?: AbortSignal): Promise<Call> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const fail = (e: unknown): never => {
      if (signal?.aborted) throw signal.reason;
      if (timeout.aborted) {
        throw new ModelServerError('timeout', `The model server at ${shown} did not answer within ${formatMs(timeoutMs)}.`, { cause: e });
      }
      throw new ModelServerError('unreachable', `No model server answers at ${shown}. Start Ollama or turn the model off in Settings.`, { cause: e });
    };
    let res: Response;
    try {
      // Never follow a redirect: a 307 would carry the picture to an address we did not check.
      res = await fetch(endpoint(path), { ...init, signal: combined, redirect: 'manual' });
    } catch (e) {
      return fail(e);
    }
    if ((res.status >= 300 && res.status < 400) || res.type === 'opaqueredirect') {
      await res.body?.cancel().catch(() => {});
      throw new ModelServerError(
        'bad-answer',
        `The server at ${shown} tried to send AltDeck to another address. Pictures only go to a model server on this computer: check the address in Settings.`,
        { status: res.status },
      );
    }
    return {
      res,
      async json<T>() {
        let text: string;
        try {
          text = await res.text();
        } catch (e) {
          return fail(e);
        }
        try {
          return JSON.parse(text) as T;
        } catch (e) {
          throw new ModelServerError('bad-answer', `The server at ${shown} answered, but not like Ollama. Check the address in Settings.`, { cause: e });
        }
      },
    };
  }

  /** The capabilities /api/show lists for the model, or null when it lists none (or cannot say). */
  async function modelCapabilities(): Promise<string[] | null> {
    try {
      const c = await call('/api/show', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ model }) }, connectTimeoutMs);
      if (!c.res.ok) {
        await c.res.body?.cancel().catch(() => {});
        return null;
      }
      const info = await c.json<{ capabilities?: unknown }>();
      return Array.isArray(info?.capabilities) ? info.capabilities.filter((x): x is string => typeof x === 'string') : null;
    } catch {
      return null;
    }
  }

  return {
    name: 'model',

    async available() {
      let body: { models?: Array<{ name?: string; model?: string }> };
      try {
        const c = await call('/api/tags', { method: 'GET' }, connectTimeoutMs);
        if (!c.res.ok) {
          const why = await errorText(c.res);
          return { ok: false, message: `The server at ${shown} answered, but not like Ollama (HTTP ${c.res.status}: ${why}). Check the address in Settings.` };
        }
        body = await c.json();
      } catch (e) {
        if (e instanceof ModelServerError && e.kind === 'timeout') {
          return { ok: false, message: `No model server answers at ${shown} (no reply within ${formatMs(connectTimeoutMs)}). Start Ollama or turn the model off in Settings.` };
        }
        return { ok: false, message: e instanceof Error ? e.message : String(e) };
      }
      if (!Array.isArray(body?.models)) {
        return { ok: false, message: `The server at ${shown} answered, but not like Ollama. Check the address in Settings.` };
      }
      const installed = body.models.flatMap((m) => [m.name, m.model]).filter((n): n is string => typeof n === 'string');
      if (!installed.some((n) => sameModel(n, model))) {
        return { ok: false, message: `The model "${model}" is not installed on the model server at ${shown}: ${pullHint}.` };
      }
      // A text-only model given a picture does not fail: it makes a description up.
      // Servers that list capabilities say so; older ones are taken on trust.
      const capabilities = await modelCapabilities();
      if (capabilities && !capabilities.includes('vision')) {
        return {
          ok: false,
          message: `The model "${model}" cannot see pictures (it is a text-only model). Choose a vision model in Settings, for example llava, qwen2.5vl or gemma3.`,
        };
      }
      return { ok: true };
    },

    async describe(image: ImageInput, ctx: SlideContext, signal?: AbortSignal): Promise<Description | null> {
      if (signal?.aborted) throw signal.reason;
      const format = sniffImageFormat(image.bytes);
      // Vector pictures (EMF/WMF/SVG) and TIFF are not decoded by the model server.
      if (!format || !MODEL_FORMATS.has(format)) return null;

      const body = JSON.stringify({
        model,
        prompt: buildPrompt(ctx, instruction),
        images: [image.bytes.toString('base64')],
        stream: false,
        options: { temperature: 0 },
      });

      for (let attempt = 0; ; attempt++) {
        const c = await call('/api/generate', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }, generateTimeoutMs, signal);
        const res = c.res;
        if (res.status === 503) {
          const why = await errorText(res);
          if (attempt >= busyRetries) {
            throw new ModelServerError('busy', `The model server at ${shown} stayed busy (${why}). The deck will be tried again later.`, { status: 503 });
          }
          const retryAfter = Number(res.headers.get('retry-after'));
          const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 10_000) : retryDelayMs * 2 ** attempt;
          await sleep(wait, signal);
          continue;
        }
        if (res.status === 404) {
          const why = await errorText(res);
          throw new ModelServerError('model-missing', `The model "${model}" is not installed on the model server at ${shown} (${why}): ${pullHint}.`, { status: 404 });
        }
        if (res.status === 400) {
          throw new ModelServerError('bad-request', `The model server at ${shown} refused the picture ${image.mediaPart}: ${await errorText(res)}.`, { status: 400 });
        }
        if (!res.ok) {
          throw new ModelServerError('server-error', `The model server at ${shown} failed on the picture ${image.mediaPart} (HTTP ${res.status}: ${await errorText(res)}).`, { status: res.status });
        }
        const answer = await c.json<{ response?: unknown; done?: unknown }>();
        if (typeof answer?.response !== 'string') {
          throw new ModelServerError('bad-answer', `The server at ${shown} answered, but not like Ollama. Check the address in Settings.`);
        }
        const text = cleanAltText(answer.response);
        if (!text) return null;
        const reasons = [`Written by the vision model ${model}: a person must check it, above all on medical content.`];
        if (answer.done === false) reasons.push('The model stopped before finishing its answer.');
        if (text.endsWith('…')) reasons.push(`The model's answer was cut to ${ALT_MAX} characters.`);
        return { text, source: 'model', confidence: 0.6, needsReview: true, reasons };
      }
    },

    async close() {
      // Nothing is held open: each call is one request.
    },
  };
}
