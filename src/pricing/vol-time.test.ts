import { describe, it, expect } from 'vitest';
import { MS_PER_HOUR, MS_PER_YEAR } from '../domain/time.js';
import { CalendarVolTime, WeightedVolTime, hourOfWeek, hourWeightsFromVols } from './vol-time.js';

const HOUR_YEARS = MS_PER_HOUR / MS_PER_YEAR;
/** Monday 2024-01-01 00:00 UTC. */
const MONDAY = Date.UTC(2024, 0, 1);
const at = (hours: number): number => MONDAY + hours * MS_PER_HOUR;
const uniform = (): number[] => new Array<number>(168).fill(1);

describe('CalendarVolTime', () => {
  it('counts one hour as 1/8760 of an ACT/365 year and nothing for empty or reversed spans', () => {
    const c = new CalendarVolTime();
    expect(c.volYears(at(10), at(11))).toBeCloseTo(HOUR_YEARS, 15);
    expect(c.volYears(at(10), at(10))).toBe(0);
    expect(c.volYears(at(11), at(10))).toBe(0);
  });
});

describe('hourOfWeek', () => {
  it('numbers Monday 00:00 UTC as 0 and Sunday 23:00 as 167', () => {
    expect(hourOfWeek(MONDAY)).toBe(0);
    expect(hourOfWeek(at(9.5))).toBe(9);
    expect(hourOfWeek(at(167))).toBe(167);
    expect(hourOfWeek(at(168))).toBe(0);
    expect(hourOfWeek(Date.UTC(1969, 11, 29))).toBe(0);
  });
});

describe('WeightedVolTime', () => {
  it('equals calendar time with uniform weights, including partial hours', () => {
    const v = new WeightedVolTime({ hourWeights: uniform() });
    expect(v.volYears(at(10), at(11))).toBeCloseTo(HOUR_YEARS, 15);
    expect(v.volYears(at(10.25), at(10.75))).toBeCloseTo(0.5 * HOUR_YEARS, 15);
    expect(v.volYears(at(5), at(5))).toBe(0);
    expect(v.volYears(at(6), at(5))).toBe(0);
  });

  it('normalises weights to mean 1: Monday 09:00 at weight 2 is 2·168/169 hours', () => {
    const w = uniform();
    w[9] = 2;
    const v = new WeightedVolTime({ hourWeights: w });
    expect(v.volYears(at(9), at(10)) / HOUR_YEARS).toBeCloseTo((2 * 168) / 169, 12);
    // Half of hour 8 and half of hour 9.
    expect(v.volYears(at(8.5), at(9.5)) / HOUR_YEARS).toBeCloseTo((1.5 * 168) / 169, 12);
  });

  it('makes any whole week exactly one calendar week, whatever the weights', () => {
    const w = uniform().map((_, h) => (h < 120 ? 2 : 0.5));
    const v = new WeightedVolTime({ hourWeights: w });
    expect(v.volYears(at(0), at(168)) / HOUR_YEARS).toBeCloseTo(168, 9);
    expect(v.volYears(at(37.3), at(37.3 + 168)) / HOUR_YEARS).toBeCloseTo(168, 9);
  });

  it('multiplies event windows: 3× over one hour, and a partial overlap with a 5× event', () => {
    const v3 = new WeightedVolTime({ hourWeights: uniform(), events: [{ startMs: at(10), endMs: at(11), multiplier: 3, name: 'FOMC' }] });
    expect(v3.volYears(at(10), at(11)) / HOUR_YEARS).toBeCloseTo(3, 12);
    const v5 = new WeightedVolTime({ hourWeights: uniform(), events: [{ startMs: at(10), endMs: at(11), multiplier: 5 }] });
    expect(v5.volYears(at(9.5), at(10.5)) / HOUR_YEARS).toBeCloseTo(0.5 + 2.5, 12);
  });

  it('adds two events inside one span: 3× 10–11 and 2× 14–15 over 10:00–15:00 is 8 hours', () => {
    const v = new WeightedVolTime({
      hourWeights: uniform(),
      events: [{ startMs: at(14), endMs: at(15), multiplier: 2 }, { startMs: at(10), endMs: at(11), multiplier: 3 }],
    });
    expect(v.volYears(at(10), at(15)) / HOUR_YEARS).toBeCloseTo(8, 12);
  });

  it('applies a constant regime scale to vol time (2× → 2 hours per hour)', () => {
    const v = new WeightedVolTime({ hourWeights: uniform(), regime: { scale: 2, startMs: at(0), halfLifeMs: Infinity } });
    expect(v.volYears(at(10), at(11)) / HOUR_YEARS).toBeCloseTo(2, 12);
    expect(v.volYears(at(0), at(3 * 168)) / HOUR_YEARS).toBeCloseTo(2 * 3 * 168, 9);
  });

  it('fades a regime with its half-life: the excess over a long span is (scale − 1)·halfLife/ln 2', () => {
    const v = new WeightedVolTime({ hourWeights: uniform(), regime: { scale: 2, startMs: at(0), halfLifeMs: MS_PER_HOUR } });
    expect(v.volYears(at(0), at(1)) / HOUR_YEARS).toBeCloseTo(1 + 0.5 / Math.LN2, 12);
    expect(v.volYears(at(0), at(1000)) / HOUR_YEARS).toBeCloseTo(1000 + 1 / Math.LN2, 9);
    expect(v.weightAt(at(1))).toBeCloseTo(1.5, 14);
  });

  it('agrees with brute-force integration over weeks with events and a regime', () => {
    const w = uniform().map((_, h) => 0.5 + ((h * 37) % 11) / 5);
    const v = new WeightedVolTime({
      hourWeights: w,
      regime: { scale: 1.8, startMs: at(3.2), halfLifeMs: 30 * MS_PER_HOUR },
      events: [{ startMs: at(200.5), endMs: at(202), multiplier: 4 }, { startMs: at(201), endMs: at(203.25), multiplier: 1.5 }],
    });
    const start = at(1.7);
    const end = at(3 * 168 + 5.5);
    const step = 60_000;
    let brute = 0;
    for (let t = start; t < end; t += step) brute += v.weightAt(t + step / 2) * step;
    expect(v.volYears(start, end) / (brute / MS_PER_YEAR)).toBeCloseTo(1, 6);
  });

  it('turns hourly vols into variance weights and rejects a wrong length', () => {
    const weights = hourWeightsFromVols(uniform().map((_, h) => (h === 0 ? 2 : 1)));
    expect(weights[0]! / weights[1]!).toBeCloseTo(4, 14);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(168, 10);
    expect(() => new WeightedVolTime({ hourWeights: [1, 2, 3] })).toThrow(/168/);
  });
});
