/**
 * The shared corpus of real decks lives outside the project (../shared/corpus/real,
 * relative to the repository root). Tests that need it skip where it is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const CORPUS_DIR = resolve(REPO_ROOT, '..', 'shared', 'corpus', 'real');
export const corpusAvailable = existsSync(join(CORPUS_DIR, 'INVENTORY.tsv'));
/** Pass as `{ skip: corpusSkip }` in node:test options. */
export const corpusSkip: string | false = corpusAvailable ? false : `corpus not found at ${CORPUS_DIR}`;

export interface InventoryRow {
  file: string;
  bytes: number;
  is_zip: string;
  opens_as_zip: string;
  slides: string;
  pictures: string;
  pictures_with_nonempty_descr: string;
  decorative_flags: string;
  media_files: string;
  notes: string;
}

export function readInventory(): InventoryRow[] {
  const text = readFileSync(join(CORPUS_DIR, 'INVENTORY.tsv'), 'utf8').trimEnd();
  const [head, ...lines] = text.split('\n');
  const cols = head.split('\t');
  return lines.map((line) => {
    const cells = line.split('\t');
    const row: Record<string, string> = {};
    cols.forEach((c, i) => (row[c] = cells[i] ?? ''));
    return { ...(row as unknown as InventoryRow), bytes: Number(row.bytes) };
  });
}

export function corpusFile(name: string): string {
  return join(CORPUS_DIR, name);
}
