/** Spot pair names split into base and quote: `BTC/USDT`, `BTC-USDT`, or a venue's concatenated name with a known quote. */
import { ArbiterError } from '../../domain/errors.js';

export interface PairSpec {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
}

/**
 * Splits `BASE/QUOTE` or `BASE-QUOTE`; concatenated names (`BTCUSDT`) need `quoteOf` to say the quote.
 * @throws ArbiterError `ARB_INPUT_INVALID` when the name cannot be split.
 */
export function splitPairSymbol(symbol: string, quoteOf?: (symbol: string) => string | null): PairSpec {
  const parts = symbol.split(/[/-]/);
  if (parts.length === 2 && parts[0] && parts[1]) return { symbol, base: parts[0], quote: parts[1] };
  const quote = quoteOf?.(symbol) ?? null;
  if (quote && symbol.length > quote.length && symbol.endsWith(quote)) return { symbol, base: symbol.slice(0, -quote.length), quote };
  throw new ArbiterError('ARB_INPUT_INVALID', `cannot split "${symbol}" into base and quote (expected BASE/QUOTE or BASE-QUOTE)`, { symbol });
}
