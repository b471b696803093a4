/**
 * Study `optimal-stopping`: when to exit a mean-reverting spread trade. Spread paths are OU with
 * (κ, θ, σ) — from the parameters, or, with recorded data, estimated from the first series by the
 * exact AR(1) discretisation (x_t = c + φx_{t−1} + ε: κ = −ln φ/Δ, θ = c/(1 − φ), σ = sd(ε)·√(2κ/(1 − φ²)),
 * Δ the median sampling interval in days). The signature Longstaff–Schwartz rule is trained and tested
 * on independent seeded paths and compared with the best take-profit threshold and holding to the horizon.
 */
import { ArbiterError } from '../../domain/errors.js';
import { resolveStudyParams } from '../report/study-params.js';
import type { Study, StudyData, StudyResult } from '../studies/study.js';
import { compareSpreadExitRules, type OuSpec } from './spread-exit.js';

function fitOu(data: StudyData): { kappa: number; theta: number; sigma: number; dtDays: number } {
  const s = Object.values(data.series)[0];
  if (!s || s.v.length < 30) throw new ArbiterError('ARB_INPUT_INVALID', 'optimal-stopping: recorded data needs a spread series with at least 30 points');
  const n = s.v.length - 1;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const x = s.v[i]!;
    const y = s.v[i + 1]!;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const phi = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const c = (sy - phi * sx) / n;
  if (!(phi > 0 && phi < 1)) throw new ArbiterError('ARB_INPUT_INVALID', `optimal-stopping: the spread is not mean-reverting (AR(1) φ = ${phi.toFixed(4)} outside (0, 1))`);
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (s.v[i + 1]! - c - phi * s.v[i]!) ** 2;
  const gaps = Array.from({ length: n }, (_, i) => s.t[i + 1]! - s.t[i]!).sort((a, b) => a - b);
  const dtDays = gaps[Math.floor(n / 2)]! / 86_400_000;
  const kappa = -Math.log(phi) / dtDays;
  return { kappa, theta: c / (1 - phi), sigma: Math.sqrt(sse / (n - 2)) * Math.sqrt((2 * kappa) / (1 - phi * phi)), dtDays };
}

export const optimalStoppingStudy: Study = {
  name: 'optimal-stopping',
  title: 'Optimal stopping with path signatures: exiting a spread trade',
  description: 'Truncated signatures of the time-augmented spread path as regression features in a Longstaff–Schwartz backward induction; out-of-sample comparison with threshold rules.',
  params: [
    { key: 'kappa', label: 'Mean reversion κ (1/day)', kind: 'number', default: 3, min: 1e-4, max: 1000, help: 'synthetic only' },
    { key: 'sigma', label: 'Volatility σ (per √day)', kind: 'number', default: 1, min: 1e-8, max: 1e6, help: 'synthetic only' },
    { key: 'entry', label: 'Entry level, in stationary sds below θ', kind: 'number', default: 0.85, min: 0, max: 5 },
    { key: 'horizonDays', label: 'Horizon (days)', kind: 'number', default: 1, min: 1e-3, max: 365 },
    { key: 'steps', label: 'Decision steps', kind: 'integer', default: 50, min: 5, max: 100 },
    { key: 'cost', label: 'Round-trip cost (spread units)', kind: 'number', default: 0.02, min: 0, max: 1e6 },
    { key: 'depth', label: 'Signature depth', kind: 'integer', default: 3, min: 1, max: 4 },
    { key: 'paths', label: 'Paths (train = test)', kind: 'integer', default: 3000, min: 200, max: 5000 },
    { key: 'seed', label: 'Seed', kind: 'integer', default: 5, min: 0, max: 2 ** 31 },
  ],
  run(params, data): StudyResult {
    const p = resolveStudyParams(optimalStoppingStudy, params);
    const steps = Number(p.steps);
    const dt = Number(p.horizonDays) / steps;
    const est = data ? fitOu(data) : { kappa: Number(p.kappa), theta: 0, sigma: Number(p.sigma) };
    const sdInf = est.sigma / Math.sqrt(2 * est.kappa);
    const spec: OuSpec = { kappa: est.kappa, theta: est.theta, sigma: est.sigma, dt, x0: est.theta - Number(p.entry) * sdInf };
    const n = Number(p.paths);
    const res = compareSpreadExitRules(spec, { train: n, test: n, steps, cost: Number(p.cost), depth: Number(p.depth), seed: Number(p.seed) });
    const rules = [['signature LS', res.signature], ['best threshold', res.threshold], ['hold to horizon', res.holdToEnd]] as const;
    const meanStop = (o: typeof res.signature): number => o.stopStep.reduce((a, b) => a + b, 0) / o.stopStep.length;
    // Histogram of exit steps.
    const hist = (o: typeof res.signature): number[] => {
      const h = new Array<number>(steps + 1).fill(0);
      for (const s of o.stopStep) h[s] = h[s]! + 1;
      return h;
    };
    const xs = Array.from({ length: steps + 1 }, (_, i) => i * dt);
    return {
      summary: {
        'κ (1/day)': est.kappa,
        'θ': est.theta,
        'σ (per √day)': est.sigma,
        'entry x0': spec.x0,
        'mean reward signature': res.signature.meanReward,
        'mean reward threshold': res.threshold.meanReward,
        'threshold level': res.thresholdLevel,
        'mean reward hold': res.holdToEnd.meanReward,
      },
      tables: [{ title: `Out-of-sample exit rules (${n} test paths)`, columns: ['rule', 'mean reward', 'std error', 'mean exit (days)'],
        rows: rules.map(([name, o]) => [name, o.meanReward, o.stdError, meanStop(o) * dt]) }],
      charts: [{ title: 'Exit-time distribution (test paths)', xLabel: 'days after entry', yLabel: 'paths', series: rules.slice(0, 2).map(([name, o]) => ({ name, x: xs, y: hist(o), kind: 'bar' as const })) }],
    };
  },
};
