/**
 * JSON over HTTP with a timeout and bounded retries of transient failures (network errors, 429,
 * 5xx). Errors name the venue and the path, never query secrets or headers.
 */
import { ArbiterError, excerpt } from '../../domain/errors.js';
import type { VenueId } from '../../domain/venue.js';

export interface HttpJsonOptions {
  readonly venue: VenueId;
  readonly method?: 'GET' | 'POST' | 'DELETE';
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly timeoutMs?: number;
  readonly retries?: number;
}

export async function httpJson<T = unknown>(url: string, options: HttpJsonOptions): Promise<T> {
  const retries = options.retries ?? 2;
  const path = new URL(url).pathname;
  let lastError: unknown;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    let response: Response;
    try {
      response = await fetch(url, {
        method: options.method ?? 'GET',
        headers: { accept: 'application/json', ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      lastError = new ArbiterError('ARB_VENUE_TRANSIENT', `${options.venue} ${path}: ${error instanceof Error ? error.message : String(error)}`, { venue: options.venue, path }, { cause: error });
      continue;
    }
    const text = await response.text();
    if (response.status === 429 || response.status >= 500) {
      lastError = new ArbiterError('ARB_VENUE_TRANSIENT', `${options.venue} ${path}: HTTP ${response.status} ${excerpt(text, 120)}`, { venue: options.venue, path, status: response.status });
      continue;
    }
    if (!response.ok) {
      throw new ArbiterError('ARB_VENUE_REJECTED', `${options.venue} ${path}: HTTP ${response.status} ${excerpt(text, 200)}`, { venue: options.venue, path, status: response.status });
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ArbiterError('ARB_PARSE_FRAME', `${options.venue} ${path}: response is not JSON: ${excerpt(text, 120)}`, { venue: options.venue, path });
    }
  }
  throw lastError;
}
