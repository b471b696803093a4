/**
 * Writing a lab study against the public API: a small `Study` (a seeded Ornstein–Uhlenbeck path
 * and its sample half-life), its parameters checked like the CLI and dashboard do, a run, the
 * summary printed and a self-contained HTML report written (to the directory given as the first
 * argument, else the system temp directory).
 *
 *   node --import tsx examples/lab-custom-study.ts [out-dir]
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatStudySummary, renderStudyReport, resolveStudyParams, type Study } from '../src/index.js';

const ouStudy: Study = {
  name: 'ou-half-life',
  title: 'Ornstein–Uhlenbeck half-life',
  description: 'Simulates dX = −κX dt + σ dW with a seeded generator and estimates κ back by an AR(1) regression.',
  params: [
    { key: 'kappa', label: 'Mean reversion κ (per day)', kind: 'number', default: 0.5, min: 0.01, max: 10 },
    { key: 'sigma', label: 'Volatility σ', kind: 'number', default: 1, min: 0.01, max: 10 },
    { key: 'days', label: 'Days', kind: 'integer', default: 500, min: 20, max: 100_000 },
    { key: 'seed', label: 'Seed', kind: 'integer', default: 7, min: 1, max: 2 ** 31 },
  ],
  run(p) {
    const kappa = p.kappa as number;
    const sigma = p.sigma as number;
    const n = p.days as number;
    let s = (p.seed as number) >>> 0;
    const uniform = (): number => {
      s = (s + 0x6d2b79f5) >>> 0;
      let t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4_294_967_296;
    };
    const normal = (): number => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    // Exact discretisation over one day.
    const a = Math.exp(-kappa);
    const sd = sigma * Math.sqrt((1 - a * a) / (2 * kappa));
    const x = [0];
    for (let i = 1; i < n; i++) x.push(a * x[i - 1]! + sd * normal());
    let sxy = 0;
    let sxx = 0;
    for (let i = 1; i < n; i++) {
      sxy += x[i - 1]! * x[i]!;
      sxx += x[i - 1]! * x[i - 1]!;
    }
    const b = sxy / sxx;
    const kappaHat = -Math.log(b);
    const days = x.map((_, i) => i);
    return {
      summary: { 'κ true': kappa, 'κ estimated': kappaHat, 'half-life true (days)': Math.LN2 / kappa, 'half-life estimated (days)': Math.LN2 / kappaHat, 'AR(1) coefficient': b },
      tables: [{ title: 'First days', columns: ['day', 'X'], rows: x.slice(0, 5).map((v, i) => [i, v]) }],
      charts: [{ title: 'Simulated path', xLabel: 'day', yLabel: 'X', series: [{ name: 'X', x: days, y: x }] }],
    };
  },
};

// Values as strings, the way `--param kappa=1.5` arrives from the command line.
const params = resolveStudyParams(ouStudy, { kappa: '1.5', days: '2000' });
const result = await ouStudy.run(params);
process.stdout.write(`${ouStudy.title}\n${formatStudySummary(result)}\n`);
const file = join(process.argv[2] ?? tmpdir(), 'ou-half-life.html');
writeFileSync(file, renderStudyReport({ study: ouStudy, params, result, dataSource: 'synthetic (seeded)', generatedMs: Date.now() }));
process.stdout.write(`report: ${file}\n`);

try {
  resolveStudyParams(ouStudy, { kappa: '-1' });
} catch (error) {
  process.stdout.write(`refused as expected: ${(error as Error).message}\n`);
}
