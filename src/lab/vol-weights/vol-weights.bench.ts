/**
 * Hour-of-week vol speed: `hourOfWeekVols` (hourly closes, consecutive-hour log returns, sample std
 * per bucket) on minute prices against the same computation vectorised in numpy, same data, same
 * run; the note gives the largest relative difference of the 168 numbers. Also Finnhub candle
 * parsing (validation included) against bare JSON.parse of the same body.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchRow, measureRate, type BenchRow, type BenchSuite } from '../../bench/bench-row.js';
import { runPythonReference } from '../../bench/python-reference.js';
import { SeededRandom } from '../../optimizer/seeded-random.js';
import { parseFinnhubCandles } from '../../venues/finnhub/parse/parse-candles.js';
import { hourOfWeekVols } from './hour-of-week-vols.js';

const PY = (file: string, rounds: number): string => `
import json, time
import numpy as np
d = np.fromfile(${JSON.stringify(file)}, dtype=np.float64).reshape(-1, 2)
def vols(t, p):
    h = np.floor(t / 3600000.0).astype(np.int64)
    last = np.r_[h[1:] != h[:-1], True]
    hh, c = h[last], p[last]
    ok = hh[1:] == hh[:-1] + 1
    r = np.log(c[1:] / c[:-1])[ok]
    hr = hh[1:][ok]
    b = ((hr // 24 + 3) % 7) * 24 + hr % 24
    n = np.bincount(b, minlength=168).astype(float)
    s = np.bincount(b, weights=r, minlength=168)
    m = s / n
    ss = np.bincount(b, weights=(r - m[b]) ** 2, minlength=168)
    return np.sqrt(ss / (n - 1))
best = 1e9
for _ in range(${rounds}):
    t0 = time.perf_counter(); v = vols(d[:, 0], d[:, 1]); best = min(best, time.perf_counter() - t0)
print(json.dumps({'s': best, 'v': v.tolist()}))
`;

export const volWeightsSuite: BenchSuite = {
  name: 'vol-weights',
  async run({ scale, workDir, log }): Promise<readonly BenchRow[]> {
    const n = Math.max(50_000, Math.round(2_000_000 * scale));
    const rng = new SeededRandom(11);
    const t = new Float64Array(n), p = new Float64Array(n);
    let x = Math.log(100);
    for (let i = 0; i < n; i++) {
      t[i] = Date.UTC(2022, 0, 3) + i * 60_000;
      x += 0.0005 * rng.nextGaussian();
      p[i] = Math.exp(x);
    }
    const pairs = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) { pairs[2 * i] = t[i]!; pairs[2 * i + 1] = p[i]!; }
    const file = join(workDir, 'vol-weights-prices.f64');
    writeFileSync(file, pairs);
    log(`vol-weights: ${n} minute prices`);
    let result = hourOfWeekVols(t, p);
    let best = Infinity;
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      result = hourOfWeekVols(t, p);
      best = Math.min(best, performance.now() - t0);
    }
    const bars = 5_000;
    const body = JSON.stringify({ s: 'ok', t: Array.from({ length: bars }, (_, i) => 1_700_000_000 + 60 * i), o: Array.from({ length: bars }, (_, i) => 100 + (i % 7)), h: Array.from({ length: bars }, (_, i) => 101 + (i % 7)), l: Array.from({ length: bars }, (_, i) => 99 + (i % 7)), c: Array.from({ length: bars }, (_, i) => 100.5 + (i % 7)), v: Array.from({ length: bars }, (_, i) => 1000 + i) });
    const parseRate = measureRate(() => { parseFinnhubCandles(JSON.parse(body), 'AAPL', '1'); }, bars);
    const jsonRate = measureRate(() => { JSON.parse(body); }, bars);
    const candleRow = benchRow('Finnhub candles: JSON.parse + parseFinnhubCandles', 'bars/s', parseRate, jsonRate, `${bars}-bar body; reference: bare JSON.parse of the same text`);
    const ref = await runPythonReference<{ s: number; v: number[] }>(PY(file, 3));
    if ('error' in ref) return [benchRow('hour-of-week vols (hourly closes → returns → std per bucket)', 'prices/s', n / (best / 1000), null, `python3/numpy unavailable: ${ref.error}`), candleRow];
    let worst = 0;
    ref.value.v.forEach((v, b) => { worst = Math.max(worst, Math.abs((result.std[b]! - v) / v)); });
    return [
      benchRow('hour-of-week vols (hourly closes → returns → std per bucket)', 'prices/s', n / (best / 1000), n / ref.value.s, `${n} minute prices; reference: numpy vectorised (bincount) on the same data; max relative difference of the 168 stds ${worst.toExponential(2)}`),
      candleRow,
    ];
  },
};
