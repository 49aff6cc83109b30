/**
 * The dry run's verdicts, kept so that Start makes the batch the user was shown without
 * checking every deck again: a deck whose path, size, modification time and inode are as
 * they were keeps its verdict; anything else is checked again. Only verdicts that depend on
 * the file's bytes alone are kept: a missing, unreadable or open deck can change without its
 * file changing. (An accepted deck opened in PowerPoint later is caught when it is
 * processed, which checks owner files and changes again.)
 */
import { stat } from 'node:fs/promises';
import { CONTENT_CODES, type ErrorCode } from '../../shared/errors';
import type { PreflightResult } from '../../shared/types';
import { fsPath } from '../fs-path';

const CONTENT_VERDICTS = new Set<ErrorCode | 'OK'>(['OK', ...CONTENT_CODES]);

interface Entry {
  size: number;
  mtimeMs: number;
  ino: number;
  result: PreflightResult;
}

/** The verdicts of one dry run; they replace the previous run's when it ends, so the cache never outgrows the inputs. */
export type VerdictRound = Map<string, Entry>;

export class VerdictCache {
  private entries: VerdictRound = new Map();
  /** Decks checked and verdicts reused since the cache was made (logged; read by tests). */
  checked = 0;
  reused = 0;

  beginRound(): VerdictRound {
    return new Map();
  }

  endRound(round: VerdictRound): void {
    this.entries = round;
  }

  async check(path: string, round: VerdictRound, run: (path: string) => Promise<PreflightResult>): Promise<PreflightResult> {
    // Taken before the check: a deck changed while it is being checked is checked again next time.
    const st = await stat(fsPath(path)).catch(() => null);
    const known = this.entries.get(path);
    if (st && known && known.size === st.size && known.mtimeMs === st.mtimeMs && known.ino === st.ino) {
      this.reused++;
      round.set(path, known);
      return known.result;
    }
    const result = await run(path);
    this.checked++;
    if (st && CONTENT_VERDICTS.has(result.code)) round.set(path, { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, result });
    return result;
  }
}
