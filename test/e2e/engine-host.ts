/**
 * The e2e stand-in for Electron main: the real engine, real SQLite and the SAME
 * handler table main registers (createIpcHandlers), in a child process the test
 * can SIGKILL like a crash. It talks NDJSON over stdio:
 *   stdin  {"id":1,"channel":"engine:preflight","payload":{...}}
 *   stdout {"id":1,"ok":true,"result":...} | {"id":1,"ok":false,"error":"..."}
 *          {"events":[...]}   coalesced engine events (the same throttle as main)
 * Usage: tsx test/e2e/engine-host.ts <home>   (env ALTDECK_E2E_PICK: JSON list for the pick dialog)
 */
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { Engine } from '../../src/core/engine';
import { createEventThrottle } from '../../src/main/event-throttle';
import { createIpcHandlers } from '../../src/main/ipc-handlers';
import { openSettingsStore } from '../../src/main/settings-store';
import type { Channel } from '../../src/shared/ipc';

const home = process.argv[2];
if (!home) throw new Error('usage: engine-host <home>');
// stdout is the protocol: anything else printing must go to stderr.
const out = process.stdout.write.bind(process.stdout);
console.log = console.info = (...a: unknown[]) => process.stderr.write(a.join(' ') + '\n');
const send = (msg: unknown) => out(JSON.stringify(msg) + '\n');

const engine = Engine.open({ home });
const opened: string[] = [];
let shuttingDown = false;
const throttle = createEventThrottle((events) => send({ events }));
engine.on('event', (e) => throttle.push(e));

const handlers = createIpcHandlers(engine, {
  settings: openSettingsStore(home),
  appInfo: () => ({ version: 'e2e', platform: process.platform, homeDir: home, logFile: join(home, 'logs', 'altdeck.log'), pendingOpenFiles: [] }),
  pickInputs: async (kind) => (kind === 'folder' ? (JSON.parse(process.env.ALTDECK_E2E_PICK ?? '[]') as string[]) : []),
  pickFolder: async () => null,
  openPath: async (p) => {
    opened.push(p);
    send({ opened: p });
    return '';
  },
  showItemInFolder: (p) => void send({ shown: p }),
  logsDir: () => join(home, 'logs'),
  isShuttingDown: () => shuttingDown,
});

const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const msg = JSON.parse(line) as { id: number; channel: Channel | '__shutdown'; payload: unknown };
  if (msg.channel === '__shutdown') {
    shuttingDown = true;
    void engine.shutdown().then(() => {
      throttle.flush();
      send({ id: msg.id, ok: true, result: null });
      process.exit(0);
    });
    return;
  }
  const fn = handlers[msg.channel];
  if (!fn) return send({ id: msg.id, ok: false, error: `UNKNOWN_CHANNEL: ${msg.channel}` });
  fn(msg.payload).then(
    (result) => send({ id: msg.id, ok: true, result: result ?? null }),
    (err: Error) => send({ id: msg.id, ok: false, error: err.message }),
  );
});
send({ ready: true, pid: process.pid });
