/**
 * The model's answers in the queue database (<home>/altdeck.db, table
 * model_descriptions, migration 003), shared by every processor subprocess and
 * every batch: the engine passes the database path (--model-cache). Opened with
 * the engine's own openDatabase (WAL, busy_timeout, migrations, a database from a
 * newer AltDeck refused), so a standalone run on a fresh path works too.
 *
 * Each answer is written the moment it arrives (autocommit): a deck killed half-way
 * keeps what was described, and its next attempt asks only for the rest.
 */
import type { Db } from '../../core/db/open';
import { guardMethods } from '../../core/db/errors';
import { DEFAULT_DB_BUSY_MS } from '../../shared/limits';

export interface CacheKey {
  imageSha256: string;
  model: string;
  promptVersion: string;
  language: string;
}

export interface CachedAnswer {
  answer: string;
  truncated: boolean;
  server: string;
  createdAt: number;
}

export class DescriptionCache {
  private constructor(readonly db: Db) {
    // Past SQLite's own busy wait (10 s), a look-up or a write retries like the queue store's
    // calls do (db/errors.ts): a long-held database slows the describer, it does not fail the picture.
    guardMethods(this, db.name, { boundMs: DEFAULT_DB_BUSY_MS });
  }

  /** Throws when the database cannot be opened (the describer then works without a cache, and says so). */
  static async open(file: string): Promise<DescriptionCache> {
    const { openDatabase } = await import('../../core/db/open');
    return new DescriptionCache(openDatabase(file));
  }

  static fromDb(db: Db): DescriptionCache {
    return new DescriptionCache(db);
  }

  get(k: CacheKey, now = Date.now()): CachedAnswer | null {
    const row = this.db
      .prepare(
        `UPDATE model_descriptions SET hits = hits + 1, used_at = ?
         WHERE image_sha256 = ? AND model = ? AND prompt_version = ? AND language = ?
         RETURNING answer, truncated, server, created_at`,
      )
      .get(now, k.imageSha256, k.model, k.promptVersion, k.language) as { answer: string; truncated: number; server: string; created_at: number } | undefined;
    return row ? { answer: row.answer, truncated: row.truncated === 1, server: row.server, createdAt: row.created_at } : null;
  }

  put(k: CacheKey, answer: string, truncated: boolean, server: string, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO model_descriptions (image_sha256, model, prompt_version, language, answer, truncated, server, created_at, used_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (image_sha256, model, prompt_version, language)
         DO UPDATE SET answer = excluded.answer, truncated = excluded.truncated, server = excluded.server, created_at = excluded.created_at, used_at = excluded.used_at`,
      )
      .run(k.imageSha256, k.model, k.promptVersion, k.language, answer, truncated ? 1 : 0, server, now, now);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
