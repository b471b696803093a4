import DecimalImport from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { triangularArbitrage } from './triangular-arbitrage.js';

// decimal.js ships CommonJS types for an ES default export; reconcile once.
const Decimal = ((DecimalImport as unknown as { default?: unknown }).default ?? DecimalImport) as typeof DecimalImport.default;
type Decimal = InstanceType<typeof Decimal>;

const quotes = {
  'BTC/USDT': { bid: 60000, ask: 60010 },
  'ETH/USDT': { bid: 3000, ask: 3001 },
  'ETH/BTC': { bid: 0.0501, ask: 0.05011 },
};

/** The same cycle in exact decimal arithmetic, fee on the asset received in each leg. */
function exact(start: string, legs: Array<['buy' | 'sell', string]>, fee: string): Decimal {
  let amount = new Decimal(start);
  const keep = new Decimal(1).minus(fee);
  for (const [side, price] of legs) amount = (side === 'sell' ? amount.times(price) : amount.div(price)).times(keep);
  return amount;
}

describe('triangularArbitrage', () => {
  it('finds both directions of the triangle with fees per leg, matching exact decimal arithmetic', () => {
    const cycles = triangularArbitrage({ quotes, takerFee: 0.001, startAsset: 'USDT', startAmount: 1000 });
    expect(cycles.map((c) => c.path.join('>'))).toEqual(['USDT>ETH>BTC>USDT', 'USDT>BTC>ETH>USDT']); // best first
    // USDT → BTC (buy at 60010) → ETH (buy ETH/BTC at 0.05011) → USDT (sell at 3000).
    const fwd = exact('1000', [['buy', '60010'], ['buy', '0.05011'], ['sell', '3000']], '0.001');
    // USDT → ETH (buy at 3001) → BTC (sell ETH/BTC at 0.0501) → USDT (sell at 60000).
    const rev = exact('1000', [['buy', '3001'], ['sell', '0.0501'], ['sell', '60000']], '0.001');
    const [b, a] = cycles;
    expect(a!.finalAmount).toBeCloseTo(fwd.toNumber(), 10);
    expect(b!.finalAmount).toBeCloseTo(rev.toNumber(), 10);
    expect(a!.profit).toBeCloseTo(fwd.minus(1000).toNumber(), 10);
    expect(a!.profitRate).toBeCloseTo(fwd.minus(1000).div(1000).toNumber(), 13);
    // By hand (50-digit decimal): 1000/60010·0.999/0.05011·0.999·3000·0.999 and 1000/3001·0.999·0.0501·0.999·60000·0.999.
    expect(fwd.toFixed(6)).toBe('994.648633');
    expect(rev.toFixed(6)).toBe('998.664117');
    expect(b!.profitRate).toBeCloseTo(rev.minus(1000).div(1000).toNumber(), 13);
    expect(a!.legs.map((l) => [l.symbol, l.side, l.from, l.to])).toEqual([
      ['BTC/USDT', 'buy', 'USDT', 'BTC'], ['ETH/BTC', 'buy', 'BTC', 'ETH'], ['ETH/USDT', 'sell', 'ETH', 'USDT'],
    ]);
    expect(a!.legs[0]!.fee).toBeCloseTo((1000 / 60010) * 0.001, 15);
  });

  it('detects a mispriced cross and reports a positive profit only when it beats three fees', () => {
    const rich = { ...quotes, 'ETH/BTC': { bid: 0.0504, ask: 0.05041 } }; // ETH rich in BTC
    const [best] = triangularArbitrage({ quotes: rich, takerFee: 0.0005, startAsset: 'USDT', startAmount: 1 });
    // USDT → ETH → BTC → USDT: 1/3001 · 0.0504 · 60000 · 0.9995³.
    expect(best!.path).toEqual(['USDT', 'ETH', 'BTC', 'USDT']);
    expect(best!.profitRate).toBeCloseTo(exact('1', [['buy', '3001'], ['sell', '0.0504'], ['sell', '60000']], '0.0005').minus(1).toNumber(), 14);
    expect(best!.profitRate).toBeGreaterThan(0);
    const [withBigFees] = triangularArbitrage({ quotes: rich, takerFee: 0.003, startAsset: 'USDT' });
    expect(withBigFees!.profitRate).toBeLessThan(0);
  });

  it('takes a fee per pair, and starts from any asset', () => {
    const fees = { 'BTC/USDT': 0.001, 'ETH/USDT': 0.002, 'ETH/BTC': 0 };
    const cycles = triangularArbitrage({ quotes, takerFee: fees, startAsset: 'BTC', startAmount: 2 });
    const viaUsdt = cycles.find((c) => c.path[1] === 'USDT')!;
    // BTC → USDT (sell 60000, 10 bp) → ETH (buy 3001, 20 bp) → BTC (sell ETH/BTC 0.0501, 0 bp).
    expect(viaUsdt.finalAmount).toBeCloseTo(((2 * 60000 * 0.999) / 3001) * 0.998 * 0.0501, 12);
    expect(cycles).toHaveLength(2);
  });

  it('rejects bad inputs with the reason', () => {
    expect(() => triangularArbitrage({ quotes, takerFee: 0.001, startAsset: 'SOL' })).toThrow(/no quoted pair contains the start asset SOL/);
    expect(() => triangularArbitrage({ quotes: { ...quotes, 'ETH/BTC': { bid: 0, ask: 1 } }, takerFee: 0.001, startAsset: 'USDT' })).toThrow(/ETH\/BTC needs positive finite bid and ask/);
    expect(() => triangularArbitrage({ quotes, takerFee: { 'BTC/USDT': 0.001 }, startAsset: 'USDT' })).toThrow(/taker fee for ETH\/USDT/);
    expect(() => triangularArbitrage({ quotes: { BTCUSDT: { bid: 1, ask: 2 } }, takerFee: 0, startAsset: 'USDT' })).toThrow(/cannot split "BTCUSDT"/);
  });
});
