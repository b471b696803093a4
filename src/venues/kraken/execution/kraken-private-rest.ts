/**
 * Kraken's private REST endpoints (`POST /0/private/<Method>`): a compact JSON body carrying a
 * fresh nonce, signed per "Spot REST Authentication" (`API-Key`, `API-Sign`), sent after the rate
 * limiter allows it, never retried blindly. Kraken's `error` strings survive verbatim:
 * `EAPI:Invalid nonce` is retried once with a new nonce (Kraken did nothing with the request);
 * `EService:Unavailable`, `EService:Busy`, `EGeneral:Temporary lockout` and throttling become
 * ARB_VENUE_TRANSIENT; everything else is ARB_VENUE_REJECTED. A request whose answer is lost
 * (timeout, dropped connection, 5xx, unreadable body) is ARB_VENUE_UNKNOWN_OUTCOME when it may have
 * changed something (orders), ARB_VENUE_TRANSIENT when it only reads. Keys never enter a message.
 */
import { ArbiterError, excerpt } from '../../../domain/errors.js';
import { isRecord } from '../../shared/wire-values.js';
import { KrakenNonce, krakenApiSign } from './kraken-signing.js';
import type { KrakenRateLimiter } from './kraken-rate-limits.js';

export interface KrakenCredentials {
  readonly apiKey: string;
  /** The private key as Kraken shows it (base64). */
  readonly apiSecret: string;
}

export interface KrakenPrivateRestOptions {
  readonly restUrl: string;
  readonly credentials: KrakenCredentials;
  readonly limiter: KrakenRateLimiter;
  readonly nonce?: KrakenNonce;
  readonly timeoutMs?: number;
}

/** Trading calls name their pair and the trading-counter cost; reads leave both out. */
export interface KrakenCallOptions {
  readonly pair?: string;
  readonly tradeCost?: number;
  /** True when the call may change account state (its lost answer is an unknown outcome). */
  readonly mutating?: boolean;
}

const TRANSIENT_PREFIXES = ['EService:Unavailable', 'EService:Busy', 'EService:Throttled', 'EGeneral:Temporary lockout', 'EAPI:Rate limit exceeded', 'EOrder:Rate limit exceeded'];

/** Kraken answered with errors; `venueErrors` holds its strings verbatim. */
export class KrakenApiError extends ArbiterError {
  constructor(readonly method: string, readonly venueErrors: readonly string[]) {
    const transient = venueErrors.some((e) => TRANSIENT_PREFIXES.some((p) => e.startsWith(p)));
    super(transient ? 'ARB_VENUE_TRANSIENT' : 'ARB_VENUE_REJECTED', `kraken ${method}: ${venueErrors.join('; ')}`, { venue: 'kraken', method, venueMessage: venueErrors.join('; ') });
    this.name = 'KrakenApiError';
  }
}

export class KrakenPrivateRest {
  private readonly nonce: KrakenNonce;
  private readonly base: string;

  constructor(private readonly options: KrakenPrivateRestOptions) {
    this.nonce = options.nonce ?? new KrakenNonce();
    this.base = options.restUrl.replace(/\/$/, '');
  }

  /**
   * Calls `/0/private/<method>` and returns its `result`.
   * @throws KrakenApiError (ARB_VENUE_REJECTED or ARB_VENUE_TRANSIENT) with Kraken's error strings.
   * @throws ArbiterError ARB_VENUE_UNKNOWN_OUTCOME (mutating) or ARB_VENUE_TRANSIENT (reads) when the answer is lost.
   */
  async call<T = unknown>(method: string, params: Record<string, unknown> = {}, call: KrakenCallOptions = {}): Promise<T> {
    if (call.pair !== undefined) await this.options.limiter.beforeTrade(call.pair, call.tradeCost ?? 1);
    await this.options.limiter.beforeRest(method);
    try {
      return await this.once<T>(method, params, call);
    } catch (error) {
      if (error instanceof KrakenApiError && error.venueErrors.some((e) => e.startsWith('EAPI:Invalid nonce'))) return this.once<T>(method, params, call);
      throw error;
    }
  }

  private async once<T>(method: string, params: Record<string, unknown>, call: KrakenCallOptions): Promise<T> {
    const path = `/0/private/${method}`;
    const nonce = this.nonce.next();
    const body = JSON.stringify({ nonce, ...params });
    const headers = {
      'API-Key': this.options.credentials.apiKey,
      'API-Sign': krakenApiSign(path, String(nonce), body, this.options.credentials.apiSecret),
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': 'arbiter',
    };
    const lost = (why: string, cause?: unknown): ArbiterError =>
      new ArbiterError(call.mutating === true ? 'ARB_VENUE_UNKNOWN_OUTCOME' : 'ARB_VENUE_TRANSIENT', `kraken ${method}: ${why}${call.mutating === true ? '; reconcile before acting again' : ''}`, { venue: 'kraken', method }, { cause });
    let response: Response;
    try {
      response = await fetch(this.base + path, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000) });
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      // A refused connection never carried the request: nothing can have happened.
      if (code === 'ECONNREFUSED') throw new ArbiterError('ARB_VENUE_TRANSIENT', `kraken ${method}: connection refused`, { venue: 'kraken', method }, { cause: error });
      throw lost(error instanceof Error && error.name === 'TimeoutError' ? 'no answer in time' : `answer lost (${error instanceof Error ? error.message : String(error)})`, error);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw lost('answer cut off', error);
    }
    if (response.status === 429) throw new ArbiterError('ARB_VENUE_TRANSIENT', `kraken ${method}: HTTP 429 ${excerpt(text, 120)}`, { venue: 'kraken', method, status: 429 });
    if (response.status >= 500) throw lost(`HTTP ${response.status} ${excerpt(text, 120)}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      if (!response.ok) throw new ArbiterError('ARB_VENUE_REJECTED', `kraken ${method}: HTTP ${response.status} ${excerpt(text, 160)}`, { venue: 'kraken', method, status: response.status });
      throw lost(`answer is not JSON: ${excerpt(text, 120)}`);
    }
    if (!isRecord(parsed)) throw lost('answer is not an object');
    const errors = Array.isArray(parsed.error) ? parsed.error.filter((e): e is string => typeof e === 'string') : [];
    // Strings starting with W are warnings that come with a result.
    const failures = errors.filter((e) => !e.startsWith('W'));
    if (failures.length > 0) throw new KrakenApiError(method, failures);
    if (!response.ok) throw new ArbiterError('ARB_VENUE_REJECTED', `kraken ${method}: HTTP ${response.status} ${excerpt(text, 160)}`, { venue: 'kraken', method, status: response.status });
    if (!('result' in parsed)) throw lost('answer has neither result nor error');
    return parsed.result as T;
  }
}
