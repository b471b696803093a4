/**
 * Cost of Binance order entry's per-message work: signing an order's query string (against a
 * bare node:crypto HMAC-SHA256 hex of a string of the same length: what building and encoding the
 * query adds), and spot `executionReport` TRADE events turned into a fill and an order update
 * (against bare `JSON.parse` of the same frames).
 */
import { createHmac } from 'node:crypto';
import { benchRow, measureRate, type BenchRow, type BenchSuite } from '../../../bench/bench-row.js';
import { signBinanceQuery, type BinanceParam } from './binance-signing.js';
import { parseBinanceExecutionReport } from './parse-binance-order.js';

const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';

function signingRow(): BenchRow {
  let ts = 1_700_000_000_000;
  const params = (i: number): BinanceParam[] => [['symbol', 'BTCUSDT'], ['side', 'BUY'], ['type', 'LIMIT'], ['timeInForce', 'GTC'], ['quantity', '0.01234'], ['price', `95000.${i % 100}`], ['newClientOrderId', `mm-${i}`], ['newOrderRespType', 'FULL']];
  const sample = signBinanceQuery(params(0), SECRET, ts, 5000).query;
  const payload = 'x'.repeat(sample.length - 'signature='.length - 65);
  let i = 0;
  const signed = measureRate(() => void signBinanceQuery(params(i++), SECRET, ts++, 5000), 1);
  const bare = measureRate(() => void createHmac('sha256', SECRET).update(payload).digest('hex'), 1);
  return benchRow('binance: orders signed per second (query string + HMAC-SHA256)', 'ops/s', signed, bare, `reference: bare HMAC-SHA256 hex of a ${payload.length}-byte string`);
}

function executionReportRow(): BenchRow {
  const frames: string[] = [];
  for (let i = 0; i < 1000; i++) {
    frames.push(JSON.stringify({
      subscriptionId: 0,
      event: {
        e: 'executionReport', E: 1_700_000_000_000 + i, s: 'BTCUSDT', c: `mm-${i % 50}`, S: i % 2 === 0 ? 'BUY' : 'SELL', o: 'LIMIT', f: 'GTC', q: '1.00000000', p: '95000.00', P: '0.00000000',
        F: '0.00000000', g: -1, C: '', x: 'TRADE', X: 'PARTIALLY_FILLED', r: 'NONE', i: 4_000_000 + (i % 50), l: '0.00100000', z: '0.00200000', L: '95000.00', n: '0.00000100',
        N: 'BTC', T: 1_700_000_000_000 + i, t: 90_000 + i, v: 3, I: 8_641_984 + i, w: true, m: i % 3 === 0, M: false, O: 1_700_000_000_000, Z: '190.00000000', Y: '95.00000000', Q: '0.00000000', W: 1_700_000_000_000, V: 'NONE',
      },
    }));
  }
  const same = (id: string): string => id;
  let k = 0;
  const parsed = measureRate(() => {
    const msg = JSON.parse(frames[k++ % frames.length]!) as { event: Record<string, unknown> };
    parseBinanceExecutionReport(msg.event, 0, same);
  }, 1);
  let j = 0;
  const bare = measureRate(() => void JSON.parse(frames[j++ % frames.length]!), 1);
  return benchRow('binance: executionReport trades → fill + order update per second', 'msgs/s', parsed, bare, 'reference: bare JSON.parse of the same frames');
}

export const binanceExecutionSuite: BenchSuite = {
  name: 'binance-execution',
  async run(ctx): Promise<BenchRow[]> {
    ctx.log('signing Binance orders, parsing executionReport events');
    return [signingRow(), executionReportRow()];
  },
};
