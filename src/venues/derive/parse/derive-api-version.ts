/**
 * Every difference between Derive's v2 API (Lyra hosts) and the current v3 API lives here, so
 * the rest of the adapter is version-free. The version is picked by host: `api.lyra.finance` /
 * `api-demo.lyra.finance` are v2; `api.derive.xyz/v3` / `testnet.api.derive.xyz/v3` (and any URL
 * whose path starts with `/v3`, such as the simulator) are v3.
 *
 * Differences handled (docs.derive.xyz "Migration skill…/breaking changes", the v3 AsyncAPI and
 * OpenAPI specs):
 * - paths: v3 serves WebSocket at `/v3/ws` and HTTP POST under `/v3/<method>`; v2 at `/ws` and `/<method>`.
 * - instruments: v3 `public/get_all_instruments` (paginated `{instruments, pagination}`); v2
 *   `public/get_instruments` (a bare array).
 * - order-book levels: v3 `{price, amount}` objects; v2 `[price, amount]` pairs.
 * - REST auth headers: v3 `X-DeriveWallet|Timestamp|Signature`; v2 `X-LyraWallet|…`.
 * - action nonces: v3 a UTC timestamp in nanoseconds sent as a string; v2 milliseconds × 1000 +
 *   a 3-digit counter, sent as a number.
 * - tickers: v3 wraps the slim ticker as `{timestamp, instrument_ticker}`; older frames were
 *   flat with verbose names (`best_bid_price` …). Both are read.
 */
import { ArbiterError } from '../../../domain/errors.js';
import { frameError, isRecord } from '../../shared/wire-values.js';

export type DeriveApiVersion = 'v2' | 'v3';

export interface DeriveAuthHeaderNames {
  readonly wallet: string;
  readonly timestamp: string;
  readonly signature: string;
}

export interface DeriveApiProfile {
  readonly version: DeriveApiVersion;
  /** JSON-RPC method that lists instruments for a currency and type. */
  readonly instrumentsMethod: 'public/get_all_instruments' | 'public/get_instruments';
  readonly authHeaders: DeriveAuthHeaderNames;
  /** Params for one page of the instrument list. */
  instrumentsParams(currency: string, instrumentType: string, page: number, pageSize: number): Record<string, unknown>;
  /** The instruments of one answer and how many pages there are in all. */
  instrumentsPage(result: unknown): { readonly instruments: readonly unknown[]; readonly numPages: number };
  /** A fresh action nonce as it goes on the wire (and, as a bigint, into the signed hash). */
  nonce(nowMs: number, sequence: number): { readonly wire: string | number; readonly value: bigint };
}

const V3: DeriveApiProfile = {
  version: 'v3',
  instrumentsMethod: 'public/get_all_instruments',
  authHeaders: { wallet: 'X-DeriveWallet', timestamp: 'X-DeriveTimestamp', signature: 'X-DeriveSignature' },
  instrumentsParams: (currency, instrumentType, page, pageSize) => ({ currency, instrument_type: instrumentType, expired: false, page, page_size: pageSize }),
  instrumentsPage(result) {
    if (!isRecord(result) || !Array.isArray(result.instruments)) throw frameError('derive', 'get_all_instruments result has no instruments[]');
    const pagination = result.pagination;
    const numPages = isRecord(pagination) && typeof pagination.num_pages === 'number' ? pagination.num_pages : 1;
    return { instruments: result.instruments, numPages };
  },
  // Nanoseconds since the epoch exceed 2^53, so the nonce is a bigint and a decimal string on the wire.
  nonce(nowMs, sequence) {
    const value = BigInt(Math.floor(nowMs)) * 1_000_000n + BigInt(sequence % 1_000_000);
    return { wire: value.toString(), value };
  },
};

const V2: DeriveApiProfile = {
  version: 'v2',
  instrumentsMethod: 'public/get_instruments',
  authHeaders: { wallet: 'X-LyraWallet', timestamp: 'X-LyraTimestamp', signature: 'X-LyraSignature' },
  instrumentsParams: (currency, instrumentType) => ({ currency, instrument_type: instrumentType, expired: false }),
  instrumentsPage(result) {
    if (!Array.isArray(result)) throw frameError('derive', 'get_instruments result is not an array');
    return { instruments: result, numPages: 1 };
  },
  nonce(nowMs, sequence) {
    const n = Math.floor(nowMs) * 1000 + (sequence % 1000);
    return { wire: n, value: BigInt(n) };
  },
};

/** The profile for a version. */
export function deriveApiProfile(version: DeriveApiVersion): DeriveApiProfile {
  return version === 'v3' ? V3 : V2;
}

/** v2 for the Lyra hosts, v3 otherwise (derive.xyz `/v3` hosts, loopback simulators under `/v3`). */
export function deriveApiVersionForUrl(url: string): DeriveApiVersion {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ArbiterError('ARB_CONFIG_INVALID', `Derive URL "${url}" is not a URL`, { venue: 'derive' });
  }
  if (parsed.hostname.endsWith('lyra.finance')) return 'v2';
  if (parsed.pathname.startsWith('/v3')) return 'v3';
  if (parsed.hostname.endsWith('derive.xyz')) return 'v3';
  return 'v2';
}

export function deriveApiProfileForUrl(url: string): DeriveApiProfile {
  return deriveApiProfile(deriveApiVersionForUrl(url));
}

/** REST base for a WebSocket URL of either version: `wss://host/v3/ws` → `https://host/v3`. */
export function deriveRestBaseForWsUrl(wsUrl: string): string {
  const u = new URL(wsUrl);
  const protocol = u.protocol === 'wss:' ? 'https:' : 'http:';
  const path = u.pathname.replace(/\/ws\/?$/, '');
  return `${protocol}//${u.host}${path}`;
}

/**
 * One order-book level as `[price, amount]` text: v3 sends `{price, amount}`, v2 `[price, amount]`.
 * Returns undefined when the level has neither shape.
 */
export function deriveBookLevel(level: unknown): readonly [unknown, unknown] | undefined {
  if (Array.isArray(level)) return level.length === 2 ? [level[0], level[1]] : undefined;
  if (isRecord(level)) return [level.price, level.amount];
  return undefined;
}

/**
 * The slim ticker object and its timestamp: v3/v2 `{timestamp, instrument_ticker:{…}}`, or a flat
 * legacy ticker (the seed's fallback) carrying its own `t`/`timestamp`.
 */
export function deriveTickerBody(data: Record<string, unknown>): { readonly ticker: Record<string, unknown>; readonly timestamp: unknown } {
  const nested = data.instrument_ticker;
  if (isRecord(nested)) return { ticker: nested, timestamp: data.timestamp ?? nested.t };
  return { ticker: data, timestamp: data.t ?? data.timestamp };
}

/** Slim key first, then the verbose legacy name. */
export function deriveTickerField(t: Record<string, unknown>, slim: string, verbose: string): unknown {
  const v = t[slim];
  return v === undefined ? t[verbose] : v;
}
