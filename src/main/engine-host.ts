/**
 * Entry of the engine's own process: Electron's utilityProcess in the app, a Node
 * child in tests. Opens the engine with what main sends and serves it (engine-service.ts).
 */
import { Engine } from '../core/engine';
import { createLogger } from '../core/log';
import { parentPort, serveEngine } from './engine-service';

const host = serveEngine(
  parentPort(),
  (init) => Engine.open({ home: init.home, processor: init.processor, sqliteBinding: init.sqliteBinding, logger: createLogger(init.home) }),
  // A moment for the last message (a reply, the fatal sentence) to leave before the process does.
  (code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), 200);
  },
);
// A Node child whose parent died: stop the processors cleanly (their decks go back to
// the queue), as the app's quit would. Electron ends a utility process with its app.
process.on('disconnect', () => void host.close());
