/**
 * Finnhub endpoints and the API key. The key comes from FINNHUB_API_KEY (or FINNHUB_API_KEY_FILE,
 * a file outside the repository, mode 600) through the shared credential reader; without one the
 * caller gets a ConfigError saying how to set it. There is no synthetic fallback.
 */
import { requireCredential, type CredentialOptions } from '../shared/credentials.js';

export const FINNHUB_REST_URL = 'https://finnhub.io/api/v1';
export const FINNHUB_WS_URL = 'wss://ws.finnhub.io';
export const FINNHUB_KEY_VARIABLE = 'FINNHUB_API_KEY';
/** Free tier: 60 calls per minute. */
export const FINNHUB_FREE_CALLS_PER_MINUTE = 60;

export interface FinnhubEndpoints {
  /** REST base including `/api/v1`. */
  readonly restUrl: string;
  readonly wsUrl: string;
}

/**
 * Endpoints for a base URL: `https://finnhub.io` (default) or a simulator's `http://127.0.0.1:PORT`.
 * The REST base is `<base>/api/v1`; the WebSocket URL is the base with ws(s).
 */
export function finnhubEndpoints(baseUrl?: string): FinnhubEndpoints {
  if (baseUrl === undefined) return { restUrl: FINNHUB_REST_URL, wsUrl: FINNHUB_WS_URL };
  const url = new URL(baseUrl);
  const root = url.origin;
  return { restUrl: `${root}/api/v1`, wsUrl: root.replace(/^http/, 'ws') };
}

/** @throws ConfigError naming FINNHUB_API_KEY / FINNHUB_API_KEY_FILE when no key is set. */
export function requireFinnhubKey(options: CredentialOptions = {}): string {
  return requireCredential(FINNHUB_KEY_VARIABLE, 'Finnhub market data (a free key: https://finnhub.io/register)', options);
}
