#!/usr/bin/env node
// `npx altdeck` right after `npm install`: compiled JavaScript, never the TypeScript sources
// through a run-time transpiler. In a checkout, dist/cli/main.js is built by `npm install`
// (`prepare`) and rebuilt here first whenever a source it was made from changed
// (scripts/fresh-bundle.cjs); an installed build without sources runs its bundle as it is.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const root = join(__dirname, '..');

async function load() {
  const freshBundle = join(root, 'scripts', 'fresh-bundle.cjs');
  const bundle = existsSync(freshBundle) ? require(freshBundle).ensureFresh('cli') : join(root, 'dist', 'cli', 'main.js');
  return require(bundle);
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
