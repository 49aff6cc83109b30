/** Where a deck's result goes, and how a clash with an existing file is resolved. */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { numberedName, processorTempPrefix } from './file-names';
import { decodeFsName, fsPath } from './fs-path';

/** The deepest folder containing every input (a file input counts by its folder). */
export function commonRoot(inputs: string[], isDir: (p: string) => boolean): string {
  const dirs = inputs.map((p) => (isDir(p) ? resolve(p) : dirname(resolve(p))));
  let parts = dirs[0].split(sep);
  for (const d of dirs.slice(1)) {
    const q = d.split(sep);
    let i = 0;
    while (i < parts.length && i < q.length && parts[i] === q[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join(sep) || sep;
}

export function relativeToRoot(root: string, file: string): string {
  const rel = relative(root, file);
  return rel.startsWith('..') ? basename(file) : rel;
}

/** `deck.pptx` → `deck (2).pptx`, `deck (3).pptx`… the first name not taken. */
export function freeName(path: string, exists: (p: string) => boolean = (p) => existsSync(fsPath(p))): string {
  if (!exists(path)) return path;
  for (let n = 2; n < 10_000; n++) {
    const candidate = numberedName(path, n);
    if (!exists(candidate)) return candidate;
  }
  throw new Error(`no free output name for ${path}`);
}

export function outputFor(outputDir: string, relPath: string): string {
  return join(outputDir, relPath);
}

/**
 * The processor writes `.<name>.altdeck-tmp-<pid>` beside the output and renames
 * it when complete; a processor killed hard leaves that debris, which recovery
 * and the engine remove. Long names are shortened with a hash (file-names.ts).
 */
export function tempNamePrefix(outputPath: string): string {
  return processorTempPrefix(outputPath);
}

export function removeProcessorTemps(outputPath: string): number {
  const dir = dirname(outputPath);
  const prefix = tempNamePrefix(outputPath);
  let n = 0;
  let names: string[];
  try {
    names = readdirSync(fsPath(dir) as Buffer, { encoding: 'buffer' }).map(decodeFsName);
  } catch {
    return 0;
  }
  for (const name of names) {
    // Ours (`.<name>.altdeck-tmp-<pid>`) and the common `.<name>.<pid>.tmp` of custom processors.
    if (name.startsWith(prefix) || (name.startsWith(`.${basename(outputPath)}.`) && name.endsWith('.tmp'))) {
      rmSync(fsPath(join(dir, name)), { force: true, recursive: true });
      n++;
    }
  }
  return n;
}
