/**
 * A stand-in for an Ollama server on 127.0.0.1 (random port), speaking the parts
 * of the documented API the describer uses, with its real error answers:
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

export interface FakeOllamaOptions {
  /** Installed models as /api/tags lists them. Default ['llava:latest']. */
  models?: string[];
  /** The text of a successful generation, fixed or computed from the request. */
  reply?: string | ((body: GenerateBody) => string);
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
  let busyLeft = opts.busy ?? 0;

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
        return later(req, opts.generateDelayMs, () => {
          if (opts.generateError) return sendJson(res, opts.generateError.status, { error: opts.generateError.error });
          const reply = typeof opts.reply === 'function' ? opts.reply(b) : (opts.reply ?? '');
          sendJson(res, 200, {
            model: b.model,
            created_at: new Date().toISOString(),
            response: reply,
            done: true,
            done_reason: 'stop',
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
    set(next) {
      Object.assign(opts, next);
      if (next.busy !== undefined) busyLeft = next.busy;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // fetch keeps sockets alive; without this close() waits for them to idle out.
        server.closeAllConnections();
      }),
  };
}
