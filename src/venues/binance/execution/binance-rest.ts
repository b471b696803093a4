/**
 * Binance's REST transport for order entry, spot (`/api/v3`) and USDⓈ-M (`/fapi`): signed
 * requests (parameters in sent order, then `recvWindow`, `timestamp`, `signature`, all in the
 * query string; key in `X-MBX-APIKEY`), API-key-only requests (listenKey), and rate limiting:
 * a TokenBucket per market for request weight (spot 6,000/min, USDⓈ-M 2,400/min) and for orders
 * (spot 100/10 s, USDⓈ-M 300/10 s), plus what the venue says: `X-MBX-USED-WEIGHT-1M` at the
 * limit pauses that market until the next minute, `X-MBX-ORDER-COUNT-*` is recorded, and a 429
 * or 418 (IP ban) pauses it for `Retry-After` seconds. A request that would wait longer than
 * `maxRateWaitMs` fails with ARB_VENUE_TRANSIENT without being sent. A -1021 (timestamp outside
 * recvWindow) re-measures the clock offset from `GET /api/v3/time` / `/fapi/v1/time` before the
 * error is thrown, so a retry is signed with the venue's time. Errors name the path,
 * never the query (which carries the signature) or the key.
 */
import { ArbiterError } from '../../../domain/errors.js';
import { TokenBucket } from '../../shared/token-bucket.js';
import type { BinanceMarket } from '../parse/binance-symbols.js';
import { binanceHttpError } from './binance-errors.js';
import { binanceQueryString, signBinanceQuery, type BinanceParam } from './binance-signing.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface BinanceRestOptions {
  readonly spotRestUrl: string;
  readonly futuresRestUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  /** Default 5,000 ms (Binance's default; at most 60,000). */
  readonly recvWindowMs?: number;
  readonly timeoutMs?: number;
  /** Longest wait for a rate-limit window before failing (default 10 s). */
  readonly maxRateWaitMs?: number;
  readonly weightPerMinute?: Partial<Record<BinanceMarket, number>>;
  readonly ordersPer10s?: Partial<Record<BinanceMarket, number>>;
  readonly now?: () => number;
  /** Injected in unit tests. */
  readonly fetch?: typeof fetch;
}

export interface BinanceRequestSpec {
  /** Request weight (Binance's documented weight of the endpoint). */
  readonly weight: number;
  /** Counts against the order-rate limit (new, modify, cancel-replace). */
  readonly order?: boolean;
  /** Places, changes or cancels orders: a lost or 5xx answer is an unknown outcome. */
  readonly mutating?: boolean;
  /** true: signed (TRADE / USER_DATA); 'key': API key only (USER_STREAM). */
  readonly auth: true | 'key';
}

export interface BinanceRateState {
  usedWeight1m: number | null;
  /** Latest X-MBX-ORDER-COUNT-* values by interval (`10S`, `1M`, `1D`). */
  orderCounts: Record<string, number>;
  pausedUntil: number;
  rateLimited: number;
  banned: number;
}

const DEFAULT_WEIGHT: Readonly<Record<BinanceMarket, number>> = { spot: 6000, usdm: 2400 };
const DEFAULT_ORDERS: Readonly<Record<BinanceMarket, number>> = { spot: 100, usdm: 300 };

export class BinanceRest {
  readonly rate: Record<BinanceMarket, BinanceRateState> = { spot: emptyRate(), usdm: emptyRate() };
  private readonly weight: Record<BinanceMarket, TokenBucket>;
  private readonly orders: Record<BinanceMarket, TokenBucket>;
  /** Venue clock minus local clock, per market (from the time endpoint after a -1021). */
  readonly clockOffsetMs: Record<BinanceMarket, number> = { spot: 0, usdm: 0 };
  private readonly now: () => number;

  constructor(private readonly options: BinanceRestOptions) {
    this.now = options.now ?? Date.now;
    const w = (m: BinanceMarket): number => options.weightPerMinute?.[m] ?? DEFAULT_WEIGHT[m];
    const o = (m: BinanceMarket): number => options.ordersPer10s?.[m] ?? DEFAULT_ORDERS[m];
    this.weight = { spot: new TokenBucket(w('spot'), w('spot') / 60, this.now), usdm: new TokenBucket(w('usdm'), w('usdm') / 60, this.now) };
    this.orders = { spot: new TokenBucket(o('spot'), o('spot') / 10, this.now), usdm: new TokenBucket(o('usdm'), o('usdm') / 10, this.now) };
  }

  get apiKey(): string {
    return this.options.apiKey;
  }

