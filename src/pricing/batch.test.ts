import { describe, it, expect } from 'vitest';
import { ArbiterError } from '../domain/errors.js';
import { bsPrice, bsPriceMany } from './black-scholes.js';
import { normCdf, normCdfMany } from './normal.js';
import type { OptionType } from './option-input.js';

/** Deterministic uniform numbers in [0, 1) (a 32-bit LCG), so failures reproduce. */
function uniforms(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

function expectSameDoubles(actual: Float64Array, expected: ArrayLike<number>): void {
  let mismatches = 0;
  let first = -1;
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      mismatches++;
      if (first < 0) first = i;
    }
  }
  expect(mismatches, first < 0 ? '' : `first at ${first}: ${actual[first]} vs ${expected[first]}`).toBe(0);
}

describe('normCdfMany', () => {
  it('equals normCdf bit for bit in every region of the approximation, the far tails and the special values', () => {
    const random = uniforms(7);
    const xs: number[] = [0, -0, 0.66291, -0.66291, Math.sqrt(32), -Math.sqrt(32), 8, -8, 7.999999999999999, -37.5, -39.99, -40, 41, Infinity, -Infinity, NaN];
    for (let i = 0; i < 20_000; i++) xs.push((random() - 0.5) * 20, (random() - 0.5) * 1.4, (random() - 0.5) * 90);
    const x = Float64Array.from(xs);
    const out = normCdfMany(x, new Float64Array(x.length));
    expectSameDoubles(out, xs.map(normCdf));
  });

  it('works in place and returns out', () => {
    const x = Float64Array.from([-3, -1, 0, 1, 3]);
    const expected = Array.from(x, normCdf);
    expect(normCdfMany(x, x)).toBe(x);
    expectSameDoubles(x, expected);
  });

  it('rejects an output shorter than the input', () => {
    expect(() => normCdfMany(new Float64Array(3), new Float64Array(2))).toThrow(ArbiterError);
  });
});

describe('bsPriceMany', () => {
  /** Random valid options, including expired, zero vol, deep in and out of the money (|d| ≥ 8) and tiny vols. */
  function randomBatch(count: number, seed: number) {
    const random = uniforms(seed);
    const sign = new Int8Array(count);
    const spot = new Float64Array(count);
    const strike = new Float64Array(count);
    const years = new Float64Array(count);
    const vol = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      sign[i] = random() < 0.5 ? 1 : -1;
      spot[i] = 100 * Math.exp((random() - 0.5) * 0.4);
      strike[i] = 100 * Math.exp((random() - 0.5) * (random() < 0.1 ? 6 : 1.2));
      const kind = random();
      years[i] = kind < 0.03 ? -random() * 0.1 : kind < 0.05 ? 0 : kind < 0.1 ? random() * 1e-4 : random() * 3;
      vol[i] = kind > 0.97 ? 0 : kind > 0.94 ? random() * 1e-3 : 0.05 + random() * 1.5;
    }
    return { sign, spot, strike, years, vol };
  }

  function scalarPrices(b: ReturnType<typeof randomBatch>, spot: number | null, rate: number, dividend: number): number[] {
    return Array.from(b.strike, (strike, i) =>
      bsPrice({
        type: b.sign[i] === 1 ? 'call' : 'put',
        spot: spot ?? b.spot[i]!,
        strike,
        years: b.years[i]!,
        vol: b.vol[i]!,
        rate,
        dividend,
      }),
    );
  }

  it('equals bsPrice bit for bit with per-element spots and types, a rate and a dividend yield', () => {
    const b = randomBatch(30_000, 11);
    const out = bsPriceMany({ type: b.sign, spot: b.spot, strike: b.strike, years: b.years, vol: b.vol, rate: 0.04, dividend: 0.015 }, new Float64Array(b.strike.length));
    expectSameDoubles(out, scalarPrices(b, null, 0.04, 0.015));
  });

  it('equals bsPrice bit for bit with one spot, one type, zero and negative rates', () => {
    const b = randomBatch(10_000, 12);
    for (const type of ['call', 'put'] as const) {
      for (const [rate, dividend] of [[0, 0], [-0.01, 0.03]] as const) {
        const out = bsPriceMany({ type, spot: 100, strike: b.strike, years: b.years, vol: b.vol, rate, dividend }, new Float64Array(b.strike.length));
        const expected = Array.from(b.strike, (strike, i) => bsPrice({ type, spot: 100, strike, years: b.years[i]!, vol: b.vol[i]!, rate, dividend }));
        expectSameDoubles(out, expected);
      }
    }
  });

  it("matches Hull's values and put–call parity", () => {
    const out = bsPriceMany(
      { type: Int8Array.from([1, -1, 1]), spot: Float64Array.from([42, 42, 930]), strike: Float64Array.from([40, 40, 900]), years: Float64Array.from([0.5, 0.5, 2 / 12]), vol: Float64Array.from([0.2, 0.2, 0.2]), rate: 0.1 },
      new Float64Array(3),
    );
    expect(out[0]).toBeCloseTo(4.7594, 4);
    expect(out[1]).toBeCloseTo(0.8086, 4);
    expect(out[0]! - out[1]!).toBeCloseTo(42 - 40 * Math.exp(-0.05), 12);
  });

  it('checks lengths, the type, the rate and every element, naming the field', () => {
    const three = () => Float64Array.from([100, 100, 100]);
    const good = { type: 'call' as OptionType, spot: 100, strike: three(), years: Float64Array.from([1, 1, 1]), vol: Float64Array.from([0.2, 0.2, 0.2]) };
    const field = (fn: () => unknown): unknown => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(ArbiterError);
        expect((error as ArbiterError).code).toBe('ARB_INPUT_INVALID');
        return (error as ArbiterError).context['field'];
      }
      return 'no error';
    };
    expect(field(() => bsPriceMany(good, new Float64Array(2)))).toBe('out');
    expect(field(() => bsPriceMany({ ...good, vol: new Float64Array(4) }, new Float64Array(3)))).toBe('vol');
    expect(field(() => bsPriceMany({ ...good, type: 'straddle' as OptionType }, new Float64Array(3)))).toBe('type');
    expect(field(() => bsPriceMany({ ...good, type: Int8Array.from([1, 0, -1]) }, new Float64Array(3)))).toBe('type');
    expect(field(() => bsPriceMany({ ...good, rate: NaN }, new Float64Array(3)))).toBe('rate');
    expect(field(() => bsPriceMany({ ...good, strike: Float64Array.from([100, -1, 100]) }, new Float64Array(3)))).toBe('strike');
    expect(field(() => bsPriceMany({ ...good, spot: Float64Array.from([100, 100, Infinity]) }, new Float64Array(3)))).toBe('spot');
    expect(field(() => bsPriceMany({ ...good, vol: Float64Array.from([0.2, NaN, 0.2]) }, new Float64Array(3)))).toBe('vol');
    expect(field(() => bsPriceMany({ ...good, years: Float64Array.from([1, Infinity, 1]) }, new Float64Array(3)))).toBe('years');
    const shared = three();
    expect(field(() => bsPriceMany({ ...good, strike: shared }, shared))).toBe('out');
    expect(field(() => bsPriceMany(good, new Float64Array(3)))).toBe('no error');
  });
});
