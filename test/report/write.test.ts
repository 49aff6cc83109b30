import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeReportFile, toCsv } from '../../src/core/report';
import { tempDir } from '../helpers/tmp';
import { sampleInput } from './fixtures';

test('writes the report in one piece, replacing an older one, leaving no temp file', (t) => {
  const dir = tempDir(t);
  const target = join(dir, 'reports', 'nested', 'batch.csv');
  writeReportFile(target, 'old');
  const csv = toCsv(sampleInput());
  writeReportFile(target, csv);
  assert.equal(readFileSync(target, 'utf8'), csv);
  assert.deepEqual(readdirSync(join(dir, 'reports', 'nested')), ['batch.csv']);
});

test('a failed write leaves the old report intact and cleans up its temp file', (t) => {
  const dir = tempDir(t);
  const target = join(dir, 'report.html');
  mkdirSync(target); // a folder in the way: rename must fail
  writeFileSync(join(target, 'keep.txt'), 'x');
  assert.throws(() => writeReportFile(target, '<html></html>'));
  assert.deepEqual(readdirSync(dir), ['report.html']);
  assert.deepEqual(readdirSync(target), ['keep.txt']);
});
