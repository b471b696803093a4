import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBinanceFuturesBalances, parseBinancePositionRisk, parseBinanceSpotBalances } from './parse-binance-account.js';
import {
  binanceOrderStatus, parseBinanceAccountPosition, parseBinanceAccountTrade, parseBinanceAccountUpdate, parseBinanceExecutionReport,
  parseBinanceOrderTradeUpdate, parseBinanceRestOrder, parseBinanceSpotOrderFills,
} from './parse-binance-order.js';

const fixture = <T = Record<string, unknown>>(name: string): T => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
const same = (id: string): string => id;

describe('Binance order status', () => {
  it('maps every documented status strictly', () => {
    expect(['PENDING_NEW', 'NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'PENDING_CANCEL', 'REJECTED', 'EXPIRED', 'EXPIRED_IN_MATCH'].map(binanceOrderStatus))
      .toEqual(['pending_new', 'open', 'partially_filled', 'filled', 'canceled', 'open', 'rejected', 'expired', 'expired']);
    expect(() => binanceOrderStatus('NEW_INSURANCE')).toThrow(/unknown order status "NEW_INSURANCE"/);
  });
});

describe('REST order answers', () => {
  it('reads the spot FULL answer and its fills (docs example)', () => {
    const raw = fixture('http-post-order-spot-full.json');
    expect(parseBinanceRestOrder(raw, 'spot', 5, same)).toMatchObject({
      symbol: 'BTCUSDT', clientOrderId: '6gCrw2kRUAF9CvJDGP16IP', venueOrderId: '28', status: 'filled', filledQuantity: 10, remainingQuantity: 0, averageFillPrice: 1, tsVenue: 1507725176595,
    });
    const fills = parseBinanceSpotOrderFills(raw, 5, same);
    expect(fills).toHaveLength(5);
    expect(fills[0]).toEqual({
      kind: 'fill', venue: 'binance', symbol: 'BTCUSDT', clientOrderId: '6gCrw2kRUAF9CvJDGP16IP', venueOrderId: '28', tradeId: 'spot:BTCUSDT:56', side: 'sell',
      price: 4000, quantity: 1, fee: 4, feeCurrency: 'USDT', liquidity: 'taker', tsVenue: 1507725176595, tsLocal: 5,
    });
  });

  it('reads the USDⓈ-M answer as a -PERP order', () => {
    expect(parseBinanceRestOrder(fixture('http-post-order-usdm.json'), 'usdm', 5, same)).toMatchObject({
      symbol: 'BTCUSDT-PERP', clientOrderId: 'testOrder', venueOrderId: '22542179', status: 'open', filledQuantity: 0, remainingQuantity: 10, averageFillPrice: null,
    });
  });
});

describe('user stream events', () => {
  it('executionReport NEW is an update without a fill; TRADE adds a fill keyed by trade id', () => {
    const e = fixture<{ event: Record<string, unknown> }>('ws-execution-report-spot.json').event;
    expect(parseBinanceExecutionReport(e, 9, same)).toMatchObject({ update: { symbol: 'ETHBTC', status: 'open', venueOrderId: '4293153', remainingQuantity: 1 }, fill: null });
    const trade = { ...e, x: 'TRADE', X: 'PARTIALLY_FILLED', l: '0.40000000', z: '0.40000000', L: '0.10264410', Z: '0.04105764', n: '0.0004', N: 'ETH', t: 77, m: true };
    const out = parseBinanceExecutionReport(trade, 9, same);
    expect(out.update).toMatchObject({ status: 'partially_filled', filledQuantity: 0.4, remainingQuantity: 0.6 });
    expect(out.update.averageFillPrice).toBeCloseTo(0.1026441, 9);
    expect(out.fill).toMatchObject({ tradeId: 'spot:ETHBTC:77', side: 'buy', price: 0.1026441, quantity: 0.4, fee: 0.0004, feeCurrency: 'ETH', liquidity: 'maker' });
  });

  it('a cancel report carries the order own id in C', () => {
    const e = fixture<{ event: Record<string, unknown> }>('ws-execution-report-spot.json').event;
    expect(parseBinanceExecutionReport({ ...e, x: 'CANCELED', X: 'CANCELED', c: 'cancelRequest1', C: 'mUvoqJxFIILMdfAW5iGSOW' }, 9, same).update)
      .toMatchObject({ clientOrderId: 'mUvoqJxFIILMdfAW5iGSOW', status: 'canceled', remainingQuantity: 0, reason: 'CANCELED' });
  });

  it('ORDER_TRADE_UPDATE maps the order, and a TRADE execution to a fill', () => {
    const f = fixture('ws-order-trade-update-usdm.json');
    expect(parseBinanceOrderTradeUpdate(f, 1, same)).toMatchObject({ update: { symbol: 'BTCUSDT-PERP', clientOrderId: 'TEST', status: 'open' }, fill: null });
    const o = { ...(f.o as Record<string, unknown>), x: 'TRADE', X: 'FILLED', l: '0.001', z: '0.001', L: '7100.5', ap: '7100.5', t: 12, n: '0.0035', m: false };
    expect(parseBinanceOrderTradeUpdate({ ...f, o }, 1, same).fill).toMatchObject({ tradeId: 'usdm:BTCUSDT:12', side: 'sell', price: 7100.5, quantity: 0.001, fee: 0.0035, feeCurrency: 'USDT', liquidity: 'taker' });
  });

  it('balances from outboundAccountPosition and ACCOUNT_UPDATE', () => {
    expect(parseBinanceAccountPosition(fixture<{ event: Record<string, unknown> }>('ws-outbound-account-position-spot.json').event)).toEqual([{ venue: 'binance', currency: 'ETH', total: 10000, available: 10000 }]);
    const u = parseBinanceAccountUpdate(fixture('ws-account-update-usdm.json'));
    expect(u.balances[0]).toEqual({ venue: 'binance', currency: 'USDT', total: 122624.12345678, available: 100.12345678 });
    expect(u.positions.map((p) => [p.symbol, p.quantity, p.averagePrice, p.positionSide])).toEqual([['BTCUSDT-PERP', 0, null, 'BOTH'], ['BTCUSDT-PERP', 20, 6563.665, 'LONG'], ['BTCUSDT-PERP', -10, 6563.86, 'SHORT']]);
  });

  it('account trades of both markets (docs examples)', () => {
    expect(parseBinanceAccountTrade(fixture<unknown[]>('http-get-my-trades-spot.json')[0], 'spot', 3, (_c, id) => (id === '100234' ? 'mine' : ''))).toMatchObject({
      symbol: 'BNBBTC', clientOrderId: 'mine', tradeId: 'spot:BNBBTC:28457', side: 'buy', price: 4.000001, quantity: 12, fee: 10.1, feeCurrency: 'BNB', liquidity: 'taker', tsVenue: 1499865549590,
    });
    expect(parseBinanceAccountTrade(fixture<unknown[]>('http-get-user-trades-usdm.json')[0], 'usdm', 3, () => '')).toMatchObject({ symbol: 'BTCUSDT-PERP', tradeId: 'usdm:BTCUSDT:698759', side: 'sell', quantity: 0.002 });
    expect(() => parseBinanceAccountTrade({ symbol: 'X', id: 1, orderId: 2 }, 'spot', 3, same)).toThrow(/buyer\/maker flags missing/);
  });
});

describe('account answers', () => {
  it('spot balances total free + locked; futures wallets as USDM:<asset>; positions netted', () => {
    expect(parseBinanceSpotBalances({ balances: [{ asset: 'BTC', free: '4723846.89208129', locked: '0.00000000' }, { asset: 'LTC', free: '4763368.68006011', locked: '1.5' }] }))
      .toEqual([{ venue: 'binance', currency: 'BTC', total: 4723846.89208129, available: 4723846.89208129 }, { venue: 'binance', currency: 'LTC', total: 4763370.18006011, available: 4763368.68006011 }]);
    expect(parseBinanceFuturesBalances({ assets: [{ asset: 'USDT', walletBalance: '23.72469206', availableBalance: '23.72469206' }] })).toEqual([{ venue: 'binance', currency: 'USDM:USDT', total: 23.72469206, available: 23.72469206 }]);
    expect(parseBinancePositionRisk([
      { symbol: 'BTCUSDT', positionAmt: '0.010', entryPrice: '90000', positionSide: 'LONG' },
      { symbol: 'BTCUSDT', positionAmt: '-0.004', entryPrice: '91000', positionSide: 'SHORT' },
      { symbol: 'ETHUSDT', positionAmt: '0', entryPrice: '0', positionSide: 'BOTH' },
      { symbol: 'BTCUSDT_250627', positionAmt: '-1', entryPrice: '95000', positionSide: 'BOTH' },
    ])).toEqual([{ symbol: 'BTCUSDT-PERP', quantity: 0.006, averagePrice: null }, { symbol: 'BTCUSDT_250627', quantity: -1, averagePrice: 95000 }]);
    expect(() => parseBinanceSpotBalances({})).toThrow(/no balances array/);
  });
});
