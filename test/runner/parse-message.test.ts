import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProcessorMessage } from '../../src/core/runner/parse-message';

test('recognises progress, log and result messages', () => {
  assert.deepEqual(parseProcessorMessage('{"type":"progress","done":3,"total":12}'), { type: 'progress', done: 3, total: 12 });
  assert.deepEqual(parseProcessorMessage('  {"type":"progress","done":0,"total":0,"stage":"ocr"}  '), {
    type: 'progress',
    done: 0,
    total: 0,
    stage: 'ocr',
  });
  assert.deepEqual(parseProcessorMessage('{"type":"log","level":"warn","message":"slow"}'), { type: 'log', level: 'warn', message: 'slow' });
  const r = parseProcessorMessage('{"type":"result","slides":2,"items":[]}');
  assert.equal(r?.type, 'result');
});

test('everything else is not a message', () => {
  for (const line of [
    '',
    'plain text',
    '{"type":"progress"', // truncated
    '[1,2]',
    'null',
    '{"type":"progress","done":"3","total":12}',
    '{"type":"progress","done":-1,"total":12}',
    '{"type":"progress","done":1,"total":2,"stage":5}',
    '{"type":"log","level":"debug","message":"x"}',
    '{"type":"log","level":"info"}',
    '{"type":"banana"}',
    '{"done":1,"total":2}',
    'prefix {"type":"progress","done":1,"total":2}',
  ]) {
    assert.equal(parseProcessorMessage(line), null, line);
  }
});
