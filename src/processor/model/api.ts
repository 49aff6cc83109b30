/**
 * The two dialects of model server AltDeck speaks, behind one small interface:
 * Ollama's own API, and the OpenAI-compatible chat API that llama.cpp's server,
 * LM Studio, vLLM and LocalAI expose. `auto` asks the server which it is.
 */
import { endpointFor } from './http';
import { createOllamaApi } from './ollama-api';
import { createOpenAiApi } from './openai-api';

import { MODEL_APIS, type ModelApiKind } from '../../shared/types';

export { MODEL_APIS, type ModelApiKind };

export interface ModelRequest {
  system: string;
  user: string;
  image: { base64: string; mime: string };
  /** The picture's part name, for sentences. */
  what: string;
}

export interface ModelApi {
  kind: 'ollama' | 'openai';
  /** The server's origin, for sentences. */
  shown: string;
  available(): Promise<{ ok: true } | { ok: false; message: string }>;
  /** The model's raw answer; `truncated` when it stopped at its length limit. */
  generate(req: ModelRequest, signal?: AbortSignal): Promise<{ text: string; truncated: boolean }>;
}

export interface ModelApiOptions {
  baseUrl: string;
  model: string;
  connectTimeoutMs: number;
  generateTimeoutMs: number;
  busyRetries: number;
  retryDelayMs: number;
}

/**
 * `auto`: an address ending in /v1 is OpenAI-compatible; otherwise Ollama answers
 * GET /api/tags and the others answer GET /v1/models. Refuses a foreign address
 * before anything is sent (the loopback guard throws).
 */
export async function resolveModelApi(kind: ModelApiKind, o: ModelApiOptions): Promise<ModelApi> {
  const probe = endpointFor(o.baseUrl, 'a model server', 'Start the model server or turn the model off in Settings.');
  if (kind === 'ollama') return createOllamaApi(o);
  if (kind === 'openai') return createOpenAiApi(o);
  if (/\/v1$/.test(probe.root)) return createOpenAiApi(o);
  try {
    const c = await probe.call('/api/tags', { method: 'GET' }, o.connectTimeoutMs);
    await c.res.body?.cancel().catch(() => {});
    if (c.res.ok) return createOllamaApi(o);
    const v1 = await probe.call('/v1/models', { method: 'GET' }, o.connectTimeoutMs);
    await v1.res.body?.cancel().catch(() => {});
    if (v1.res.ok) return createOpenAiApi(o);
  } catch {
    // nothing answers: say so without guessing which kind of server was meant
    const api = createOllamaApi(o);
    return {
      ...api,
      available: async () => ({ ok: false, message: `No model server answers at ${probe.shown}. Start the model server (Ollama, llama.cpp, LM Studio, vLLM, LocalAI) or turn the model off in Settings.` }),
    };
  }
  return createOllamaApi(o);
}
