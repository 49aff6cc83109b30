/**
 * Damaged copies of real decks: random byte flips, random truncation, random
 * garbage. Whatever the damage, preflight answers with a known code and never
 * throws or hangs. Seeded, so a failure replays.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { preflightFile } from '../../src/core/preflight';
import { PREFLIGHT_CODES } from '../../src/shared/errors';
import { makeDeckBuffer } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { buildZip, minimalDeckEntries } from './zip-builder';
import { buildCfb } from './cfb-builder';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('300 damaged decks: always a known verdict, never an exception', async (t) => {
  const dir = tempDir(t);
  const sources = [
    await makeDeckBuffer({ slides: 3, picturesPerSlide: 2 }),
    buildZip(minimalDeckEntries(), { zip64: true }),
    buildCfb({ entries: ['EncryptionInfo', 'EncryptedPackage'] }),
  ];
  const rand = rng(20261122);
  const codes = new Set<string>(['OK', ...PREFLIGHT_CODES]);
  const seen = new Map<string, number>();
  for (let i = 0; i < 300; i++) {
    const src = sources[i % sources.length];
    let data = Buffer.from(src);
    const kind = i % 3;
    if (kind === 0) {
      // Flip bytes, biased towards the end where the directory lives.
      for (let k = 0; k < 1 + Math.floor(rand() * 8); k++) {
        const at = rand() < 0.6 ? data.length - 1 - Math.floor(rand() * Math.min(data.length, 600)) : Math.floor(rand() * data.length);
        data[at] = Math.floor(rand() * 256);
      }
    } else if (kind === 1) {
      data = data.subarray(0, Math.floor(rand() * data.length));
    } else {
      const at = Math.floor(rand() * data.length);
      const junk = Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 64) }, () => Math.floor(rand() * 256)));
      data = Buffer.concat([data.subarray(0, at), junk, data.subarray(at + junk.length)]);
    }
    const p = join(dir, `damaged-${i}.pptx`);
    writeFileSync(p, data);
    const r = await preflightFile(p);
    assert.ok(codes.has(r.code), `${p}: ${JSON.stringify(r)}`);
    assert.equal(r.path, p);
    if (r.ok) assert.ok(r.audit.pictures >= 0 && r.audit.picturesMissingAlt <= r.audit.pictures);
    else assert.doesNotMatch(r.detail ?? '', /damaged beyond reading/, `an unexpected exception: ${p}`);
    seen.set(r.code, (seen.get(r.code) ?? 0) + 1);
  }
  // The damage really varied: several verdicts, not one.
  assert.ok(seen.size >= 4, JSON.stringify([...seen]));
});
