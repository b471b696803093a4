/**
 * Optimizer benchmark: log-utility sizing of 50 binary-like assets over 10,000 scenarios, by us and,
 * in the same run, by scipy's L-BFGS-B with a numpy-vectorised objective and gradient on the very
 * same problem (written to a float64 file). Both use scipy's default stopping rules (ftol 2.22e-9,
 * gtol 1e-5, 10 correction pairs), start from all cash, run BLAS on one thread, and are timed the
 * same way: every call timed alone after warm-up calls, for at least 1.5 s, best call reported.
 *
 * Rows compare like with like:
 * - solve: the optimisation alone on a matrix built beforehand (ours `solveAllocation` on a
 *   `prepareScenarios` matrix; scipy `minimize` with R = P/q − 1 built outside the timer);
 * - statistics: expected utility, return, deviation, Sharpe, P(loss), CVaR 5 %, certainty
 *   equivalent from the scenario wealth at the optimum (ours `portfolioStatistics`; numpy);
 * - end to end: raw row-major payoffs in, sized result with statistics out (ours
 *   `optimizeAllocation`: validation, layout, solve, statistics; numpy/scipy: finiteness check,
 *   R = P/q − 1, minimize, statistics).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { benchRow, type BenchContext, type BenchRow, type BenchSuite } from '../bench/bench-row.js';
import { runPythonReference } from '../bench/python-reference.js';
import { optimizeAllocation } from './optimize-allocation.js';
import { portfolioStatistics } from './portfolio-statistics.js';
import { prepareScenarios } from './scenario-matrix.js';
import { SeededRandom } from './seeded-random.js';
import { solveAllocation } from './solve-allocation.js';

const ASSETS = 50;
const FULL_SCENARIOS = 10_000;
const CAP = 0.015;
const WEALTH = 10_000;
const SCIPY_STOPPING = { ftol: 2.220446049250313e-9, pgtol: 1e-5, memory: 10 };
const MIN_SECONDS = 1.5;

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
import os, sys, json, time, math
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1"); os.environ.setdefault("OMP_NUM_THREADS", "1"); os.environ.setdefault("MKL_NUM_THREADS", "1")
import numpy as np
from scipy.optimize import minimize
work, S, n, cap, wealth, min_s = __ARGS__
P = np.fromfile(os.path.join(work, "payoffs.f64")).reshape(S, n)
q = np.fromfile(os.path.join(work, "prices.f64"))
def solve(R):
    def fg(y):
        w = 1.0 + R @ y
        if np.any(w <= 0):
            return np.inf, np.zeros_like(y)
        return -np.mean(np.log(w)), -(R.T @ (1.0 / w)) / S
    return minimize(fg, np.zeros(n), jac=True, method="L-BFGS-B", bounds=[(0.0, cap)] * n)
def statistics(w):
    eu = float(np.mean(np.log(w)))
    mean = float(w.mean()); sd = float(w.std())
    k = math.ceil(0.05 * S - 1e-9)
    tail = np.sort(np.partition(w, k - 1)[:k])
    return {"eu": eu, "er": mean - 1, "sd": sd, "sharpe": (mean - 1) / sd if sd > 1e-15 else 0.0,
            "ploss": float(np.mean(w < 1 - 1e-12)), "cvar": -float(np.sum(tail - 1.0) / k), "ce": wealth * math.exp(eu)}
def end_to_end():
    if not np.isfinite(P).all():
        raise ValueError("payoffs not finite")
    R = P / q - 1.0
    res = solve(R)
    stats = statistics(1.0 + R @ res.x)
    return res, stats, res.x * wealth / q
def timed(fn):
    times, out, start = [], None, time.perf_counter()
    for _ in range(3): fn()
    while len(times) < 5 or time.perf_counter() - start < min_s:
        t0 = time.perf_counter(); out = fn(); times.append(time.perf_counter() - t0)
    times.sort()
    return times[0], times[len(times) // 2], out
R = P / q - 1.0
solve_best, solve_median, res = timed(lambda: solve(R))
w = 1.0 + R @ res.x
stats_best, stats_median, stats = timed(lambda: statistics(w))
e2e_best, e2e_median, _ = timed(end_to_end)
print(json.dumps({"solve": [solve_best, solve_median], "stats": [stats_best, stats_median], "e2e": [e2e_best, e2e_median],
                  "utility": -float(res.fun), "nit": int(res.nit), "nfev": int(res.nfev), "statistics": stats}))
`;

interface ScipyAnswer {
  /** Best and median seconds per call. */
  readonly solve: [number, number];
  readonly stats: [number, number];
  readonly e2e: [number, number];
  readonly utility: number;
  readonly nit: number;
  readonly nfev: number;
}

