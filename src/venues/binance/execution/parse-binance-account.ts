/**
 * Binance account answers → domain balances and positions: spot `GET /api/v3/account` (total =
 * free + locked), USDⓈ-M `GET /fapi/v2/account` (total = walletBalance, available =
 * availableBalance, named `USDM:<asset>` because spot and futures hold separate wallets of the same
 * asset) and `GET /fapi/v3/positionRisk` (non-zero positions, hedge-mode sides netted per symbol).
 */
import type { Balance } from '../../../domain/order.js';
import type { VenuePosition } from '../../../store/journal/reconcile.js';
import { frameError, isRecord, requiredNumber, requiredString } from '../../shared/wire-values.js';
import { binanceSymbolFromWire } from '../parse/binance-symbols.js';

const V = 'binance' as const;

/** USDⓈ-M wallet assets are kept apart from spot balances of the same asset. */
export function binanceFuturesCurrency(asset: string): string {
  return `USDM:${asset}`;
}

/** @throws ParseError when the answer has no balances array or a balance lacks a number. */
export function parseBinanceSpotBalances(account: unknown): Balance[] {
  if (!isRecord(account) || !Array.isArray(account.balances)) throw frameError(V, '/api/v3/account: no balances array');
  return (account.balances as unknown[]).filter(isRecord).map((b) => {
    const free = requiredNumber(b.free, V, 'balance.free');
    return { venue: V, currency: requiredString(b.asset, V, 'balance.asset'), total: free + requiredNumber(b.locked, V, 'balance.locked'), available: free };
  });
}

/** @throws ParseError when the answer has no assets array or an asset lacks a number. */
export function parseBinanceFuturesBalances(account: unknown): Balance[] {
  if (!isRecord(account) || !Array.isArray(account.assets)) throw frameError(V, '/fapi/v2/account: no assets array');
  return (account.assets as unknown[]).filter(isRecord).map((a) => ({
    venue: V, currency: binanceFuturesCurrency(requiredString(a.asset, V, 'asset.asset')),
    total: requiredNumber(a.walletBalance, V, 'asset.walletBalance'), available: requiredNumber(a.availableBalance, V, 'asset.availableBalance'),
  }));
}

/** Non-zero positions; a symbol held on both hedge-mode sides is netted and has no single entry price. */
export function parseBinancePositionRisk(rows: unknown): VenuePosition[] {
  if (!Array.isArray(rows)) throw frameError(V, '/fapi/v3/positionRisk: not an array');
  const net = new Map<string, { quantity: number; averagePrice: number | null }>();
  for (const r of (rows as unknown[]).filter(isRecord)) {
    const quantity = requiredNumber(r.positionAmt, V, 'position.positionAmt');
    if (quantity === 0) continue;
    const wire = requiredString(r.symbol, V, 'position.symbol');
    const entry = requiredNumber(r.entryPrice, V, 'position.entryPrice');
    const prev = net.get(wire);
    net.set(wire, prev === undefined ? { quantity, averagePrice: entry > 0 ? entry : null } : { quantity: prev.quantity + quantity, averagePrice: null });
  }
  return [...net].filter(([, p]) => p.quantity !== 0).map(([wire, p]) => ({ symbol: binanceSymbolFromWire(wire, 'usdm'), quantity: p.quantity, averagePrice: p.averagePrice }));
}
