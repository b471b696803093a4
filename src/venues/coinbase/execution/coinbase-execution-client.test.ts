import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OrderRequest } from '../../../domain/order.js';
import { silentLogger } from '../../../engine/logger.js';
import { CoinbaseExecutionClient } from './coinbase-execution-client.js';

const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
// Nothing listens here: every check below must fail before a request is sent.
const options = { logger: silentLogger, restUrl: 'http://127.0.0.1:9', userWsUrl: 'ws://127.0.0.1:9/user' };

function order(over: Partial<OrderRequest>): OrderRequest {
  return { clientOrderId: 'c1', venue: 'coinbase', symbol: 'BTC-USD', side: 'buy', type: 'limit', quantity: 1, price: 100, timeInForce: 'gtc', postOnly: false, reduceOnly: false, expireAtMs: null, ...over };
}

describe('CoinbaseExecutionClient', () => {
  it('takes its key from the environment and names what is missing or malformed, never the value', () => {
    expect(() => CoinbaseExecutionClient.fromEnv(options, { env: {} })).toThrow(/COINBASE_API_KEY_NAME/);
    expect(() => CoinbaseExecutionClient.fromEnv(options, { env: { COINBASE_API_KEY_NAME: 'organizations/o/apiKeys/k' } })).toThrow(/COINBASE_API_PRIVATE_KEY/);
    const secret = 'not-a-key-but-secret-looking';
    let message = '';
    try {
      CoinbaseExecutionClient.fromEnv(options, { env: { COINBASE_API_KEY_NAME: 'organizations/o/apiKeys/k', COINBASE_API_PRIVATE_KEY: secret } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/Ed25519 key must decode to 64 bytes/);
    expect(message).not.toContain(secret);
    expect(CoinbaseExecutionClient.fromEnv(options, { env: { COINBASE_API_KEY_NAME: 'organizations/o/apiKeys/k', COINBASE_API_PRIVATE_KEY: pem } }).venue).toBe('coinbase');
  });

  it('refuses what Coinbase spot cannot do before sending anything', async () => {
    const client = CoinbaseExecutionClient.fromEnv(options, { env: { COINBASE_API_KEY_NAME: 'k', COINBASE_API_PRIVATE_KEY: pem } });
    await expect(client.submit(order({ reduceOnly: true }))).rejects.toMatchObject({ code: 'ARB_NOT_SUPPORTED' });
    await expect(client.submit(order({ postOnly: true, timeInForce: 'ioc' }))).rejects.toMatchObject({ code: 'ARB_NOT_SUPPORTED' });
    await expect(client.submit(order({ type: 'market', price: null, timeInForce: 'fok' }))).rejects.toMatchObject({ code: 'ARB_NOT_SUPPORTED' });
    await expect(client.submit(order({ venue: 'kraken' }))).rejects.toMatchObject({ code: 'ARB_INPUT_INVALID' });
    await expect(client.submit(order({ price: null }))).rejects.toThrow(/needs a price/);
    await expect(client.submit(order({ timeInForce: 'gtd', expireAtMs: null }))).rejects.toThrow(/expireAtMs in the future/);
    await expect(client.submit(order({ clientOrderId: '' }))).rejects.toThrow(/1 to 128 characters/);
    await expect(client.amend('c1', {})).rejects.toThrow(/nothing to change/);
    expect(client.rest.counters.requests).toBe(0);
    await client.close();
  });
});
