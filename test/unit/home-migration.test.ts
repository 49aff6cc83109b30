/**
 * Windows moved the queue from Roaming to Local AppData (issue 12): an existing queue
 * is copied over on the first start, with the transactions still in its WAL, and the
 * old folder stays untouched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { adoptOldHome, roamingHome } from '../../src/core/home-migration';
import { tempDir } from '../helpers/tmp';

test('the old Roaming folder is where Electron kept it, on Windows only', () => {
  assert.equal(roamingHome({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32'), 'C:\\Users\\a\\AppData\\Roaming\\AltDeck');
  assert.equal(roamingHome({ APPDATA: 'C:\\x' }, 'linux'), null);
  assert.equal(roamingHome({}, 'win32'), null);
});

test('an old queue (with uncheckpointed WAL writes) and its settings are copied; the old folder is untouched', (t) => {
  const dir = tempDir(t);
  const oldHome = join(dir, 'Roaming', 'AltDeck');
  const home = join(dir, 'Local', 'AltDeck');
  mkdirSync(oldHome, { recursive: true });
  const old = new Database(join(oldHome, 'altdeck.db'));
  old.pragma('journal_mode = WAL');
  old.pragma('wal_autocheckpoint = 0');
  old.exec("CREATE TABLE batches (id TEXT); INSERT INTO batches VALUES ('B1'), ('B2')");
  assert.ok(existsSync(join(oldHome, 'altdeck.db-wal')), 'the rows are still in the WAL');
  writeFileSync(join(oldHome, 'settings.json'), JSON.stringify({ processor: 'ours', workers: 3 }));
  const before = readFileSync(join(oldHome, 'altdeck.db'));

  const r = adoptOldHome(home, oldHome);
  const oldAfter = readFileSync(join(oldHome, 'altdeck.db'));
  old.close(); // (closing checkpoints the old WAL: SQLite's doing, not ours)
  assert.deepEqual(r, { from: oldHome, copied: ['settings.json', 'altdeck.db-wal', 'altdeck.db'] });
  const copy = new Database(join(home, 'altdeck.db'), { readonly: true });
  assert.deepEqual(copy.prepare('SELECT id FROM batches ORDER BY id').all(), [{ id: 'B1' }, { id: 'B2' }]);
  copy.close();
  assert.equal(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')).processor, 'ours');
  assert.deepEqual(oldAfter, before, 'old queue left as it was');
  assert.ok(existsSync(join(oldHome, 'settings.json')));
  assert.ok(!existsSync(join(home, 'altdeck.db.adopting')));
  assert.equal(adoptOldHome(home, oldHome), null, 'once: the new folder has its queue now');
});

test('nothing happens without an old queue, or when the new folder already has one', (t) => {
  const dir = tempDir(t);
  const home = join(dir, 'Local');
  assert.equal(adoptOldHome(home, null), null);
  assert.equal(adoptOldHome(home, join(dir, 'none')), null);
  assert.equal(existsSync(home), false, 'no folder made for nothing');
  mkdirSync(join(dir, 'Roaming'));
  writeFileSync(join(dir, 'Roaming', 'altdeck.db'), 'old');
  mkdirSync(home);
  writeFileSync(join(home, 'altdeck.db'), 'new');
  assert.equal(adoptOldHome(home, join(dir, 'Roaming')), null);
  assert.equal(readFileSync(join(home, 'altdeck.db'), 'utf8'), 'new', 'never overwritten');
});
