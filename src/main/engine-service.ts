/**
 * The engine host's logic: opens the engine and serves main's calls over a message
 * port. Plain Node, no Electron: the same code runs in Electron's utilityProcess
 * (process.parentPort) and, in the e2e and unit tests, in a Node child process
 * (process.send), so what is tested is the boundary that ships.
 */
import type { EngineApi, EngineEvent, ReviewApi } from '../shared/engine-api';
import { ENGINE_METHODS, type EngineHostInit, type HostMessage, type HostRequest } from '../shared/ipc';
import { createEventThrottle } from './event-throttle';

/** One end of the host's channel to main. */
export interface HostPort {
  post(msg: HostMessage): void;
  onMessage(fn: (msg: HostRequest) => void): void;
}

export interface ServedEngine extends EngineApi, ReviewApi {
  on(event: 'event', fn: (e: EngineEvent) => void): unknown;
  shutdown(): Promise<void>;
  readonly recovery?: { requeued: unknown[] };
}

const KNOWN = new Set<string>(ENGINE_METHODS);

/** Why an error reached main: the message only (stacks stay in the log, never in the window). */
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Waits for `init`, opens the engine, then answers calls in arrival order of their
 * completion. `exit` ends the process once the engine is down (or could not open).
 */
export function serveEngine(port: HostPort, open: (init: EngineHostInit) => ServedEngine, exit: (code: number) => void): { close(): Promise<void> } {
  let engine: ServedEngine | null = null;
  let failed: string | null = null;
  let closing = false;
  const throttle = createEventThrottle((events) => port.post({ kind: 'events', events }));

  port.onMessage((msg) => {
    if (!msg || typeof msg !== 'object') return;
    if (msg.kind === 'init') {
      if (engine || failed) return;
      try {
        engine = open(msg.init);
      } catch (err) {
        failed = messageOf(err);
        port.post({ kind: 'fatal', message: failed });
        exit(1);
        return;
      }
      engine.on('event', (e) => throttle.push(e));
      port.post({ kind: 'ready', pid: process.pid, recovered: engine.recovery?.requeued.length ?? 0 });
      return;
    }
    if (msg.kind === 'shutdown') {
      closing = true;
      const done = () => {
        throttle.flush();
        port.post({ kind: 'reply', id: msg.id, ok: true, result: null });
        exit(0);
      };
      if (!engine) return done();
      engine.shutdown().then(done, (err) => {
        throttle.flush();
        port.post({ kind: 'reply', id: msg.id, ok: false, error: messageOf(err) });
        exit(1);
      });
      return;
    }
    if (msg.kind !== 'call') return;
    const reply = (r: { ok: true; result: unknown } | { ok: false; error: string }) => port.post({ kind: 'reply', id: msg.id, ...r });
    if (!engine) return reply({ ok: false, error: failed ?? 'The engine is not open yet.' });
    if (closing) return reply({ ok: false, error: 'AltDeck is finishing and closing; try again after it restarts.' });
    if (!KNOWN.has(msg.method) || !Array.isArray(msg.args)) return reply({ ok: false, error: `not an engine method: ${String(msg.method)}` });
    const fn = (engine as unknown as Record<string, (...a: unknown[]) => unknown>)[msg.method];
    let result: unknown;
    try {
      result = fn.apply(engine, msg.args);
    } catch (err) {
      return reply({ ok: false, error: messageOf(err) });
    }
    Promise.resolve(result).then(
      (value) => reply({ ok: true, result: value ?? null }),
      (err) => reply({ ok: false, error: messageOf(err) }),
    );
  });

  return {
    /** Main is gone without asking (a Node parent died): stop the processors, their decks go back to the queue. */
    async close() {
      if (closing) return;
      closing = true;
      await engine?.shutdown().catch(() => {});
      exit(0);
    },
  };
}

/** Electron's utilityProcess gives `process.parentPort`; a Node child forked with an IPC channel has `process.send`. */
export function parentPort(): HostPort {
  const pp = (process as unknown as { parentPort?: { postMessage(m: unknown): void; on(ev: 'message', fn: (e: { data: unknown }) => void): void } }).parentPort;
  if (pp) return { post: (m) => pp.postMessage(m), onMessage: (fn) => pp.on('message', (e) => fn(e.data as HostRequest)) };
  if (process.send) {
    const send = process.send.bind(process);
    return { post: (m) => void send(m), onMessage: (fn) => process.on('message', (m) => fn(m as HostRequest)) };
  }
  throw new Error('The engine host was started without a parent to talk to (start AltDeck, not this file).');
}
