/** Shared set-up for engine tests: a home, an input tree of generated decks, an engine. */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine, type EngineOptions } from '../../src/core/engine';
import { silentLogger } from '../../src/core/log';
import { makeDeck } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { fixtureCommand, type FixtureName } from '../fixtures/processors';
import type { EngineEvent } from '../../src/shared/engine-api';
import { isProcessAlive } from '../../src/core/runner';
import { decodeFsName, fsPath } from '../../src/core/fs-path';

export interface World {
  root: string;
  home: string;
  inputs: string;
  out: string;
  decks: string[];
  snapshot: Map<string, Buffer>;
}

export async function makeWorld(t: { after: (fn: () => void) => void }, n = 4, opts: { nested?: boolean } = {}): Promise<World> {
  const root = tempDir(t);
  const home = join(root, 'home');
  const inputs = join(root, 'decks');
  const out = join(root, 'out');
  mkdirSync(inputs, { recursive: true });
  const decks: string[] = [];
  for (let i = 0; i < n; i++) {
    const sub = opts.nested && i % 2 ? join(inputs, 'week2') : inputs;
    decks.push(await makeDeck(join(sub, `lecture-${i + 1}.pptx`), { slides: 2, picturesPerSlide: 1 + (i % 2), title: (s) => `Lecture ${i + 1}, slide ${s}` }));
  }
  const snapshot = new Map(decks.map((d) => [d, readFileSync(d)]));
  return { root, home, inputs, out, decks, snapshot };
}

export function openEngine(w: World, fixture: FixtureName | null, extra: Partial<EngineOptions> = {}): Engine {
  return Engine.open({
    home: w.home,
    logger: silentLogger,
    processor: fixture ? fixtureCommand(fixture) : undefined,
    lockRetryMs: 200,
    backoffBaseMs: 50,
    heartbeatMs: 200,
    minFreeBytes: 1,
    ...extra,
  });
}

export function collect(engine: Engine): EngineEvent[] {
  const events: EngineEvent[] = [];
  engine.on('event', (e) => events.push(e));
  return events;
}

/** Files AltDeck must never leave behind: lock dirs and processor temp files. */
export function debris(dir: string): string[] {
  const found: string[] = [];
  // By bytes: folders and decks whose names are not UTF-8 are walked too.
  const walk = (d: string) => {
    for (const raw of readdirSync(fsPath(d) as Buffer, { encoding: 'buffer' })) {
      const name = decodeFsName(raw);
      const p = join(d, name);
      if (name.startsWith('.~altdeck.') || name.includes('altdeck-tmp') || name.endsWith('.tmp')) found.push(p);
      if (statSync(fsPath(p)).isDirectory() && !name.startsWith('.~altdeck.')) walk(p);
    }
  };
  walk(dir);
  return found;
}

export function writeJunk(path: string, bytes: Buffer | string): string {
  writeFileSync(path, bytes);
  return path;
}

/** Alive and not a zombie (an orphan's zombie may linger where pid 1 does not reap). */
export const isAlive = (pid: number) => isProcessAlive(pid);
