/**
 * AltDeck used to keep its Windows data in Roaming AppData (%APPDATA%\AltDeck, Electron's
 * default); it now lives in Local AppData so a roaming or redirected profile never puts
 * SQLite on a network share. On the first start after that change, when the new folder
 * has no queue and the old one has, the queue (with its write-ahead log) and the
 * settings are COPIED over: the old folder is left exactly as it was, so nothing is
 * lost if anything goes wrong, and batches stay resumable and in History.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join, win32 } from 'node:path';

export interface AdoptedHome {
  from: string;
  copied: string[];
}

/** The old Windows data folder, or null where there was none. */
export function roamingHome(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | null {
  if (platform !== 'win32' || !env.APPDATA) return null;
  return win32.join(env.APPDATA, 'AltDeck');
}

/**
 * Copies the old folder's queue into `home` when `home` has none. The database file is
 * written last, under a temporary name renamed into place, so an interrupted copy is
 * simply done again at the next start. Returns what was copied, or null.
 */
export function adoptOldHome(home: string, oldHome: string | null): AdoptedHome | null {
  if (!oldHome || oldHome === home) return null;
  const db = 'altdeck.db';
  if (existsSync(join(home, db)) || !existsSync(join(oldHome, db))) return null;
  mkdirSync(home, { recursive: true });
  const copied: string[] = [];
  for (const name of ['settings.json', `${db}-wal`]) {
    if (existsSync(join(oldHome, name)) && !existsSync(join(home, name))) {
      copyFileSync(join(oldHome, name), join(home, name));
      copied.push(name);
    }
  }
  const tmp = join(home, `${db}.adopting`);
  copyFileSync(join(oldHome, db), tmp);
  renameSync(tmp, join(home, db));
  copied.push(db);
  return { from: oldHome, copied };
}
