/**
 * Study `hawkes`: trade arrivals as a self-exciting process. Synthetic: seeded Ogata simulation with
 * (μ, α, β); recorded: the times of a series named `trades` (or the first series), in seconds from
 * the first. Fits the exponential-kernel Hawkes MLE and the Poisson MLE, compares log-likelihoods
 * (likelihood-ratio statistic) and runs the time-rescaling KS test for both.
 */
import { ArbiterError } from '../../domain/errors.js';
import { resolveStudyParams } from '../report/study-params.js';
import type { Study, StudyData, StudyResult } from '../studies/study.js';
import { hawkesGoodnessOfFit, rescaledTimes } from './goodness-of-fit.js';
import { fitHawkes, hawkesIntensity, simulateHawkes } from './hawkes.js';

function eventTimes(data: StudyData): { times: Float64Array; horizon: number; t0: number } {
  const s = data.series.trades ?? Object.values(data.series)[0];
  if (!s || s.t.length < 3) throw new ArbiterError('ARB_INPUT_INVALID', 'hawkes: recorded data needs a series (named "trades" or first) with at least 3 event times');
  const t0 = s.t[0]!;
  const times = Float64Array.from(s.t, (t) => (t - t0) / 1000);
  const horizon = times[times.length - 1]! + 1e-9;
  return { times, horizon, t0 };
}

function thin<T>(xs: ArrayLike<T>, max: number): T[] {
  const step = Math.max(1, Math.ceil(xs.length / max));
  const out: T[] = [];
  for (let i = 0; i < xs.length; i += step) out.push(xs[i]!);
  return out;
}

export const hawkesStudy: Study = {
  name: 'hawkes',
  title: 'Hawkes processes: trade arrivals',
  description: 'Exponential-kernel Hawkes process: Ogata simulation, exact O(n) MLE against a Poisson fit, goodness of fit by time rescaling (KS on compensator increments).',
  params: [
    { key: 'mu', label: 'Base rate μ (1/s)', kind: 'number', default: 0.8, min: 1e-6, max: 100, help: 'synthetic data only' },
    { key: 'alpha', label: 'Jump α (1/s)', kind: 'number', default: 0.6, min: 0, max: 1000, help: 'synthetic data only' },
    { key: 'beta', label: 'Decay β (1/s)', kind: 'number', default: 2, min: 1e-6, max: 1000, help: 'synthetic data only; stationary when α < β' },
    { key: 'horizon', label: 'Horizon (s)', kind: 'number', default: 5000, min: 1, max: 1e5 },
    { key: 'seed', label: 'Seed', kind: 'integer', default: 7, min: 0, max: 2 ** 31 },
  ],
  run(params, data): StudyResult {
    const p = resolveStudyParams(hawkesStudy, params);
    let times: Float64Array;
    let horizon: number;
    let t0 = 0;
    if (data) ({ times, horizon, t0 } = eventTimes(data));
    else {
      const truth = { mu: Number(p.mu), alpha: Number(p.alpha), beta: Number(p.beta) };
      if (truth.alpha >= truth.beta) throw new ArbiterError('ARB_INPUT_INVALID', `hawkes: parameter "alpha" must be < beta for a stationary process (α/β = ${truth.alpha / truth.beta})`);
      horizon = Number(p.horizon);
      const expected = (truth.mu * horizon) / (1 - truth.alpha / truth.beta);
      if (expected > 2e6) throw new ArbiterError('ARB_INPUT_INVALID', `hawkes: about ${Math.round(expected)} events expected; lower "horizon" or "mu" (limit 2,000,000)`);
      times = simulateHawkes(truth, horizon, Number(p.seed));
      if (times.length < 3) throw new ArbiterError('ARB_INPUT_INVALID', `hawkes: only ${times.length} events simulated; raise "horizon" or "mu"`);
    }
    const fit = fitHawkes(times, horizon);
    const rate = times.length / horizon;
    const poisson = { mu: rate, alpha: 0, beta: 1 };
    const poissonLl = times.length * Math.log(rate) - rate * horizon;
    const gofH = hawkesGoodnessOfFit(times, fit, horizon);
    const gofP = hawkesGoodnessOfFit(times, poisson, horizon);
    const grid = thin(times, 1500);
    const lam = hawkesIntensity(times, fit, grid);
    const tau = Float64Array.from(rescaledTimes(times, fit, horizon)).sort();
    const qq = thin(Array.from(tau.keys()), 400).map((i) => [-Math.log(1 - (i + 0.5) / tau.length), tau[i]!] as const);
    const toX = (t: number): number => (data ? t0 + t * 1000 : t);
    return {
      summary: {
        events: times.length,
        'horizon (s)': horizon,
        mu: fit.mu,
        alpha: fit.alpha,
        beta: fit.beta,
        'branching ratio α/β': fit.branchingRatio,
        'log-likelihood (Hawkes)': fit.logLikelihood,
        'log-likelihood (Poisson)': poissonLl,
        'LR statistic 2Δℓ': 2 * (fit.logLikelihood - poissonLl),
        'KS p-value (Hawkes)': gofH.pValue,
        'KS p-value (Poisson)': gofP.pValue,
      },
      tables: [{
        title: 'Fits',
        columns: ['model', 'μ', 'α', 'β', 'log-likelihood', 'KS statistic', 'KS p-value'],
        rows: [
          ['Hawkes (MLE)', fit.mu, fit.alpha, fit.beta, fit.logLikelihood, gofH.statistic, gofH.pValue],
          ['Poisson', rate, 0, null, poissonLl, gofP.statistic, gofP.pValue],
        ],
      }],
      charts: [
        { title: 'Fitted intensity at events', xLabel: data ? 'time' : 'time (s)', yLabel: 'λ(t) (1/s)', timeAxis: Boolean(data), series: [{ name: 'λ(t−)', x: grid.map(toX), y: Array.from(lam) }] },
        { title: 'Time-rescaling Q–Q (Exp(1))', xLabel: 'Exp(1) quantile', yLabel: 'rescaled inter-event time', series: [
          { name: 'rescaled', x: qq.map((q) => q[0]), y: qq.map((q) => q[1]), kind: 'scatter' },
          { name: 'y = x', x: [0, qq[qq.length - 1]?.[0] ?? 1], y: [0, qq[qq.length - 1]?.[0] ?? 1] },
        ] },
      ],
    };
  },
};
