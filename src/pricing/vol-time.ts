/**
 * Vol-weighted time ("variance clock"): how much of a year's variance elapses between two instants.
 * Calendar time counts every hour the same; `WeightedVolTime` weights each hour of the week
 * (168 variance weights, normalised to mean 1 so a whole week is exactly one calendar week), lets a
 * current regime scale the near future with a half-life back to normal, and multiplies event windows
 * (FOMC, CPI). Surfaces use it for interpolation weights between expiries; total variances at listed
 * expiries stay the market's, so the result stays calendar-consistent (see docs/pricing.md).
 */
import { ArbiterError } from '../domain/errors.js';
import { MS_PER_HOUR, MS_PER_YEAR } from '../domain/time.js';

export interface VolTime {
  /** Vol-weighted years between two epoch-ms instants; 0 when endMs ≤ startMs. */
  volYears(startMs: number, endMs: number): number;
}

/** Calendar time on ACT/365: (end − start)/MS_PER_YEAR. */
export class CalendarVolTime implements VolTime {
  volYears(startMs: number, endMs: number): number {
    return endMs > startMs ? (endMs - startMs) / MS_PER_YEAR : 0;
  }
}

/** A window whose variance weight is multiplied by `multiplier` (e.g. 3 for an FOMC hour). */
export interface VolEvent {
  readonly startMs: number;
  readonly endMs: number;
  readonly multiplier: number;
  readonly name?: string;
}

/**
 * The current regime: from `startMs` on, weights are multiplied by 1 + (scale − 1)·2^{−(t − startMs)/halfLifeMs},
 * i.e. `scale` now, fading back to 1. Before `startMs` it has no effect. A constant scale
 * (halfLifeMs = Infinity) multiplies all vol time alike and so cancels out of interpolation.
 */
export interface VolRegime {
  readonly scale: number;
  readonly startMs: number;
  readonly halfLifeMs: number;
}

export interface WeightedVolTimeOptions {
  /** 168 relative variance weights, index 0 = Monday 00:00–01:00 UTC … 167 = Sunday 23:00 UTC. */
  readonly hourWeights: readonly number[];
  readonly regime?: VolRegime;
  readonly events?: readonly VolEvent[];
}

const HOURS_PER_WEEK = 168;
const MS_PER_WEEK = HOURS_PER_WEEK * MS_PER_HOUR;
/** Epoch 0 was a Thursday: hour 72 of the Monday-based week. */
const EPOCH_HOUR_OF_WEEK = 72;

/** Hour of the week in UTC for an epoch-ms instant: 0 = Monday 00:00, 167 = Sunday 23:00. */
export function hourOfWeek(ms: number): number {
  const h = (Math.floor(ms / MS_PER_HOUR) + EPOCH_HOUR_OF_WEEK) % HOURS_PER_WEEK;
  return h < 0 ? h + HOURS_PER_WEEK : h;
}

/** Variance weights from 168 hourly vols: vol², normalised to mean 1. */
export function hourWeightsFromVols(vols: readonly number[]): number[] {
  return normaliseWeights(vols.map((v) => v * v));
}

function invalid(message: string, context: Record<string, number | string> = {}): ArbiterError {
  return new ArbiterError('ARB_INPUT_INVALID', message, context);
}

function normaliseWeights(weights: readonly number[]): number[] {
  if (weights.length !== HOURS_PER_WEEK) throw invalid(`hour weights must have 168 entries, got ${weights.length}`, { length: weights.length });
  let sum = 0;
  for (const w of weights) {
    if (!(w >= 0 && w < Infinity)) throw invalid(`hour weights must be finite and ≥ 0, got ${w}`);
    sum += w;
  }
  if (!(sum > 0)) throw invalid('hour weights must not all be zero');
  return weights.map((w) => (w * HOURS_PER_WEEK) / sum);
}

export class WeightedVolTime implements VolTime {
  private readonly weights: Float64Array;
  private readonly events: readonly VolEvent[];
  private readonly regime: VolRegime | null;
  /** Instant after which the regime factor is constant: 1 within 1e-16, or `scale` if it never fades. */
  private readonly regimeSettledMs: number;

