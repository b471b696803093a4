/**
 * Derive channel names (docs.derive.xyz "Subscriptions" and the channel pages):
 * `ticker_slim.{instrument}.{interval}` (interval 100 or 1000 ms), `orderbook.{instrument}.{group}.{depth}`
 * (group 1|10|100, depth 1|10|20|100), `trades.{instrument}` and `trades.{type}.{currency}`, and the
 * private `{subaccount_id}.orders` / `{subaccount_id}.trades`. Instrument names may contain dots only
 * in theory (strikes like 152.5 use `_` on Derive), so names are cut from the ends of the channel.
 */
import type { Channel } from '../../../engine/strategy.js';

export type DeriveTickerInterval = '100' | '1000';

export interface DeriveChannelOptions {
  readonly tickerIntervalMs: DeriveTickerInterval;
  readonly bookGroup: string;
  readonly bookDepth: string;
}

export const DEFAULT_DERIVE_CHANNEL_OPTIONS: DeriveChannelOptions = { tickerIntervalMs: '100', bookGroup: '1', bookDepth: '10' };

/** The venue channel for an engine subscription. */
export function deriveChannelName(symbol: string, channel: Channel, o: DeriveChannelOptions = DEFAULT_DERIVE_CHANNEL_OPTIONS): string {
  switch (channel) {
    case 'ticker':
      return `ticker_slim.${symbol}.${o.tickerIntervalMs}`;
    case 'book':
      return `orderbook.${symbol}.${o.bookGroup}.${o.bookDepth}`;
    case 'trades':
      return `trades.${symbol}`;
  }
}

/** `ticker_slim.BTC-PERP.100` → `BTC-PERP` (also `ticker.X.interval`); null when not a ticker channel. */
export function instrumentOfTickerChannel(channel: string): string | null {
  const prefix = channel.startsWith('ticker_slim.') ? 12 : channel.startsWith('ticker.') ? 7 : -1;
  if (prefix < 0) return null;
  const end = channel.lastIndexOf('.');
  return end > prefix ? channel.slice(prefix, end) : null;
}

/** `orderbook.BTC-PERP.1.10` → `BTC-PERP`. */
export function instrumentOfBookChannel(channel: string): string | null {
  if (!channel.startsWith('orderbook.')) return null;
  const last = channel.lastIndexOf('.');
  const second = channel.lastIndexOf('.', last - 1);
  return second > 10 ? channel.slice(10, second) : null;
}

/** `trades.BTC-PERP` → `BTC-PERP`; `trades.option.BTC` → null (a type/currency stream). */
export function instrumentOfTradesChannel(channel: string): string | null {
  if (!channel.startsWith('trades.')) return null;
  const rest = channel.slice(7);
  return rest.includes('-') ? rest : null;
}
