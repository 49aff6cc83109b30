/**
 * The OpenAI-compatible chat API served by llama.cpp's server, LM Studio, vLLM and
 * LocalAI: GET /v1/models, POST /v1/chat/completions with the picture as an
 * `image_url` data URL and `response_format` asking for the answer's JSON schema.
 * A server that refuses `response_format` (400) is asked again without it, once,
 * and not asked for it again: the answer is parsed defensively in any case.
 */
import { endpointFor, errorText, formatMs, ModelServerError, postWithRetries } from './http';
import { ANSWER_SCHEMA } from './prompt';
import type { ModelApi, ModelApiOptions, ModelRequest } from './api';

interface ChatAnswer {
  choices?: Array<{ message?: { content?: unknown }; finish_reason?: unknown }>;
}

function contentText(c: unknown): string | null {
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) {
    return c.map((p) => (p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : '')).join('');
  }
  return null;
}

export function createOpenAiApi(o: ModelApiOptions): ModelApi {
  const ep = endpointFor(o.baseUrl, 'an OpenAI-compatible server', 'Start the model server (llama.cpp, LM Studio, vLLM, LocalAI) or turn the model off in Settings.');
  const { model } = o;
  const shown = ep.shown;
  // The address may already end in /v1 (as these servers document it).
  const v1 = /\/v1$/.test(ep.root) ? '' : '/v1';
  let schemaRefused = false;

  return {
    kind: 'openai',
    shown,
    async available() {
      let body: { data?: Array<{ id?: unknown }> };
      try {
        const c = await ep.call(`${v1}/models`, { method: 'GET' }, o.connectTimeoutMs);
        if (!c.res.ok) {
          const why = await errorText(c.res);
          return { ok: false, message: `The server at ${shown} answered, but not like an OpenAI-compatible server (HTTP ${c.res.status}: ${why}). Check the address in Settings.` };
        }
        body = await c.json();
      } catch (e) {
        if (e instanceof ModelServerError && e.kind === 'timeout') {
          return { ok: false, message: `No model server answers at ${shown} (no reply within ${formatMs(o.connectTimeoutMs)}). Start the model server or turn the model off in Settings.` };
        }
        return { ok: false, message: e instanceof Error ? e.message : String(e) };
      }
      if (!Array.isArray(body?.data)) {
        return { ok: false, message: `The server at ${shown} answered, but not like an OpenAI-compatible server. Check the address in Settings.` };
      }
      const ids = body.data.map((m) => m.id).filter((x): x is string => typeof x === 'string');
      // llama.cpp serves the one model it was started with, whatever name is asked for.
      if (ids.length > 1 && !ids.some((id) => id === model || id.toLowerCase() === model.toLowerCase())) {
        return { ok: false, message: `The model "${model}" is not loaded on the model server at ${shown} (it has: ${ids.slice(0, 8).join(', ')}). Load it there, or choose one of these in Settings.` };
      }
      return { ok: true };
    },

    async generate(req: ModelRequest, signal?: AbortSignal) {
      const payload = (withSchema: boolean) =>
        JSON.stringify({
          model,
          messages: [
            { role: 'system', content: req.system },
            {
              role: 'user',
              content: [
                { type: 'text', text: req.user },
                { type: 'image_url', image_url: { url: `data:${req.image.mime};base64,${req.image.base64}` } },
              ],
            },
          ],
          temperature: 0,
          max_tokens: 800,
          stream: false,
          ...(withSchema ? { response_format: { type: 'json_schema', json_schema: { name: 'alt_text', strict: true, schema: ANSWER_SCHEMA } } } : {}),
        });
      const opts = {
        timeoutMs: o.generateTimeoutMs,
        busyRetries: o.busyRetries,
        retryDelayMs: o.retryDelayMs,
        signal,
        what: req.what,
        missing: (why: string) => `The model "${model}" is not available on the model server at ${shown} (${why}). Load it there, or choose another model in Settings.`,
      };
      let c;
      try {
        c = await postWithRetries(ep, `${v1}/chat/completions`, payload(!schemaRefused), opts);
      } catch (e) {
        if (schemaRefused || !(e instanceof ModelServerError) || e.kind !== 'bad-request') throw e;
        schemaRefused = true;
        c = await postWithRetries(ep, `${v1}/chat/completions`, payload(false), opts);
      }
      const answer = await c.json<ChatAnswer>();
      const choice = Array.isArray(answer?.choices) ? answer.choices[0] : undefined;
      const text = contentText(choice?.message?.content);
      if (text === null) {
        throw new ModelServerError('bad-answer', `The server at ${shown} answered, but not like an OpenAI-compatible server. Check the address in Settings.`);
      }
      return { text, truncated: choice?.finish_reason === 'length' };
    },
  };
}
