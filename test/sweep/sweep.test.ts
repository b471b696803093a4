/**
 * Sweeps on the shipped recording: planning errors, cache reuse, and the same results locally
 * (worker threads) and through BullMQ with two `arbiter worker` processes, one of them started
 * after the first worker was killed mid-cell (its cell is re-run once its lock expires).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArbiterConfig } from '../../src/cli/config/arbiter-config.js';
import { DEFAULT_CONFIG_TOML } from '../../src/cli/config/default-config.js';
import { createDistributedRunner } from '../../src/sweep/distributed.js';
import { parseGridAxis } from '../../src/sweep/grid.js';
import { createLocalRunner } from '../../src/sweep/local-runner.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { planSweep } from '../../src/sweep/sweep-plan.js';
import { runCell } from '../../src/sweep/run-cell.js';
import { runWalkForward } from '../../src/sweep/walk-forward.js';

const EXAMPLE = new URL('../../examples/demo-btc/', import.meta.url).pathname;
const FILES = ['deribit.jsonl.gz', 'derive.jsonl.gz', 'polymarket.jsonl.gz'].map((f) => join(EXAMPLE, f));
const BIN = new URL('../../bin/arbiter.js', import.meta.url).pathname;
const { config, strategies } = parseArbiterConfig(DEFAULT_CONFIG_TOML);
const plan = (grid: string[]) => planSweep({ config, strategies, axes: grid.map(parseGridAxis), files: FILES, catalogs: join(EXAMPLE, 'catalogs.jsonl') });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    }).on('error', reject);
  });
}

/** Resolves with the first stdout line matching `test`, rejects on exit or after `ms`. */
function waitForLine(child: ChildProcess, test: (line: string) => boolean, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching line within ${ms} ms`)), ms);
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      if (test(line)) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    child.once('exit', (code) => reject(new Error(`process exited (${code}) before the line`)));
  });
}

describe('sweep planning', () => {
  it('names unknown keys and values a strategy rejects', async () => {
    await expect(plan(['no_such_key=1,2'])).rejects.toThrow(/no strategy in the sweep has this key/);
    await expect(plan(['GammaScalp-BTC.min_edge=1,2'])).rejects.toThrow(/has no key "min_edge"/);
    await expect(plan(['min_edge=-1,0.02'])).rejects.toThrow(/CrossMarket-BTC" rejects min_edge=-1/);
  });
  it('gives each cell its own stable hash', async () => {
    const a = await plan(['min_edge=0.01,0.02']);
    const b = await plan(['CrossMarket-BTC.min_edge=0.02']);
    expect(new Set(a.cells.map((c) => c.hash)).size).toBe(2);
    expect(a.strategies).toEqual(['CrossMarket-BTC']);
    expect(b.cells[0]!.hash).toBe(a.cells[1]!.hash);
  });
});

describe('sweep cancellation', () => {
  it('stops on abort and keeps the finished cells cached', async () => {
    const p = await plan(['min_edge=0.01,0.02,0.03']);
    const out = mkdtempSync(join(tmpdir(), 'arbiter-sweep-'));
    const abort = new AbortController();
    const runner = createLocalRunner(1);
    try {
      const run = runSweep({ plan: p, runner, metric: 'pnlUsd', outDir: out, signal: abort.signal, onProgress: ({ done }) => {
        if (done === 1) abort.abort(new Error('cancelled by the test'));
      } });
      await expect(run).rejects.toThrow('cancelled by the test');
      expect(readdirSync(join(out, 'cells')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    } finally {
      await runner.close();
      rmSync(out, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('walk-forward', () => {
  it('scores each window\'s best train cell on the following test window', async () => {
    const out = mkdtempSync(join(tmpdir(), 'arbiter-sweep-'));
    const runner = createLocalRunner(2);
    try {
      const wf = await runWalkForward({
        plan: { config, strategies, axes: [parseGridAxis('min_edge=0.01,0.03')], files: FILES, catalogs: join(EXAMPLE, 'catalogs.jsonl') },
        windows: { trainMs: 12_000, testMs: 6_000 }, runner, metric: 'pnlUsd', outDir: out,
      });
      expect(wf.rows).toHaveLength(2);
      expect(wf.cells).toBe(6);
      for (const row of wf.rows) {
        // The pick is the better of the two train cells, and its test score is an independent backtest's.
        const trainOf = async (minEdge: number) => (await runCell({ ...(await plan([`min_edge=${minEdge}`])).cells[0]!.spec, fromMs: row.trainFromMs, toMs: row.testFromMs })).strategies[0]!.metrics.pnlUsd;
        const [a, b] = [await trainOf(0.01), await trainOf(0.03)];
        expect(row.params.min_edge).toBe(b > a ? 0.03 : 0.01);
        expect(row.train).toBe(Math.max(a, b));
        const test = await runCell({ ...(await plan([`min_edge=${String(row.params.min_edge)}`])).cells[0]!.spec, fromMs: row.testFromMs, toMs: row.testToMs });
        expect(row.test).toBe(test.strategies[0]!.metrics.pnlUsd);
      }
    } finally {
      await runner.close();
      rmSync(out, { recursive: true, force: true });
    }
  }, 45_000);
});

describe('sweep: local and distributed', () => {
  let redis: ChildProcess;
  let url: string;
  const dirs: string[] = [];
  const workers: ChildProcess[] = [];
  const tmp = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'arbiter-sweep-'));
    dirs.push(d);
    return d;
  };

  beforeAll(async () => {
    const port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await waitForLine(redis, (l) => l.includes('Ready to accept connections'), 10_000);
    url = `redis://127.0.0.1:${port}`;
  });
  afterAll(() => {
    for (const w of workers) w.kill('SIGKILL');
    redis?.kill('SIGTERM');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('gives identical results locally and through BullMQ, re-running a killed worker\'s cell', async () => {
    const p = await plan(['min_edge=0.01,0.03']);
    const localOut = tmp();
    const pool = createLocalRunner(2);
    const local = await runSweep({ plan: p, runner: pool, metric: 'pnlUsd', outDir: localOut }).finally(() => pool.close());
    expect(local.rows).toHaveLength(2);
    expect(local.reused).toBe(0);
    const again = createLocalRunner(1);
    const rerun = await runSweep({ plan: p, runner: again, metric: 'pnlUsd', outDir: localOut });
    await again.close();
    expect(rerun.reused).toBe(2);
    expect(rerun.rows).toEqual(local.rows);

    const namespace = `t${process.pid}`;
    const starts: Array<{ pid: number; job: string }> = [];
    const startWorker = (): ChildProcess => {
      const w = spawn(process.execPath, [BIN, 'worker', '--redis', url, '--namespace', namespace, '--lock-ms', '1500', '--stalled-ms', '500'], { stdio: ['ignore', 'pipe', 'inherit'] });
      createInterface({ input: w.stdout! }).on('line', (line) => {
        const e = JSON.parse(line) as { event: string; job?: string; pid: number };
        if (e.event === 'start') starts.push({ pid: e.pid, job: e.job! });
      });
      workers.push(w);
      return w;
    };
    const first = startWorker();
    const runner = createDistributedRunner({ redisUrl: url, sweepId: 'kill-test', namespace, pollMs: 50 });
    const distributed = runSweep({ plan: p, runner, metric: 'pnlUsd', outDir: tmp() });
    const killedJob = (JSON.parse(await waitForLine(first, (l) => l.includes('"event":"start"'), 20_000)) as { job: string }).job;
    first.kill('SIGKILL');
    const [second, third] = [startWorker(), startWorker()];
    const outcome = await distributed.finally(() => runner.close());
    expect(outcome.reused).toBe(0);
    expect(outcome.rows).toEqual(local.rows);
    // The killed worker's cell was started again by one of the others once its lock expired.
    expect(starts.some((s) => s.job === killedJob && s.pid !== first.pid && [second.pid, third.pid].includes(s.pid))).toBe(true);
    expect([second.exitCode, third.exitCode]).toEqual([null, null]);
  }, 55_000);
});
