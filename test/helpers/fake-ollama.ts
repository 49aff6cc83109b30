/**
 * A stand-in model server on 127.0.0.1 (random port). By default it speaks the
 * parts of Ollama's documented API the describer uses, with its real error answers;
 * with `api: 'openai'` it is an OpenAI-compatible server instead (llama.cpp's
 * server, LM Studio, vLLM, LocalAI): GET /v1/models, POST /v1/chat/completions
 * with the picture as an image_url data URL. `inFlight`/`maxInFlight` count the
 * generations being answered at once (the one-request-at-a-time proof).
 * REAL_ANSWERS (real-answers.ts) holds answers the way real models give them (chatty, refusing,
 * "N/A", too long, another language, broken JSON) for the describer's tests.
 * Ollama:
 *   GET  /api/tags      {"models":[{"name":"llava:latest","model":"llava:latest",...}]}
 *   GET  /api/version   {"version":"0.0.0-fake"}
 *   POST /api/show      {"model"} → {"capabilities":["completion","vision"],"details":{...}} / 404
 *   POST /api/generate  {"model","prompt","images":[base64],"stream":false} → {"response","done":true,...}
 *     400 {"error":"missing request body"} / invalid JSON / "model is required" / bad base64
 *     404 {"error":"model 'x' not found"}
 *     503 {"error":"server busy, please try again.  maximum pending requests exceeded"}
 * Every request is recorded (method, path, headers, parsed body) so tests can
 * assert what was sent and that nothing else was asked.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export { REAL_ANSWERS, type RealAnswer } from './real-answers';

export interface GenerateBody {
  model?: unknown;
  prompt?: unknown;
  images?: unknown;
  stream?: unknown;
  options?: unknown;
  [key: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or the raw text when it was not JSON, or null when empty. */
  body: unknown;
  rawBody: string;
}

/** One generation request, whichever API it came through. */
export interface GenerationRequest {
  api: 'ollama' | 'openai';
  model: string;
  system: string;
  prompt: string;
  /** The picture, decoded from base64 (Ollama) or the data URL (OpenAI). */
  image: Buffer | null;
  imageMime: string | null;
  /** The JSON schema asked for (Ollama `format`, OpenAI `response_format.json_schema.schema`), or null. */
  schema: unknown;
  body: GenerateBody;
}

export interface FakeOllamaOptions {
  /** Which API the server speaks (default 'ollama'). */
  api?: 'ollama' | 'openai';
  /** Installed models as /api/tags (or /v1/models) lists them. Default ['llava:latest']. */
  models?: string[];
  /** The text of a successful generation, fixed or computed from the request. */
  reply?: string | ((body: GenerateBody, req: GenerationRequest) => string);
  /** OpenAI mode: answer 400 to a request carrying response_format (servers that do not support it). */
  rejectResponseFormat?: boolean;
  /** Mark answers as cut off by the length limit (Ollama done_reason "length", OpenAI finish_reason "length"). */
  truncated?: boolean;
  /** Close the connection without an answer for this many generate requests (a kept-alive socket the server dropped). */
  dropGenerations?: number;
  /** Answer 503 "server busy" to this many generate requests before succeeding (Infinity = always). */
  busy?: number;
  /** Send a Retry-After header (seconds) with the busy answers. */
  retryAfterSec?: number;
  /** Hold every generate answer this long (ms): a slow model, for timeout tests. */
  generateDelayMs?: number;
  /** Hold every /api/tags answer this long (ms). */
  tagsDelayMs?: number;
  /** Answer every generate request with this status and {"error": message} (e.g. a 500). */
  generateError?: { status: number; error: string };
  /**
   * What /api/show lists per model (name with tag). Default ["completion","vision"];
   * null leaves the field out, as servers before capabilities existed did.
   */
  capabilities?: Record<string, string[] | null>;
  /** Answer every request with a 307 redirect to this URL (an open redirect on the server). */
  redirectTo?: string;
}

export interface FakeOllama {
  /** Base URL, e.g. http://127.0.0.1:43817 */
  url: string;
  requests: RecordedRequest[];
  /** Every generation request, normalised across the two APIs. */
  generations: GenerationRequest[];
  /** Generations being answered right now, and the most ever at once. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Change the behaviour between requests. */
  set(opts: Partial<FakeOllamaOptions>): void;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Ollama decodes images with Go's standard base64: plain alphabet, padded, nothing else. */
function isStdBase64(s: string): boolean {
  return s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s);
}

function withTag(name: string): string {
  const slash = name.lastIndexOf('/');
  return name.slice(slash + 1).includes(':') ? name : `${name}:latest`;
}

