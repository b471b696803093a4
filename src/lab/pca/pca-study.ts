/**
 * Study `pca`: principal components of log returns (not price levels: levels of random walks give
 * spurious structure). Synthetic data: K seeded Gaussian factors with loadings drawn once, plus
 * idiosyncratic noise; recorded: every series' log returns, aligned by index. Reports eigenvalues,
 * explained variance, loadings, and the variance left after hedging asset 0 with PC1 (β by OLS).
 */
import { ArbiterError } from '../../domain/errors.js';
import { SeededRandom } from '../../optimizer/seeded-random.js';
import { resolveStudyParams } from '../report/study-params.js';
import type { Study, StudyData, StudyResult } from '../studies/study.js';
import { pca } from './pca.js';

/** T×N returns r_t = B f_t + ε_t, f ~ N(0, I_K)·factorVol, B_ij ~ U(0.5, 1.5) for j = 0 and N(0, 0.5) otherwise, ε ~ N(0, idioVol²). */
export function syntheticFactorReturns(o: { bars: number; assets: number; factors: number; seed: number; factorVol?: number; idioVol?: number }): number[][] {
  const rng = new SeededRandom(o.seed);
  const fv = o.factorVol ?? 0.02, iv = o.idioVol ?? 0.01;
  const b = Array.from({ length: o.assets }, () => Array.from({ length: o.factors }, (_, j) => (j === 0 ? 0.5 + rng.nextFloat() : 0.5 * rng.nextGaussian())));
  return Array.from({ length: o.bars }, () => {
    const f = Array.from({ length: o.factors }, () => fv * rng.nextGaussian());
    return b.map((row) => row.reduce((s, bij, j) => s + bij * f[j]!, 0) + iv * rng.nextGaussian());
  });
}

function recordedReturns(data: StudyData): { rows: number[][]; names: string[] } {
  const entries = Object.entries(data.series);
  if (entries.length < 2) throw new ArbiterError('ARB_INPUT_INVALID', 'pca: recorded data needs at least two series');
  const n = Math.min(...entries.map(([, s]) => s.v.length));
  if (n < 10) throw new ArbiterError('ARB_INPUT_INVALID', `pca: series need at least 10 aligned points, got ${n}`);
  const rows: number[][] = [];
  for (let t = 1; t < n; t++) rows.push(entries.map(([name, s]) => {
    const a = s.v[t - 1]!, b = s.v[t]!;
    if (!(a > 0 && b > 0)) throw new ArbiterError('ARB_INPUT_INVALID', `pca: series "${name}" has a non-positive price at ${t}`);
    return Math.log(b / a);
  }));
  return { rows, names: entries.map(([k]) => k) };
}

export const pcaStudy: Study = {
  name: 'pca',
  title: 'PCA of returns and factor hedging',
  description: 'Eigen-decomposition of the sample covariance of log returns: explained variance, loadings with a deterministic sign, and how much of one asset\'s variance a PC1 hedge removes.',
  params: [
    { key: 'bars', label: 'Bars', kind: 'integer', default: 2000, min: 20, max: 100_000, help: 'synthetic data only' },
    { key: 'assets', label: 'Assets', kind: 'integer', default: 8, min: 2, max: 60, help: 'synthetic data only' },
    { key: 'factors', label: 'Factors', kind: 'integer', default: 2, min: 1, max: 10, help: 'synthetic data only' },
    { key: 'seed', label: 'Seed', kind: 'integer', default: 42, min: 0, max: 2 ** 31 },
  ],
  run(params, data): StudyResult {
    const p = resolveStudyParams(pcaStudy, params);
    const { rows, names } = data ? recordedReturns(data) : {
      rows: syntheticFactorReturns({ bars: Number(p.bars), assets: Number(p.assets), factors: Number(p.factors), seed: Number(p.seed) }),
      names: Array.from({ length: Number(p.assets) }, (_, i) => `A${i}`),
    };
    const r = pca(rows);
    const n = names.length;
    // Hedge asset 0 with the PC1 factor portfolio F = r·v1: β = cov(r0, F)/var(F).
    const v1 = r.eigenvectors[0]!;
    const f = rows.map((row) => row.reduce((s, x, j) => s + x * v1[j]!, 0));
    const a0 = rows.map((row) => row[0]!);
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    const mf = mean(f), ma = mean(a0);
    let cfa = 0, vf = 0, va = 0;
    for (let t = 0; t < f.length; t++) { cfa += (f[t]! - mf) * (a0[t]! - ma); vf += (f[t]! - mf) ** 2; va += (a0[t]! - ma) ** 2; }
    const beta = cfa / vf;
    const resid = va - beta * cfa;
    const cum: number[] = [];
    r.explained.reduce((s, e, i) => { cum[i] = s + e; return s + e; }, 0);
    return {
      summary: {
        assets: n,
        observations: rows.length,
        'PC1 explained': r.explained[0]!,
        'PC1+PC2 explained': n > 1 ? cum[1]! : null,
        [`β of ${names[0]} on PC1`]: beta,
        'variance removed by PC1 hedge': 1 - resid / va,
      },
      tables: [
        { title: 'Eigenvalues', columns: ['component', 'eigenvalue', 'explained', 'cumulative'], rows: r.eigenvalues.map((v, i) => [`PC${i + 1}`, v, r.explained[i]!, cum[i]!]) },
        { title: 'Loadings (largest |w| positive)', columns: ['asset', ...r.eigenvectors.slice(0, Math.min(3, n)).map((_, i) => `PC${i + 1}`)], rows: names.map((name, j) => [name, ...r.eigenvectors.slice(0, Math.min(3, n)).map((v) => v[j]!)]) },
      ],
      charts: [
        { title: 'Explained variance', xLabel: 'component', yLabel: 'fraction', series: [{ name: 'explained', x: r.explained.map((_, i) => i + 1), y: r.explained, kind: 'bar' }, { name: 'cumulative', x: cum.map((_, i) => i + 1), y: cum }] },
        { title: 'PC1 loadings', xLabel: 'asset index', yLabel: 'loading', series: [{ name: 'PC1', x: v1.map((_, i) => i), y: v1, kind: 'bar' }] },
      ],
    };
  },
};
