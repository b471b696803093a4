/** Small, plausible BTC-like surfaces for tests and demos: per-expiry forwards, put skew, smile wings. */
import { VolSurface } from './vol-surface.js';

/** Three expiries (7, 30, 90 days), spot 100k, rate 2 %, skewed smiles free of static arbitrage. */
export function sampleSkewedSurface(): VolSurface {
  return new VolSurface({
    spot: 100_000,
    rate: 0.02,
    smiles: [
      { years: 7 / 365, forward: 100_150, points: [{ strike: 85_000, vol: 0.78 }, { strike: 95_000, vol: 0.6 }, { strike: 100_000, vol: 0.55 }, { strike: 105_000, vol: 0.54 }, { strike: 115_000, vol: 0.58 }] },
      { years: 30 / 365, forward: 100_700, points: [{ strike: 70_000, vol: 0.8 }, { strike: 90_000, vol: 0.62 }, { strike: 100_000, vol: 0.56 }, { strike: 110_000, vol: 0.55 }, { strike: 130_000, vol: 0.6 }] },
      { years: 90 / 365, forward: 102_000, points: [{ strike: 60_000, vol: 0.78 }, { strike: 85_000, vol: 0.63 }, { strike: 100_000, vol: 0.57 }, { strike: 120_000, vol: 0.56 }, { strike: 150_000, vol: 0.6 }] },
    ],
  });
}
