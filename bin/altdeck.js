#!/usr/bin/env node
// `npx altdeck` right after `npm install`: in a checkout, run the TypeScript
// sources through tsx (no build step, never a stale bundle); an installed build
// without sources uses the bundled CLI.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const source = join(__dirname, '..', 'src', 'cli', 'main.ts');
let cli;
if (existsSync(source)) {
  require('tsx/cjs');
  cli = require(source);
} else cli = require(join(__dirname, '..', 'dist', 'cli', 'main.js'));
cli.main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`altdeck: ${(e && e.stack) || e}\n`);
    process.exit(1);
  },
);
