import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../engine/logger.js';
import { KrakenExecutionClient } from './kraken-execution-client.js';

describe('KrakenExecutionClient.fromEnv', () => {
  it('names the missing variable', () => {
    expect(() => KrakenExecutionClient.fromEnv({ logger: silentLogger }, { env: {} })).toThrow(/KRAKEN_API_KEY/);
    expect(() => KrakenExecutionClient.fromEnv({ logger: silentLogger }, { env: { KRAKEN_API_KEY: 'public-key' } })).toThrow(/KRAKEN_API_SECRET/);
  });

  it('refuses a private key that is not base64 without repeating it', () => {
    const secret = 'definitely-not-base64!!';
    let message = '';
    try {
      KrakenExecutionClient.fromEnv({ logger: silentLogger }, { env: { KRAKEN_API_KEY: 'public-key', KRAKEN_API_SECRET: secret } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/not base64/);
    expect(message).not.toContain(secret);
  });

  it('builds a client from valid variables without connecting', async () => {
    const client = KrakenExecutionClient.fromEnv({ logger: silentLogger }, { env: { KRAKEN_API_KEY: 'public-key', KRAKEN_API_SECRET: Buffer.alloc(64, 7).toString('base64') } });
    expect(client.venue).toBe('kraken');
    expect(client.isOpen).toBe(false);
    await client.close();
    await expect(client.start()).rejects.toThrow(/closed/);
  });
});
