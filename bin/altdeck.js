#!/usr/bin/env node
// `npx altdeck` right after `npm install`: in a checkout, run the TypeScript
// sources through tsx (no build step, never a stale bundle); an installed build
// without sources uses the bundled CLI.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const source = join(__dirname, '..', 'src', 'cli', 'main.ts');

async function load() {
  if (!existsSync(source)) return require(join(__dirname, '..', 'dist', 'cli', 'main.js'));
  // Both of tsx's hooks: require() of .ts files (the CLI itself), and dynamic import() (the `process`
  // subcommand, the processor's optional sources), which goes through Node's ESM loader.
  // tsx/esm/api must be loaded as ESM: its CommonJS build cannot find its own loader.
  (await import('tsx/esm/api')).register();
  require('tsx/cjs');
  return require(source);
}

load()
  .then((cli) => cli.main(process.argv.slice(2)))
  .then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`altdeck: ${(e && e.stack) || e}\n`);
      process.exit(1);
    },
  );
