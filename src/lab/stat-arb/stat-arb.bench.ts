/**
 * Stat-arb numerics against numpy in the same run (statsmodels is not installed and PyPI is out of
 * reach, so the references are written in numpy here, with the same definitions):
 * - fitOU on an exact OU path of 1e6 points vs AR(1) OLS in numpy (means, dot products, log);
 * - engleGranger on a 5 000-bar pair (OLS, ADF with AIC lag choice over 0..maxLag on a common sample,
 *   final regression with standard errors) vs numpy lstsq for each regression;
 * - pca of 2 000 × 50 returns vs numpy cov + eigh.
 * Each row's note carries the largest difference between our answer and numpy's.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { benchRow, measureRate, type BenchContext, type BenchRow, type BenchSuite } from '../../bench/bench-row.js';
import { runPythonReference } from '../../bench/python-reference.js';
import { SeededRandom } from '../../optimizer/seeded-random.js';
import { pca } from '../pca/pca.js';
import { syntheticFactorReturns } from '../pca/pca-study.js';
import { engleGranger } from './engle-granger.js';
import { fitOU, simulateOU } from './fit-ou.js';
import { syntheticPair } from './synthetic-pair.js';

const PYTHON = String.raw`
import os, json, time, math
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1"); os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np
work, nou, neg, tp, npc, min_s = __ARGS__
ou = np.fromfile(os.path.join(work, "ou.f64"))
y = np.fromfile(os.path.join(work, "y.f64")); x = np.fromfile(os.path.join(work, "x.f64"))
R = np.fromfile(os.path.join(work, "r.f64")).reshape(tp, npc)
def fit_ou(s, dt=1.0):
    a, b = s[:-1], s[1:]
    ma, mb = a.mean(), b.mean()
    da = a - ma
    phi = float(da @ (b - mb) / (da @ da)); c = mb - phi * ma
    e = b - c - phi * a
    th = -math.log(phi) / dt
    return [th, c / (1 - phi), math.sqrt(float(e @ e) / len(e)) * math.sqrt(2 * th / (1 - phi * phi))]
def adf_design(s, p, start):
    d = np.diff(s)
    rows = len(s) - start
    X = np.empty((rows, 2 + p)); X[:, 0] = 1; X[:, 1] = s[start - 1:-1]
    for i in range(1, p + 1): X[:, 1 + i] = d[start - 1 - i:len(d) - i]
    return X, d[start - 1:]
def adf(s):
    n = len(s); maxlag = min(int(12 * (n / 100) ** 0.25), n // 2 - 3)
    best, bp = np.inf, 0
    for q in range(maxlag + 1):
        X, dy = adf_design(s, q, maxlag + 1)
        b, *_ = np.linalg.lstsq(X, dy, rcond=None); e = dy - X @ b; rss = float(e @ e); m = len(dy)
        ic = m * math.log(rss / m) + 2 * (2 + q)
        if ic < best: best, bp = ic, q
    X, dy = adf_design(s, bp, bp + 1)
    b, *_ = np.linalg.lstsq(X, dy, rcond=None); e = dy - X @ b
    s2 = float(e @ e) / (len(dy) - X.shape[1]); se = math.sqrt(s2 * np.linalg.inv(X.T @ X)[1, 1])
    return float(b[1] / se), bp
def eg(y, x):
    X = np.column_stack([np.ones_like(x), x])
    b, *_ = np.linalg.lstsq(X, y, rcond=None)
    tau, lags = adf(y - X @ b)
    return [float(b[0]), float(b[1]), tau, lags]
def do_pca(R):
    w, v = np.linalg.eigh(np.cov(R, rowvar=False))
    return w[::-1]
def timed(fn):
    for _ in range(2): fn()
    times, out, start = [], None, time.perf_counter()
    while len(times) < 5 or time.perf_counter() - start < min_s:
        t0 = time.perf_counter(); out = fn(); times.append(time.perf_counter() - t0)
    return min(times), out
t_ou, r_ou = timed(lambda: fit_ou(ou))
t_eg, r_eg = timed(lambda: eg(y, x))
t_pca, r_pca = timed(lambda: do_pca(R))
print(json.dumps({"ou": [t_ou, r_ou], "eg": [t_eg, r_eg], "pca": [t_pca, [float(v) for v in r_pca]]}))
`;

interface NumpyAnswer {
  readonly ou: [number, [number, number, number]];
  readonly eg: [number, [number, number, number, number]];
  readonly pca: [number, number[]];
}

async function run(context: BenchContext): Promise<readonly BenchRow[]> {
  const nOu = Math.max(10_000, Math.round(1_000_000 * context.scale));
  const nEg = Math.max(500, Math.round(5_000 * context.scale));
  const tPca = Math.max(200, Math.round(2_000 * context.scale));
  const nPca = 50;
  const rng = new SeededRandom(99);
  const ou = simulateOU({ theta: 0.02, mu: 1, sigma: 0.1, x0: 1, dt: 1, steps: nOu - 1 }, () => rng.nextGaussian());
  const pair = syntheticPair({ bars: nEg, seed: 3 });
  const ly = pair.y.map(Math.log), lx = pair.x.map(Math.log);
  const rows = syntheticFactorReturns({ bars: tPca, assets: nPca, factors: 3, seed: 5 });
  const flat = Float64Array.from(rows.flat());
  await writeFile(join(context.workDir, 'ou.f64'), new Uint8Array(ou.buffer));
  await writeFile(join(context.workDir, 'y.f64'), new Uint8Array(ly.buffer));
  await writeFile(join(context.workDir, 'x.f64'), new Uint8Array(lx.buffer));
  await writeFile(join(context.workDir, 'r.f64'), new Uint8Array(flat.buffer));
  const minMs = Math.max(200, 1000 * context.scale);
  const oursOu = fitOU(ou, 1);
  const oursEg = engleGranger(ly, lx);
  const oursPca = pca(rows);
  const ouRate = measureRate(() => fitOU(ou, 1), 1, minMs);
  const egRate = measureRate(() => engleGranger(ly, lx), 1, minMs);
  const pcaRate = measureRate(() => pca(rows), 1, minMs);
  const args = `${JSON.stringify(context.workDir)}, ${nOu}, ${nEg}, ${tPca}, ${nPca}, ${minMs / 1000}`;
  const np = await runPythonReference<NumpyAnswer>(PYTHON.replace('__ARGS__', args));
  const fmt = (v: number): string => v.toExponential(1);
  if ('error' in np) {
    const why = `numpy reference unavailable: ${np.error}`;
    return [benchRow(`fitOU ${nOu} points`, 'fits/s', ouRate, null, why), benchRow(`engleGranger ${nEg} bars`, 'tests/s', egRate, null, why), benchRow(`pca ${tPca}×${nPca}`, 'calls/s', pcaRate, null, why)];
  }
  const [tOu, rOu] = np.value.ou;
  const [tEg, rEg] = np.value.eg;
  const [tPcaPy, rPca] = np.value.pca;
  const ouDiff = Math.max(Math.abs(oursOu.theta - rOu[0]) / rOu[0], Math.abs(oursOu.mu - rOu[1]), Math.abs(oursOu.sigma - rOu[2]) / rOu[2]);
  const egDiff = Math.max(Math.abs(oursEg.alpha - rEg[0]), Math.abs(oursEg.beta - rEg[1]), Math.abs(oursEg.adf.statistic - rEg[2]));
  const pcaDiff = Math.max(...oursPca.eigenvalues.map((v, i) => Math.abs(v - rPca[i]!) / rPca[0]!));
  context.log(`fitOU θ ${oursOu.theta.toFixed(6)} (numpy ${rOu[0].toFixed(6)}); EG τ ${oursEg.adf.statistic.toFixed(4)} lags ${oursEg.adf.lags} (numpy ${rEg[2].toFixed(4)} lags ${rEg[3]})`);
  return [
    benchRow(`fitOU ${nOu.toLocaleString('en-US')} points`, 'fits/s', ouRate, 1 / tOu, `reference: numpy AR(1) OLS (vectorised), same definitions; max rel. diff θ/σ, abs μ ${fmt(ouDiff)}`),
    benchRow(`engleGranger ${nEg.toLocaleString('en-US')} bars`, 'tests/s', egRate, 1 / tEg, `reference: numpy lstsq for the cointegrating OLS and each ADF regression (AIC over 0..maxLag, common sample), statsmodels not installed; lags ours ${oursEg.adf.lags} / numpy ${rEg[3]}; max abs diff α, β, τ ${fmt(egDiff)}`),
    benchRow(`pca ${tPca.toLocaleString('en-US')}×${nPca} returns`, 'calls/s', pcaRate, 1 / tPcaPy, `reference: numpy cov + eigh (LAPACK, 1 thread) vs our Jacobi; max eigenvalue diff / λ1 ${fmt(pcaDiff)}`),
  ];
}

export const statArbSuite: BenchSuite = { name: 'stat-arb', run };
