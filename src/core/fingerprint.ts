import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { Fingerprint } from '../shared/types';
import { fsPath } from './fs-path';

/** Size, mtime and SHA-256 of a file, streamed (bounded memory on 500 MB decks). */
export async function fingerprintFile(path: string): Promise<Fingerprint> {
  const st = statSync(fsPath(path));
  const hash = createHash('sha256');
  await new Promise<void>((resolve, reject) => {
    const s = createReadStream(fsPath(path), { highWaterMark: 1 << 20 });
    s.on('data', (b) => hash.update(b));
    s.on('error', reject);
    s.on('end', () => resolve());
  });
  // Re-stat: a file being written during hashing must not pass as unchanged.
  const after = statSync(fsPath(path));
  if (after.size !== st.size || after.mtimeMs !== st.mtimeMs) {
    const err = new Error('the file changed while it was read') as NodeJS.ErrnoException;
    err.code = 'ECHANGED';
    throw err;
  }
  return { size: st.size, mtimeMs: st.mtimeMs, sha256: hash.digest('hex') };
}
