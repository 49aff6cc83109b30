/**
 * The processor's real entry point as the engine spawns it, for tests: NDJSON
 * lines collected (a non-JSON line fails the test), and a way to wait for one.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../helpers/corpus';

export const ENTRY = join(REPO_ROOT, 'src', 'processor', 'main.ts');

export type Line = Record<string, unknown>;

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: Line[];
  stdout: string;
  stderr: string;
}

export function startProcessor(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const lines: Line[] = [];
  const waiters: Array<{ pred: (l: Line) => boolean; resolve: () => void }> = [];
  child.stderr.on('data', (d) => (stderr += d));
  createInterface({ input: child.stdout }).on('line', (line) => {
    stdout += line + '\n';
    const msg = JSON.parse(line) as Line; // throws (fails the test) on a non-JSON line
    lines.push(msg);
    for (const w of waiters.splice(0)) if (w.pred(msg)) w.resolve();
      else waiters.push(w);
  });
  const done = new Promise<Run>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, lines, stdout, stderr })));
  const waitFor = (pred: (l: Line) => boolean) =>
    new Promise<void>((resolve) => {
      if (lines.some(pred)) return resolve();
      waiters.push({ pred, resolve });
    });
  return { child, done, waitFor };
}

/** No processor temp file left in `dir`. */
export const noTemp = (dir: string) => assert.deepEqual(readdirSync(dir).filter((f) => f.includes('altdeck-tmp')), []);
