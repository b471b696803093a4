/**
 * Cost of Kraken order entry's per-message work: `API-Sign` per private request (against a bare
 * node:crypto HMAC-SHA512 of a message of the same length with the key already decoded: what
 * the inner SHA-256, the key decoding and base64 add), and `executions` trade reports turned into
 * fills and order updates (against bare `JSON.parse` of the same frame).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { benchRow, measureRate, type BenchRow, type BenchSuite } from '../../../bench/bench-row.js';
import { applyExecutionReport, type KrakenOrderState } from './parse-kraken-execution.js';
import { krakenApiSign } from './kraken-signing.js';

function signingRow(): BenchRow {
  const secret = randomBytes(64).toString('base64');
  const key = Buffer.from(secret, 'base64');
  const path = '/0/private/AddOrder';
  let nonce = 1_700_000_000_000_000;
  const body = (n: number): string => JSON.stringify({ nonce: n, ordertype: 'limit', type: 'buy', volume: '0.01000000', pair: 'XBTUSD', cl_ord_id: 'mm-123456', price: '50000.1' });
  const message = Buffer.alloc(path.length + 32, 1);
  const signed = measureRate(() => void krakenApiSign(path, String(nonce), body(nonce++), secret), 1);
  const bare = measureRate(() => void createHmac('sha512', key).update(message).digest('base64'), 1);
  return benchRow('kraken: AddOrder requests signed per second (API-Sign)', 'ops/s', signed, bare, `reference: bare HMAC-SHA512 of a ${message.length}-byte message with a decoded key`);
}

function executionsRow(): BenchRow {
  const frames: string[] = [];
  for (let i = 0; i < 1000; i++) {
    frames.push(JSON.stringify({
      channel: 'executions', type: 'update', sequence: i + 2,
      data: [{
        order_id: `O${i % 50}`, cl_ord_id: `mm-${i % 50}`, exec_id: `T${i}`, exec_type: 'trade', trade_id: i, symbol: 'BTC/USD', side: i % 2 === 0 ? 'buy' : 'sell', last_qty: 0.001,
        last_price: 50_000 + i / 10, liquidity_ind: 'm', cost: 50, order_status: 'partially_filled', order_type: 'limit', order_qty: 1, fees: [{ asset: 'USD', qty: 0.125 }],
        cum_qty: 0.001 * (1 + Math.floor(i / 50)), avg_price: 50_000, timestamp: '2026-11-21T10:00:00.123456Z',
      }],
    }));
  }
  let k = 0;
  const orders = new Map<string, KrakenOrderState>();
  const parsed = measureRate(() => {
    const msg = JSON.parse(frames[k++ % frames.length]!) as { data: unknown[] };
    for (const item of msg.data) applyExecutionReport(item, orders, 0);
  }, 1);
  let j = 0;
  const bare = measureRate(() => void JSON.parse(frames[j++ % frames.length]!), 1);
  return benchRow('kraken: executions trade reports → fill + order update per second', 'msgs/s', parsed, bare, 'reference: bare JSON.parse of the same frames');
}

export const krakenExecutionSuite: BenchSuite = {
  name: 'kraken-execution',
  async run(ctx): Promise<BenchRow[]> {
    ctx.log('signing Kraken requests, parsing executions reports');
    return [signingRow(), executionsRow()];
  },
};
