import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KrakenPairTable } from './kraken-pairs.js';
import { applyExecutionReport, krakenOrderStatus, parseKrakenBalanceEx, parseKrakenBalancesFrame, parseKrakenOrderInfo, parseKrakenTrade, type KrakenOrderState } from './parse-kraken-execution.js';

const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const data = (name: string): unknown[] => fixture(name).data as unknown[];
const { table: pairs } = KrakenPairTable.fromAssetPairs(fixture('http-get-asset-pairs.json'));

describe('Kraken executions reports', () => {
  it('follows an order from pending through a partial fill to canceled, keeping fields the updates omit', () => {
    const orders = new Map<string, KrakenOrderState>();
    const pending = applyExecutionReport(data('ws-executions-pending.json')[0], orders, 1);
    expect(pending.fill).toBeNull();
    expect(pending.update).toMatchObject({ status: 'pending_new', symbol: 'BTC/USD', venueOrderId: 'OK4GJX-KSTLS-7DZZO5', remainingQuantity: 0.005, tsVenue: Date.parse('2023-09-22T10:33:05.709Z') });
    const trade = applyExecutionReport(data('ws-executions-trade.json')[0], orders, 2);
    expect(trade.fill).toMatchObject({ tradeId: 'TJE7HC-DKBTI-5BFVKE', clientOrderId: 'mm-7', side: 'sell', price: 26500, quantity: 0.002, fee: 0.1325, feeCurrency: 'USD', liquidity: 'maker' });
    expect(trade.update).toMatchObject({ status: 'partially_filled', filledQuantity: 0.002, averageFillPrice: 26500 });
    expect(trade.update!.remainingQuantity).toBeCloseTo(0.003, 12);
    const canceled = applyExecutionReport(data('ws-executions-canceled.json')[0], orders, 3);
    expect(canceled.update).toMatchObject({ status: 'canceled', symbol: 'BTC/USD', clientOrderId: 'mm-7', filledQuantity: 0.002, reason: 'User requested' });
  });

  it('refuses unknown statuses and trades without their numbers', () => {
    expect(krakenOrderStatus('new')).toBe('open');
    expect(() => krakenOrderStatus('suspended')).toThrow(/unknown order_status "suspended"/);
    const orders = new Map<string, KrakenOrderState>();
    expect(() => applyExecutionReport({ order_id: 'O1', exec_type: 'new', order_status: 'weird' }, orders, 0)).toThrow(/unknown order_status/);
    expect(() => applyExecutionReport({ order_id: 'O2', exec_type: 'trade', side: 'buy', symbol: 'BTC/USD', last_price: 1 }, orders, 0)).toThrow(/last_qty is missing/);
    expect(() => applyExecutionReport({ exec_type: 'new' }, orders, 0)).toThrow(/order_id/);
  });
});

describe('Kraken REST entries', () => {
  it('reads an open order with its client order id and partial fill', () => {
    const open = fixture('http-post-open-orders.json') as { result: { open: Record<string, unknown> } };
    const [txid, wire] = Object.entries(open.result.open)[0]!;
    const { update, side } = parseKrakenOrderInfo(txid, wire, pairs, 5);
    expect(side).toBe('buy');
    expect(update).toMatchObject({ symbol: 'BTC/USD', clientOrderId: 'mm-3', venueOrderId: 'OQCLML-BW3P3-BUCMWZ', status: 'partially_filled', filledQuantity: 0.375, remainingQuantity: 0.875 });
    expect(parseKrakenOrderInfo('O', { ...(wire as object), status: 'closed' }, pairs, 5).update).toMatchObject({ status: 'canceled', filledQuantity: 0.375, remainingQuantity: 0 });
    expect(parseKrakenOrderInfo('O', { ...(wire as object), status: 'closed', vol_exec: '1.25' }, pairs, 5).update.status).toBe('filled');
    expect(parseKrakenOrderInfo('O', { ...(wire as object), status: 'expired' }, pairs, 5).update.status).toBe('expired');
    expect(() => parseKrakenOrderInfo('O', { ...(wire as object), status: 'halted' }, pairs, 5)).toThrow(/status "halted"/);
  });

  it('reads a trade with its quote-currency fee and the order’s client id', () => {
    const th = fixture('http-post-trades-history.json') as { result: { trades: Record<string, unknown> } };
    const [txid, wire] = Object.entries(th.result.trades)[0]!;
    const fill = parseKrakenTrade(txid, wire, pairs, (o) => (o === 'OQCLML-BW3P3-BUCMWZ' ? 'mm-3' : ''), 9);
    expect(fill).toMatchObject({ symbol: 'BTC/USD', clientOrderId: 'mm-3', tradeId: 'THVRQM-33VKH-UCI7BS', side: 'buy', price: 30010, quantity: 0.02, feeCurrency: 'USD', liquidity: 'maker', tsVenue: 1688667796880 });
  });

  it('reads balances from BalanceEx and from the balances channel', () => {
    expect(parseKrakenBalanceEx((fixture('http-post-balance-ex.json') as { result: unknown }).result)).toEqual([
      { venue: 'kraken', currency: 'USD', total: 25435.21, available: 25435.21 - 8249.76 },
      { venue: 'kraken', currency: 'BTC', total: 1.2435, available: 1.2435 - 0.8423 },
    ]);
    expect(parseKrakenBalancesFrame(fixture('ws-balances-snapshot.json'))).toEqual([{ asset: 'BTC', balance: 1.2 }, { asset: 'MATIC', balance: 500 }, { asset: 'USD', balance: 80595.4943 }]);
    expect(parseKrakenBalancesFrame(fixture('ws-balances-update.json'))).toEqual([{ asset: 'BTC', balance: 0.02 }]);
  });
});
