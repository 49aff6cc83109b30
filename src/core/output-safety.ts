/**
 * Outputs never land on inputs (issue 8 §3). The rule, checked by identity
 * (device + inode, through links, bind mounts and letter case), never by path strings:
 *
 * - The output folder may not be an input folder, the folder of an input file,
 *   or a folder that contains any input: outputs would be written among (or onto)
 *   the originals.
 * - It may lie inside an input folder only where a scan skips it anyway: the
 *   default `altdeck-output` (or an earlier AltDeck output folder, one holding
 *   `altdeck-reports/`). Any other folder inside an input folder is refused: the
 *   decks in it would silently drop out of the batch, and outputs would sit among
 *   the inputs of the next scan.
 * - Per deck, a name is never reserved on a file that is one of the batch's inputs,
 *   and the output is checked again right before the processor runs
 *   (job-executor.ts), in case a link changed in between.
 */
import { statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describeError } from '../shared/errors';
import { DEFAULT_OUTPUT_FOLDER, REPORTS_FOLDER } from '../shared/output-folder';
import { identityOf, isWithin, realPath } from './file-identity';

export class OutputFolderError extends Error {
  readonly code = 'OUTPUT_OVERLAPS_INPUT';
  constructor(readonly detail: string) {
    super(`${describeError('OUTPUT_OVERLAPS_INPUT')} (${detail})`);
    this.name = 'OutputFolderError';
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A folder a scan recognises as AltDeck's own output and never enters. */
export function isAltDeckOutputFolder(dir: string): boolean {
  return basename(realPath(dir)) === DEFAULT_OUTPUT_FOLDER || isDir(join(dir, REPORTS_FOLDER));
}

/** Why `outputDir` may not be used with these inputs, or null when it is safe. */
export function outputFolderConflict(inputs: string[], outputDir: string): string | null {
  const out = identityOf(outputDir);
  for (const input of inputs) {
    const folderInput = isDir(input);
    const home = folderInput ? input : dirname(realPath(input));
    if (out !== null && out === identityOf(home)) {
      return folderInput ? `the output folder is the input folder ${input}` : `the output folder is the folder of the input ${input}`;
    }
    if (out !== null && isWithin(input, outputDir)) return `the output folder ${outputDir} contains the input ${input}`;
    if (folderInput && isWithin(outputDir, input) && !isAltDeckOutputFolder(outputDir)) {
      return `the output folder ${outputDir} lies inside the input folder ${input}`;
    }
  }
  return null;
}

/** Throws OutputFolderError (code OUTPUT_OVERLAPS_INPUT) when the output folder overlaps the inputs. */
export function assertOutputFolderSafe(inputs: string[], outputDir: string): void {
  const why = outputFolderConflict(inputs, outputDir);
  if (why) throw new OutputFolderError(why);
}
