import { describe, expect, it } from 'vitest';
import { deribitAuthParams, deribitSignature } from './deribit-auth.js';

describe('Deribit public/auth parameters', () => {
  it('signs timestamp\\nnonce\\ndata with HMAC-SHA256 as the published example does', () => {
    expect(deribitSignature('AMANDASECRECT', 1576074319000, '1iqt2wls', '')).toBe('56590594f97921b09b18f166befe0d1319b198bbcdad7ca73382de2f88fe9aa1');
  });

  it('builds client_signature params without the secret, and client_credentials params with it', () => {
    const signed = deribitAuthParams({ clientId: 'AMANDA', clientSecret: 'AMANDASECRECT' }, 'client_signature', 1576074319000, '1iqt2wls');
    expect(signed).toEqual({
      grant_type: 'client_signature', client_id: 'AMANDA', timestamp: 1576074319000, nonce: '1iqt2wls', data: '',
      signature: '56590594f97921b09b18f166befe0d1319b198bbcdad7ca73382de2f88fe9aa1',
    });
    expect(JSON.stringify(signed)).not.toContain('AMANDASECRECT');
    expect(deribitAuthParams({ clientId: 'id', clientSecret: 's' }, 'client_credentials', 0)).toEqual({ grant_type: 'client_credentials', client_id: 'id', client_secret: 's' });
    const a = deribitAuthParams({ clientId: 'id', clientSecret: 's' }, 'client_signature', 1);
    const b = deribitAuthParams({ clientId: 'id', clientSecret: 's' }, 'client_signature', 1);
    expect(a.nonce).not.toBe(b.nonce);
  });
});
