/**
 * Deribit public channel names: `ticker.{instrument}.{interval}`, `book.{instrument}.{interval}`,
 * `trades.{instrument}.{interval}`. The feed subscribes at `100ms`, the fastest interval open to
 * unauthenticated connections (`raw` needs an authorised connection).
 */
import type { ChannelSubscription } from '../../../engine/market-feed.js';
import type { Channel } from '../../../engine/strategy.js';

export type DeribitInterval = '100ms' | 'agg2' | 'raw';

export const DERIBIT_FEED_INTERVAL: DeribitInterval = '100ms';

/** `{symbol: 'BTC-PERPETUAL', channel: 'book'}` → `book.BTC-PERPETUAL.100ms`. */
export function toDeribitChannel(subscription: ChannelSubscription, interval: DeribitInterval = DERIBIT_FEED_INTERVAL): string {
  return `${subscription.channel}.${subscription.symbol}.${interval}`;
}

/** The inverse of `toDeribitChannel`; null for channels the feed does not own (user.*, grouped books). */
export function fromDeribitChannel(channel: string): ChannelSubscription | null {
  const first = channel.indexOf('.');
  const last = channel.lastIndexOf('.');
  if (first <= 0 || last <= first) return null;
  const kind = channel.slice(0, first);
  if (kind !== 'ticker' && kind !== 'book' && kind !== 'trades') return null;
  const symbol = channel.slice(first + 1, last);
  if (symbol.includes('.')) return null; // book.{name}.{group}.{depth}.{interval}
  return { symbol, channel: kind satisfies Channel };
}
