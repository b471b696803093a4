/**
 * Static-arbitrage diagnostics for a surface: calendar (total variance falling with expiry at fixed
 * log-moneyness), butterfly (call prices not convex in strike, or a negative implied density in the
 * interpolated smile, Gatheral's g(k) < 0) and vertical spreads (call prices rising with strike, or
 * falling faster than the discounted digital bound). It reports; it does not repair.
 */
import { blackUndiscounted } from './black76.js';
import type { VolSmile } from './vol-smile.js';
import type { VolSurface } from './vol-surface.js';

export type ArbitrageKind = 'calendar' | 'butterfly' | 'vertical';

export interface ArbitrageViolation {
  readonly kind: ArbitrageKind;
  /** 'quotes': between quoted points; 'interpolation': inside the interpolated smile. */
  readonly source: 'quotes' | 'interpolation';
  /** Expiry of the smile concerned (the later one for calendar violations). */
  readonly years: number;
  readonly strike: number;
  readonly logMoneyness: number;
  /**
   * How far the condition fails: calendar — total variance shortfall; butterfly (quotes) — call
   * price above the chord, per unit of forward; butterfly (interpolation) — −g(k); vertical —
   * slope of the undiscounted call outside [−1, 0].
   */
  readonly amount: number;
}

const INTERVAL_SAMPLES = 8;

/** Gatheral's density function g(k); the implied density is φ(d2)·g(k)/√w, so g < 0 is butterfly arbitrage. */
export function butterflyDensityFactor(k: number, w: number, dw: number, d2w: number): number {
  const a = 1 - (k * dw) / (2 * w);
  return a * a - ((dw * dw) / 4) * (1 / w + 0.25) + d2w / 2;
}

function quoteViolations(smile: VolSmile, tolerance: number, out: ArbitrageViolation[]): void {
  const f = smile.forward;
  const pts = smile.points;
  const calls = pts.map((p) => blackUndiscounted(1, f, p.strike, p.vol * Math.sqrt(smile.years)) / f);
  for (let i = 0; i + 1 < pts.length; i++) {
    const slope = ((calls[i + 1]! - calls[i]!) * f) / (pts[i + 1]!.strike - pts[i]!.strike);
    const excess = slope > 0 ? slope : slope < -1 ? -1 - slope : 0;
    if (excess > tolerance) {
      out.push({ kind: 'vertical', source: 'quotes', years: smile.years, strike: pts[i + 1]!.strike, logMoneyness: smile.logMoneyness(pts[i + 1]!.strike), amount: excess });
    }
  }
  for (let i = 1; i + 1 < pts.length; i++) {
    const [k0, k1, k2] = [pts[i - 1]!.strike, pts[i]!.strike, pts[i + 1]!.strike];
    const lambda = (k2 - k1) / (k2 - k0);
    const excess = calls[i]! - (lambda * calls[i - 1]! + (1 - lambda) * calls[i + 1]!);
    if (excess > tolerance) {
      out.push({ kind: 'butterfly', source: 'quotes', years: smile.years, strike: k1, logMoneyness: smile.logMoneyness(k1), amount: excess });
    }
  }
}

function densityViolations(smile: VolSmile, tolerance: number, out: ArbitrageViolation[]): void {
  const knots = smile.knots();
  const grid = [knots[0]! - 1, ...knots, knots[knots.length - 1]! + 1];
  const v = new Float64Array(3);
  for (let i = 0; i + 1 < grid.length; i++) {
    let worst = Infinity;
    let worstK = 0;
    for (let j = 0; j <= INTERVAL_SAMPLES; j++) {
      const k = grid[i]! + ((grid[i + 1]! - grid[i]!) * j) / INTERVAL_SAMPLES;
      smile.evaluate(k, v);
      const g = butterflyDensityFactor(k, v[0]!, v[1]!, v[2]!);
      if (g < worst) {
        worst = g;
        worstK = k;
      }
    }
    if (-worst > tolerance) {
      out.push({ kind: 'butterfly', source: 'interpolation', years: smile.years, strike: smile.forward * Math.exp(worstK), logMoneyness: worstK, amount: -worst });
    }
  }
}

function calendarViolations(near: VolSmile, far: VolSmile, tolerance: number, out: ArbitrageViolation[]): void {
  const knots = [...near.knots(), ...far.knots(), 0].sort((a, b) => a - b);
  const probes: { k: number; source: 'quotes' | 'interpolation' }[] = [];
  knots.forEach((k, i) => {
    probes.push({ k, source: 'quotes' });
    if (i + 1 < knots.length && knots[i + 1]! > k) probes.push({ k: 0.5 * (k + knots[i + 1]!), source: 'interpolation' });
  });
  for (const { k, source } of probes) {
    const shortfall = near.totalVariance(k) - far.totalVariance(k);
    if (shortfall > tolerance) {
      out.push({ kind: 'calendar', source, years: far.years, strike: far.forward * Math.exp(k), logMoneyness: k, amount: shortfall });
    }
  }
}

/**
 * Lists static-arbitrage violations in a surface's quotes and in its interpolated smiles
 * (empty when none). `tolerance` is in the unit of each `amount`.
 */
export function diagnoseArbitrage(surface: VolSurface, tolerance = 1e-10): ArbitrageViolation[] {
  const out: ArbitrageViolation[] = [];
  surface.smiles.forEach((smile, i) => {
    quoteViolations(smile, tolerance, out);
    densityViolations(smile, tolerance, out);
    if (i > 0) calendarViolations(surface.smiles[i - 1]!, smile, tolerance, out);
  });
  return out;
}
