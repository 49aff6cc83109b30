/**
 * Ollama's documented HTTP API: GET /api/tags (is the model installed?), POST
 * /api/show (can it see pictures?), POST /api/generate with `system`, `prompt`,
 * `images` (raw base64) and `format` (the answer's JSON schema; servers before
 * 0.5 ignore it, and the answer is parsed defensively anyway).
 */
import { endpointFor, errorText, formatMs, ModelServerError, postWithRetries } from './http';
import { ANSWER_SCHEMA } from './prompt';
import type { ModelApi, ModelApiOptions, ModelRequest } from './api';

/** `llava` and `llava:latest` are the same model to Ollama. */
export function sameModel(a: string, b: string): boolean {
  const norm = (n: string) => {
    const t = n.trim().toLowerCase();
    return t.slice(t.lastIndexOf('/') + 1).includes(':') ? t : `${t}:latest`;
  };
  return norm(a) === norm(b);
}

export function createOllamaApi(o: ModelApiOptions): ModelApi {
  const ep = endpointFor(o.baseUrl, 'Ollama', 'Start Ollama or turn the model off in Settings.');
  const { model } = o;
  const shown = ep.shown;
  const pullHint = `run \`ollama pull ${model}\` on this computer, or choose another model in Settings`;

  /** The capabilities /api/show lists for the model, or null when it lists none (or cannot say). */
  async function modelCapabilities(): Promise<string[] | null> {
    try {
      const c = await ep.call('/api/show', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ model }) }, o.connectTimeoutMs);
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
    kind: 'ollama',
    shown,
    async available() {
      let body: { models?: Array<{ name?: string; model?: string }> };
      try {
        const c = await ep.call('/api/tags', { method: 'GET' }, o.connectTimeoutMs);
        if (!c.res.ok) {
          const why = await errorText(c.res);
          return { ok: false, message: `The server at ${shown} answered, but not like Ollama (HTTP ${c.res.status}: ${why}). Check the address in Settings.` };
        }
        body = await c.json();
      } catch (e) {
        if (e instanceof ModelServerError && e.kind === 'timeout') {
          return { ok: false, message: `No model server answers at ${shown} (no reply within ${formatMs(o.connectTimeoutMs)}). Start Ollama or turn the model off in Settings.` };
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
      const caps = await modelCapabilities();
      if (caps && caps.length && !caps.includes('vision')) {
        return {
          ok: false,
          message: `The model "${model}" cannot see pictures (it is a text-only model). Choose a vision model in Settings, for example llava, qwen2.5vl or gemma3.`,
        };
      }
      return { ok: true };
    },

    async generate(req: ModelRequest, signal?: AbortSignal) {
      const body = JSON.stringify({
        model,
        system: req.system,
        prompt: req.user,
        images: [req.image.base64],
        format: ANSWER_SCHEMA,
        stream: false,
        options: { temperature: 0 },
      });
      const c = await postWithRetries(ep, '/api/generate', body, {
        timeoutMs: o.generateTimeoutMs,
        busyRetries: o.busyRetries,
        retryDelayMs: o.retryDelayMs,
        signal,
        what: req.what,
        missing: (why) => `The model "${model}" is not installed on the model server at ${shown} (${why}): ${pullHint}.`,
      });
      const answer = await c.json<{ response?: unknown; done?: unknown; done_reason?: unknown }>();
      if (typeof answer?.response !== 'string') {
        throw new ModelServerError('bad-answer', `The server at ${shown} answered, but not like Ollama. Check the address in Settings.`);
      }
      return { text: answer.response, truncated: answer.done === false || answer.done_reason === 'length' };
    },
  };
}
