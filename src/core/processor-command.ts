/**
 * How the engine launches a processor (DESIGN.md §4): the built-in one with the
 * same runtime that runs the engine, or a school's own command line.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BatchSettings } from '../shared/types';
import { parseCommandLine } from './runner';

export interface ProcessorLauncher {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * The built-in processor. Bundled builds (dist/, the packaged app) run the
 * compiled entry; a source checkout runs the TypeScript entry through tsx.
 * Under Electron, main passes its own launcher with ELECTRON_RUN_AS_NODE=1.
 */
export function builtinProcessorLauncher(): ProcessorLauncher {
  const bundled = [resolve(__dirname, '..', 'processor', 'main.js'), resolve(__dirname, 'processor.js')].find((p) => existsSync(p));
  if (bundled) return { command: process.execPath, args: [bundled] };
  const source = resolve(__dirname, '..', 'processor', 'main.ts');
  const tsxLoader = join(dirname(require.resolve('tsx/package.json')), 'dist', 'loader.mjs');
  return { command: process.execPath, args: ['--import', pathToFileURL(tsxLoader).href, source] };
}

export function processorInvocation(
  settings: BatchSettings,
  builtin: ProcessorLauncher,
  input: string,
  output: string,
  applyFile: string | null = null,
  /** The queue database: the built-in processor keeps the model's answers there (model cache, server slots). */
  database: string | null = null,
): ProcessorLauncher {
  const io = ['--input', input, '--output', output];
  // Apply mode always uses the built-in processor: only it understands decisions.
  if (applyFile) return { command: builtin.command, args: [...builtin.args, ...io, '--apply', applyFile], env: builtin.env };
  if (settings.processor) {
    const [command, ...args] = parseCommandLine(settings.processor);
    return { command, args: [...args, ...io] };
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
  return { command: builtin.command, args: [...builtin.args, ...io, ...extra], env: builtin.env };
}
