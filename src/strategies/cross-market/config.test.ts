import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../domain/errors.js';
import { CROSS_MARKET_DEFAULTS, parseCrossMarketConfig } from './config.js';
import { ActivityLog } from './activity-log.js';

describe('CrossMarket config', () => {
  it('has the seed defaults plus fees, sizes and staleness per venue', () => {
    expect(CROSS_MARKET_DEFAULTS).toMatchObject({
      currency: 'BTC', minEdge: 0.02, maxTimeToExpiryYears: 0.5, maxExpiryDays: 90, riskAversion: 1, scenarios: 10_000,
      recalcIntervalMs: 60_000, polymarketPattern: 'bitcoin-above-\\d+', volTime: 'calendar', maxFractionPerAsset: 0.2, maxExposure: 0.8,
      polymarket: { feeRate: 0, minSize: 5, tickSize: 0.01 },
      derive: { takerFeeBaseUsd: 0.5, takerFeeRateOfIndex: 0.0003, feeCapFraction: 0.125 },
      deribit: { maxQuoteAgeMs: 120_000 },
    });
  });

  it('rejects unknown keys and bad values, naming each key', () => {
    const error = (() => {
      try {
        parseCrossMarketConfig({ minEdge: -1, min_edge: 0.02, polymarket: { feeRate: 'x' } });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('minEdge:');
    expect(message).toContain('"min_edge": unknown key');
    expect(message).toContain('polymarket.feeRate:');
    expect((error as ConfigError).context.key).toBe('minEdge');
  });

  it('needs 168 hourly vols for weighted vol time and a valid pattern', () => {
    expect(() => parseCrossMarketConfig({ volTime: 'weighted' })).toThrow(/hourlyVols: volTime "weighted" needs 168 hourlyVols/);
    expect(() => parseCrossMarketConfig({ polymarketPattern: '(' })).toThrow(/polymarketPattern: not a valid regular expression/);
    expect(parseCrossMarketConfig({ volTime: 'weighted', hourlyVols: Array.from({ length: 168 }, () => 0.5) }).volTime).toBe('weighted');
  });
});

describe('ActivityLog', () => {
  it('keeps the newest entries up to its capacity, oldest first', () => {
    const log = new ActivityLog(200);
    for (let i = 0; i < 250; i++) log.add(i, 'info', `m${i}`);
    const list = log.list();
    expect(list).toHaveLength(200);
    expect(list[0]!.message).toBe('m50');
    expect(list[199]!.message).toBe('m249');
  });
});
