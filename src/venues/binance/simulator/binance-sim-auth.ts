/**
 * The Binance simulator's request security, as Binance answers it: API key from
 * `X-MBX-APIKEY` (missing or malformed -2014, unknown -2015), `timestamp` and `signature`
 * mandatory (-1102), `recvWindow` at most 60,000 (-1131), the timestamp inside
 * `[serverTime - recvWindow, serverTime + 1000)` (-1021), and the HMAC-SHA256 signature of the
 * query string before `&signature=` (-1022). WebSocket API requests are checked the same way with
 * their params sorted by name.
 */
import { binanceSignature, verifyBinanceSignature } from '../execution/binance-signing.js';

export interface BinanceSimCredentials {
  readonly apiKey: string;
  readonly apiSecret: string;
}

export interface BinanceSimError {
  readonly status: number;
  readonly code: number;
  readonly msg: string;
}

export type AuthOutcome<A> = { readonly ok: true; readonly account: A } | { readonly ok: false; readonly error: BinanceSimError };

const KEY_FORMAT = /^[A-Za-z0-9]{8,128}$/;

export function binanceSimError(status: number, code: number, msg: string): BinanceSimError {
  return { status, code, msg };
}

/** Resolves the API key alone (USER_STREAM endpoints). */
export function authenticateKey<A extends BinanceSimCredentials>(accounts: ReadonlyMap<string, A>, apiKey: string | undefined): AuthOutcome<A> {
  if (apiKey === undefined || !KEY_FORMAT.test(apiKey)) return { ok: false, error: binanceSimError(401, -2014, 'API-key format invalid.') };
  const account = accounts.get(apiKey);
  if (account === undefined) return { ok: false, error: binanceSimError(401, -2015, 'Invalid API-key, IP, or permissions for action.') };
  return { ok: true, account };
}

/** Checks a SIGNED REST request: `query` is the raw query string as received. */
export function authenticateSigned<A extends BinanceSimCredentials>(accounts: ReadonlyMap<string, A>, apiKey: string | undefined, query: string, serverTime: number): AuthOutcome<A> {
  const keyed = authenticateKey(accounts, apiKey);
  if (!keyed.ok) return keyed;
  const params = new URLSearchParams(query);
  const cut = query.lastIndexOf('&signature=');
  const signature = params.get('signature');
  const timing = checkTiming(params.get('timestamp'), params.get('recvWindow'), serverTime);
  if (timing !== null) return { ok: false, error: timing };
  if (signature === null || signature === '' || cut < 0) return { ok: false, error: binanceSimError(400, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.") };
  if (!verifyBinanceSignature(keyed.account.apiSecret, query.slice(0, cut), signature)) return { ok: false, error: binanceSimError(400, -1022, 'Signature for this request is not valid.') };
  return keyed;
}

/** Checks a signed WebSocket API request's params (signature over the others, sorted by name). */
export function authenticateWsParams<A extends BinanceSimCredentials>(accounts: ReadonlyMap<string, A>, params: Record<string, unknown>, serverTime: number): AuthOutcome<A> {
  const keyed = authenticateKey(accounts, typeof params.apiKey === 'string' ? params.apiKey : undefined);
  if (!keyed.ok) return keyed;
  const timing = checkTiming(params.timestamp === undefined ? null : String(params.timestamp), params.recvWindow === undefined ? null : String(params.recvWindow), serverTime);
  if (timing !== null) return { ok: false, error: timing };
  if (typeof params.signature !== 'string') return { ok: false, error: binanceSimError(400, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.") };
  const payload = Object.keys(params).filter((k) => k !== 'signature').sort().map((k) => `${k}=${String(params[k])}`).join('&');
  if (binanceSignature(keyed.account.apiSecret, payload) !== params.signature.toLowerCase()) return { ok: false, error: binanceSimError(400, -1022, 'Signature for this request is not valid.') };
  return keyed;
}

function checkTiming(timestampText: string | null, recvWindowText: string | null, serverTime: number): BinanceSimError | null {
  const timestamp = Number(timestampText);
  if (timestampText === null || timestampText === '' || !Number.isInteger(timestamp)) {
    return binanceSimError(400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
  }
  const recvWindow = recvWindowText === null ? 5000 : Number(recvWindowText);
  if (!Number.isFinite(recvWindow) || recvWindow <= 0 || recvWindow > 60_000) return binanceSimError(400, -1131, 'recvWindow must be less than 60000');
  if (timestamp >= serverTime + 1000) return binanceSimError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
  if (serverTime - timestamp > recvWindow) return binanceSimError(400, -1021, 'Timestamp for this request is outside of the recvWindow.');
  return null;
}
