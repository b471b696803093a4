/**
 * CLOB L2 (API key) authentication: every private REST call carries POLY_ADDRESS, POLY_API_KEY,
 * POLY_PASSPHRASE, POLY_TIMESTAMP (unix seconds) and POLY_SIGNATURE, an HMAC-SHA256 keyed with
 * the base64 API secret over `timestamp + METHOD + path + body`, written in URL-safe base64.
 * The path is signed without its query string, as the official clients do.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface ApiCredentials {
  readonly key: string;
  readonly secret: string;
  readonly passphrase: string;
}

export type L2Headers = Readonly<Record<'POLY_ADDRESS' | 'POLY_SIGNATURE' | 'POLY_TIMESTAMP' | 'POLY_API_KEY' | 'POLY_PASSPHRASE', string>>;

export function polyHmacSignature(secret: string, timestampSec: number, method: string, requestPath: string, body?: string): string {
  const key = Buffer.from(secret.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  const message = `${timestampSec}${method}${requestPath}${body ?? ''}`;
  return createHmac('sha256', key).update(message).digest('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

export function l2Headers(address: string, creds: ApiCredentials, method: string, requestPath: string, body: string | undefined, timestampSec: number): L2Headers {
  return {
    POLY_ADDRESS: address,
    POLY_SIGNATURE: polyHmacSignature(creds.secret, timestampSec, method, requestPath, body),
    POLY_TIMESTAMP: String(timestampSec),
    POLY_API_KEY: creds.key,
    POLY_PASSPHRASE: creds.passphrase,
  };
}

/** Constant-time check of a received POLY_SIGNATURE (the simulator's side). */
export function verifyPolyHmac(secret: string, timestampSec: number, method: string, requestPath: string, body: string | undefined, signature: string): boolean {
  const expected = Buffer.from(polyHmacSignature(secret, timestampSec, method, requestPath, body));
  const got = Buffer.from(signature);
  return expected.length === got.length && timingSafeEqual(expected, got);
}
