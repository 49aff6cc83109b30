/** Derived names (lock folders, processor temp files, "deck (2)") fit wherever the deck's name fits. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { boundedName, NAME_MAX_BYTES, numberedName, processorTempPath, truncateUtf8, utf8Length } from '../../src/core/file-names';
import { acquireDeckLock, deckLockPath, fallbackLockPath } from '../../src/core/locks/deck-lock';
import { freeName } from '../../src/core/output-path';
import { tempDir } from '../helpers/tmp';

/** Names of every length up to the limit, in one-, two-, three- and four-byte characters. */
function longNames(): string[] {
  const ext = '.pptx';
  const fill = (ch: string) => {
    let s = '';
    while (utf8Length(s + ch + ext) <= NAME_MAX_BYTES) s += ch;
    return s + ext;
  };
  return [fill('a'), fill('é'), fill('講'), fill('🩺'), `${'a'.repeat(245)}.pptx`, `${'講'.repeat(79)}.pptx`];
}

test('truncateUtf8 never cuts a character in two', () => {
  assert.equal(truncateUtf8('講義', 5), '講');
  assert.equal(truncateUtf8('a🩺b', 4), 'a');
  assert.equal(truncateUtf8('a🩺b', 5), 'a🩺');
  assert.equal(truncateUtf8('short', 255), 'short');
});

test('boundedName keeps short names as they were and shortens long ones with a hash', () => {
  assert.equal(boundedName('.~altdeck.', 'deck.pptx', '.lock'), '.~altdeck.deck.pptx.lock', 'unchanged: older AltDecks agree on short names');
  const a = boundedName('.~altdeck.', `${'x'.repeat(250)}a.pptx`, '.lock', 240);
  const b = boundedName('.~altdeck.', `${'x'.repeat(250)}b.pptx`, '.lock', 240);
  assert.ok(utf8Length(a) <= 240 && utf8Length(b) <= 240);
  assert.notEqual(a, b, 'names sharing their start still differ');
  assert.equal(a, boundedName('.~altdeck.', `${'x'.repeat(250)}a.pptx`, '.lock', 240), 'the same name always gives the same lock');
  assert.match(a, /^\.~altdeck\.x+~[0-9a-f]{16}\.lock$/);
});

test('every derived name of a deck with a name of the maximum length fits, and the lock really works', (t) => {
  const dir = tempDir(t);
  const home = join(dir, 'home');
  for (const name of longNames()) {
    assert.ok(utf8Length(name) >= 241, name);
    const deck = join(dir, name);
    writeFileSync(deck, 'x');
    for (const derived of [deckLockPath(deck), fallbackLockPath(home, deck), processorTempPath(deck, 4_294_967), numberedName(deck, 9999)]) {
      assert.ok(utf8Length(basename(derived)) <= NAME_MAX_BYTES, `${utf8Length(basename(derived))} bytes: ${basename(derived)}`);
    }
    assert.ok(utf8Length(basename(deckLockPath(deck))) + '.stale-00000000'.length <= NAME_MAX_BYTES, 'the stale rename fits too');
    const r = acquireDeckLock(deck, { home });
    assert.equal(r.ok, true, JSON.stringify(r));
    if (!r.ok) continue;
    assert.ok(existsSync(join(r.lock.path, 'owner.json')));
    assert.equal(r.lock.fallback, false);
    writeFileSync(processorTempPath(deck), 'temp'); // the processor's temp name can be created
    r.lock.release();
    assert.equal(existsSync(r.lock.path), false);
  }
});

test('freeName numbers a long name by shortening its stem, never its extension', (t) => {
  const dir = tempDir(t);
  mkdirSync(dir, { recursive: true });
  const name = `${'講'.repeat(83)}.pptx`; // 254 bytes: " (2)" would make 258
  const first = join(dir, name);
  writeFileSync(first, 'taken');
  const second = freeName(first);
  assert.match(basename(second), /^講+ \(2\)\.pptx$/);
  assert.ok(utf8Length(basename(second)) <= NAME_MAX_BYTES);
  writeFileSync(second, 'taken too');
  assert.match(basename(freeName(first)), / \(3\)\.pptx$/);
});
