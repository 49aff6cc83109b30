/**
 * The vision-model describer: cache first (by the picture's content hash, model,
 * prompt version and language), then the picture prepared (≤ 1,024 px, vector
 * formats rendered), one request at a time to the server, the answer cached the
 * moment it arrives and turned into ALT text, a long description, a decorative
 * proposal, or nothing with the reason.
 *
 * Generated text is always marked for review: these are medical slides, and a
 * model that is fluent is not a model that is right.
 */
import { createHash } from 'node:crypto';
import { assertLoopbackUrl } from '../sources/loopback';
import { DescriberSkip, type Description, type ImageDescriber, type ImageInput, type SlideContext } from '../sources/types';
import { resolveModelApi, type ModelApi, type ModelApiKind } from './api';
import { interpretAnswer } from './answer';
import { DescriptionCache, type CacheKey } from './cache';
import { prepareImage } from './image-prep';
import { promptKey, systemPrompt, userPrompt, type PromptOptions } from './prompt';
import { ServerSlots } from './server-slots';

export interface ModelDescriberOptions {
  /** e.g. http://127.0.0.1:11434 (Ollama) or http://127.0.0.1:8080/v1 — must be on this computer. */
  baseUrl: string;
  model: string;
  /** Which API the server speaks; `auto` asks it. */
  api?: ModelApiKind;
  /** Output language when the slide's is not known (BCP 47); default English. */
  language?: string | null;
  /** A school's context, e.g. "medical school lecture"; none by default. */
  domain?: string | null;
  /** Replaces the instruction part of the prompt. */
  prompt?: string | null;
  /** The queue database holding the cache and the server slots; null = neither (one request at a time within this process only). */
  cachePath?: string | null;
  /** Requests in flight at once to the server, across processors (default 1). */
  maxInFlight?: number;
  /** For the availability check: short, so a missing server is told at once. */
  connectTimeoutMs?: number;
  /** For one generation: long, a CPU-only model can take a minute per picture. */
  generateTimeoutMs?: number;
  busyRetries?: number;
  retryDelayMs?: number;
  /** LibreOffice for EMF/WMF; undefined = look for it, null = none. */
  soffice?: string | null;
  /** Told when the cache cannot be used, or what happened to a picture. */
  onLog?(level: 'info' | 'warn', message: string): void;
}

export interface ModelDescriber extends ImageDescriber {
  /** Requests sent to the server and answers taken from the cache, for the result and tests. */
  stats(): { requests: number; cacheHits: number };
}

export function createModelDescriber(o: ModelDescriberOptions): ModelDescriber {
  // Refuse a foreign address before anything is sent anywhere.
  const base = assertLoopbackUrl(o.baseUrl);
  const model = o.model.trim();
  if (!model) throw new Error('No model is chosen for the model server. Choose one in Settings, or turn the model off.');
  const apiOptions = {
    baseUrl: o.baseUrl,
    model,
    connectTimeoutMs: o.connectTimeoutMs ?? 2000,
    generateTimeoutMs: o.generateTimeoutMs ?? 120_000,
    busyRetries: o.busyRetries ?? 2,
    retryDelayMs: o.retryDelayMs ?? 1000,
  };
  const promptOpts: PromptOptions = { domain: o.domain ?? null, instruction: o.prompt ?? null };
  const pKey = promptKey(promptOpts);
  const server = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
  let api: Promise<ModelApi> | null = null;
  const getApi = () => (api ??= resolveModelApi(o.api ?? 'auto', apiOptions));
  let cache: DescriptionCache | null = null;
  let slots: ServerSlots | null = null;
  let opened: Promise<void> | null = null;
  let requests = 0;
  let cacheHits = 0;

  const open = () =>
    (opened ??= (async () => {
      if (o.cachePath) {
        try {
          cache = await DescriptionCache.open(o.cachePath);
        } catch (e) {
          o.onLog?.('warn', `the model cache (${o.cachePath}) cannot be used, every picture goes to the model: ${(e as Error).message}`);
        }
      }
      // the slots' deadline outlasts one request with all its busy retries
      const holdMs = apiOptions.generateTimeoutMs * (apiOptions.busyRetries + 1) + 30_000;
      slots = new ServerSlots(cache?.db ?? null, server, { slots: o.maxInFlight ?? 1, holdMs });
    })());

  function describeVerdict(raw: string, truncated: boolean, ctx: SlideContext, fromCache: boolean): Description {
    const slideTexts = [ctx.title ?? '', ...ctx.nearbyText].filter(Boolean);
    const v = interpretAnswer(raw, slideTexts);
    if (v.kind === 'none') throw new DescriberSkip(v.why);
    const reasons = [`Written by the vision model ${model}: a person must check it, above all on medical content.`];
    if (fromCache) reasons.push('taken from the model cache (the same picture was described before)');
    if (truncated) reasons.push('The model stopped before finishing its answer.');
    if (v.kind === 'decorative') {
      return { text: '', source: 'model', confidence: 0.5, needsReview: true, decorative: true, reasons: [...reasons, ...v.reasons] };
    }
    return { text: v.text, long: v.long, source: 'model', confidence: 0.6, needsReview: true, reasons: [...reasons, ...v.reasons] };
  }

  return {
    name: 'model',

    async available() {
      try {
        return await (await getApi()).available();
      } catch (e) {
        return { ok: false, message: e instanceof Error ? e.message : String(e) };
      }
    },

    async describe(image: ImageInput, ctx: SlideContext, signal?: AbortSignal): Promise<Description | null> {
      if (signal?.aborted) throw signal.reason;
      await open();
      const language = (o.language || ctx.lang || 'en').trim();
      const key: CacheKey = {
        imageSha256: createHash('sha256').update(image.bytes).digest('hex'),
        model,
        promptVersion: pKey,
        language,
      };
      const hit = cache?.get(key);
      if (hit) {
        cacheHits++;
        return describeVerdict(hit.answer, hit.truncated, ctx, true);
      }
      const prepared = await prepareImage(image.bytes, { soffice: o.soffice, signal });
      if (prepared.how !== 'as is') o.onLog?.('info', `${image.mediaPart}: ${prepared.how} for the model`);
      const serverApi = await getApi();
      const release = await slots!.acquire(signal);
      let answer: { text: string; truncated: boolean };
      try {
        // another processor may have described the same picture while we waited
        const late = cache?.get(key);
        if (late) {
          cacheHits++;
          return describeVerdict(late.answer, late.truncated, ctx, true);
        }
        requests++;
        answer = await serverApi.generate(
          {
            system: systemPrompt({ ...promptOpts, language }),
            user: userPrompt(ctx, { ...promptOpts, language }),
            image: { base64: prepared.bytes.toString('base64'), mime: prepared.mime },
            what: image.mediaPart,
          },
          signal,
        );
        // cached before the slot is freed: the next holder's look-up must find it
        try {
          cache?.put(key, answer.text, answer.truncated, server);
        } catch (e) {
          o.onLog?.('warn', `the model's answer for ${image.mediaPart} could not be cached: ${(e as Error).message}`);
        }
      } finally {
        release();
      }
      return describeVerdict(answer.text, answer.truncated, ctx, false);
    },

    stats: () => ({ requests, cacheHits }),

    async close() {
      (cache as DescriptionCache | null)?.close();
      cache = null;
    },
  };
}
