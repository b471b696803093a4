/**
 * `public/auth` parameters. `client_credentials` sends the client id and secret (simplest);
 * `client_signature` sends an HMAC-SHA256 of `timestamp + "\n" + nonce + "\n" + data` keyed by the
 * secret, hex-encoded, so the secret never leaves the process (docs.deribit.com, Authentication).
 * Nothing here logs or stores the secret.
 */
import { createHmac, randomBytes } from 'node:crypto';

export type DeribitAuthMethod = 'client_credentials' | 'client_signature';

export interface DeribitCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** hex(HMAC-SHA256(secret, `${timestamp}\n${nonce}\n${data}`)). */
export function deribitSignature(clientSecret: string, timestamp: number, nonce: string, data = ''): string {
  return createHmac('sha256', clientSecret).update(`${timestamp}\n${nonce}\n${data}`).digest('hex');
}

/** The `params` of a `public/auth` request for `method`, signed at `nowMs` when signing. */
export function deribitAuthParams(credentials: DeribitCredentials, method: DeribitAuthMethod, nowMs: number, nonce = randomBytes(8).toString('hex')): Record<string, unknown> {
  if (method === 'client_credentials') {
    return { grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret };
  }
  const timestamp = Math.floor(nowMs);
  return {
    grant_type: 'client_signature',
    client_id: credentials.clientId,
    timestamp,
    nonce,
    data: '',
    signature: deribitSignature(credentials.clientSecret, timestamp, nonce, ''),
  };
}
