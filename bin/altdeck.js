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

const argv = process.argv.slice(2);
let cli = null;
let failing = false;
// No stack trace reaches a user: the CLI's reportFatal writes it to <home>/logs/altdeck.log and
// prints one sentence naming that file; exit 70 (README "Exit codes").
function fatal(e) {
  if (failing) return; // an error while reporting one: the first report stands
  failing = true;
  let code = 70;
  try {
    if (cli && typeof cli.reportFatal === 'function') code = cli.reportFatal(argv, e);
    else process.stderr.write(`altdeck: AltDeck could not start (${(e && e.message) || e}). Reinstall it, or run \`npm install\` in a checkout.\n`);
  } catch {
    // nothing more can be said
  }
  process.exit(code);
}
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);

load()
  .then((m) => {
    cli = m;
    return m.main(argv);
  })
  .then((code) => process.exit(code), fatal);
