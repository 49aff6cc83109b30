/**
 * Splits a `--processor "CMD"` string into argv the way a POSIX shell would
 * (quotes and backslashes), with no expansion of any kind: no variables, globs,
 * `~`, or command substitution, because the command is spawned without a shell.
 *
 * On Windows write paths inside double quotes ("C:\Tools\p.exe"): there a
 * backslash only escapes `"`, `\`, `$` and a backquote, so paths survive.
 */
export function parseCommandLine(cmd: string): string[] {
  const out: string[] = [];
  let word = '';
  // A word exists as soon as any character or quote pair is seen: `''` is an empty argument.
  let inWord = false;
  let i = 0;
  const n = cmd.length;
  while (i < n) {
    const c = cmd[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) out.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === "'") {
      const close = cmd.indexOf("'", i + 1);
      if (close === -1) throw new SyntaxError(`unterminated single quote in command: ${cmd}`);
      word += cmd.slice(i + 1, close);
      inWord = true;
      i = close + 1;
    } else if (c === '"') {
      inWord = true;
      i++;
      let closed = false;
      while (i < n) {
        const d = cmd[i];
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < n) {
          const e = cmd[i + 1];
          if (e === '"' || e === '\\' || e === '$' || e === '`') {
            word += e;
            i += 2;
            continue;
          }
          if (e === '\n') {
            i += 2; // line continuation
            continue;
          }
        }
        word += d;
        i++;
      }
      if (!closed) throw new SyntaxError(`unterminated double quote in command: ${cmd}`);
    } else if (c === '\\') {
      if (i + 1 < n) {
        if (cmd[i + 1] === '\n') {
          i += 2; // line continuation joins words
          continue;
        }
        word += cmd[i + 1];
        i += 2;
      } else {
        word += '\\'; // a trailing lone backslash is kept rather than rejected
        i++;
      }
      inWord = true;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) out.push(word);
  return out;
}

/** The inverse, for showing or storing argv as one string: quote only what needs it. */
export function quoteCommandLine(argv: string[]): string {
  return argv
    .map((a) => (a !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}
