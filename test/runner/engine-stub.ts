/**
 * Stands in for the engine in the parent-death test: runs one fixture processor
 * with the real runner, prints {"pid":N} once it runs, then waits to be killed.
 * Usage: node --import tsx test/runner/engine-stub.ts <fixture> <input> <output>
 */
import { runProcessor } from '../../src/core/runner/run-processor';
import { fixtureCommand, type FixtureName } from '../fixtures/processors';

const [name, input, output] = process.argv.slice(2);
const fc = fixtureCommand(name as FixtureName);
const h = runProcessor({
  command: fc.command,
  args: [...fc.args, '--input', input, '--output', output],
  env: { ...process.env, ALTDECK_TEST_STEPS: '1000', ALTDECK_TEST_STEP_MS: '50' },
  timeoutMs: 60_000,
  graceMs: 1000,
  onMessage: (m) => {
    if (m.type === 'progress' && m.done === 1) process.stdout.write(JSON.stringify({ pid: h.pid }) + '\n');
  },
});
void h.done.then((o) => {
  process.stdout.write(JSON.stringify({ outcome: o }) + '\n');
  process.exit(0);
});
