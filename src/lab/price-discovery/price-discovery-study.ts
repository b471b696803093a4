/**
 * Study `price-discovery`: which venue's price leads. Synthetic: `simulateTwoVenues` (venue A adjusts
 * to the spread at rate a1, venue B at a2). Recorded: every series (venue mids), sampled at the
 * times of the first with the last value at or before each time, in log prices.
 * Reports the VECM, Gonzalo–Granger component shares, Hasbrouck information-share bounds, and the
 * cross-correlation of returns.
 */
import { ArbiterError } from '../../domain/errors.js';
import { resolveStudyParams } from '../report/study-params.js';
import type { Study, StudyData, StudyResult } from '../studies/study.js';
import { crossCorrelation, priceDiscovery, simulateTwoVenues } from './price-discovery.js';

function alignLogPrices(data: StudyData): { names: string[]; prices: Float64Array[] } {
  const names = Object.keys(data.series);
  if (names.length < 2) throw new ArbiterError('ARB_INPUT_INVALID', 'price-discovery: recorded data needs at least two series (one per venue)');
  const base = data.series[names[0]!]!;
  const idx = new Array<number>(names.length).fill(0);
  const rows: number[][] = [];
  for (let i = 0; i < base.t.length; i++) {
    const t = base.t[i]!;
    const row: number[] = [];
    let ok = true;
    names.forEach((n, k) => {
      const s = data.series[n]!;
      while (idx[k]! + 1 < s.t.length && s.t[idx[k]! + 1]! <= t) idx[k] = idx[k]! + 1;
      const v = s.t[idx[k]!]! <= t ? s.v[idx[k]!]! : Number.NaN;
      if (!(v > 0)) ok = false;
      row.push(Math.log(v));
    });
    if (ok) rows.push(row);
  }
  return { names, prices: names.map((_, k) => Float64Array.from(rows, (r) => r[k]!)) };
}

export const priceDiscoveryStudy: Study = {
  name: 'price-discovery',
  title: 'Price discovery across venues',
  description: 'VECM with known cointegration of venue prices; Hasbrouck information-share bounds and Gonzalo–Granger component shares; lead–lag of returns.',
  params: [
    { key: 'a1', label: 'Venue A adjustment a1', kind: 'number', default: 0.05, min: 0, max: 1, help: 'synthetic only' },
    { key: 'a2', label: 'Venue B adjustment a2', kind: 'number', default: 0.3, min: 0, max: 1, help: 'synthetic only' },
    { key: 'sdA', label: 'Venue A innovation sd', kind: 'number', default: 2e-4, min: 1e-8, max: 1 },
    { key: 'sdB', label: 'Venue B innovation sd', kind: 'number', default: 1e-4, min: 1e-8, max: 1 },
    { key: 'rho', label: 'Innovation correlation', kind: 'number', default: 0.3, min: -0.99, max: 0.99 },
    { key: 'n', label: 'Observations', kind: 'integer', default: 10000, min: 100, max: 200_000 },
    { key: 'lags', label: 'VECM lags', kind: 'integer', default: 2, min: 0, max: 20 },
    { key: 'maxLag', label: 'Cross-correlation max lag', kind: 'integer', default: 10, min: 1, max: 200 },
    { key: 'seed', label: 'Seed', kind: 'integer', default: 0, min: 0, max: 2 ** 31 },
  ],
  run(params, data): StudyResult {
    const p = resolveStudyParams(priceDiscoveryStudy, params);
    let names = ['venue A', 'venue B'];
    let prices: Float64Array[];
    if (data) ({ names, prices } = alignLogPrices(data));
    else {
      const a1 = Number(p.a1);
      const a2 = Number(p.a2);
      if (!(a1 + a2 > 0)) throw new ArbiterError('ARB_INPUT_INVALID', 'price-discovery: parameters "a1" + "a2" must be > 0 (otherwise the venues never reconnect)');
      prices = simulateTwoVenues({ n: Number(p.n), a1, a2, s1: Number(p.sdA), s2: Number(p.sdB), rho: Number(p.rho), seed: Number(p.seed) });
    }
    const pd = priceDiscovery(prices, Number(p.lags));
    const ret = prices.map((x) => Array.from({ length: x.length - 1 }, (_, i) => x[i + 1]! - x[i]!));
    const cc = crossCorrelation(ret[0]!, ret[1]!, Math.min(Number(p.maxLag), ret[0]!.length - 3));
    const summary: Record<string, number | string | null> = { observations: pd.vecm.observations };
    names.forEach((n, i) => {
      summary[`CS ${n}`] = pd.componentShares[i]!;
      summary[`IS ${n} (mid)`] = pd.informationShareMid[i]!;
    });
    return {
      summary,
      tables: [
        { title: 'Shares', columns: ['venue', 'α (first cointegration column)', 'component share', 'IS lower', 'IS upper', 'IS midpoint'],
          rows: names.map((n, i) => [n, pd.vecm.alpha[i]![0]!, pd.componentShares[i]!, pd.informationShareLower[i]!, pd.informationShareUpper[i]!, pd.informationShareMid[i]!]) },
        { title: 'Residual covariance Ω', columns: ['', ...names], rows: names.map((n, i) => [n, ...pd.vecm.omega[i]!]) },
      ],
      charts: [
        { title: `Cross-correlation corr(r_${names[0]}(t+ℓ), r_${names[1]}(t))`, xLabel: 'lag ℓ (observations)', yLabel: 'correlation', series: [
          { name: 'correlation', x: cc.lags, y: cc.corr, kind: 'bar' },
          { name: '+95 % band', x: [cc.lags[0]!, cc.lags[cc.lags.length - 1]!], y: [cc.band, cc.band] },
          { name: '−95 % band', x: [cc.lags[0]!, cc.lags[cc.lags.length - 1]!], y: [-cc.band, -cc.band] },
        ] },
      ],
    };
  },
};
