/**
 * Where AltDeck keeps its database, logs and lock records: the same folder the
 * desktop app uses (Electron's userData for productName "AltDeck"), so the CLI
 * and the app share one queue and one history.
 */
import { homedir } from 'node:os';
import { join, win32 } from 'node:path';

export function defaultHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  return env.ALTDECK_HOME || platformHome(env, platform);
}

/**
 * The platform's data folder. Windows: Local AppData, not Roaming (Electron's default),
 * so a roaming or redirected profile never puts the SQLite queue on a network share;
 * the desktop app sets its userData to this too.
 */
export function platformHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return win32.join(env.LOCALAPPDATA || win32.join(env.USERPROFILE || homedir(), 'AppData', 'Local'), 'AltDeck');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'AltDeck');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'AltDeck');
}
