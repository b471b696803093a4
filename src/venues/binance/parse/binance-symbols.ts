/**
 * Binance instrument names in Arbiter. Spot and USDⓈ-M futures share one venue id but list the
 * same names (`BTCUSDT` is both a spot pair and a perpetual), so perpetuals carry a `-PERP`
 * suffix; delivery contracts keep Binance's own `BTCUSDT_250627`. Streams are lower-case wire
 * names plus the channel suffix.
 */
import { ArbiterError } from '../../../domain/errors.js';
import type { Channel } from '../../../engine/strategy.js';

export type BinanceMarket = 'spot' | 'usdm';

export const PERP_SUFFIX = '-PERP';

/** Which market an Arbiter symbol belongs to. */
export function binanceMarketOf(symbol: string): BinanceMarket {
  return symbol.endsWith(PERP_SUFFIX) || symbol.includes('_') ? 'usdm' : 'spot';
}

/** The name Binance's API uses (`BTCUSDT-PERP` → `BTCUSDT`). */
export function binanceWireSymbol(symbol: string): string {
  return symbol.endsWith(PERP_SUFFIX) ? symbol.slice(0, -PERP_SUFFIX.length) : symbol;
}

/** The Arbiter symbol of a wire name seen on `market`. */
export function binanceSymbolFromWire(wire: string, market: BinanceMarket): string {
  return market === 'usdm' && !wire.includes('_') ? `${wire}${PERP_SUFFIX}` : wire;
}

/**
 * The stream carrying `channel` for `symbol`: `@depth@100ms` (book), `@bookTicker` (ticker),
 * `@trade` on spot and `@aggTrade` on USDⓈ-M (trades). The two trade streams differ in their
 * event type, which tells the parser which market a frame came from.
 */
export function binanceStreamName(symbol: string, channel: Channel): string {
  const wire = binanceWireSymbol(symbol);
  if (!/^[A-Z0-9_]+$/.test(wire)) throw new ArbiterError('ARB_DOMAIN_INSTRUMENT_NAME', `not a Binance symbol: "${symbol}"`, { venue: 'binance', symbol });
  const base = wire.toLowerCase();
  switch (channel) {
    case 'book':
      return `${base}@depth@100ms`;
    case 'ticker':
      return `${base}@bookTicker`;
    case 'trades':
      return binanceMarketOf(symbol) === 'spot' ? `${base}@trade` : `${base}@aggTrade`;
  }
}

/**
 * USDⓈ-M futures route streams by path: high-frequency book data on `/public`, the rest on
 * `/market` (a stream on the wrong path is silently not delivered). Spot has one path.
 */
export function binanceRoute(market: BinanceMarket, channel: Channel): 'spot' | 'usdm-public' | 'usdm-market' {
  if (market === 'spot') return 'spot';
  return channel === 'trades' ? 'usdm-market' : 'usdm-public';
}

/** Quote assets Binance lists pairs in, longest first so `FDUSD` wins over `USD`. */
const QUOTE_ASSETS = ['FDUSD', 'USDT', 'USDC', 'TUSD', 'BUSD', 'USDP', 'USD1', 'DAI', 'BTC', 'ETH', 'BNB', 'EUR', 'TRY', 'BRL', 'JPY', 'GBP', 'AUD', 'ARS', 'MXN', 'PLN', 'RON', 'ZAR', 'UAH', 'IDR', 'COP', 'CZK', 'XRP', 'TRX', 'SOL', 'DOGE'].sort((a, b) => b.length - a.length);

/**
 * The quote (price) currency of a Binance symbol from its name: the longest known quote asset
 * the pair ends with (`BTCUSDT` → USDT, `BTCUSDT-PERP` → USDT, `BTCUSDT_250627` → USDT). The
 * catalog has the exact `quoteAsset`; this serves parsers, which see names only.
 */
export function binancePriceCurrency(symbol: string): string {
  const pair = binanceWireSymbol(symbol).split('_')[0]!;
  for (const q of QUOTE_ASSETS) if (pair.length > q.length && pair.endsWith(q)) return q;
  return 'USDT';
}
