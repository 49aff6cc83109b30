/**
 * Where a batch command's time goes, for the log (issue 10; bench/throughput.ts reads the
 * line): performance.now() counts from the process's start, so the first phase is Node's
 * start and loading the CLI, up to the moment the command begins.
 */
export function phaseClock(): { phase(name: string): void; line(): string } {
  const phases: Array<[string, number]> = [['start-up', performance.now()]];
  let mark = performance.now();
  return {
    phase(name) {
      const now = performance.now();
      phases.push([name, now - mark]);
      mark = now;
    },
    line: () => `timings: ${phases.map(([n, ms]) => `${n} ${Math.round(ms)} ms`).join(', ')}`,
  };
}
