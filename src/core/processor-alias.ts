/**
 * A custom processor is a school's own program: it cannot be expected to decode AltDeck's form
 * of a name that is not UTF-8 (fs-path.ts), and no argument can carry the raw bytes. So it gets
 * UTF-8 stand-ins under <home>/tmp/aliases/<job>: a link to the deck, and a link to the output's
 * folder in which it writes `.altdeck-out-<job><ext>`; after it exits, that file is renamed onto
 * the real output name (same folder, so the rename is atomic). The built-in processor does not
 * need this: it reads AltDeck's form itself.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { decodeFsName, fsPath, hasRawBytes } from './fs-path';

export interface ProcessorAliases {
  input: string;
  output: string;
  /** After the processor ended: an output written by a successful run takes its real name; the links go. */
  settle(success: boolean): void;
}

function aliasDir(home: string, jobId: number): string {
  return join(home, 'tmp', 'aliases', String(jobId));
}

/**
 * What a run that never settled (kill -9, power cut) left: the link folder and the processor's
 * `.altdeck-out-<job><ext>` beside the output. Start-up recovery calls this for every job a dead
 * engine left running; the file is never taken as the output (nothing proves the run finished).
 */
export function removeProcessorAliases(output: string, jobId: number, home: string): void {
  rmSync(aliasDir(home, jobId), { recursive: true, force: true });
  const dir = dirname(output);
  let names: string[];
  try {
    names = readdirSync(fsPath(dir) as Buffer, { encoding: 'buffer' }).map(decodeFsName);
  } catch {
    return;
  }
  // `.altdeck-out-1.pptx` but not job 12's `.altdeck-out-12.pptx`.
  const mine = new RegExp(`^\\.altdeck-out-${jobId}(\\.|$)`);
  for (const name of names) if (mine.test(name)) rmSync(fsPath(join(dir, name)), { force: true, recursive: true });
}

export function processorAliases(input: string, output: string, jobId: number, home: string): ProcessorAliases | null {
  if (!hasRawBytes(input) && !hasRawBytes(output)) return null;
  const dir = aliasDir(home, jobId);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const ext = extname(basename(input)).replace(/[^\x20-\x7e]/g, '') || '.pptx';
  const inputLink = join(dir, `deck${ext}`);
  symlinkSync(fsPath(input), inputLink);
  const outDirLink = join(dir, 'out');
  symlinkSync(fsPath(dirname(output)), outDirLink);
  const written = `.altdeck-out-${jobId}${ext}`;
  const realWritten = join(dirname(output), written);
  return {
    input: inputLink,
    output: join(outDirLink, written),
    settle(success) {
      try {
        if (!existsSync(fsPath(realWritten))) return;
        if (success) renameSync(fsPath(realWritten), fsPath(output));
        else rmSync(fsPath(realWritten), { force: true });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
