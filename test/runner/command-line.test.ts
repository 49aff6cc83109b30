import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommandLine, quoteCommandLine } from '../../src/core/runner/command-line';

test('splits on runs of whitespace', () => {
  assert.deepEqual(parseCommandLine('  python3   proc.py\t--fast \n'), ['python3', 'proc.py', '--fast']);
  assert.deepEqual(parseCommandLine(''), []);
  assert.deepEqual(parseCommandLine('   '), []);
});

test('single quotes are literal, double quotes escape only " \\ $ `', () => {
  assert.deepEqual(parseCommandLine(`'/opt/My Tools/p' 'it'\\''s' "a \\"b\\" \\\\ \\$x \\n"`), [
    '/opt/My Tools/p',
    "it's",
    'a "b" \\ $x \\n',
  ]);
});

test('quotes join with adjacent text; empty quotes make an empty argument', () => {
  assert.deepEqual(parseCommandLine(`--name="a b"c '' ""`), ['--name=a bc', '', '']);
});

test('backslash outside quotes escapes the next character; trailing backslash kept', () => {
  assert.deepEqual(parseCommandLine('a\\ b c\\"d e\\'), ['a b', 'c"d', 'e\\']);
  assert.deepEqual(parseCommandLine('a\\\nb'), ['ab']);
});

test('no expansion of variables, globs, tilde or substitutions', () => {
  assert.deepEqual(parseCommandLine('$HOME ~/x *.pptx $(rm -rf /) `id` a;b a|b'), [
    '$HOME',
    '~/x',
    '*.pptx',
    '$(rm',
    '-rf',
    '/)',
    '`id`',
    'a;b',
    'a|b',
  ]);
});

test('Windows paths survive inside double quotes', () => {
  assert.deepEqual(parseCommandLine('"C:\\Program Files\\AltProc\\proc.exe" --x'), ['C:\\Program Files\\AltProc\\proc.exe', '--x']);
});

test('unterminated quotes are errors', () => {
  assert.throws(() => parseCommandLine("'abc"), SyntaxError);
  assert.throws(() => parseCommandLine('"abc'), SyntaxError);
  assert.throws(() => parseCommandLine('"abc\\"'), SyntaxError);
});

test('quoteCommandLine round-trips through parseCommandLine', () => {
  const argv = ['/usr/bin/node', '/a b/it\'s.mjs', '', '$HOME', 'plain', 'x"y', 'tab\there'];
  assert.deepEqual(parseCommandLine(quoteCommandLine(argv)), argv);
});
