/**
 * Binance request signing (HMAC-SHA256 API keys). REST: the signature is the hex HMAC of the
 * exact `totalParams` sent (query string, then body, concatenated without a separator), with
 * `recvWindow` and `timestamp` among the parameters, appended as `signature`; the key travels in
 * the `X-MBX-APIKEY` header. WebSocket API: the parameters (apiKey, timestamp, …) sorted by name
 * and joined as a query string, signed the same way, `signature` added to `params`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type BinanceParam = readonly [name: string, value: string];

export interface SignedBinanceQuery {
  /** The query string as sent, `signature` last. */
  readonly query: string;
  readonly signature: string;
}

/** Hex HMAC-SHA256 of `payload` with the API secret. */
export function binanceSignature(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

/**
 * `name=value&…` in the given order, form-encoded as URLSearchParams writes it (letters, digits
 * and `*-._` pass unchanged), so the string signed is byte for byte the string sent.
 */
export function binanceQueryString(params: readonly BinanceParam[]): string {
  return new URLSearchParams(params.map(([k, v]): [string, string] => [k, v])).toString();
}

/**
 * Adds `recvWindow` and `timestamp` after `params` (in sent order), signs the resulting query
 * string and appends `signature`.
 */
export function signBinanceQuery(params: readonly BinanceParam[], secret: string, timestampMs: number, recvWindowMs: number): SignedBinanceQuery {
  const unsigned = binanceQueryString([...params, ['recvWindow', String(recvWindowMs)], ['timestamp', String(Math.floor(timestampMs))]]);
  const signature = binanceSignature(secret, unsigned);
  return { query: `${unsigned}&signature=${signature}`, signature };
}

/** WebSocket API params: every entry sorted by name, signed, with `signature` added. */
export function signBinanceWsParams(params: Readonly<Record<string, string | number>>, secret: string): Record<string, string | number> {
  const names = Object.keys(params).filter((k) => k !== 'signature').sort();
  const payload = names.map((k) => `${k}=${String(params[k])}`).join('&');
  return { ...params, signature: binanceSignature(secret, payload) };
}

/**
 * Checks a received query (simulator side): the signature over everything before
 * `&signature=` (plus the body, if any), compared case-insensitively in constant time.
 */
export function verifyBinanceSignature(secret: string, totalParams: string, signature: string): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(signature)) return false;
  const expected = Buffer.from(binanceSignature(secret, totalParams), 'hex');
  return timingSafeEqual(expected, Buffer.from(signature.toLowerCase(), 'hex'));
}