  /**
   * Sends one request and returns the decoded JSON answer.
   * @throws BinanceApiError with Binance's code: ARB_VENUE_REJECTED, ARB_VENUE_TRANSIENT (429/418,
   * retryable codes), ARB_VENUE_UNKNOWN_OUTCOME (mutating request with a 5xx or lost answer).
   * @throws ArbiterError ARB_VENUE_TRANSIENT when a rate-limit wait would exceed maxRateWaitMs (nothing sent).
   */
  async request<T = unknown>(market: BinanceMarket, method: HttpMethod, path: string, params: readonly BinanceParam[], spec: BinanceRequestSpec): Promise<T> {
    await this.awaitCapacity(market, path, spec);
    const base = (market === 'spot' ? this.options.spotRestUrl : this.options.futuresRestUrl).replace(/\/$/, '');
    const query = spec.auth === true
      ? signBinanceQuery(params, this.options.apiSecret, this.now() + this.clockOffsetMs[market], this.options.recvWindowMs ?? 5000).query
      : binanceQueryString(params);
    const url = query === '' ? `${base}${path}` : `${base}${path}?${query}`;
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(url, {
        method,
        headers: { 'X-MBX-APIKEY': this.options.apiKey, accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      const refused = (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
      const code = spec.mutating && !refused ? 'ARB_VENUE_UNKNOWN_OUTCOME' : 'ARB_VENUE_TRANSIENT';
      throw new ArbiterError(code, `binance ${method} ${path}: ${refused ? 'connection refused' : 'no answer'} (${error instanceof Error ? error.name : 'error'})`, { venue: 'binance', path }, { cause: error });
    }
    const text = await response.text().catch(() => '');
    this.readRateHeaders(market, response);
    if (!response.ok) {
      const retryAfterSec = Number(response.headers.get('retry-after'));
      const retryAfterMs = Number.isFinite(retryAfterSec) && retryAfterSec > 0 ? retryAfterSec * 1000 : null;
      const state = this.rate[market];
      if (response.status === 429 || response.status === 418) {
        if (response.status === 429) state.rateLimited++;
        else state.banned++;
        // A 429 for the order count comes without Retry-After: wait for the 10 s window.
        state.pausedUntil = Math.max(state.pausedUntil, this.now() + (retryAfterMs ?? 10_000));
      }
      const error = binanceHttpError(response.status, text, method, path, spec.mutating === true, retryAfterMs);
      if (error.venueCode === -1021) await this.syncClock(market, base);
      throw error;
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ArbiterError(spec.mutating ? 'ARB_VENUE_UNKNOWN_OUTCOME' : 'ARB_PARSE_FRAME', `binance ${method} ${path}: answer is not JSON`, { venue: 'binance', path });
    }
  }

  /** Measures the venue's clock against ours (half the round trip counted); a failure keeps the old offset. */
  private async syncClock(market: BinanceMarket, base: string): Promise<void> {
    try {
      const t0 = this.now();
      const response = await (this.options.fetch ?? fetch)(`${base}${market === 'spot' ? '/api/v3/time' : '/fapi/v1/time'}`, { method: 'GET', signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000) });
      const body = (await response.json()) as { serverTime?: unknown };
      const t1 = this.now();
      if (typeof body.serverTime === 'number') this.clockOffsetMs[market] = Math.round(body.serverTime - (t0 + t1) / 2);
    } catch {
      // keep the previous offset; the caller sees the -1021 and may retry
    }
  }

  private async awaitCapacity(market: BinanceMarket, path: string, spec: BinanceRequestSpec): Promise<void> {
    const max = this.options.maxRateWaitMs ?? 10_000;
    const state = this.rate[market];
    let waitMs = Math.max(0, state.pausedUntil - this.now());
    if (waitMs > max) throw this.tooLong(path, waitMs, 'venue rate limit');
    waitMs = Math.max(waitMs, this.weight[market].take(spec.weight));
    if (spec.order) waitMs = Math.max(waitMs, this.orders[market].take(1));
    if (waitMs > max) throw this.tooLong(path, waitMs, 'request budget');
    if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
  }

  private tooLong(path: string, waitMs: number, what: string): ArbiterError {
    return new ArbiterError('ARB_VENUE_TRANSIENT', `binance ${path}: ${what} exhausted for ${Math.ceil(waitMs)} ms; not sent`, { venue: 'binance', path, waitMs: Math.ceil(waitMs) });
  }

  private readRateHeaders(market: BinanceMarket, response: Response): void {
    const state = this.rate[market];
    const used = response.headers.get('x-mbx-used-weight-1m');
    if (used !== null && Number.isFinite(Number(used))) {
      state.usedWeight1m = Number(used);
      const limit = this.options.weightPerMinute?.[market] ?? DEFAULT_WEIGHT[market];
      if (state.usedWeight1m >= limit) {
        const t = this.now();
        state.pausedUntil = Math.max(state.pausedUntil, t - (t % 60_000) + 60_000);
      }
    }
    response.headers.forEach((value, name) => {
      const m = /^x-mbx-order-count-(\w+)$/i.exec(name);
      if (m && Number.isFinite(Number(value))) state.orderCounts[m[1]!.toUpperCase()] = Number(value);
    });
  }
}

function emptyRate(): BinanceRateState {
  return { usedWeight1m: null, orderCounts: {}, pausedUntil: 0, rateLimited: 0, banned: 0 };
}
