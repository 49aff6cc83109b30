/**
 * The one way AltDeck talks to a model server: node's fetch, to a loopback
 * address only (checked before anything is sent), with a deadline, the caller's
 * abort, and redirects refused (a redirect would carry the picture to wherever
 * it points). Both server dialects (Ollama, OpenAI-compatible) use it.
 */
import { assertLoopbackUrl } from '../sources/loopback';

export type ModelServerErrorKind =
  | 'unreachable' // nothing answers, or the connection broke
  | 'busy' // 503 after the retries
  | 'timeout' // no answer within the generation deadline
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

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
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

/** The server's own words for a failure: `{"error": "..."}` (Ollama), `{"error": {"message": ...}}` (OpenAI), or text. */
export async function errorText(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const j = JSON.parse(text) as { error?: unknown; message?: unknown; detail?: unknown };
    if (typeof j.error === 'string' && j.error) return j.error;
    if (j.error && typeof j.error === 'object' && typeof (j.error as { message?: unknown }).message === 'string') {
      return (j.error as { message: string }).message;
    }
    if (typeof j.message === 'string' && j.message) return j.message;
    if (typeof j.detail === 'string' && j.detail) return j.detail;
  } catch {
    /* not JSON: use the text */
  }
  return text.trim().slice(0, 200) || `HTTP ${res.status}`;
}

export interface Call {
  res: Response;
  /** Read the JSON body under the same deadline and cancellation as the request. */
  json<T>(): Promise<T>;
}

export interface ServerEndpoint {
  /** What a coordinator typed, without any path: used in every sentence. */
  shown: string;
  /** Origin plus any path prefix the address carries. */
  root: string;
  /** "Ollama" or "an OpenAI-compatible server": what we expected to find. */
  dialect: string;
  call(path: string, init: RequestInit, timeoutMs: number, signal?: AbortSignal): Promise<Call>;
}

/** Refuses a foreign address at once (throws the loopback guard's sentence). */
export function endpointFor(baseUrl: string, dialect: string, startHint: string): ServerEndpoint {
  const base = assertLoopbackUrl(baseUrl);
  const root = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
  const shown = base.origin;
  return {
    shown,
    root,
    dialect,
    async call(path, init, timeoutMs, signal) {
      const timeout = AbortSignal.timeout(timeoutMs);
      const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
      const fail = (e: unknown): never => {
        if (signal?.aborted) throw signal.reason;
        if (timeout.aborted) {
          throw new ModelServerError('timeout', `The model server at ${shown} did not answer within ${formatMs(timeoutMs)}.`, { cause: e });
        }
        throw new ModelServerError('unreachable', `No model server answers at ${shown}. ${startHint}`, { cause: e });
      };
      let res: Response;
      try {
        // Never follow a redirect: a 307 would carry the picture to an address we did not check.
        res = await fetch(`${root}${path}`, { ...init, signal: combined, redirect: 'manual' });
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
            throw new ModelServerError('bad-answer', `The server at ${shown} answered, but not like ${dialect}. Check the address in Settings.`, { cause: e });
          }
        },
      };
    },
  };
}

/**
 * POST with the retries a busy server asks for (503, Retry-After up to 10 s), then
 * the common refusals turned into ModelServerErrors. Returns the OK call.
 */
export async function postWithRetries(
  ep: ServerEndpoint,
  path: string,
  body: string,
  o: { timeoutMs: number; busyRetries: number; retryDelayMs: number; signal?: AbortSignal; what: string; missing: (why: string) => string },
): Promise<Call> {
  let reconnected = false;
  for (let attempt = 0; ; attempt++) {
    let c: Call;
    try {
      c = await ep.call(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }, o.timeoutMs, o.signal);
    } catch (e) {
      // A kept-alive connection the server closed just as we reused it fails at once; POST is
      // not retried by fetch itself. One fresh try tells that apart from a server that is gone.
      if (e instanceof ModelServerError && e.kind === 'unreachable' && !reconnected) {
        reconnected = true;
        await sleep(200, o.signal);
        attempt--;
        continue;
      }
      throw e;
    }
    const res = c.res;
    if (res.status === 503 || res.status === 429) {
      const why = await errorText(res);
      if (attempt >= o.busyRetries) {
        throw new ModelServerError('busy', `The model server at ${ep.shown} stayed busy (${why}). The deck will be tried again later.`, { status: res.status });
      }
      const retryAfter = Number(res.headers.get('retry-after'));
      const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 10_000) : o.retryDelayMs * 2 ** attempt;
      await sleep(wait, o.signal);
      continue;
    }
    if (res.status === 404) throw new ModelServerError('model-missing', o.missing(await errorText(res)), { status: 404 });
    if (res.status === 400 || res.status === 422) {
      throw new ModelServerError('bad-request', `The model server at ${ep.shown} refused the picture ${o.what}: ${await errorText(res)}.`, { status: res.status });
    }
    if (!res.ok) {
      throw new ModelServerError('server-error', `The model server at ${ep.shown} failed on the picture ${o.what} (HTTP ${res.status}: ${await errorText(res)}).`, {
        status: res.status,
      });
    }
    return c;
  }
}
