/** Strict readers for wire values: numbers may arrive as JSON numbers or decimal strings. */
import { ParseError } from '../../domain/errors.js';
import type { VenueId } from '../../domain/venue.js';

export function frameError(venue: VenueId, why: string): ParseError {
  return new ParseError('ARB_PARSE_FRAME', `${venue} frame: ${why}`, { venue });
}

/** A finite number from a number or decimal string; null when absent; throws on anything else. */
export function optionalNumber(value: unknown, venue: VenueId, field: string): number | null {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw frameError(venue, `${field} is not finite`);
  }
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') {
    const n = Number(value);
    if (Number.isFinite(n)) return n;
  }
  throw frameError(venue, `${field} is not a number (${JSON.stringify(value)?.slice(0, 40)})`);
}

export function requiredNumber(value: unknown, venue: VenueId, field: string): number {
  const n = optionalNumber(value, venue, field);
  if (n === null) throw frameError(venue, `${field} is missing`);
  return n;
}

/** Sizes and prices on a book must be non-negative. */
export function requiredNonNegative(value: unknown, venue: VenueId, field: string): number {
  const n = requiredNumber(value, venue, field);
  if (n < 0) throw frameError(venue, `${field} is negative`);
  return n;
}

export function requiredString(value: unknown, venue: VenueId, field: string): string {
  if (typeof value === 'string' && value !== '') return value;
  throw frameError(venue, `${field} is missing or not a string`);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sorts flat [price, size, …] pairs in place-free fashion: bids descending, asks ascending. */
export function sortLevels(flat: number[], descending: boolean): number[] {
  const n = flat.length / 2;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) {
    const prev = flat[2 * (i - 1)]!;
    const cur = flat[2 * i]!;
    if (descending ? cur > prev : cur < prev) sorted = false;
  }
  if (sorted) return flat;
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => (descending ? flat[2 * b]! - flat[2 * a]! : flat[2 * a]! - flat[2 * b]!));
  const out = new Array<number>(flat.length);
  for (let i = 0; i < n; i++) {
    out[2 * i] = flat[2 * idx[i]!]!;
    out[2 * i + 1] = flat[2 * idx[i]! + 1]!;
  }
  return out;
}

/**
 * The `{channel, data}` of a JSON-RPC subscription notification (Deribit, Derive), or null for
 * any other JSON-RPC message (responses, heartbeats).
 * @throws ParseError when the frame is not a JSON-RPC object or a notification lacks its channel.
 */
export function subscriptionNotification(frame: unknown, venue: VenueId): { channel: string; data: unknown } | null {
  if (!isRecord(frame)) throw frameError(venue, 'not a JSON-RPC object');
  if (frame.method !== 'subscription') return null;
  const params = frame.params;
  if (!isRecord(params)) throw frameError(venue, 'subscription without params');
  return { channel: requiredString(params.channel, venue, 'params.channel'), data: params.data };
}

/** `fn` computed once per distinct symbol (parsers ask per frame; symbols repeat). */
export function cachedPerSymbol<T>(fn: (symbol: string) => T): (symbol: string) => T {
  const cache = new Map<string, T>();
  return (symbol) => {
    let value = cache.get(symbol);
    if (value === undefined) {
      value = fn(symbol);
      cache.set(symbol, value);
    }
    return value;
  };
}
