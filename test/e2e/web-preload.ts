/**
 * What the Electron preload does, for a plain browser page: builds the same API
 * object (makeApi from the contract) over a transport that puppeteer provides
 * (`__altdeckInvoke`, exposed with page.exposeFunction) instead of ipcRenderer.
 * Bundled by the e2e harness and injected before the page's own scripts.
 */
import { APP_EVENT_CHANNEL, EVENT_CHANNEL, makeApi } from '../../src/shared/ipc';

type Listener = (data: unknown) => void;
const listeners: Record<string, Set<Listener>> = { [EVENT_CHANNEL]: new Set(), [APP_EVENT_CHANNEL]: new Set() };

declare global {
  interface Window {
    __altdeckInvoke(channel: string, payloadJson: string): Promise<string>;
    __altdeckEmit(channel: string, data: unknown): void;
    /** Dropped File name → absolute path: what webUtils.getPathForFile answers in Electron. */
    __altdeckTestPaths: Record<string, string>;
  }
}

window.__altdeckTestPaths = {};
window.__altdeckEmit = (channel, data) => listeners[channel]?.forEach((l) => l(data));
window.altdeck = makeApi({
  async invoke(channel, payload) {
    const r = JSON.parse(await window.__altdeckInvoke(channel, JSON.stringify(payload ?? null))) as { ok: boolean; result?: unknown; error?: string };
    if (!r.ok) throw new Error(r.error);
    return r.result ?? undefined;
  },
  subscribe(channel, l) {
    listeners[channel].add(l);
    return () => listeners[channel].delete(l);
  },
  getPathForFile: (file) => window.__altdeckTestPaths[file.name] ?? '',
});
