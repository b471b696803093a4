/**
 * Sweep throughput on one machine: the same grid on the shipped recording with a pool of 2
 * worker threads against 1 thread in the same run (fresh caches, so every cell runs). The
 * ratio is the scaling; on 2 cores the ceiling is 2×.
 */
import { join } from 'node:path';
import { benchRow, type BenchRow, type BenchSuite } from '../bench/bench-row.js';
import { parseArbiterConfig } from '../cli/config/arbiter-config.js';
import { DEFAULT_CONFIG_TOML } from '../cli/config/default-config.js';
import { parseGridAxis } from './grid.js';
import { createLocalRunner } from './local-runner.js';
import { runSweep } from './run-sweep.js';
import { planSweep } from './sweep-plan.js';

const EXAMPLE = new URL('../../examples/demo-btc/', import.meta.url).pathname;

export const sweepSuite: BenchSuite = {
  name: 'sweep',
  async run(ctx): Promise<readonly BenchRow[]> {
    const cells = Math.max(2, 2 * Math.round(3 * ctx.scale));
    const { config, strategies } = parseArbiterConfig(DEFAULT_CONFIG_TOML);
    const values = Array.from({ length: cells }, (_, i) => (0.005 * (i + 1)).toFixed(3)).join(',');
    const plan = await planSweep({
      config, strategies, axes: [parseGridAxis(`min_edge=${values}`)],
      files: ['deribit.jsonl.gz', 'derive.jsonl.gz', 'polymarket.jsonl.gz'].map((f) => join(EXAMPLE, f)), catalogs: join(EXAMPLE, 'catalogs.jsonl'),
    });
    const rate = async (workers: number): Promise<number> => {
      const runner = createLocalRunner(workers);
      try {
        // One warm-up cell per thread (module loading), outside the timing and the measured cache.
        await runSweep({ plan: { ...plan, cells: plan.cells.slice(0, workers) }, runner, metric: 'pnlUsd', outDir: join(ctx.workDir, `warm-${workers}`) });
        const t0 = performance.now();
        await runSweep({ plan, runner, metric: 'pnlUsd', outDir: join(ctx.workDir, `sweep-${workers}`) });
        return (plan.cells.length * 1000) / (performance.now() - t0);
      } finally {
        await runner.close();
      }
    };
    const one = await rate(1);
    ctx.log(`1 worker: ${one.toFixed(2)} cells/s`);
    const two = await rate(2);
    ctx.log(`2 workers: ${two.toFixed(2)} cells/s`);
    return [benchRow(`sweep: ${plan.cells.length} CrossMarket cells, 2 worker threads`, 'cells/s', two, one, 'reference: the same sweep on 1 worker thread; ratio = scaling (2 cores: ceiling 2)')];
  },
};
