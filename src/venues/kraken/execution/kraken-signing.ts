/**
 * Kraken spot REST request signing ("Spot REST Authentication"): `API-Sign` is
 * base64(HMAC-SHA512(uri path + SHA256(nonce + POST data), base64-decoded private key)), sent
 * with the public key in `API-Key`; the nonce travels inside the POST data. The POST data is the
 * exact body sent: form-encoded in Kraken's example, compact JSON in this client.
 */
import { createHash, createHmac } from 'node:crypto';
import { ConfigError } from '../../../domain/errors.js';

/**
 * The `API-Sign` header value.
 * @param uriPath the path from `/0/private/…` on (no host, no query).
 * @param nonce the nonce as written in `postData`.
 * @param postData the request body exactly as sent.
 * @param secretBase64 the private key as Kraken shows it (base64).
 * @throws ConfigError when the private key is not base64.
 */
export function krakenApiSign(uriPath: string, nonce: string, postData: string, secretBase64: string): string {
  const key = decodeKrakenSecret(secretBase64);
  const inner = createHash('sha256').update(nonce + postData, 'utf8').digest();
  return createHmac('sha512', key).update(Buffer.concat([Buffer.from(uriPath, 'utf8'), inner])).digest('base64');
}

/** The private key's bytes. @throws ConfigError (without the value) when it is not base64. */
export function decodeKrakenSecret(secretBase64: string): Buffer {
  const trimmed = secretBase64.trim();
  if (trimmed === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || trimmed.length % 4 !== 0) {
    throw new ConfigError('the Kraken private key is not base64 (copy it exactly as Kraken shows it)', { variable: 'KRAKEN_API_SECRET' });
  }
  return Buffer.from(trimmed, 'base64');
}

/**
 * Strictly increasing nonces without persistence: microseconds since the epoch
 * (`Date.now() × 1000`), or the previous nonce + 1 when that is not larger. Up to 1,000 nonces per
 * millisecond stay on the clock; a burst beyond runs ahead of it and the clock catches up. A
 * restart continues above the last nonce as long as the wall clock has not stepped back by more
 * than the time since it. Concurrent requests may reach Kraken out of order: an API key with a
 * nonce window of 0 then rejects the later-arriving, smaller nonce (`EAPI:Invalid nonce`, nothing
 * done), which the client retries once with a fresh nonce; a key's nonce window lets Kraken accept
 * such reordering within the window.
 */
export class KrakenNonce {
  private last = 0;

  constructor(private readonly nowMs: () => number = Date.now) {}

  next(): number {
    const candidate = Math.floor(this.nowMs()) * 1000;
    this.last = candidate > this.last ? candidate : this.last + 1;
    return this.last;
  }
}
