/**
 * Hawkes MLE speed: `fitHawkes` (L-BFGS-B on the exact O(n) likelihood with analytic gradient) against
 * scipy.optimize.minimize(method="L-BFGS-B", jac=True) on the same O(n) recursion written in Python,
 * same events, same starting point and bounds, in the same run. Also the likelihood evaluation rate
 * alone. Parameter agreement is reported in the note.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchRow, measureRate, type BenchRow, type BenchSuite } from '../../bench/bench-row.js';
import { runPythonReference } from '../../bench/python-reference.js';
import { fitHawkes, hawkesLogLikelihoodGrad, simulateHawkes } from './hawkes.js';

const PY = (file: string, horizon: number): string => `
import json, math, time
import numpy as np
from scipy.optimize import minimize
t = np.loadtxt(${JSON.stringify(file)}).tolist()
T = ${horizon}
n = len(t)
rate = n / T
def nll(x):
    mu, al, be = x[0]*rate, x[1]*rate, x[2]*rate
    a = b = 0.0; ll = gm = ga = gb = comp = compb = 0.0; prev = 0.0
    exp = math.exp; log = math.log
    for i, ti in enumerate(t):
        if i > 0:
            d = ti - prev; e = exp(-be*d)
            b = e*(b - d*(1+a)); a = e*(1+a)
        lam = mu + al*a
        ll += log(lam); inv = 1/lam
        gm += inv; ga += a*inv; gb += al*b*inv
        r = T - ti; er = exp(-be*r)
        comp += 1-er; compb += r*er
        prev = ti
    ll -= mu*T + al/be*comp
    g = np.array([gm - T, ga - comp/be, gb + al/(be*be)*comp - al/be*compb])
    return -ll/n, -g*rate/n
x0 = np.array([0.5, 1.0, 2.0])
t0 = time.perf_counter(); nll(x0); eval_s = time.perf_counter() - t0
best = 1e9
for _ in range(2):
    t0 = time.perf_counter()
    res = minimize(nll, x0, jac=True, method='L-BFGS-B', bounds=[(1e-9, None), (0, None), (1e-6, None)], options={'gtol': 1e-9, 'ftol': 1e-13})
    best = min(best, time.perf_counter() - t0)
print(json.dumps({'fit_s': best, 'eval_s': eval_s, 'x': (res.x*rate).tolist(), 'nit': int(res.nit)}))
`;

export const hawkesSuite: BenchSuite = {
  name: 'hawkes',
  async run({ scale, workDir, log }): Promise<readonly BenchRow[]> {
    const horizon = Math.max(500, Math.round(8000 * scale));
    const times = simulateHawkes({ mu: 0.8, alpha: 0.6, beta: 2 }, horizon, 7);
    const n = times.length;
    const file = join(workDir, 'hawkes-times.txt');
    writeFileSync(file, Array.from(times, (x) => x.toPrecision(17)).join('\n'));
    log(`hawkes: ${n} events on [0, ${horizon}]`);
    let fit = fitHawkes(times, horizon);
    let best = Number.POSITIVE_INFINITY;
    const until = performance.now() + Math.max(300, 1500 * scale);
    do {
      const t0 = performance.now();
      fit = fitHawkes(times, horizon);
      best = Math.min(best, performance.now() - t0);
    } while (performance.now() < until);
    const g = new Float64Array(3);
    const evalRate = measureRate(() => { hawkesLogLikelihoodGrad(times, 0.8, 0.6, 2, horizon, g); }, n);
    const ref = await runPythonReference<{ fit_s: number; eval_s: number; x: number[]; nit: number }>(PY(file, horizon));
    if ('error' in ref) {
      const why = `python3/scipy unavailable: ${ref.error}`;
      return [
        benchRow('Hawkes MLE fit (L-BFGS-B, O(n) likelihood)', 'fits/s', 1000 / best, null, why),
        benchRow('Hawkes log-likelihood + gradient', 'events/s', evalRate, null, why),
      ];
    }
    const r = ref.value;
    const agree = `TS μ=${fit.mu.toFixed(4)} α=${fit.alpha.toFixed(4)} β=${fit.beta.toFixed(4)} (${fit.iterations} it); scipy μ=${r.x[0]!.toFixed(4)} α=${r.x[1]!.toFixed(4)} β=${r.x[2]!.toFixed(4)} (${r.nit} it)`;
    return [
      benchRow('Hawkes MLE fit (L-BFGS-B, O(n) likelihood)', 'fits/s', 1000 / best, 1 / r.fit_s, `${n} events; reference scipy.optimize L-BFGS-B on the same recursion in Python; ${agree}`),
      benchRow('Hawkes log-likelihood + gradient', 'events/s', evalRate, n / r.eval_s, 'reference: the same O(n) recursion in a Python loop (the scipy objective)'),
    ];
  },
};
