/**
 * Optimizer benchmark: log-utility sizing of 50 binary-like assets over 10,000 scenarios, solved by
 * optimizeAllocation and, in the same run, by scipy's L-BFGS-B with a numpy-vectorised objective and
 * gradient on the very same problem (written to a float64 file). Both use scipy's default stopping
 * rules (ftol 2.22e-9, gtol 1e-5) and start from all cash.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { benchRow, measureRate, type BenchContext, type BenchRow, type BenchSuite } from '../bench/bench-row.js';
import { runPythonReference } from '../bench/python-reference.js';
import { optimizeAllocation } from './optimize-allocation.js';
import { SeededRandom } from './seeded-random.js';

const ASSETS = 50;
const FULL_SCENARIOS = 10_000;
const CAP = 0.015;

/** Independent binaries: price in [0.2, 0.8], edge p − q in [−0.02, 0.04]; payoff 1 on a win. */
function makeProblem(scenarios: number): { payoffs: Float64Array; prices: Float64Array } {
  const rng = new SeededRandom(20240601);
  const prices = new Float64Array(ASSETS);
  const win = new Float64Array(ASSETS);
  for (let j = 0; j < ASSETS; j++) {
    prices[j] = Math.round((0.2 + 0.6 * rng.nextFloat()) * 100) / 100;
    win[j] = prices[j]! - 0.02 + 0.06 * rng.nextFloat();
  }
  const payoffs = new Float64Array(scenarios * ASSETS);
  for (let s = 0; s < scenarios; s++) for (let j = 0; j < ASSETS; j++) payoffs[s * ASSETS + j] = rng.nextFloat() < win[j]! ? 1 : 0;
  return { payoffs, prices };
}

const PYTHON = String.raw`
import os, sys, json, time
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1"); os.environ.setdefault("OMP_NUM_THREADS", "1"); os.environ.setdefault("MKL_NUM_THREADS", "1")
import numpy as np
from scipy.optimize import minimize
work, S, n, cap, min_s = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
P = np.fromfile(os.path.join(work, "payoffs.f64")).reshape(S, n)
q = np.fromfile(os.path.join(work, "prices.f64"))
R = P / q - 1.0
def fg(y):
    w = 1.0 + R @ y
    if np.any(w <= 0):
        return np.inf, np.zeros_like(y)
    return -np.mean(np.log(w)), -(R.T @ (1.0 / w)) / S
best, runs, res, start = float("inf"), 0, None, time.perf_counter()
while runs < 3 or time.perf_counter() - start < min_s:
    t0 = time.perf_counter()
    res = minimize(fg, np.zeros(n), jac=True, method="L-BFGS-B", bounds=[(0.0, cap)] * n)
    best = min(best, time.perf_counter() - t0)
    runs += 1
print(json.dumps({"seconds": best, "utility": -float(res.fun), "nit": int(res.nit), "nfev": int(res.nfev), "y": res.x.tolist()}))
`;

interface ScipyAnswer {
  readonly seconds: number;
  readonly utility: number;
  readonly nit: number;
  readonly nfev: number;
}

async function run(context: BenchContext): Promise<readonly BenchRow[]> {
  const scenarios = Math.max(200, Math.round(FULL_SCENARIOS * context.scale));
  const { payoffs, prices } = makeProblem(scenarios);
  await writeFile(join(context.workDir, 'payoffs.f64'), new Uint8Array(payoffs.buffer));
  await writeFile(join(context.workDir, 'prices.f64'), new Uint8Array(prices.buffer));
  const input = { payoffs, prices, wealth: 10_000, riskAversion: 1, maxFractionPerAsset: CAP, solver: { ftol: 2.220446049250313e-9, pgtol: 1e-5 } };
  const ours = optimizeAllocation(input);
  const rate = measureRate(() => optimizeAllocation(input), 1, 1000, 3);
  const active = Array.from(ours.continuousUnits, (u, j) => (u * prices[j]!) / 10_000).filter((y) => y <= 0 || y >= CAP - 1e-12).length;
  context.log(`ours: ${ours.iterations} iterations, ${ours.evaluations} evaluations, ${active}/${ASSETS} at a bound, budget used ${ours.budgetUsed.toFixed(4)}`);
  const size = `${ASSETS}×${scenarios.toLocaleString('en-US')}`;
  const python = PYTHON.replace('sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])', `${JSON.stringify(context.workDir)}, ${scenarios}, ${ASSETS}, ${CAP}, 2.0`);
  const scipy = await runPythonReference<ScipyAnswer>(python);
  if ('error' in scipy) {
    context.log(`scipy reference unavailable: ${scipy.error}`);
    return [benchRow(`optimizeAllocation log utility ${size}`, 'solves/s', rate, null, `scipy unavailable: ${scipy.error}`)];
  }
  const ref = scipy.value;
  context.log(`scipy: ${ref.nit} iterations, ${ref.nfev} evaluations, best ${(ref.seconds * 1000).toFixed(2)} ms`);
  const diff = Math.abs(ours.expectedUtility - ref.utility);
  return [
    benchRow(`optimizeAllocation log utility ${size}`, 'solves/s', rate, 1 / ref.seconds, 'reference: scipy L-BFGS-B, numpy objective+gradient, 1 BLAS thread, same problem and stopping rules'),
    benchRow(`|U_ours − U_scipy| ${size}`, 'utility', diff, 1e-6, `E[log W/W0]: ours ${ours.expectedUtility.toFixed(10)}, scipy ${ref.utility.toFixed(10)}; reference = the 1e-6 goal`),
  ];
}

export const optimizerSuite: BenchSuite = { name: 'optimizer', run };