  constructor(options: WeightedVolTimeOptions) {
    this.weights = Float64Array.from(normaliseWeights(options.hourWeights));
    for (const e of options.events ?? []) {
      if (!(e.endMs > e.startMs) || !(e.multiplier >= 0 && e.multiplier < Infinity)) {
        throw invalid(`event ${e.name ?? ''} needs startMs < endMs and a finite multiplier ≥ 0`, { startMs: e.startMs, endMs: e.endMs });
      }
    }
    this.events = [...(options.events ?? [])].sort((a, b) => a.startMs - b.startMs);
    const regime = options.regime ?? null;
    if (regime && (!(regime.scale > 0 && regime.scale < Infinity) || !(regime.halfLifeMs > 0) || !Number.isFinite(regime.startMs))) {
      throw invalid('regime needs a finite scale > 0, a half-life > 0 and a finite start', { scale: regime.scale, halfLifeMs: regime.halfLifeMs });
    }
    this.regime = regime && regime.scale !== 1 ? regime : null;
    this.regimeSettledMs = !this.regime ? -Infinity : this.regime.halfLifeMs === Infinity ? this.regime.startMs
      : this.regime.startMs + this.regime.halfLifeMs * Math.max(0, Math.log2(Math.abs(this.regime.scale - 1) * 1e16));
  }

  /** Instantaneous variance weight at an instant (hour weight × regime × active events). */
  weightAt(ms: number): number {
    let w = this.weights[hourOfWeek(ms)]! * this.eventMultiplier(ms);
    const g = this.regime;
    if (g && ms >= g.startMs) w *= 1 + (g.scale - 1) * (g.halfLifeMs === Infinity ? 1 : 2 ** (-(ms - g.startMs) / g.halfLifeMs));
    return w;
  }

  volYears(startMs: number, endMs: number): number {
    if (!(endMs > startMs)) return 0;
    let total = 0;
    let t = startMs;
    while (t < endMs) {
      // Whole weeks without events and with a constant regime factor add 168 mean-1 hours each.
      if (t % MS_PER_HOUR === 0) {
        const g = this.regime;
        let limit = Math.min(endMs, this.eventFreeUntil(t));
        let factor = 1;
        if (g && t < g.startMs) limit = Math.min(limit, g.startMs);
        else if (g && t >= this.regimeSettledMs) factor = g.halfLifeMs === Infinity ? g.scale : 1;
        else if (g) limit = t;
        const weeks = Math.floor((limit - t) / MS_PER_WEEK);
        if (weeks >= 1) {
          total += weeks * MS_PER_WEEK * factor;
          t += weeks * MS_PER_WEEK;
          continue;
        }
      }
      const end = Math.min(endMs, (Math.floor(t / MS_PER_HOUR) + 1) * MS_PER_HOUR, this.nextBoundary(t));
      total += this.weights[hourOfWeek(t)]! * this.eventMultiplier(t) * this.regimeIntegral(t, end);
      t = end;
    }
    return total / MS_PER_YEAR;
  }

  /** ∫ regime factor dt over [a, b], a piece that does not straddle the regime start. */
  private regimeIntegral(a: number, b: number): number {
    const g = this.regime;
    if (!g || b <= g.startMs) return b - a;
    if (g.halfLifeMs === Infinity) return g.scale * (b - a);
    const decay = g.halfLifeMs / Math.LN2;
    return b - a + (g.scale - 1) * decay * (2 ** (-(a - g.startMs) / g.halfLifeMs) - 2 ** (-(b - g.startMs) / g.halfLifeMs));
  }

  private eventMultiplier(ms: number): number {
    let m = 1;
    for (const e of this.events) {
      if (e.startMs > ms) break;
      if (ms < e.endMs) m *= e.multiplier;
    }
    return m;
  }

  /** The next event edge or regime start after t (Infinity if none). */
  private nextBoundary(t: number): number {
    let next = this.regime && this.regime.startMs > t ? this.regime.startMs : Infinity;
    for (const e of this.events) {
      if (e.startMs > t) next = Math.min(next, e.startMs);
      else if (e.endMs > t) next = Math.min(next, e.endMs);
    }
    return next;
  }

  /** The first instant ≥ t at which some event is active (t itself if one is). */
  private eventFreeUntil(t: number): number {
    let until = Infinity;
    for (const e of this.events) if (e.endMs > t) until = Math.min(until, Math.max(e.startMs, t));
    return until;
  }
}
