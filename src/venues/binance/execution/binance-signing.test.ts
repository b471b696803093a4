import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binanceSignature, signBinanceQuery, signBinanceWsParams, verifyBinanceSignature } from './binance-signing.js';

interface Example {
  secretKey: string;
  params: Array<[string, string]>;
  queryString: string;
  signature: string;
  mixed: { queryString: string; requestBody: string; signature: string };
}
const example = JSON.parse(readFileSync(new URL('../fixtures/signing-examples.json', import.meta.url), 'utf8')) as Example;

describe('Binance HMAC-SHA256 signing', () => {
  it('reproduces the documented POST /api/v3/order signature (query string)', () => {
    const params = example.params.filter(([k]) => k !== 'recvWindow' && k !== 'timestamp');
    const signed = signBinanceQuery(params, example.secretKey, 1499827319559, 5000);
    expect(signed.signature).toBe(example.signature);
    expect(signed.query).toBe(`${example.queryString}&signature=${example.signature}`);
  });

  it('reproduces the documented mixed query + body signature (no & between the two)', () => {
    expect(binanceSignature(example.secretKey, example.mixed.queryString + example.mixed.requestBody)).toBe(example.mixed.signature);
  });

  it('verifies case-insensitively and refuses a changed parameter or a malformed signature', () => {
    expect(verifyBinanceSignature(example.secretKey, example.queryString, example.signature.toUpperCase())).toBe(true);
    expect(verifyBinanceSignature(example.secretKey, example.queryString.replace('price=0.1', 'price=0.2'), example.signature)).toBe(false);
    expect(verifyBinanceSignature(example.secretKey, example.queryString, 'abc')).toBe(false);
  });

  it('signs WebSocket API params sorted by name', () => {
    const signed = signBinanceWsParams({ timestamp: 1499827319559, apiKey: 'k1', recvWindow: 5000 }, 's');
    expect(signed.signature).toBe(binanceSignature('s', 'apiKey=k1&recvWindow=5000&timestamp=1499827319559'));
  });
});
