import { describe, expect, it } from 'vitest';
import { BinanceApiError } from './binance-errors.js';
import { BinanceRest, type BinanceRestOptions } from './binance-rest.js';

interface Sent { url: string; headers: Record<string, string>; method: string }

function rest(answers: Array<() => Response>, extra: Partial<BinanceRestOptions> = {}): { rest: BinanceRest; sent: Sent[]; clock: { t: number } } {
  const sent: Sent[] = [];
  const clock = { t: 1_700_000_000_000 };
  const fake = (async (url: string, init: RequestInit) => {
    sent.push({ url, method: init.method ?? 'GET', headers: init.headers as Record<string, string> });
    const next = answers.shift();
    if (!next) throw new Error('no answer scripted');
    return next();
  }) as unknown as typeof fetch;
  return { rest: new BinanceRest({ spotRestUrl: 'http://spot', futuresRestUrl: 'http://fut', apiKey: 'KEY', apiSecret: 'SECRET', fetch: fake, now: () => clock.t, ...extra }), sent, clock };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): (() => Response) => () => new Response(JSON.stringify(body), { status, headers });

describe('BinanceRest', () => {
  it('signs into the query string with the key in X-MBX-APIKEY, records weight and order-count headers', async () => {
    const { rest: r, sent } = rest([json(200, { orderId: 1 }, { 'X-MBX-USED-WEIGHT-1M': '12', 'X-MBX-ORDER-COUNT-10S': '3', 'X-MBX-ORDER-COUNT-1D': '40' })]);
    await r.request('spot', 'POST', '/api/v3/order', [['symbol', 'BTCUSDT']], { weight: 1, order: true, mutating: true, auth: true });
    expect(sent[0]!.url).toMatch(/^http:\/\/spot\/api\/v3\/order\?symbol=BTCUSDT&recvWindow=5000&timestamp=1700000000000&signature=[0-9a-f]{64}$/);
    expect(sent[0]!.headers['X-MBX-APIKEY']).toBe('KEY');
    expect(r.rate.spot).toMatchObject({ usedWeight1m: 12, orderCounts: { '10S': 3, '1D': 40 } });
  });

  it('keeps Binance code and msg on a rejection', async () => {
    const { rest: r } = rest([json(400, { code: -1013, msg: 'Filter failure: LOT_SIZE' })]);
    const error = await r.request('spot', 'POST', '/api/v3/order', [], { weight: 1, mutating: true, auth: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BinanceApiError);
    expect(error).toMatchObject({ code: 'ARB_VENUE_REJECTED', venueCode: -1013, venueMessage: 'Filter failure: LOT_SIZE', httpStatus: 400 });
  });

  it('a 5xx on an order is an unknown outcome, on a read a transient error', async () => {
    const { rest: r } = rest([json(503, { code: -1007, msg: 'Timeout waiting for response from backend server.' }), json(500, {})]);
    await expect(r.request('usdm', 'POST', '/fapi/v1/order', [], { weight: 1, mutating: true, auth: true })).rejects.toMatchObject({ code: 'ARB_VENUE_UNKNOWN_OUTCOME', venueCode: -1007 });
    await expect(r.request('usdm', 'GET', '/fapi/v1/openOrders', [], { weight: 1, auth: true })).rejects.toMatchObject({ code: 'ARB_VENUE_TRANSIENT' });
  });

  it('obeys 429 Retry-After: later requests fail fast without being sent until it has passed', async () => {
    const { rest: r, sent, clock } = rest([json(429, { code: -1003, msg: 'Too many requests.' }, { 'Retry-After': '30' }), json(200, [])], { maxRateWaitMs: 1000 });
    await expect(r.request('spot', 'GET', '/api/v3/openOrders', [], { weight: 6, auth: true })).rejects.toMatchObject({ code: 'ARB_VENUE_TRANSIENT', venueCode: -1003, retryAfterMs: 30_000 });
    await expect(r.request('spot', 'GET', '/api/v3/openOrders', [], { weight: 6, auth: true })).rejects.toThrow(/venue rate limit exhausted for 30000 ms; not sent/);
    expect(sent).toHaveLength(1);
    clock.t += 30_001;
    await expect(r.request('spot', 'GET', '/api/v3/openOrders', [], { weight: 6, auth: true })).resolves.toEqual([]);
    expect(r.rate.spot.rateLimited).toBe(1);
  });

  it('a 418 ban pauses the market for Retry-After', async () => {
    const { rest: r } = rest([json(418, { code: -1003, msg: 'Way too many requests; IP banned until 1700000120000.' }, { 'Retry-After': '120' })], { maxRateWaitMs: 1000 });
    await expect(r.request('usdm', 'GET', '/fapi/v2/account', [], { weight: 5, auth: true })).rejects.toThrow(/IP banned/);
    expect(r.rate.usdm.banned).toBe(1);
    expect(r.rate.usdm.pausedUntil).toBe(1_700_000_120_000);
  });

  it('used weight at the limit pauses until the next minute', async () => {
    const { rest: r } = rest([json(200, {}, { 'x-mbx-used-weight-1m': '2400' })], { maxRateWaitMs: 100 });
    await r.request('usdm', 'GET', '/fapi/v2/account', [], { weight: 5, auth: true });
    expect(r.rate.usdm.pausedUntil).toBe(1_700_000_040_000);
    await expect(r.request('usdm', 'GET', '/fapi/v2/account', [], { weight: 5, auth: true })).rejects.toMatchObject({ code: 'ARB_VENUE_TRANSIENT' });
  });

  it('the local order bucket refuses a burst beyond the per-10 s budget', async () => {
    const { rest: r } = rest([json(200, {}), json(200, {})], { ordersPer10s: { spot: 2 }, maxRateWaitMs: 100 });
    await r.request('spot', 'POST', '/api/v3/order', [], { weight: 1, order: true, auth: true });
    await r.request('spot', 'POST', '/api/v3/order', [], { weight: 1, order: true, auth: true });
    await expect(r.request('spot', 'POST', '/api/v3/order', [], { weight: 1, order: true, auth: true })).rejects.toThrow(/request budget exhausted/);
  });

  it('after -1021 it measures the venue clock and signs the next request with it', async () => {
    const { rest: r, sent } = rest([json(400, { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' }), json(200, { serverTime: 1_700_000_009_000 }), json(200, {})]);
    await expect(r.request('usdm', 'POST', '/fapi/v1/order', [], { weight: 1, mutating: true, auth: true })).rejects.toMatchObject({ code: 'ARB_VENUE_TRANSIENT', venueCode: -1021 });
    expect(sent[1]!.url).toBe('http://fut/fapi/v1/time');
    expect(r.clockOffsetMs.usdm).toBe(9000);
    await r.request('usdm', 'POST', '/fapi/v1/order', [], { weight: 1, mutating: true, auth: true });
    expect(sent[2]!.url).toContain('timestamp=1700000009000');
  });
});

