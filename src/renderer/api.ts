import type { AltDeckApi } from '../shared/ipc';

declare global {
  interface Window {
    altdeck: AltDeckApi;
  }
}

/** The preload's API; the only way the renderer talks to main. */
export const api = (): AltDeckApi => window.altdeck;

/** A user-facing message from an IPC error ("CODE: message" → "message"). */
export function errorText(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.replace(/^Error invoking remote method '[^']+': (Error: )?/, '').replace(/^[A-Z_]+: /, '');
}
