/** The currency a Deribit instrument's prices are quoted in, read off its name (cached per symbol). */

/**
 * Inverse options (`BTC-…-C`) are quoted in the coin; inverse futures and perpetuals in USD;
 * linear instruments (`XRP_USDC-…`, `BTC_USDC-PERPETUAL`) and spot pairs in their quote currency.
 */
export function deribitPriceCurrency(symbol: string): string {
  const dash = symbol.indexOf('-');
  const head = dash < 0 ? symbol : symbol.slice(0, dash);
  const underscore = head.indexOf('_');
  if (underscore >= 0) return head.slice(underscore + 1);
  const isOption = symbol.endsWith('-C') || symbol.endsWith('-P');
  return isOption ? head : 'USD';
}
