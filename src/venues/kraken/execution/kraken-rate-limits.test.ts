import { describe, expect, it } from 'vitest';
import { KrakenRateLimiter, krakenCancelPenalty, krakenRestCost } from './kraken-rate-limits.js';

describe('Kraken rate limits', () => {
  it('prices calls as the REST counter does', () => {
    expect(krakenRestCost('Balance')).toBe(1);
    expect(krakenRestCost('TradesHistory')).toBe(2);
    expect(krakenRestCost('AddOrder')).toBe(0);
    expect(krakenRestCost('CancelOrder')).toBe(0);
  });

  it('charges quick cancels more than old ones', () => {
    expect([0, 5_000, 10_000, 20_000, 60_000, 120_000, 400_000].map(krakenCancelPenalty)).toEqual([8, 6, 5, 4, 2, 1, 0]);
  });

  it('lets a Starter key burst 15 counter points, then makes it wait for the decay', () => {
    let now = 0;
    const limiter = new KrakenRateLimiter('starter', () => now);
    const rest = (limiter as unknown as { rest: { take(c: number): number } }).rest;
    for (let i = 0; i < 15; i++) expect(rest.take(1)).toBe(0);
    const wait = rest.take(1);
    expect(wait).toBeCloseTo(1000 / 0.33, 0);
    now += 10_000;
    expect(rest.take(1)).toBe(0);
  });
});
