import { describe, expect, it } from 'vitest';
import { deriveCredentialsFromEnv } from './derive-credentials.js';

const KEY = '2ae8be44db8a590d20bffbe3b6872df9b569147d3bf6801a35a28281a4816bbd';

describe('deriveCredentialsFromEnv', () => {
  it('reads the three variables and normalises the key and wallet', () => {
    const c = deriveCredentialsFromEnv({ env: { DERIVE_SESSION_KEY: KEY, DERIVE_WALLET: '0x9135ba0f495244dc0a5f029b25cde95157db89ad', DERIVE_SUBACCOUNT_ID: '30769' } });
    expect(c).toEqual({ sessionKey: `0x${KEY}`, wallet: '0x9135BA0f495244dc0A5F029b25CDE95157Db89AD', subaccountId: 30769 });
  });

  it('names the missing variable, never the secret', () => {
    expect(() => deriveCredentialsFromEnv({ env: { DERIVE_SESSION_KEY: KEY } })).toThrow(/DERIVE_WALLET/);
    try {
      deriveCredentialsFromEnv({ env: { DERIVE_SESSION_KEY: 'nothex', DERIVE_WALLET: '0x9135ba0f495244dc0a5f029b25cde95157db89ad', DERIVE_SUBACCOUNT_ID: '1' } });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).toMatch(/DERIVE_SESSION_KEY/);
      expect(String(error)).not.toMatch(/nothex/);
    }
    expect(() => deriveCredentialsFromEnv({ env: { DERIVE_SESSION_KEY: KEY, DERIVE_WALLET: '0x9135ba0f495244dc0a5f029b25cde95157db89ad', DERIVE_SUBACCOUNT_ID: 'x' } })).toThrow(/DERIVE_SUBACCOUNT_ID/);
  });
});
