/**
 * Order-entry rules of one `exchangeInfo` symbol: PRICE_FILTER (tick), LOT_SIZE (step, min/max
 * quantity of limit orders), MARKET_LOT_SIZE (market orders; a zero step falls back to LOT_SIZE),
 * NOTIONAL (spot: minNotional, applied to market orders when applyMinToMarket), MIN_NOTIONAL
 * (older spot `minNotional`/`applyToMarket`, USDⓈ-M `notional`). Limit and market orders get
 * their own SymbolRules, both under the Arbiter symbol name.
 */
import type { SymbolRules } from '../../shared/symbol-rules.js';
import { frameError, isRecord, optionalNumber, requiredString } from '../../shared/wire-values.js';
import { binanceSymbolFromWire, type BinanceMarket } from '../parse/binance-symbols.js';

export interface BinanceSymbolRules {
  readonly market: BinanceMarket;
  /** Binance's own name (`BTCUSDT`). */
  readonly wire: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly limit: SymbolRules;
  readonly marketOrder: SymbolRules;
}

/** @throws ParseError when the symbol lacks its name, assets or a PRICE_FILTER / LOT_SIZE filter. */
export function parseBinanceSymbolRules(wire: unknown, market: BinanceMarket): BinanceSymbolRules {
  if (!isRecord(wire)) throw frameError('binance', 'exchangeInfo symbol is not an object');
  const name = requiredString(wire.symbol, 'binance', 'symbol');
  const filters = Array.isArray(wire.filters) ? (wire.filters as unknown[]).filter(isRecord) : [];
  const filter = (type: string): Record<string, unknown> | undefined => filters.find((f) => f.filterType === type);
  const num = (f: Record<string, unknown> | undefined, key: string): number => (f === undefined ? 0 : optionalNumber(f[key], 'binance', `${name}.${String(f.filterType)}.${key}`) ?? 0);
  const price = filter('PRICE_FILTER');
  const lot = filter('LOT_SIZE');
  if (price === undefined || lot === undefined) throw frameError('binance', `${name}: exchangeInfo lacks PRICE_FILTER or LOT_SIZE`);
  const marketLot = filter('MARKET_LOT_SIZE');
  const notional = filter('NOTIONAL');
  const minNotionalFilter = filter('MIN_NOTIONAL');
  const minNotional = notional !== undefined ? num(notional, 'minNotional') : market === 'usdm' ? num(minNotionalFilter, 'notional') : num(minNotionalFilter, 'minNotional');
  const notionalAppliesToMarket = notional !== undefined ? notional.applyMinToMarket !== false : market === 'usdm' || minNotionalFilter?.applyToMarket !== false;
  const symbol = binanceSymbolFromWire(name, market);
  const maxQty = (f: Record<string, unknown> | undefined): number => {
    const v = num(f, 'maxQty');
    return v > 0 ? v : Infinity;
  };
  const limit: SymbolRules = {
    venue: 'binance', symbol, tickSize: num(price, 'tickSize'), stepSize: num(lot, 'stepSize'), minQuantity: num(lot, 'minQty'), maxQuantity: maxQty(lot), minNotional,
  };
  const marketStep = num(marketLot, 'stepSize');
  const marketOrder: SymbolRules = {
    ...limit,
    stepSize: marketStep > 0 ? marketStep : limit.stepSize,
    minQuantity: Math.max(num(marketLot, 'minQty'), limit.stepSize > 0 && marketStep === 0 ? limit.minQuantity : 0),
    maxQuantity: marketLot !== undefined ? maxQty(marketLot) : limit.maxQuantity,
    minNotional: notionalAppliesToMarket ? minNotional : 0,
  };
  return {
    market, wire: name,
    baseAsset: requiredString(wire.baseAsset, 'binance', `${name}.baseAsset`),
    quoteAsset: requiredString(wire.quoteAsset, 'binance', `${name}.quoteAsset`),
    limit, marketOrder,
  };
}
