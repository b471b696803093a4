/** Venue identifiers: the one list every other module keys on. */
import { ArbiterError } from './errors.js';

export const VENUES = ['deribit', 'derive', 'polymarket', 'binance', 'coinbase', 'kraken', 'uniswap'] as const;

export type VenueId = (typeof VENUES)[number];

const VENUE_SET: ReadonlySet<string> = new Set(VENUES);

/** Older names still found in configs and recordings of the systems Arbiter replaces. */
const ALIASES: Readonly<Record<string, VenueId>> = { poly: 'polymarket', lyra: 'derive' };

export function isVenueId(value: unknown): value is VenueId {
  return typeof value === 'string' && VENUE_SET.has(value);
}

/**
 * Reads a venue name written by a person or an older system: case-insensitive, with the aliases
 * `poly` (Polymarket) and `lyra` (Derive).
 * @throws ArbiterError `ARB_DOMAIN_UNKNOWN_VENUE` naming the value and the accepted names.
 */
export function parseVenueId(text: string): VenueId {
  const lower = text.trim().toLowerCase();
  if (VENUE_SET.has(lower)) return lower as VenueId;
  const alias = ALIASES[lower];
  if (alias) return alias;
  throw new ArbiterError('ARB_DOMAIN_UNKNOWN_VENUE', `unknown venue "${text}" (expected one of ${VENUES.join(', ')})`, {
    venue: text,
  });
}