export async function startFakeOllama(initial: FakeOllamaOptions = {}): Promise<FakeOllama> {
  const opts: FakeOllamaOptions = { models: ['llava:latest'], reply: 'A diagram of the nephron.', busy: 0, ...initial };
  const requests: RecordedRequest[] = [];
  const generations: GenerationRequest[] = [];
  let busyLeft = opts.busy ?? 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let dropLeft = opts.dropGenerations ?? 0;

  /** Hold a generation for generateDelayMs, counting it as in flight meanwhile. */
  const generate = (req: IncomingMessage, res: ServerResponse, fn: () => void): void => {
    if (dropLeft > 0) {
      dropLeft--;
      req.socket.destroy();
      return;
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let settled = false;
    const end = () => {
      if (settled) return;
      settled = true;
      inFlight--;
    };
    res.once('close', end);
    later(req, opts.generateDelayMs, () => {
      end();
      fn();
    });
  };

  const openAi = (req: IncomingMessage, res: ServerResponse, path: string, body: unknown, rawBody: string, jsonError: string | null): boolean => {
    if (path === '/v1/models' && req.method === 'GET') {
      sendJson(res, 200, { object: 'list', data: (opts.models ?? []).map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'fake' })) });
      return true;
    }
    if (path !== '/v1/chat/completions') return false;
    if (req.method !== 'POST') {
      sendJson(res, 405, { error: { message: 'method not allowed', type: 'invalid_request_error' } });
      return true;
    }
    if (rawBody === '' || jsonError !== null || typeof body !== 'object' || body === null) {
      sendJson(res, 400, { error: { message: jsonError ?? 'missing body', type: 'invalid_request_error' } });
      return true;
    }
    const b = body as GenerateBody & { messages?: unknown; response_format?: unknown };
    if (opts.rejectResponseFormat && b.response_format !== undefined) {
      sendJson(res, 400, { error: { message: "response_format: unsupported value 'json_schema'", type: 'invalid_request_error', code: 400 } });
      return true;
    }
    const messages = Array.isArray(b.messages) ? (b.messages as Array<{ role?: unknown; content?: unknown }>) : null;
    if (!messages || messages.length === 0) {
      sendJson(res, 400, { error: { message: "'messages' must be a non-empty array", type: 'invalid_request_error' } });
      return true;
    }
    let system = '';
    let prompt = '';
    let image: Buffer | null = null;
    let imageMime: string | null = null;
    for (const m of messages) {
      if (typeof m.content === 'string') {
        if (m.role === 'system') system += m.content;
        else prompt += m.content;
      } else if (Array.isArray(m.content)) {
        for (const part of m.content as Array<{ type?: unknown; text?: unknown; image_url?: { url?: unknown } }>) {
          if (part.type === 'text' && typeof part.text === 'string') prompt += part.text;
          if (part.type === 'image_url') {
            const url = String(part.image_url?.url ?? '');
            const d = /^data:([^;,]+);base64,(.*)$/s.exec(url);
            if (!d || !isStdBase64(d[2])) {
              sendJson(res, 400, { error: { message: 'Invalid image_url: expected a base64 data URL', type: 'invalid_request_error' } });
              return true;
            }
            imageMime = d[1];
            image = Buffer.from(d[2], 'base64');
          }
        }
      }
    }
    const model = typeof b.model === 'string' ? b.model : '';
    if (opts.models && opts.models.length > 1 && !opts.models.includes(model)) {
      sendJson(res, 404, { error: { message: `The model \`${model}\` does not exist.`, type: 'invalid_request_error', code: 'model_not_found' } });
      return true;
    }
    if (busyLeft > 0) {
      busyLeft--;
      const headers: Record<string, string> = opts.retryAfterSec !== undefined ? { 'Retry-After': String(opts.retryAfterSec) } : {};
      sendJson(res, 503, { error: { message: 'Loading model', type: 'unavailable_error', code: 503 } }, headers);
      return true;
    }
    const rf = b.response_format as { json_schema?: { schema?: unknown } } | undefined;
    const g: GenerationRequest = { api: 'openai', model, system, prompt, image, imageMime, schema: rf?.json_schema?.schema ?? null, body: b };
    generations.push(g);
    generate(req, res, () => {
      if (opts.generateError) return sendJson(res, opts.generateError.status, { error: { message: opts.generateError.error, type: 'server_error' } });
      const reply = typeof opts.reply === 'function' ? opts.reply(b, g) : (opts.reply ?? '');
      sendJson(res, 200, {
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: reply }, finish_reason: opts.truncated ? 'length' : 'stop' }],
        usage: { prompt_tokens: 10, completion_tokens: 12, total_tokens: 22 },
      });
    });
    return true;
  };

  const later = (req: IncomingMessage, ms: number | undefined, fn: () => void): void => {
    if (!ms) return fn();
    const timer = setTimeout(fn, ms);
    // A client that gives up (timeout, abort) closes the socket: stop waiting.
    req.socket.once('close', () => clearTimeout(timer));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      let jsonError: string | null = null;
      if (rawBody !== '') {
        try {
          body = JSON.parse(rawBody);
        } catch (e) {
          body = rawBody;
          jsonError = (e as Error).message;
        }
      }
      const path = (req.url ?? '/').split('?')[0];
      requests.push({ method: req.method ?? '', path, headers: { ...req.headers }, body, rawBody });

      if (opts.redirectTo) {
        res.writeHead(307, { Location: opts.redirectTo, 'Content-Length': 0 });
        return res.end();
      }

      if (opts.api === 'openai') {
        if (openAi(req, res, path, body, rawBody, jsonError)) return;
        res.writeHead(404, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ error: { message: 'File Not Found', type: 'not_found_error', code: 404 } }));
      }

      if (path === '/api/version' && req.method === 'GET') return sendJson(res, 200, { version: '0.0.0-fake' });

      if (path === '/api/tags' && req.method === 'GET') {
        return later(req, opts.tagsDelayMs, () =>
          sendJson(res, 200, {
            models: (opts.models ?? []).map((name) => ({
              name,
              model: name,
              modified_at: '2025-10-03T23:34:03.409490317-07:00',
              size: 4_700_000_000,
              digest: 'a2af6cc3eb7fa8be8504abaf9b04e88f17a119ec3f04a3addf55f92841195f5a',
              details: { format: 'gguf', family: 'llama', families: ['llama', 'clip'], parameter_size: '7B', quantization_level: 'Q4_0' },
            })),
          }),
        );
      }

      if (path === '/api/show') {
        if (req.method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' });
        const b = (typeof body === 'object' && body !== null ? body : {}) as { model?: unknown; name?: unknown };
        const name = typeof b.model === 'string' ? b.model : typeof b.name === 'string' ? b.name : '';
        if (!name) return sendJson(res, 400, { error: 'model is required' });
        const installed = (opts.models ?? []).map(withTag);
        if (!installed.includes(withTag(name))) return sendJson(res, 404, { error: `model '${name}' not found` });
        const caps = opts.capabilities?.[withTag(name)];
        return sendJson(res, 200, {
          license: 'fake',
          modelfile: '# fake',
          parameters: 'temperature 0.2',
          template: '{{ .Prompt }}',
          details: { parent_model: '', format: 'gguf', family: 'llama', families: ['llama', 'clip'], parameter_size: '7B', quantization_level: 'Q4_0' },
          model_info: {},
          ...(caps === null ? {} : { capabilities: caps ?? ['completion', 'vision'] }),
          modified_at: '2025-10-03T23:34:03.409490317-07:00',
        });
      }

      if (path === '/api/generate') {
        if (req.method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' });
        if (rawBody === '') return sendJson(res, 400, { error: 'missing request body' });
        if (jsonError !== null || typeof body !== 'object' || body === null || Array.isArray(body)) {
          return sendJson(res, 400, { error: jsonError ?? 'invalid request body' });
        }
        const b = body as GenerateBody;
        if (typeof b.model !== 'string' || b.model === '') return sendJson(res, 400, { error: 'model is required' });
        if (b.images !== undefined) {
          if (!Array.isArray(b.images) || !b.images.every((i) => typeof i === 'string' && isStdBase64(i))) {
            return sendJson(res, 400, { error: 'illegal base64 data at input byte 4' });
          }
        }
        const installed = (opts.models ?? []).map(withTag);
        if (!installed.includes(withTag(b.model))) return sendJson(res, 404, { error: `model '${b.model}' not found` });
        if (busyLeft > 0) {
          busyLeft--;
          const headers: Record<string, string> = opts.retryAfterSec !== undefined ? { 'Retry-After': String(opts.retryAfterSec) } : {};
          return sendJson(res, 503, { error: 'server busy, please try again.  maximum pending requests exceeded' }, headers);
        }
        const images = Array.isArray(b.images) ? (b.images as string[]) : [];
        const g: GenerationRequest = {
          api: 'ollama',
          model: b.model,
          system: typeof b.system === 'string' ? b.system : '',
          prompt: typeof b.prompt === 'string' ? b.prompt : '',
          image: images[0] !== undefined ? Buffer.from(images[0], 'base64') : null,
          imageMime: null,
          schema: b.format ?? null,
          body: b,
        };
        generations.push(g);
        return generate(req, res, () => {
          if (opts.generateError) return sendJson(res, opts.generateError.status, { error: opts.generateError.error });
          const reply = typeof opts.reply === 'function' ? opts.reply(b, g) : (opts.reply ?? '');
          sendJson(res, 200, {
            model: b.model,
            created_at: new Date().toISOString(),
            response: reply,
            done: true,
            done_reason: opts.truncated ? 'length' : 'stop',
            context: [1, 2, 3],
            total_duration: 1_000_000,
            load_duration: 1000,
            prompt_eval_count: 10,
            prompt_eval_duration: 1000,
            eval_count: 12,
            eval_duration: 1000,
          });
        });
      }

      // Go's default mux answer for an unknown route.
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('404 page not found');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    generations,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    set(next) {
      Object.assign(opts, next);
      if (next.busy !== undefined) busyLeft = next.busy;
      if (next.dropGenerations !== undefined) dropLeft = next.dropGenerations;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // fetch keeps sockets alive; without this close() waits for them to idle out.
        server.closeAllConnections();
      }),
  };
}
