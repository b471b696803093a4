import { describe, expect, it } from 'vitest';
import { signBinanceQuery, signBinanceWsParams } from '../execution/binance-signing.js';
import { authenticateSigned, authenticateWsParams } from './binance-sim-auth.js';

const accounts = new Map([['simKey00001', { apiKey: 'simKey00001', apiSecret: 'secret' }]]);
const NOW = 1_700_000_000_000;
const query = (ts: number, recvWindow = 5000, secret = 'secret'): string => signBinanceQuery([['symbol', 'BTCUSDT']], secret, ts, recvWindow).query;
const code = (outcome: ReturnType<typeof authenticateSigned>): number | null => (outcome.ok ? null : outcome.error.code);

describe('Binance simulator request security', () => {
  it('accepts a correctly signed request inside the window', () => {
    expect(code(authenticateSigned(accounts, 'simKey00001', query(NOW - 100), NOW))).toBeNull();
  });

  it('answers Binance codes: -2014 malformed key, -2015 unknown key, -1022 bad signature', () => {
    expect(code(authenticateSigned(accounts, 'bad key!', query(NOW), NOW))).toBe(-2014);
    expect(code(authenticateSigned(accounts, undefined, query(NOW), NOW))).toBe(-2014);
    expect(code(authenticateSigned(accounts, 'otherKey0001', query(NOW), NOW))).toBe(-2015);
    expect(code(authenticateSigned(accounts, 'simKey00001', query(NOW, 5000, 'other'), NOW))).toBe(-1022);
    expect(code(authenticateSigned(accounts, 'simKey00001', query(NOW).replace('BTCUSDT', 'ETHUSDT'), NOW))).toBe(-1022);
  });

  it('enforces timestamp and recvWindow (-1021, -1131, -1102)', () => {
    expect(code(authenticateSigned(accounts, 'simKey00001', query(NOW - 5001), NOW))).toBe(-1021);
    expect(code(authenticateSigned(accounts, 'simKey00001', query(NOW + 1000), NOW))).toBe(-1021);
    expect(code(authenticateSigned(accounts, 'simKey00001', query(NOW, 60_001), NOW))).toBe(-1131);
    expect(code(authenticateSigned(accounts, 'simKey00001', 'symbol=BTCUSDT', NOW))).toBe(-1102);
    expect(code(authenticateSigned(accounts, 'simKey00001', `symbol=BTCUSDT&timestamp=${NOW}`, NOW))).toBe(-1102);
  });

  it('checks WebSocket API params signed in sorted order', () => {
    const params = signBinanceWsParams({ apiKey: 'simKey00001', timestamp: NOW, recvWindow: 5000 }, 'secret');
    expect(authenticateWsParams(accounts, params, NOW).ok).toBe(true);
    expect(authenticateWsParams(accounts, { ...params, timestamp: NOW - 1 }, NOW)).toMatchObject({ ok: false, error: { code: -1022 } });
  });
});
