import { describe, expect, it } from 'vitest';
import { roundOrder } from '../../shared/symbol-rules.js';
import { toBinanceClientOrderId } from './binance-client-order-id.js';
import { parseBinanceSymbolRules } from './parse-binance-symbol-rules.js';

const spot = {
  symbol: 'BTCUSDT', status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USDT',
  filters: [
    { filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
    { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
    { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: '120.00000000', stepSize: '0.00000000' },
    { filterType: 'NOTIONAL', minNotional: '5.00000000', applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
  ],
};
const perp = {
  symbol: 'BTCUSDT', status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USDT', contractType: 'PERPETUAL',
  filters: [
    { filterType: 'PRICE_FILTER', minPrice: '556.80', maxPrice: '4529764', tickSize: '0.10' },
    { filterType: 'LOT_SIZE', stepSize: '0.001', maxQty: '1000', minQty: '0.001' },
    { filterType: 'MARKET_LOT_SIZE', stepSize: '0.001', maxQty: '120', minQty: '0.001' },
    { filterType: 'MIN_NOTIONAL', notional: '100' },
  ],
};

describe('parseBinanceSymbolRules', () => {
  it('reads spot PRICE_FILTER, LOT_SIZE, MARKET_LOT_SIZE (zero step → LOT_SIZE) and NOTIONAL', () => {
    const r = parseBinanceSymbolRules(spot, 'spot');
    expect(r.limit).toEqual({ venue: 'binance', symbol: 'BTCUSDT', tickSize: 0.01, stepSize: 0.00001, minQuantity: 0.00001, maxQuantity: 9000, minNotional: 5 });
    expect(r.marketOrder).toMatchObject({ stepSize: 0.00001, minQuantity: 0.00001, maxQuantity: 120, minNotional: 5 });
  });

  it('reads USDⓈ-M MIN_NOTIONAL.notional and names the symbol -PERP', () => {
    const r = parseBinanceSymbolRules(perp, 'usdm');
    expect(r.limit).toMatchObject({ symbol: 'BTCUSDT-PERP', tickSize: 0.1, stepSize: 0.001, minNotional: 100 });
    expect(r.marketOrder.maxQuantity).toBe(120);
  });

  it('rounds a buy down to the tick and the quantity down to the step; refuses below min notional', () => {
    const r = parseBinanceSymbolRules(spot, 'spot');
    expect(roundOrder(r.limit, 'buy', 0.0123456, 95000.129)).toMatchObject({ priceText: '95000.12', quantityText: '0.01234' });
    expect(roundOrder(r.limit, 'sell', 0.0123456, 95000.121)).toMatchObject({ priceText: '95000.13' });
    expect(() => roundOrder(r.limit, 'buy', 0.00004, 95000)).toThrow(/notional 3\.80000 below the minimum 5/);
  });

  it('names a missing filter', () => {
    expect(() => parseBinanceSymbolRules({ ...spot, filters: [] }, 'spot')).toThrow(/PRICE_FILTER or LOT_SIZE/);
  });
});

describe('toBinanceClientOrderId', () => {
  it('keeps ids Binance accepts and maps others to a stable 36-character id', () => {
    expect(toBinanceClientOrderId('mm-1:abc/2.x_Y')).toBe('mm-1:abc/2.x_Y');
    const long = toBinanceClientOrderId('strategy with spaces #1');
    expect(long).toMatch(/^arb-[0-9a-f]{32}$/);
    expect(toBinanceClientOrderId('strategy with spaces #1')).toBe(long);
    expect(toBinanceClientOrderId('x'.repeat(37))).toHaveLength(36);
  });
});
