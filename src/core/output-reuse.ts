/**
 * An identical copy of a deck already processed (same SHA-256, same settings,
 * another path) gets its own output without a second processing: the finished
 * output is copied to a temp file beside the copy's reserved name, checked, and
 * renamed into place, so a crash never leaves a half-copied deck.
 */
import { copyFileSync, renameSync, rmSync } from 'node:fs';
import { tempNamePrefix } from './output-path';
import { dirname, join } from 'node:path';
import { validateOutput } from './runner';
import { fsPath } from './fs-path';

export async function reuseOutput(source: string, output: string): Promise<{ ok: true } | { ok: false; message: string }> {
  const tmp = join(dirname(output), `${tempNamePrefix(output)}-${process.pid}`);
  try {
    copyFileSync(fsPath(source), fsPath(tmp));
    const valid = await validateOutput(tmp);
    if (!valid.ok) {
      rmSync(fsPath(tmp), { force: true });
      return { ok: false, message: valid.message };
    }
    renameSync(fsPath(tmp), fsPath(output));
    return { ok: true };
  } catch (e) {
    rmSync(fsPath(tmp), { force: true });
    return { ok: false, message: (e as Error).message };
  }
}