/** Best and median milliseconds per call, every call timed alone, after warm-up calls. */
function timeCalls(fn: () => void, minSeconds: number): { best: number; median: number } {
  for (let i = 0; i < 20; i++) fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < 5 || performance.now() - start < minSeconds * 1000) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { best: times[0]!, median: times[times.length >> 1]! };
}

async function run(context: BenchContext): Promise<readonly BenchRow[]> {
  const scenarios = Math.max(200, Math.round(FULL_SCENARIOS * context.scale));
  const { payoffs, prices } = makeProblem(scenarios);
  await writeFile(join(context.workDir, 'payoffs.f64'), new Uint8Array(payoffs.buffer));
  await writeFile(join(context.workDir, 'prices.f64'), new Uint8Array(prices.buffer));
  const size = `${ASSETS}×${scenarios.toLocaleString('en-US')}`;

  const input = { payoffs, prices, wealth: WEALTH, riskAversion: 1, maxFractionPerAsset: CAP, solver: SCIPY_STOPPING };
  const problem = { scenarios: prepareScenarios(payoffs, ASSETS), prices, riskAversion: 1 };
  const solveOptions = { caps: new Float64Array(ASSETS).fill(CAP), solver: SCIPY_STOPPING };
  const solved = solveAllocation(problem, solveOptions);
  const ours = optimizeAllocation(input);
  const active = Array.from(solved.fractions).filter((y) => y <= 0 || y >= CAP).length;
  context.log(`ours: ${solved.iterations} iterations, ${solved.evaluations} evaluations (incl. the final full-gradient check), ${active}/${ASSETS} at a bound`);
  const weights = problem.scenarios.weights;
  const oursSolve = timeCalls(() => solveAllocation(problem, solveOptions), MIN_SECONDS);
  const oursStats = timeCalls(() => portfolioStatistics(solved.wealth, weights, WEALTH, 1), MIN_SECONDS);
  const oursEndToEnd = timeCalls(() => optimizeAllocation(input), MIN_SECONDS);

  const args = `${JSON.stringify(context.workDir)}, ${scenarios}, ${ASSETS}, ${CAP}, ${WEALTH}, ${MIN_SECONDS}`;
  const scipy = await runPythonReference<ScipyAnswer>(PYTHON.replace('__ARGS__', args));
  const ms = (t: { best: number; median: number }): string => `best ${t.best.toFixed(3)} ms, median ${t.median.toFixed(3)} ms`;
  context.log(`ours solve ${ms(oursSolve)}; statistics ${ms(oursStats)}; end to end ${ms(oursEndToEnd)}`);
  if ('error' in scipy) {
    context.log(`scipy reference unavailable: ${scipy.error}`);
    return [benchRow(`solveAllocation log utility ${size}`, 'solves/s', 1000 / oursSolve.best, null, `scipy unavailable: ${scipy.error}`)];
  }
  const ref = scipy.value;
  const sec = (t: [number, number]): { best: number; median: number } => ({ best: t[0] * 1000, median: t[1] * 1000 });
  context.log(`scipy: ${ref.nit} iterations, ${ref.nfev} evaluations; solve ${ms(sec(ref.solve))}; statistics ${ms(sec(ref.stats))}; end to end ${ms(sec(ref.e2e))}`);
  const diff = Math.abs(ours.expectedUtility - ref.utility);
  const same = 'same problem, stopping rules and timing (best single call)';
  return [
    benchRow(`solveAllocation log utility ${size}`, 'solves/s', 1000 / oursSolve.best, 1 / ref.solve[0], `reference: scipy L-BFGS-B minimize, numpy objective+gradient, 1 BLAS thread; ${same}`),
    benchRow(`portfolioStatistics ${scenarios.toLocaleString('en-US')} scenarios`, 'calls/s', 1000 / oursStats.best, 1 / ref.stats[0], 'reference: numpy (log, mean, std, partition for CVaR) on the same wealth vector'),
    benchRow(`optimizeAllocation end to end ${size}`, 'calls/s', 1000 / oursEndToEnd.best, 1 / ref.e2e[0], `reference: numpy isfinite + R = P/q − 1 + scipy minimize + numpy statistics; ${same}`),
    benchRow(`|U_ours − U_scipy| ${size}`, 'utility', diff, 1e-6, `E[log W/W0]: ours ${ours.expectedUtility.toFixed(10)}, scipy ${ref.utility.toFixed(10)}; reference = the 1e-6 goal`),
  ];
}

export const optimizerSuite: BenchSuite = { name: 'optimizer', run };
