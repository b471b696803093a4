import { describe, expect, it } from 'vitest';
import { parseFinnhubSymbol } from './finnhub-symbol.js';

describe('parseFinnhubSymbol', () => {
  it('tells stocks, forex and crypto apart', () => {
    expect(parseFinnhubSymbol('AAPL')).toEqual({ symbol: 'AAPL', kind: 'stock', exchange: null, pair: 'AAPL' });
    expect(parseFinnhubSymbol('BRK.B').kind).toBe('stock');
    expect(parseFinnhubSymbol('OANDA:EUR_USD')).toEqual({ symbol: 'OANDA:EUR_USD', kind: 'forex', exchange: 'OANDA', pair: 'EUR_USD' });
    expect(parseFinnhubSymbol('BINANCE:BTCUSDT')).toMatchObject({ kind: 'crypto', exchange: 'BINANCE', pair: 'BTCUSDT' });
    expect(parseFinnhubSymbol('COINBASE:BTC-USD')).toMatchObject({ kind: 'crypto', pair: 'BTC-USD' });
  });

  it('rejects bad symbols with a message naming the problem and the expected form', () => {
    expect(() => parseFinnhubSymbol('aapl')).toThrow(/not a stock ticker.*AAPL/);
    expect(() => parseFinnhubSymbol('BTCUSDT ')).toThrow(/not a stock ticker/);
    expect(() => parseFinnhubSymbol('NYSE:IBM')).toThrow(/unknown exchange "NYSE"/);
    expect(() => parseFinnhubSymbol('binance:BTCUSDT')).toThrow(/unknown exchange "binance".*upper case/);
    expect(() => parseFinnhubSymbol('OANDA:EURUSD')).toThrow(/"EURUSD" is not a OANDA forex pair \(expected the form OANDA:EUR_USD\)/);
    expect(() => parseFinnhubSymbol('COINBASE:BTCUSD')).toThrow(/expected the form COINBASE:BTC-USD/);
    expect(() => parseFinnhubSymbol('')).toThrow(/Finnhub symbol ""/);
  });
});
