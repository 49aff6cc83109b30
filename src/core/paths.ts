/**
 * Where AltDeck keeps its database, logs and lock records: the same folder the
 * desktop app uses (Electron's userData for productName "AltDeck"), so the CLI
 * and the app share one queue and one history.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.ALTDECK_HOME) return env.ALTDECK_HOME;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'AltDeck');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'AltDeck');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'AltDeck');
}
