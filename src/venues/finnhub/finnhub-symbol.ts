/**
 * Finnhub symbols by kind: US stocks (`AAPL`, `BRK.B`), forex as `EXCHANGE:PAIR`
 * (`OANDA:EUR_USD`) and crypto as `EXCHANGE:PAIR` (`BINANCE:BTCUSDT`, `COINBASE:BTC-USD`). The
 * kind picks the candle endpoint (`/stock/candle`, `/forex/candle`, `/crypto/candle`).
 */
import { ArbiterError } from '../../domain/errors.js';

export type FinnhubSymbolKind = 'stock' | 'forex' | 'crypto';

export interface FinnhubSymbol {
  readonly symbol: string;
  readonly kind: FinnhubSymbolKind;
  /** Exchange prefix for forex and crypto, null for stocks. */
  readonly exchange: string | null;
  /** The part after the colon (or the whole ticker for stocks). */
  readonly pair: string;
}

/** Forex sources Finnhub lists, with the pair syntax each uses. */
const FOREX_EXCHANGES: Readonly<Record<string, RegExp>> = {
  OANDA: /^[A-Z]{3}_[A-Z]{3}$/,
  FXCM: /^[A-Z]{3}\/[A-Z]{3}$/,
  'FOREX.COM': /^FX[A-Z]{6}$/,
  FXPRO: /^\d+$/,
  'IC MARKETS': /^\d+$/,
  OCTAFX: /^\d+$/,
  PEPPERSTONE: /^\d+$/,
};

/** Crypto exchanges Finnhub lists, with their pair syntax. */
const CRYPTO_EXCHANGES: Readonly<Record<string, RegExp>> = {
  BINANCE: /^[A-Z0-9]{5,20}$/,
  COINBASE: /^[A-Z0-9]{2,10}-[A-Z0-9]{2,10}$/,
  KRAKEN: /^[A-Z0-9]{5,20}$/,
  BITFINEX: /^[A-Z0-9]{5,20}$/,
  GEMINI: /^[a-zA-Z0-9]{5,20}$/,
  HUOBI: /^[a-zA-Z0-9]{5,20}$/,
  KUCOIN: /^[A-Z0-9]{2,10}-[A-Z0-9]{2,10}$/,
  OKEX: /^[A-Z0-9]{2,10}-[A-Z0-9]{2,10}$/,
  POLONIEX: /^[A-Z0-9]{2,10}_[A-Z0-9]{2,10}$/,
  BITMEX: /^[A-Z0-9]{5,20}$/,
  HITBTC: /^[A-Z0-9]{5,20}$/,
  BITTREX: /^[A-Z0-9]{2,10}-[A-Z0-9]{2,10}$/,
};

const STOCK = /^[A-Z][A-Z0-9]{0,9}([.-][A-Z0-9]{1,4})?$/;

function invalid(symbol: string, why: string): ArbiterError {
  return new ArbiterError('ARB_INPUT_INVALID', `Finnhub symbol "${symbol}": ${why}`, { symbol });
}

/**
 * Validates a Finnhub symbol and tells its kind.
 * @throws ArbiterError ARB_INPUT_INVALID saying what is wrong and what the expected form is.
 */
export function parseFinnhubSymbol(symbol: string): FinnhubSymbol {
  const colon = symbol.indexOf(':');
  if (colon < 0) {
    if (!STOCK.test(symbol)) {
      throw invalid(symbol, 'not a stock ticker (upper case, e.g. AAPL or BRK.B); forex and crypto need an exchange prefix such as OANDA:EUR_USD or BINANCE:BTCUSDT');
    }
    return { symbol, kind: 'stock', exchange: null, pair: symbol };
  }
  const exchange = symbol.slice(0, colon);
  const pair = symbol.slice(colon + 1);
  const forex = FOREX_EXCHANGES[exchange];
  const crypto = CRYPTO_EXCHANGES[exchange];
  if (!forex && !crypto) {
    throw invalid(symbol, `unknown exchange "${exchange}" (forex: ${Object.keys(FOREX_EXCHANGES).join(', ')}; crypto: ${Object.keys(CRYPTO_EXCHANGES).join(', ')}; exchange names are upper case)`);
  }
  const rule = (forex ?? crypto)!;
  if (!rule.test(pair)) {
    const example = forex ? { OANDA: 'OANDA:EUR_USD', FXCM: 'FXCM:EUR/USD', 'FOREX.COM': 'FOREX.COM:FXEURUSD' }[exchange] ?? `${exchange}:1` : { COINBASE: 'COINBASE:BTC-USD', KUCOIN: 'KUCOIN:BTC-USDT', OKEX: 'OKEX:BTC-USDT', BITTREX: 'BITTREX:BTC-USD', POLONIEX: 'POLONIEX:USDT_BTC' }[exchange] ?? `${exchange}:BTCUSDT`;
    throw invalid(symbol, `"${pair}" is not a ${exchange} ${forex ? 'forex' : 'crypto'} pair (expected the form ${example})`);
  }
  return { symbol, kind: forex ? 'forex' : 'crypto', exchange, pair };
}
