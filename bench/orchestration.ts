/**
 * Orchestration overhead: 200 decks through the engine (preflight, queue, locks,
 * fingerprint, subprocess supervision, output validation) with a trivial
 * processor, against the same processor run in a plain shell loop.
 * Goal: ≤ 10% overhead at one worker, near-linear speed-up at two.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Engine } from '../src/core/engine';
import { silentLogger } from '../src/core/log';
import { makeDeckBuffer } from '../test/helpers/make-deck';
import { table, timeAsync } from './_table';

const N = Number(process.env.BENCH_DECKS ?? 200);
// The trivial processor: copy via temp + rename, like a real one, nothing else.
const TRIVIAL = `const fs=require('fs'),p=require('path');const a=process.argv;const i=a[a.indexOf('--input')+1],o=a[a.indexOf('--output')+1];
const t=p.join(p.dirname(o),'.'+p.basename(o)+'.altdeck-tmp-'+process.pid);fs.copyFileSync(i,t);fs.renameSync(t,o);
process.stdout.write(JSON.stringify({type:'result',slides:0,objects:0,written:0,kept:0,needsReview:0,unresolved:0,wroteOutput:true,items:[]})+'\\n');`;

async function main() {
  const root = mkdtempSync(join(tmpdir(), 'altdeck-bench-orch-'));
  try {
    const inputs = join(root, 'decks');
    mkdirSync(inputs);
    const proc = join(root, 'trivial.cjs');
    writeFileSync(proc, TRIVIAL);
    for (let i = 0; i < N; i++) {
      writeFileSync(join(inputs, `deck-${i}.pptx`), await makeDeckBuffer({ slides: 3, picturesPerSlide: 2, title: (s) => `Deck ${i} slide ${s}` }));
    }
    // Baseline: the same processor, one deck after another, from a shell. The
    // machine's load drifts, so the shell loop runs before each engine run and
    // each engine run is compared with the shell run next to it.
    const shellLoop = async (n: number) => {
      mkdirSync(join(root, `shell-out-${n}`));
      return timeAsync(async () =>
        spawnSync('sh', ['-c', `for f in "${inputs}"/*.pptx; do "${process.execPath}" "${proc}" --input "$f" --output "${root}/shell-out-${n}/$(basename "$f")" >/dev/null || exit 1; done`], { stdio: 'inherit' }),
      );
    };
    const rows: Array<Record<string, string | number>> = [];
    for (const workers of [1, 2]) {
      const shell = await shellLoop(workers);
      rows.push({ run: `shell loop, ${N} decks`, seconds: shell.ms / 1000, decks_per_s: N / (shell.ms / 1000), vs_shell: '—' });
      const home = join(root, `home-${workers}`);
      const engine = Engine.open({ home, logger: silentLogger, processor: { command: process.execPath, args: [proc] }, minFreeBytes: 1 });
      const r = await timeAsync(async () => {
        const b = await engine.createBatch({ inputs: [inputs], settings: { outputDir: join(root, `out-${workers}`), workers } });
        await engine.start(b.id);
        return engine.waitForBatch(b.id);
      });
      if (r.value.counts.succeeded !== N) throw new Error(`expected ${N} succeeded, got ${JSON.stringify(r.value.counts)}`);
      engine.close();
      rows.push({
        run: `engine (preflight+queue+locks+validation), ${workers} worker(s)`,
        seconds: r.ms / 1000,
        decks_per_s: N / (r.ms / 1000),
        vs_shell: `${(((r.ms - shell.ms) / shell.ms) * 100).toFixed(1)}% time, ${(shell.ms / r.ms).toFixed(2)}x speed`,
      });
    }
    table(rows);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
