/**
 * How the engine launches a processor (DESIGN.md §4): the built-in one with the
 * same runtime that runs the engine, or a school's own command line.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { BatchSettings } from '../shared/types';
import { parseCommandLine } from './runner';

export interface ProcessorLauncher {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /**
   * 'worker': the command speaks the worker protocol (src/core/runner/README.md) and
   * runs as persistent workers taking deck after deck; otherwise one process per deck.
   */
  protocol?: 'oneshot' | 'worker';
}

/**
 * The built-in processor, always compiled JavaScript (no run-time transpiling, issue 10):
 * bundled builds (dist/, the packaged app) run their compiled entry; a source checkout
 * runs dist/processor/main.js, rebuilt first when a source it was made from changed
 * (scripts/fresh-bundle.cjs). Under Electron, main passes its own launcher with
 * ELECTRON_RUN_AS_NODE=1. It speaks the worker protocol (runner/README.md).
 */
export function builtinProcessorLauncher(): ProcessorLauncher {
  const bundled = [resolve(__dirname, '..', 'processor', 'main.js'), resolve(__dirname, 'processor.js')].find((p) => existsSync(p));
  // From the sources (tests) or from dist/cli in a checkout: both sit two levels below the root.
  const freshBundle = resolve(__dirname, '..', '..', 'scripts', 'fresh-bundle.cjs');
  if (existsSync(freshBundle)) {
    const fresh = createRequire(__filename)(freshBundle) as { ensureFresh(name: string): string };
    return { command: process.execPath, args: [fresh.ensureFresh('processor')], protocol: 'worker' };
  }
  if (bundled) return { command: process.execPath, args: [bundled], protocol: 'worker' };
  throw new Error(`The built-in processor is missing (${resolve(__dirname, '..', 'processor', 'main.js')}): reinstall AltDeck.`);
}

export function processorInvocation(
  settings: BatchSettings,
  builtin: ProcessorLauncher,
  input: string,
  output: string,
  applyFile: string | null = null,
  /** The queue database: the built-in processor keeps the model's answers there (model cache, server slots). */
  database: string | null = null,
  /** The home's preview cache: the built-in processor makes each deck's first `perDeck` report previews there (thumbnail-cache.ts). */
  previews: { dir: string; perDeck: number } | null = null,
): ProcessorLauncher {
  const io = ['--input', input, '--output', output];
  // Apply mode always uses the built-in processor: only it understands decisions.
  if (applyFile) return { command: builtin.command, args: [...builtin.args, ...io, '--apply', applyFile], env: builtin.env, protocol: builtin.protocol };
  if (settings.processor) {
    const [command, ...args] = parseCommandLine(settings.processor);
    return { command, args: [...args, ...io], protocol: settings.processorWorker ? 'worker' : 'oneshot' };
  }
  const extra = ['--policy', settings.altPolicy];
  if (settings.modelServer && settings.model) {
    extra.push('--model-server', settings.modelServer, '--model', settings.model);
    if (settings.modelApi && settings.modelApi !== 'auto') extra.push('--model-api', settings.modelApi);
    if (settings.modelDomain) extra.push('--model-domain', settings.modelDomain);
    if (settings.modelLanguage) extra.push('--language', settings.modelLanguage);
    if (settings.modelConcurrency && settings.modelConcurrency !== 1) extra.push('--model-concurrency', String(settings.modelConcurrency));
    if (database) extra.push('--model-cache', database);
  }
  if (settings.ocr) extra.push('--ocr');
  if (settings.notesLongDescriptions) extra.push('--notes-long-descriptions');
  if (settings.markDecorative) extra.push('--mark-decorative');
  if (settings.writePlaceholders) extra.push('--write-placeholders');
  if (previews) extra.push('--previews', previews.dir, '--previews-per-deck', String(previews.perDeck));
  return { command: builtin.command, args: [...builtin.args, ...io, ...extra], env: builtin.env, protocol: builtin.protocol };
}
