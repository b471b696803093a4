import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBinanceSymbolInfo } from './parse-binance-symbol-info.js';

const symbols = (name: string): unknown[] => (JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as { symbols: unknown[] }).symbols;

describe('parseBinanceSymbolInfo', () => {
  it('maps a spot pair with its price and lot filters (docs example)', () => {
    expect(parseBinanceSymbolInfo(symbols('http-exchange-info-spot.json')[0], 'spot')).toEqual({
      venue: 'binance', symbol: 'ETHBTC', kind: 'spot', base: 'ETH', quote: 'BTC', priceCurrency: 'BTC', tickSize: 0.000001, minSize: 0.001, sizeStep: 0.001,
    });
  });

  it('maps USDⓈ-M perpetuals (-PERP) and delivery contracts (expiry), and skips symbols not trading', () => {
    const [perp, quarter, settling] = symbols('http-exchange-info-usdm.json');
    expect(parseBinanceSymbolInfo(perp, 'usdm')).toEqual({ venue: 'binance', symbol: 'BLZUSDT-PERP', kind: 'perpetual', underlying: 'BLZ', settlement: 'linear', priceCurrency: 'USDT', tickSize: 0.0001, minSize: 1, sizeStep: 1 });
    expect(parseBinanceSymbolInfo(quarter, 'usdm')).toMatchObject({ symbol: 'BTCUSDT_250627', kind: 'future', expiryMs: 1751011200000, tickSize: 0.1 });
    expect(parseBinanceSymbolInfo(settling, 'usdm')).toBeNull();
  });

  it('names what is missing', () => {
    expect(() => parseBinanceSymbolInfo({ symbol: 'X', status: 'TRADING', quoteAsset: 'USDT' }, 'spot')).toThrow(/X\.baseAsset/);
    expect(() => parseBinanceSymbolInfo({ symbol: 'X', status: 'TRADING', baseAsset: 'X', quoteAsset: 'USDT' }, 'usdm')).toThrow(/contractType/);
  });
});
