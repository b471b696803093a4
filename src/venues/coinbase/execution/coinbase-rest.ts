/**
 * Signed Coinbase Advanced Trade REST: a fresh JWT per request (`uri` = method, host, path
 * without the query), one shared TokenBucket for the documented private-endpoint limit
 * (30 requests/s), 429 answers waited out (Retry-After) and retried. What happens when an answer
 * does not come back depends on the request: reads are retried and end ARB_VENUE_TRANSIENT;
 * writes (orders, cancels, edits) are never resent and end ARB_VENUE_UNKNOWN_OUTCOME, since
 * Coinbase may have acted. Refusals keep Coinbase's `error` and `message` (ARB_VENUE_REJECTED).
 */
import { ArbiterError, excerpt } from '../../../domain/errors.js';
import { TokenBucket } from '../../shared/token-bucket.js';
import { isRecord } from '../../shared/wire-values.js';
import { buildCoinbaseJwt, type CoinbaseSigningKey } from './coinbase-jwt.js';

/** Documented limit of the private REST endpoints, requests per second. */
export const COINBASE_PRIVATE_REQUESTS_PER_SEC = 30;

export interface CoinbaseRestOptions {
  readonly restUrl: string;
  readonly key: CoinbaseSigningKey;
  readonly timeoutMs?: number;
  /** Shared across clients of one key (default: a bucket of 30, refilled at 30/s). */
  readonly bucket?: TokenBucket;
  /** Attempts after a 429 before giving up with ARB_VENUE_TRANSIENT (default 3). */
  readonly rateLimitRetries?: number;
  /** Wall clock for the JWT times, ms (tests shift it to produce expired tokens). */
  readonly now?: () => number;
}

export interface CoinbaseRestCounters {
  requests: number;
  rateLimited: number;
}

export class CoinbaseRest {
  readonly counters: CoinbaseRestCounters = { requests: 0, rateLimited: 0 };
  private readonly base: URL;
  private readonly bucket: TokenBucket;

  constructor(private readonly options: CoinbaseRestOptions) {
    this.base = new URL(options.restUrl);
    this.bucket = options.bucket ?? new TokenBucket(COINBASE_PRIVATE_REQUESTS_PER_SEC, COINBASE_PRIVATE_REQUESTS_PER_SEC);
  }

  /** A signed GET; query values that are arrays repeat the key (`order_ids=a&order_ids=b`). */
  get(path: string, query: Readonly<Record<string, string | number | readonly string[] | undefined>> = {}): Promise<unknown> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const item of v as readonly string[]) params.append(k, item);
      else params.append(k, String(v));
    }
    return this.send('GET', path, params.size > 0 ? `?${params.toString()}` : '', undefined);
  }

  /** A signed POST of a JSON body; never resent once it may have reached Coinbase. */
  post(path: string, body: unknown): Promise<unknown> {
    return this.send('POST', path, '', body);
  }

  private async send(method: 'GET' | 'POST', path: string, search: string, body: unknown): Promise<unknown> {
    const write = method === 'POST';
    const context = { venue: 'coinbase', method, path };
    let transientLeft = write ? 0 : 2;
    let rateLimitedLeft = this.options.rateLimitRetries ?? 3;
    for (;;) {
      await this.bucket.acquire(1);
      const jwt = buildCoinbaseJwt(this.options.key, { method, host: this.base.host, path, nowSec: (this.options.now ?? Date.now)() / 1000 });
      this.counters.requests++;
      let response: Response;
      let text: string;
      try {
        response = await fetch(new URL(path + search, this.base), {
          method,
          headers: { accept: 'application/json', authorization: `Bearer ${jwt}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
        text = await response.text();
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        if (write) throw new ArbiterError('ARB_VENUE_UNKNOWN_OUTCOME', `coinbase ${method} ${path}: no answer (${why}); reconcile before acting again`, context, { cause: error });
        if (transientLeft-- > 0) continue;
        throw new ArbiterError('ARB_VENUE_TRANSIENT', `coinbase ${method} ${path}: ${why}`, context, { cause: error });
      }
      if (response.status === 429) {
        this.counters.rateLimited++;
        if (rateLimitedLeft-- <= 0) throw new ArbiterError('ARB_VENUE_TRANSIENT', `coinbase ${method} ${path}: rate limited (HTTP 429)`, { ...context, status: 429 });
        const retryAfterSec = Number(response.headers.get('retry-after'));
        await new Promise((r) => setTimeout(r, Number.isFinite(retryAfterSec) && retryAfterSec > 0 ? Math.min(retryAfterSec, 10) * 1000 : 1000));
        continue;
      }
      if (response.status >= 500) {
        if (write) throw new ArbiterError('ARB_VENUE_UNKNOWN_OUTCOME', `coinbase ${method} ${path}: HTTP ${response.status} ${excerpt(text, 120)}; reconcile before acting again`, { ...context, status: response.status });
        if (transientLeft-- > 0) continue;
        throw new ArbiterError('ARB_VENUE_TRANSIENT', `coinbase ${method} ${path}: HTTP ${response.status} ${excerpt(text, 120)}`, { ...context, status: response.status });
      }
      let parsed: unknown;
      try {
        parsed = text === '' ? {} : JSON.parse(text);
      } catch {
        if (!response.ok) throw new ArbiterError('ARB_VENUE_REJECTED', `coinbase ${method} ${path}: HTTP ${response.status} ${excerpt(text, 200)}`, { ...context, status: response.status });
        throw new ArbiterError('ARB_PARSE_FRAME', `coinbase ${method} ${path}: answer is not JSON: ${excerpt(text, 120)}`, context);
      }
      if (!response.ok) {
        const venueError = isRecord(parsed) && typeof parsed.error === 'string' ? parsed.error : null;
        const venueMessage = isRecord(parsed) && typeof parsed.message === 'string' ? parsed.message : excerpt(text, 200);
        throw new ArbiterError('ARB_VENUE_REJECTED', `coinbase ${method} ${path}: HTTP ${response.status} ${venueError ?? ''} ${venueMessage}`.replace(/\s+/g, ' ').trim(), {
          ...context, status: response.status, venueError, venueMessage,
        });
      }
      return parsed;
    }
  }
}
