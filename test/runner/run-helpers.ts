/** Shared by the runner's process tests: run a fixture and collect what it said. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runProcessor } from '../../src/core/runner/run-processor';
import { isProcessAlive, liveGroupMembers } from '../../src/core/runner/process-tree';
import type { RunHandle, RunOptions, RunOutcome } from '../../src/core/runner/types';
import type { ProcessorMessage } from '../../src/shared/types';
import { fixtureCommand, type FixtureName } from '../fixtures/processors';
import { makeDeck } from '../helpers/make-deck';

export interface Collected {
  handle: RunHandle;
  outcome: RunOutcome;
  messages: ProcessorMessage[];
  lines: Array<['stdout' | 'stderr', string]>;
  spawnedPid: number | null;
  grandchildPid: number | null;
  input: string;
  output: string;
}

export async function makeIo(dir: string): Promise<{ input: string; output: string }> {
  mkdirSync(join(dir, 'out'), { recursive: true });
  const input = await makeDeck(join(dir, 'in', 'lecture.pptx'), { slides: 2, picturesPerSlide: 1 });
  return { input, output: join(dir, 'out', 'lecture.pptx') };
}

export function startFixture(
  name: FixtureName,
  io: { input: string; output: string },
  extra: Partial<RunOptions> & { env?: NodeJS.ProcessEnv; onStarted?: (h: RunHandle) => void } = {},
): { handle: RunHandle; collected: Promise<Collected> } {
  const fc = fixtureCommand(name);
  const messages: ProcessorMessage[] = [];
  const lines: Array<['stdout' | 'stderr', string]> = [];
  let spawnedPid: number | null = null;
  let grandchildPid: number | null = null;
  const { env, onStarted: _s, ...rest } = extra;
  const handle = runProcessor({
    command: fc.command,
    args: [...fc.args, '--input', io.input, '--output', io.output],
    env: { ...process.env, ALTDECK_BATCH_ID: 'b1', ALTDECK_JOB_ID: '7', ALTDECK_ATTEMPT: '1', ...env },
    // Generous by default: a Node processor can take seconds to start on a loaded machine, and a
    // fixture meant to succeed must not time out. Tests of the time limit set their own.
    timeoutMs: 30_000,
    graceMs: 500,
    onSpawn: (pid) => (spawnedPid = pid),
    onMessage: (m) => {
      messages.push(m);
      if (m.type === 'log') {
        const g = /grandchild pid (\d+)/.exec(m.message);
        if (g) grandchildPid = Number(g[1]);
      }
    },
    onOutputLine: (stream, line) => lines.push([stream, line]),
    ...rest,
  });
  const pidAtReturn = spawnedPid;
  const collected = handle.done.then((outcome) => ({
    handle,
    outcome,
    messages,
    lines,
    spawnedPid: pidAtReturn,
    grandchildPid,
    input: io.input,
    output: io.output,
  }));
  return { handle, collected };
}

export function runFixture(
  name: FixtureName,
  io: { input: string; output: string },
  extra: Partial<RunOptions> & { env?: NodeJS.ProcessEnv } = {},
): Promise<Collected> {
  return startFixture(name, io, extra).collected;
}

/** Nothing of the run may survive it: the child, its group, and any pid it told us of. */
export function assertNothingLeft(c: Collected, assert: typeof import('node:assert/strict')): void {
  const pid = c.handle.pid;
  assert.ok(pid !== null && pid > 1, 'the run had a pid');
  assert.equal(isProcessAlive(pid!), false, `processor ${pid} is still alive`);
  assert.deepEqual(liveGroupMembers(pid!), [], `process group ${pid} still has live members`);
  if (c.grandchildPid !== null) assert.equal(isProcessAlive(c.grandchildPid), false, `grandchild ${c.grandchildPid} is still alive`);
}
