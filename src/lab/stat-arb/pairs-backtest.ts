/**
 * Z-score pairs trading on log prices through the research backtester. Spread s_t = ln y − β_t ln x − α_t
 * with a causal hedge (rolling OLS over the previous `window` bars, or the Kalman filter), z from the
 * spreads of the previous `window` bars (for Kalman, the one-step innovations, i.e. the spread priced
 * with the filter's prediction made before the bar). State machine with
 * hysteresis: flat → short the spread at z ≥ entry, long at z ≤ −entry; exit when |z| ≤ exit.
 * Long spread = +N in y and −βN in x (notionals), N = `notionalFraction` × equity at entry.
 */
import { ArbiterError } from '../../domain/errors.js';
import { runResearchBacktest, type ResearchBacktestResult } from '../research/research-backtest.js';
import { kalmanHedge, rollingOlsHedge } from './hedge-ratio.js';

export interface PairsBacktestOptions {
  readonly y: Float64Array;
  readonly x: Float64Array;
  readonly hedge: 'ols' | 'kalman';
  readonly window: number;
  readonly entryZ: number;
  readonly exitZ: number;
  readonly notionalFraction?: number;
  readonly feeRate?: number;
  readonly slippageBps?: number;
  readonly periodsPerYear: number;
  readonly initialCash?: number;
  readonly kalmanDelta?: number;
  readonly kalmanObservationVar?: number;
}

export interface PairsBacktestResult extends ResearchBacktestResult {
  readonly z: Float64Array;
  readonly beta: Float64Array;
}

export function pairsBacktest(o: PairsBacktestOptions): PairsBacktestResult {
  if (!(o.entryZ > o.exitZ && o.exitZ >= 0)) throw new ArbiterError('ARB_INPUT_INVALID', `need entryZ > exitZ ≥ 0, got ${o.entryZ} and ${o.exitZ}`, { entryZ: o.entryZ, exitZ: o.exitZ });
  const n = o.y.length;
  const ly = o.y.map(Math.log), lx = o.x.map(Math.log);
  const z = new Float64Array(n).fill(Number.NaN);
  let beta: Float64Array;
  if (o.hedge === 'kalman') {
    const k = kalmanHedge(ly, lx, { delta: o.kalmanDelta ?? 1e-6, observationVar: o.kalmanObservationVar ?? 1e-3 });
    beta = k.beta;
    // The innovation is the spread priced with the filter's prediction; z against its own past window.
    for (let t = o.window; t < n; t++) {
      let s = 0, ss = 0;
      for (let i = t - o.window; i < t; i++) { const v = k.innovation[i]!; s += v; ss += v * v; }
      const m = s / o.window, sd = Math.sqrt(Math.max(ss / o.window - m * m, 0));
      if (sd > 0) z[t] = (k.innovation[t]! - m) / sd;
    }
  } else {
    const h = rollingOlsHedge(ly, lx, o.window);
    beta = h.beta;
    for (let t = o.window; t < n; t++) {
      const b = h.beta[t]!, a = h.alpha[t]!;
      if (!Number.isFinite(b)) continue;
      let s = 0, ss = 0;
      for (let i = t - o.window; i < t; i++) { const v = ly[i]! - a - b * lx[i]!; s += v; ss += v * v; }
      const m = s / o.window, sd = Math.sqrt(Math.max(ss / o.window - m * m, 0));
      if (sd > 0) z[t] = (ly[t]! - a - b * lx[t]! - m) / sd;
    }
  }
  const frac = o.notionalFraction ?? 0.5;
  let side = 0;
  const target = new Float64Array(2);
  const result = runResearchBacktest({
    prices: [o.y, o.x],
    initialCash: o.initialCash ?? 100_000,
    periodsPerYear: o.periodsPerYear,
    ...(o.feeRate === undefined ? {} : { feeRate: o.feeRate }),
    ...(o.slippageBps === undefined ? {} : { slippageBps: o.slippageBps }),
    target: (view, pos, equity) => {
      const t = view.t;
      const zt = z[t]!;
      if (!Number.isFinite(zt)) return null;
      let next = side;
      if (side === 0) next = zt >= o.entryZ ? -1 : zt <= -o.entryZ ? 1 : 0;
      else if (Math.abs(zt) <= o.exitZ || (side === 1 && zt >= o.entryZ) || (side === -1 && zt <= -o.entryZ)) next = zt >= o.entryZ ? -1 : zt <= -o.entryZ ? 1 : 0;
      if (next === side) return null;
      side = next;
      if (side === 0) { target[0] = 0; target[1] = 0; return target; }
      const nY = frac * equity;
      target[0] = (side * nY) / view.price(0, t);
      target[1] = (-side * beta[t]! * nY) / view.price(1, t);
      void pos;
      return target;
    },
  });
  return { ...result, z, beta };
}
