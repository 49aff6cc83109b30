/**
 * Main's side of the engine host: the engine's API as promises over a message
 * channel to its process (Electron's utilityProcess in the app, a Node child in
 * tests). Plain Node; the Electron process object comes in as a `HostChannel`.
 */
import type { EngineApi, EngineEvent, Remote, ReviewApi } from '../shared/engine-api';
import { ENGINE_METHODS, type EngineHostInit, type EngineMethod, type HostMessage, type HostRequest } from '../shared/ipc';

/** One end of main's channel to the engine's process. */
export interface HostChannel {
  post(msg: HostRequest): void;
  onMessage(fn: (msg: HostMessage) => void): void;
  onExit(fn: (code: number | null) => void): void;
  kill(): void;
  readonly pid: number | undefined;
}

export type RemoteEngine = Remote<EngineApi & ReviewApi>;

export interface EngineClient {
  readonly engine: RemoteEngine;
  /** Resolves when the engine is open; rejects with the sentence to show when it cannot open. */
  readonly ready: Promise<void>;
  onEvents(fn: (events: EngineEvent[]) => void): void;
  /** Stops the batches (decks in flight go back to the queue) and ends the host. */
  shutdown(): Promise<void>;
  readonly pid: number | undefined;
}

export interface ClientOptions {
  /** Start a new host after an unexpected exit (the app); tests that kill it on purpose say false. */
  restart?: boolean;
  /** Restarts allowed before the client gives up (a host that cannot live must not loop). */
  maxRestarts?: number;
  onHostExit?(info: { code: number | null; restarting: boolean }): void;
}

export class EngineHostError extends Error {
  override name = 'EngineHostError';
}

/**
 * Connects to a host made by `spawn` and opens the engine in it. Calls made before
 * the host is ready wait for it; calls in flight when it dies fail with a sentence,
 * never hang.
 */
export function connectEngine(spawn: () => HostChannel, init: EngineHostInit, opts: ClientOptions = {}): EngineClient {
  let seq = 0;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const listeners: Array<(events: EngineEvent[]) => void> = [];
  let channel!: HostChannel;
  let ready!: Promise<void>;
  let restarts = 0;
  let stopping = false;
  let exited = false;
  let exitWaiters: Array<() => void> = [];

  const failAll = (why: string) => {
    for (const p of pending.values()) p.reject(new EngineHostError(why));
    pending.clear();
  };

  const launch = () => {
    exited = false;
    let wasReady = false;
    const ch = spawn();
    channel = ch;
    ready = new Promise<void>((resolve, reject) => {
      ch.onMessage((msg) => {
        if (ch !== channel) return;
        switch (msg.kind) {
          case 'ready':
            wasReady = true;
            resolve();
            break;
          case 'fatal':
            reject(new EngineHostError(msg.message));
            break;
          case 'events':
            for (const l of listeners) l(msg.events);
            break;
          case 'reply': {
            const p = pending.get(msg.id);
            if (!p) break;
            pending.delete(msg.id);
            if (msg.ok) p.resolve(msg.result);
            else p.reject(new EngineHostError(msg.error));
            break;
          }
        }
      });
      ch.onExit((code) => {
        if (ch !== channel) return;
        exited = true;
        for (const w of exitWaiters.splice(0)) w();
        reject(new EngineHostError(`The engine process ended before it was ready (exit code ${code}).`));
        // A host that never opened the engine (fatal) would fail the same way again.
        const restarting = wasReady && !stopping && opts.restart === true && restarts < (opts.maxRestarts ?? 3);
        failAll(
          stopping
            ? 'AltDeck is finishing and closing; try again after it restarts.'
            : `The engine process stopped unexpectedly${restarting ? ' and is being restarted; nothing in the queue is lost' : ''}. Try again.`,
        );
        opts.onHostExit?.({ code, restarting });
        if (restarting) {
          restarts++;
          launch();
        }
      });
    });
    // A failed open is reported through `ready`; keep it from surfacing as an unhandled rejection.
    ready.catch(() => {});
    ch.post({ kind: 'init', init });
  };
  launch();

  const call = (method: EngineMethod, args: unknown[]) =>
    new Promise<unknown>((resolve, reject) => {
      if (stopping) return reject(new EngineHostError('AltDeck is finishing and closing; try again after it restarts.'));
      if (exited) return reject(new EngineHostError('The engine process is not running.'));
      const id = ++seq;
      pending.set(id, { resolve, reject });
      channel.post({ kind: 'call', id, method, args });
    });

  const engine = {} as Record<EngineMethod, (...a: unknown[]) => Promise<unknown>>;
  for (const m of ENGINE_METHODS) engine[m] = (...args: unknown[]) => call(m, args);

  return {
    engine: engine as unknown as RemoteEngine,
    get ready() {
      return ready;
    },
    get pid() {
      return channel.pid;
    },
    onEvents: (fn) => void listeners.push(fn),
    async shutdown() {
      if (exited) return;
      const gone = new Promise<void>((r) => exitWaiters.push(r));
      const id = ++seq;
      const answered = new Promise<void>((resolve) => pending.set(id, { resolve: () => resolve(), reject: () => resolve() }));
      stopping = true;
      channel.post({ kind: 'shutdown', id });
      // The reply says the engine is down; the exit follows. Either is enough.
      await Promise.race([answered, gone]);
    },
  };
}

/** A Node child forked with an IPC channel (serialization 'advanced' = structured clone, like utilityProcess). */
export function childChannel(child: {
  send(m: unknown): boolean;
  on(ev: 'message', fn: (m: unknown) => void): unknown;
  on(ev: 'exit', fn: (code: number | null) => void): unknown;
  kill(sig?: NodeJS.Signals): boolean;
  readonly pid?: number;
  readonly connected: boolean;
}): HostChannel {
  return {
    post: (m) => {
      if (child.connected) child.send(m);
    },
    onMessage: (fn) => void child.on('message', (m) => fn(m as HostMessage)),
    onExit: (fn) => void child.on('exit', (code) => fn(code)),
    kill: () => void child.kill('SIGKILL'),
    get pid() {
      return child.pid;
    },
  };
}
