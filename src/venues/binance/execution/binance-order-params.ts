/**
 * A domain order → the parameters of Binance's new-order request, in the order they are signed
 * and sent: symbol, side, type (`LIMIT`, `MARKET`, spot post-only `LIMIT_MAKER`), timeInForce
 * (GTC/IOC/FOK; USDⓈ-M post-only `GTX`, good-till-date `GTD` + `goodTillDate`), quantity, price,
 * newClientOrderId, USDⓈ-M reduceOnly, and the answer type (spot FULL, with the immediate fills).
 */
import { NotSupportedError } from '../../../domain/errors.js';
import type { OrderRequest } from '../../../domain/order.js';
import type { RoundedOrder } from '../../shared/symbol-rules.js';
import type { BinanceMarket } from '../parse/binance-symbols.js';
import type { BinanceParam } from './binance-signing.js';

const TIF: Readonly<Record<'gtc' | 'ioc' | 'fok', string>> = { gtc: 'GTC', ioc: 'IOC', fok: 'FOK' };

/** @throws NotSupportedError for what Binance cannot do (checked before any rounding or request). */
export function checkBinanceOrderSupported(r: OrderRequest, market: BinanceMarket): void {
  if (r.reduceOnly && market === 'spot') throw new NotSupportedError('Binance spot has no reduce-only orders', { venue: 'binance', clientOrderId: r.clientOrderId });
  if (r.postOnly && (r.type !== 'limit' || r.timeInForce !== 'gtc')) throw new NotSupportedError('Binance post-only orders are good-till-cancel limit orders (spot LIMIT_MAKER, USDⓈ-M GTX)', { venue: 'binance', clientOrderId: r.clientOrderId });
  if (r.timeInForce === 'gtd' && (market === 'spot' || r.expireAtMs === null)) {
    throw new NotSupportedError(market === 'spot' ? 'Binance spot has no good-till-date orders' : 'a USDⓈ-M good-till-date order needs expireAtMs', { venue: 'binance', clientOrderId: r.clientOrderId });
  }
}

/** The new-order parameters of a checked and rounded order. */
export function binanceOrderParams(r: OrderRequest, market: BinanceMarket, wire: string, rounded: RoundedOrder, wireClientId: string): BinanceParam[] {
  const params: BinanceParam[] = [['symbol', wire], ['side', r.side.toUpperCase()]];
  if (r.type === 'market') {
    params.push(['type', 'MARKET'], ['quantity', rounded.quantityText]);
  } else if (r.postOnly && market === 'spot') {
    params.push(['type', 'LIMIT_MAKER'], ['quantity', rounded.quantityText], ['price', rounded.priceText!]);
  } else {
    const tif = r.postOnly ? 'GTX' : r.timeInForce === 'gtd' ? 'GTD' : TIF[r.timeInForce];
    params.push(['type', 'LIMIT'], ['timeInForce', tif], ['quantity', rounded.quantityText], ['price', rounded.priceText!]);
    if (tif === 'GTD') params.push(['goodTillDate', String(r.expireAtMs)]);
  }
  params.push(['newClientOrderId', wireClientId]);
  if (market === 'usdm') {
    if (r.reduceOnly) params.push(['reduceOnly', 'true']);
    params.push(['newOrderRespType', 'RESULT']);
  } else {
    params.push(['newOrderRespType', 'FULL']);
  }
  return params;
}
