/**
 * Finnhub REST: quotes and candles through one FIFO queue that keeps to the plan's calls per
 * minute. The key travels in the `X-Finnhub-Token` header (never in the URL, so it cannot leak
 * into logs or error messages). A 429 pauses the queue for Retry-After and retries the call.
 */
import { ArbiterError, excerpt } from '../../../domain/errors.js';
import { FINNHUB_FREE_CALLS_PER_MINUTE, FINNHUB_REST_URL } from '../config.js';
import { parseFinnhubSymbol } from '../finnhub-symbol.js';
import { FINNHUB_RESOLUTIONS, parseFinnhubCandles, type FinnhubCandles, type FinnhubResolution } from '../parse/parse-candles.js';
import { parseFinnhubQuote, type FinnhubQuote } from '../parse/parse-quote.js';
import { RequestQueue, RetryAfter } from './request-queue.js';

export interface FinnhubRestClientOptions {
  readonly apiKey: string;
  /** REST base including `/api/v1`. */
  readonly restUrl?: string;
  readonly callsPerMinute?: number;
  readonly timeoutMs?: number;
  /** Used when a 429 carries no Retry-After. */
  readonly defaultRetryAfterMs?: number;
  /** A queue shared with other clients of the same key (the quota is per key). */
  readonly queue?: RequestQueue;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface CandleRequest {
  readonly symbol: string;
  readonly resolution: FinnhubResolution;
  /** Epoch ms, inclusive (sent as seconds). */
  readonly fromMs: number;
  readonly toMs: number;
}

export class FinnhubRestClient {
  readonly queue: RequestQueue;
  private readonly restUrl: string;
  /** HTTP requests sent (retries included). */
  requests = 0;

  constructor(private readonly options: FinnhubRestClientOptions) {
    if (options.apiKey === '') throw new ArbiterError('ARB_INPUT_INVALID', 'FinnhubRestClient: empty API key');
    this.restUrl = (options.restUrl ?? FINNHUB_REST_URL).replace(/\/$/, '');
    this.queue = options.queue ?? new RequestQueue({ limit: options.callsPerMinute ?? FINNHUB_FREE_CALLS_PER_MINUTE, windowMs: 60_000, now: options.now, sleep: options.sleep });
  }

  /** `GET /quote?symbol=`. @throws ArbiterError for a bad symbol, ParseError for "no quote", venue errors as ARB_VENUE_*. */
  async quote(symbol: string): Promise<FinnhubQuote> {
    parseFinnhubSymbol(symbol);
    const body = await this.get('/quote', { symbol });
    return parseFinnhubQuote(body, symbol);
  }

  /** Candles from the endpoint of the symbol's kind; an empty set when Finnhub has none (`no_data`). */
  async candles(request: CandleRequest): Promise<FinnhubCandles> {
    const parsed = parseFinnhubSymbol(request.symbol);
    if (!(FINNHUB_RESOLUTIONS as readonly string[]).includes(request.resolution)) {
      throw new ArbiterError('ARB_INPUT_INVALID', `Finnhub resolution must be one of ${FINNHUB_RESOLUTIONS.join(', ')}, got "${request.resolution}"`, { resolution: request.resolution });
    }
    if (!(Number.isFinite(request.fromMs) && Number.isFinite(request.toMs) && request.fromMs <= request.toMs)) {
      throw new ArbiterError('ARB_INPUT_INVALID', `Finnhub candles: from (${request.fromMs}) must be a time before to (${request.toMs})`, {});
    }
    const body = await this.get(`/${parsed.kind}/candle`, {
      symbol: request.symbol, resolution: request.resolution,
      from: String(Math.floor(request.fromMs / 1000)), to: String(Math.floor(request.toMs / 1000)),
    });
    return parseFinnhubCandles(body, request.symbol, request.resolution);
  }

  private get(path: string, query: Record<string, string>): Promise<unknown> {
    const url = `${this.restUrl}${path}?${new URLSearchParams(query).toString()}`;
    return this.queue.submit(() => this.fetchOnce(url, path));
  }

  private async fetchOnce(url: string, path: string): Promise<unknown> {
    this.requests++;
    let response: Response;
    try {
      response = await fetch(url, { headers: { accept: 'application/json', 'X-Finnhub-Token': this.options.apiKey }, signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000) });
    } catch (error) {
      throw new ArbiterError('ARB_VENUE_TRANSIENT', `finnhub ${path}: ${error instanceof Error ? error.message : String(error)}`, { source: 'finnhub', path }, { cause: error });
    }
    const text = await response.text();
    if (response.status === 429) {
      const header = Number(response.headers.get('retry-after'));
      const delayMs = Number.isFinite(header) && header > 0 ? header * 1000 : this.options.defaultRetryAfterMs ?? 60_000;
      throw new RetryAfter(delayMs, new ArbiterError('ARB_VENUE_TRANSIENT', `finnhub ${path}: HTTP 429 (rate limit) ${excerpt(text, 120)}`, { source: 'finnhub', path, status: 429 }));
    }
    if (response.status === 401 || response.status === 403) {
      throw new ArbiterError('ARB_VENUE_REJECTED', `finnhub ${path}: HTTP ${response.status}: the API key was refused (check FINNHUB_API_KEY; ${excerpt(text, 120)})`, { source: 'finnhub', path, status: response.status });
    }
    if (!response.ok) {
      throw new ArbiterError(response.status >= 500 ? 'ARB_VENUE_TRANSIENT' : 'ARB_VENUE_REJECTED', `finnhub ${path}: HTTP ${response.status} ${excerpt(text, 200)}`, { source: 'finnhub', path, status: response.status });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ArbiterError('ARB_PARSE_FRAME', `finnhub ${path}: response is not JSON: ${excerpt(text, 120)}`, { source: 'finnhub', path });
    }
  }
}
