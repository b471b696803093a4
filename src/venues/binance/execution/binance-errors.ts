/**
 * Binance error answers (`{"code": -1022, "msg": "…"}` with an HTTP status) → what the caller does
 * next. The venue's code and text always survive (`venueCode`, `venueMessage`). Rejections are
 * ARB_VENUE_REJECTED; rate limits, bans and retryable codes ARB_VENUE_TRANSIENT; an answer that
 * leaves the execution status unknown (HTTP 5xx or -1000/-1006/-1007 on a request that changes
 * orders) ARB_VENUE_UNKNOWN_OUTCOME: reconcile before acting again.
 */
import { ArbiterError, excerpt, type ErrorCode } from '../../../domain/errors.js';

/** Codes after which the same request may be sent again (nothing was done). */
export const BINANCE_RETRYABLE_CODES: ReadonlySet<number> = new Set([
  -1001, // DISCONNECTED: internal error, unable to process
  -1003, // TOO_MANY_REQUESTS
  -1008, // server busy / overloaded
  -1015, // TOO_MANY_ORDERS
  -1021, // INVALID_TIMESTAMP: outside recvWindow (resync the clock)
]);

/** Codes whose execution status is unknown (the request may have been executed). */
export const BINANCE_UNKNOWN_OUTCOME_CODES: ReadonlySet<number> = new Set([
  -1000, // UNKNOWN
  -1006, // UNEXPECTED_RESP
  -1007, // TIMEOUT: send status unknown, execution status unknown
]);

export class BinanceApiError extends ArbiterError {
  constructor(code: ErrorCode, readonly venueCode: number, readonly venueMessage: string, readonly httpStatus: number, method: string, path: string, readonly retryAfterMs: number | null = null) {
    super(code, `binance ${method} ${path}: ${venueCode} ${venueMessage} (HTTP ${httpStatus})`, { venue: 'binance', path, httpStatus, venueCode, venueMessage });
    this.name = 'BinanceApiError';
  }
}

/**
 * Classifies one non-2xx answer. `mutating` is true for requests that place, change or cancel
 * orders (their 5xx answers are unknown outcomes, never failures).
 */
export function binanceHttpError(status: number, bodyText: string, method: string, path: string, mutating: boolean, retryAfterMs: number | null): BinanceApiError {
  let venueCode = 0;
  let venueMessage = excerpt(bodyText, 200);
  try {
    const body = JSON.parse(bodyText) as unknown;
    if (typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'number') {
      venueCode = (body as { code: number }).code;
      const msg = (body as { msg?: unknown }).msg;
      if (typeof msg === 'string') venueMessage = msg;
    }
  } catch {
    // not JSON: keep the excerpt
  }
  let code: ErrorCode = 'ARB_VENUE_REJECTED';
  if (status === 429 || status === 418) {
    code = 'ARB_VENUE_TRANSIENT';
    if (venueCode === 0) venueCode = -1003;
    if (status === 418) venueMessage = `IP banned for breaking rate limits: ${venueMessage}`;
  } else if (status >= 500 || BINANCE_UNKNOWN_OUTCOME_CODES.has(venueCode)) {
    code = mutating ? 'ARB_VENUE_UNKNOWN_OUTCOME' : 'ARB_VENUE_TRANSIENT';
  } else if (BINANCE_RETRYABLE_CODES.has(venueCode)) {
    code = 'ARB_VENUE_TRANSIENT';
  }
  return new BinanceApiError(code, venueCode, venueMessage, status, method, path, retryAfterMs);
}
