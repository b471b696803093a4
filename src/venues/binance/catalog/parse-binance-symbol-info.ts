/**
 * One `exchangeInfo` symbol → an instrument, or null when it is not trading. Spot pairs keep their
 * name; USDⓈ-M perpetuals become `BTCUSDT-PERP`; delivery contracts keep `BTCUSDT_250627` with
 * `deliveryDate` as expiry. Futures are linear (quoted and settled in the quote asset).
 */
import type { Instrument } from '../../../domain/instrument.js';
import { frameError, isRecord, optionalNumber, requiredNumber, requiredString } from '../../shared/wire-values.js';
import { binanceSymbolFromWire, type BinanceMarket } from '../parse/binance-symbols.js';

/** @throws ParseError when a trading symbol lacks a field its kind needs. */
export function parseBinanceSymbolInfo(wire: unknown, market: BinanceMarket): Instrument | null {
  if (!isRecord(wire)) throw frameError('binance', 'exchangeInfo symbol is not an object');
  const name = requiredString(wire.symbol, 'binance', 'symbol');
  if (wire.status !== 'TRADING') return null;
  const base = requiredString(wire.baseAsset, 'binance', `${name}.baseAsset`);
  const quote = requiredString(wire.quoteAsset, 'binance', `${name}.quoteAsset`);
  const filters = Array.isArray(wire.filters) ? (wire.filters as unknown[]).filter(isRecord) : [];
  const price = filters.find((f) => f.filterType === 'PRICE_FILTER');
  const lot = filters.find((f) => f.filterType === 'LOT_SIZE');
  const sizing = {
    ...(price ? positive('tickSize', optionalNumber(price.tickSize, 'binance', `${name}.tickSize`)) : {}),
    ...(lot ? positive('minSize', optionalNumber(lot.minQty, 'binance', `${name}.minQty`)) : {}),
    ...(lot ? positive('sizeStep', optionalNumber(lot.stepSize, 'binance', `${name}.stepSize`)) : {}),
  };
  const common = { venue: 'binance' as const, symbol: binanceSymbolFromWire(name, market), priceCurrency: quote, ...sizing };
  if (market === 'spot') return { ...common, kind: 'spot', base, quote };
  const contract = requiredString(wire.contractType, 'binance', `${name}.contractType`);
  if (contract.endsWith('PERPETUAL')) return { ...common, kind: 'perpetual', underlying: base, settlement: 'linear' };
  return { ...common, kind: 'future', underlying: base, settlement: 'linear', expiryMs: requiredNumber(wire.deliveryDate, 'binance', `${name}.deliveryDate`) };
}

function positive<K extends string>(key: K, value: number | null): Partial<Record<K, number>> {
  return value !== null && value > 0 ? ({ [key]: value } as Record<K, number>) : {};
}
