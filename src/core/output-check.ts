/**
 * The output folder, checked once before a batch's first deck (issue 8 §5): a
 * read-only, missing or disconnected folder is one clear message, not three
 * failed attempts per deck. The probe file is ours and removed at once.
 */
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** null when decks can be written into `dir`; otherwise what is wrong, naming the folder. */
export function outputFolderProblem(dir: string, opts: { hadOutputs: boolean }): string | null {
  if (!existsSync(dir)) {
    // Outputs were written there before: the drive or share is probably not connected.
    // Creating the folder anew would scatter the batch over two places.
    if (opts.hadOutputs) return `the output folder ${dir} no longer exists, though this batch wrote decks there; reconnect its drive`;
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      return `the output folder ${dir} cannot be created: ${(e as Error).message}`;
    }
  }
  try {
    if (!statSync(dir).isDirectory()) return `the output path ${dir} is a file, not a folder`;
  } catch (e) {
    return `the output folder ${dir} cannot be read: ${(e as Error).message}`;
  }
  const probe = join(dir, `.altdeck-write-check-${process.pid}`);
  try {
    writeFileSync(probe, '');
  } catch (e) {
    return `AltDeck cannot write into ${dir}: ${(e as Error).message}`;
  } finally {
    try {
      rmSync(probe, { force: true });
    } catch {
      // nothing to remove
    }
  }
  return null;
}
