/**
 * How the engine starts the built-in processor. In the packaged app there is no
 * `node`: the processor runs on Electron's own binary as plain Node
 * (ELECTRON_RUN_AS_NODE=1), from the bundled dist/processor/main.js, which
 * electron-builder unpacks from the asar so a child process can read it. This is
 * why the RunAsNode fuse stays on (electron-builder.yml; docs/desktop.md, "Fuses").
 * The command is built here in main, never taken from the renderer.
 */
import { join } from 'node:path';

export interface ProcessorCommand {
  command: string;
  args: string[];
  env: Record<string, string>;
  /** The built-in processor speaks the worker protocol (src/core/runner/README.md). */
  protocol: 'worker';
}

export function processorCommand(isPackaged: boolean, appRoot: string, execPath = process.execPath): ProcessorCommand {
  let script = join(appRoot, 'processor', 'main.js');
  // A child process cannot read inside app.asar; the unpacked copy sits beside it.
  if (isPackaged) script = script.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  return { command: execPath, args: [script], env: { ELECTRON_RUN_AS_NODE: '1' }, protocol: 'worker' };
}
