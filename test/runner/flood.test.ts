/**
 * A processor that prints hundreds of megabytes must cost us a bounded amount of
 * memory: tails stay within their bound, over-long lines are dropped unbuffered,
 * and messages after the flood are still understood.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyOutcome } from '../../src/core/runner/classify-outcome';
import { tempDir } from '../helpers/tmp';
import { assertNothingLeft, makeIo, runFixture } from './run-helpers';

const MB = 1024 * 1024;
const FLOOD_MB = 256;
const CAPTURE = 16 * 1024;

/** Peak RSS growth while `fn` runs, sampled (memory, not time, is what is asserted). */
async function peakRssGrowth<T>(fn: () => Promise<T>): Promise<{ value: T; growth: number }> {
  global.gc?.();
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, growth: peak - base };
  } finally {
    clearInterval(timer);
  }
}

test(`flood of ${FLOOD_MB} MB in 1 KiB lines: bounded tails, bounded memory, result still parsed`, { timeout: 120_000 }, async (t) => {
  const io = await makeIo(tempDir(t));
  let lines = 0;
  let lineBytes = 0;
  const { value: c, growth } = await peakRssGrowth(() =>
    runFixture('flood-stdout', io, {
      env: { ALTDECK_TEST_FLOOD_MB: String(FLOOD_MB), ALTDECK_TEST_FLOOD_LINE_BYTES: '1024', ALTDECK_TEST_FLOOD_STDERR: '1' },
      timeoutMs: 100_000,
      maxCaptureBytes: CAPTURE,
      // Count instead of storing: the test must not be the thing that eats memory.
      onOutputLine: (stream, line) => {
        if (stream === 'stdout') {
          lines++;
          lineBytes += line.length + 1;
        }
      },
    }),
  );
  assert.equal(c.outcome.exitCode, 0);
  assert.deepEqual(classifyOutcome(c.outcome), { kind: 'success' });
  assert.equal(c.outcome.result?.flooded, FLOOD_MB * MB, 'the result line after the flood was parsed');
  // Every flood byte reached onOutputLine (plus the blank line the fixture ends with).
  assert.equal(lineBytes, FLOOD_MB * MB + 1);
  assert.equal(lines, FLOOD_MB * 1024 + 1);
  assert.ok(Buffer.byteLength(c.outcome.stdoutTail) <= CAPTURE, `stdout tail ${c.outcome.stdoutTail.length}`);
  assert.ok(Buffer.byteLength(c.outcome.stderrTail) <= CAPTURE, `stderr tail ${c.outcome.stderrTail.length}`);
  assert.ok(c.outcome.stderrTail.length > CAPTURE / 2, 'the stderr tail is kept');
  t.diagnostic(`RSS growth ${(growth / MB).toFixed(1)} MB`);
  assert.ok(growth < 96 * MB, `RSS grew by ${(growth / MB).toFixed(0)} MB while ${FLOOD_MB * 2} MB went through`);
  assertNothingLeft(c, assert);
});

test(`flood of ${FLOOD_MB} MB with no newline: dropped, not buffered`, { timeout: 120_000 }, async (t) => {
  const io = await makeIo(tempDir(t));
  const notes: string[] = [];
  const { value: c, growth } = await peakRssGrowth(() =>
    runFixture('flood-stdout', io, {
      env: { ALTDECK_TEST_FLOOD_MB: String(FLOOD_MB), ALTDECK_TEST_FLOOD_LINE_BYTES: '0' },
      timeoutMs: 100_000,
      maxLineBytes: 1 * MB,
      onOutputLine: (_s, line) => notes.push(line.slice(0, 200)),
    }),
  );
  assert.equal(c.outcome.exitCode, 0);
  assert.equal(c.outcome.result?.flooded, FLOOD_MB * MB, 'messages after the dropped line still parse');
  assert.equal(notes.length, 1);
  assert.match(notes[0], new RegExp(`dropped an output line of ${FLOOD_MB * MB} bytes`));
  assert.ok(Buffer.byteLength(c.outcome.stdoutTail) <= 64 * 1024);
  t.diagnostic(`RSS growth ${(growth / MB).toFixed(1)} MB`);
  assert.ok(growth < 96 * MB, `RSS grew by ${(growth / MB).toFixed(0)} MB`);
  assertNothingLeft(c, assert);
});
