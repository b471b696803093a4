/**
 * Order latency: how long an order (or cancel) takes from us to the venue (`entryMs`), and the
 * venue's answer from it back to us (`responseMs`). Times are on the replay clock. Models are
 * pure given their seeded generator, so a run is repeatable.
 */
import { SeededRandom } from '../../optimizer/seeded-random.js';

export interface LatencyModel {
  /** Delay from sending at local time `tsLocal` to arrival at the venue, ms (≥ 0). */
  entryMs(tsLocal: number): number;
  /** Delay from the venue's answer at venue time `tsVenue` to its receipt here, ms (≥ 0). */
  responseMs(tsVenue: number): number;
}

/** The same delay every time. */
export class ConstantLatency implements LatencyModel {
  constructor(private readonly entry: number, private readonly response: number) {
    if (!(entry >= 0) || !(response >= 0)) throw new RangeError('latencies must be non-negative numbers');
  }

  entryMs(): number {
    return this.entry;
  }

  responseMs(): number {
    return this.response;
  }
}

/**
 * Log-normal delays around given medians: `median · exp(σ·Z)` with Z standard normal from a
 * seeded generator (Box–Muller). σ = 0.5 puts the 95th percentile at about 2.3× the median.
 */
export class LogNormalLatency implements LatencyModel {
  private readonly rng: SeededRandom;

  constructor(private readonly medianEntry: number, private readonly medianResponse: number, private readonly sigma: number, seed: number) {
    if (!(medianEntry >= 0) || !(medianResponse >= 0) || !(sigma >= 0)) throw new RangeError('latency medians and sigma must be non-negative numbers');
    this.rng = new SeededRandom(seed);
  }

  entryMs(): number {
    return this.medianEntry * Math.exp(this.sigma * this.gauss());
  }

  responseMs(): number {
    return this.medianResponse * Math.exp(this.sigma * this.gauss());
  }

  private gauss(): number {
    return this.rng.nextGaussian();
  }
}

/** A latency as configuration: constant when `sigma` is 0 or absent, else log-normal around the medians. */
export interface LatencySpec {
  readonly entryMs: number;
  readonly responseMs: number;
  readonly sigma?: number;
}

/** Default when nothing is configured: 25 ms each way, a typical co-located-to-cloud round trip of 50 ms. */
export const DEFAULT_LATENCY: LatencySpec = { entryMs: 25, responseMs: 25 };

export function createLatencyModel(spec: LatencySpec | LatencyModel, seed: number): LatencyModel {
  if ('entryMs' in spec && typeof spec.entryMs === 'function') return spec as LatencyModel;
  const s = spec as LatencySpec;
  return s.sigma !== undefined && s.sigma > 0 ? new LogNormalLatency(s.entryMs, s.responseMs, s.sigma, seed) : new ConstantLatency(s.entryMs, s.responseMs);
}
