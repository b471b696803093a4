import { describe, expect, it } from 'vitest';
import { decimalsOfIncrement, roundOrder, roundToIncrement, type SymbolRules } from './symbol-rules.js';

const BTCUSDT: SymbolRules = { venue: 'binance', symbol: 'BTCUSDT', tickSize: 0.01, stepSize: 0.00001, minQuantity: 0.00001, maxQuantity: 9000, minNotional: 5 };

describe('symbol rules', () => {
  it('counts the decimals of plain and exponent increments', () => {
    expect(decimalsOfIncrement(0.01)).toBe(2);
    expect(decimalsOfIncrement(1e-8)).toBe(8);
    expect(decimalsOfIncrement(2.5e-7)).toBe(8);
    expect(decimalsOfIncrement(1)).toBe(0);
    expect(decimalsOfIncrement(0)).toBe(0);
  });

  it('rounds without binary artefacts and keeps exact multiples', () => {
    expect(roundToIncrement(0.3, 0.1, 'down')).toBe('0.3');
    expect(roundToIncrement(0.1 + 0.2, 0.1, 'up')).toBe('0.3');
    expect(roundToIncrement(1.23456, 0.001, 'down')).toBe('1.234');
    expect(roundToIncrement(1.23456, 0.001, 'up')).toBe('1.235');
    expect(roundToIncrement(1.2345, 0.5, 'nearest')).toBe('1.0');
  });

  it('rounds buys down and sells up to the tick, quantities down to the step', () => {
    const buy = roundOrder(BTCUSDT, 'buy', 0.0123456, 95000.129);
    expect(buy).toEqual({ price: 95000.12, quantity: 0.01234, priceText: '95000.12', quantityText: '0.01234' });
    const sell = roundOrder(BTCUSDT, 'sell', 0.0123456, 95000.121);
    expect(sell.priceText).toBe('95000.13');
  });

  it('names the rule an order breaks', () => {
    expect(() => roundOrder(BTCUSDT, 'buy', 0.000004, 95000)).toThrow(/below the minimum 0.00001/);
    expect(() => roundOrder(BTCUSDT, 'buy', 0.00002, 95000)).toThrow(/notional 1.90000 below the minimum 5/);
    expect(() => roundOrder(BTCUSDT, 'buy', 10_000, 95000)).toThrow(/above the maximum 9000/);
    expect(() => roundOrder(BTCUSDT, 'buy', Number.NaN, 95000)).toThrow(/quantity must be a positive number/);
    expect(() => roundOrder(BTCUSDT, 'sell', 1, -1)).toThrow(/price must be a positive number/);
  });

  it('checks a market order notional against the mark price when given', () => {
    expect(() => roundOrder(BTCUSDT, 'buy', 0.00002, null, 95000)).toThrow(/notional/);
    expect(roundOrder(BTCUSDT, 'buy', 0.001, null).priceText).toBeNull();
  });
});
