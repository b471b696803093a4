/**
 * Kraken spot WebSocket v2 (`wss://ws.kraken.com/v2`) market data as a MarketFeed: `book`
 * (depth 10 by default), `ticker` and `trade`, subscribed with `{"method":"subscribe",…}` in
 * symbol batches and again after every reconnect; `{"method":"ping"}` keep-alives, heartbeats
 * and silence detection from the shared socket.
 *
 * Books follow the "Book checksum (WebSocket v2)" guide (kraken-local-book.ts): every snapshot
 * and update is applied, truncated to the subscribed depth, and its CRC32 compared with the
 * message's `checksum`, formatted at the pair's precisions from the `instrument` channel (or
 * the `precisions` option). A mismatch counts a checksum failure, drops the book and
 * resubscribes that symbol's book channel, which makes Kraken send a fresh snapshot; updates
 * in between are dropped, never forwarded. Until a pair's precisions are known its checksums
 * cannot be verified; those messages are applied, forwarded and counted as unverified.
 */
import { ArbiterError, excerpt } from '../../../domain/errors.js';
import type { MarketEvent } from '../../../domain/market-event.js';
import type { Logger } from '../../../engine/logger.js';
import type { ChannelSubscription, MarketFeed } from '../../../engine/market-feed.js';
import type { Channel } from '../../../engine/strategy.js';
import type { BackoffOptions } from '../../shared/backoff.js';
import { ReconnectingSocket } from '../../shared/reconnecting-socket.js';
import { isRecord } from '../../shared/wire-values.js';
import { createKrakenFrameParser } from '../parse/parse-kraken-frame.js';
import { KrakenLocalBook } from './kraken-local-book.js';

export const KRAKEN_WS_URL = 'wss://ws.kraken.com/v2';

export interface KrakenPrecision {
  readonly price: number;
  readonly qty: number;
}

export interface KrakenMarketFeedOptions {
  readonly url?: string;
  readonly logger: Logger;
  readonly onRawFrame?: (text: string, tsLocal: number) => void;
  /** Book depth: 10, 25, 100, 500 or 1000 (default 10). */
  readonly depth?: 10 | 25 | 100 | 500 | 1000;
  /** Known precisions per v2 symbol; the `instrument` channel fills in the rest. */
  readonly precisions?: Readonly<Record<string, KrakenPrecision>>;
  /** Symbols per subscribe message (default 50). */
  readonly batchSize?: number;
  readonly keepAliveMs?: number;
  readonly staleAfterMs?: number;
  readonly backoff?: BackoffOptions;
  readonly now?: () => number;
}

export interface KrakenFeedCounters {
  events: number;
  badFrames: number;
  /** Book messages whose checksum did not match the local book. */
  checksumFailures: number;
  /** Books rebuilt from a fresh snapshot after a checksum failure. */
  resyncs: number;
  /** Book messages applied without verification (precisions not known yet). */
  unverified: number;
  /** Book updates dropped because the book was waiting for a snapshot. */
  droppedUpdates: number;
  reconnects: number;
}

interface SymbolState {
  readonly channels: Set<Channel>;
  book: KrakenLocalBook | null;
  resyncing: boolean;
}

const CHANNEL_NAMES: Record<Channel, 'book' | 'ticker' | 'trade'> = { book: 'book', ticker: 'ticker', trades: 'trade' };

export class KrakenMarketFeed implements MarketFeed {
  readonly venue = 'kraken' as const;
  readonly counters: KrakenFeedCounters = { events: 0, badFrames: 0, checksumFailures: 0, resyncs: 0, unverified: 0, droppedUpdates: 0, reconnects: 0 };
  readonly precisions = new Map<string, KrakenPrecision>();
  private readonly parser = createKrakenFrameParser();
  private readonly symbols = new Map<string, SymbolState>();
  private readonly socket: ReconnectingSocket;
  private readonly depth: number;
  private readonly logger: Logger;
  private sink: (event: MarketEvent) => void = () => {};
  private started = false;
  private instrumentSent = false;
  private reqId = 1;

  constructor(private readonly options: KrakenMarketFeedOptions) {
    this.depth = options.depth ?? 10;
    if (![10, 25, 100, 500, 1000].includes(this.depth)) throw new ArbiterError('ARB_CONFIG_INVALID', `Kraken book depth must be 10, 25, 100, 500 or 1000 (got ${this.depth})`, { venue: 'kraken' });
    for (const [symbol, p] of Object.entries(options.precisions ?? {})) this.precisions.set(symbol, p);
    this.logger = options.logger.child({ venue: 'kraken', component: 'market-feed' });
    this.socket = new ReconnectingSocket({
      url: options.url ?? KRAKEN_WS_URL,
      logger: this.logger,
      onFrame: (text, tsLocal) => this.onFrame(text, tsLocal),
      onOpen: async () => this.onOpen(),
      keepAliveText: JSON.stringify({ method: 'ping' }),
      keepAliveMs: options.keepAliveMs ?? 10_000,
      ...(options.staleAfterMs === undefined ? {} : { staleAfterMs: options.staleAfterMs }),
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
      ...(options.now === undefined ? {} : { now: options.now }),
    });
  }

  async start(sink: (event: MarketEvent) => void): Promise<void> {
    if (this.started) throw new ArbiterError('ARB_ENGINE_STATE', 'Kraken market feed already started', { venue: 'kraken' });
    this.started = true;
    this.sink = sink;
    await this.socket.start();
  }

  async subscribe(subscriptions: readonly ChannelSubscription[]): Promise<void> {
    const added = new Map<Channel, string[]>();
    for (const s of subscriptions) {
      let state = this.symbols.get(s.symbol);
      if (state === undefined) this.symbols.set(s.symbol, (state = { channels: new Set(), book: null, resyncing: false }));
      if (state.channels.has(s.channel)) continue;
      state.channels.add(s.channel);
      added.set(s.channel, [...(added.get(s.channel) ?? []), s.symbol]);
    }
    if (!this.socket.isOpen) return;
    if (added.has('book')) this.requestInstruments();
    for (const [channel, list] of added) this.send('subscribe', channel, list);
  }

  async unsubscribe(subscriptions: readonly ChannelSubscription[]): Promise<void> {
    const removed = new Map<Channel, string[]>();
    for (const s of subscriptions) {
      const state = this.symbols.get(s.symbol);
      if (!state?.channels.delete(s.channel)) continue;
      if (s.channel === 'book') state.book = null;
      if (state.channels.size === 0) this.symbols.delete(s.symbol);
      removed.set(s.channel, [...(removed.get(s.channel) ?? []), s.symbol]);
    }
    if (!this.socket.isOpen) return;
    for (const [channel, list] of removed) this.send('unsubscribe', channel, list);
  }

  async stop(): Promise<void> {
    await this.socket.stop();
  }

  dropConnection(): void {
    this.socket.dropConnection();
  }

  get connected(): boolean {
    return this.socket.isOpen;
  }

  /** The local book of a symbol (null while waiting for a snapshot). */
  book(symbol: string): { bids: number[]; asks: number[] } | null {
    return this.symbols.get(symbol)?.book?.levels() ?? null;
  }

  private async onOpen(): Promise<void> {
    if (this.socket.connects > 0) this.counters.reconnects++;
    this.instrumentSent = false;
    const byChannel = new Map<Channel, string[]>();
    for (const [symbol, state] of this.symbols) {
      state.book = null;
      state.resyncing = false;
      for (const c of state.channels) byChannel.set(c, [...(byChannel.get(c) ?? []), symbol]);
    }
    if (byChannel.has('book')) this.requestInstruments();
    for (const [channel, list] of byChannel) this.send('subscribe', channel, list);
  }

  private requestInstruments(): void {
    if (this.instrumentSent) return;
    this.instrumentSent = true;
    this.socket.send(JSON.stringify({ method: 'subscribe', params: { channel: 'instrument', snapshot: true }, req_id: this.reqId++ }));
  }

  private send(method: 'subscribe' | 'unsubscribe', channel: Channel, symbols: readonly string[]): void {
    const batch = this.options.batchSize ?? 50;
    for (let i = 0; i < symbols.length; i += batch) {
      const params: Record<string, unknown> = { channel: CHANNEL_NAMES[channel], symbol: symbols.slice(i, i + batch) };
      if (channel === 'book') params.depth = this.depth;
      if (channel === 'book' && method === 'subscribe') params.snapshot = true;
      if (channel === 'trades' && method === 'subscribe') params.snapshot = false;
      this.socket.send(JSON.stringify({ method, params, req_id: this.reqId++ }));
    }
  }

  private onFrame(text: string, tsLocal: number): void {
    this.options.onRawFrame?.(text, tsLocal);
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      this.badFrame('not JSON', text);
      return;
    }
    try {
      if (isRecord(frame) && frame.channel === 'instrument') this.readPrecisions(frame.data);
      this.parser.parse(frame, tsLocal, this.onEvent);
    } catch (error) {
      this.badFrame(error instanceof Error ? error.message : String(error), text);
    }
  }

  /** `instrument` snapshot/update: `pairs[].price_precision` and `qty_precision` per v2 symbol. */
  private readPrecisions(data: unknown): void {
    if (!isRecord(data) || !Array.isArray(data.pairs)) return;
    for (const p of data.pairs as unknown[]) {
      if (!isRecord(p) || typeof p.symbol !== 'string') continue;
      if (Number.isInteger(p.price_precision) && Number.isInteger(p.qty_precision)) this.precisions.set(p.symbol, { price: p.price_precision as number, qty: p.qty_precision as number });
    }
  }

  private readonly onEvent = (event: MarketEvent): void => {
    const state = this.symbols.get(event.symbol);
    if (state === undefined) return;
    switch (event.kind) {
      case 'book_snapshot': {
        if (!state.channels.has('book')) return;
        const book = new KrakenLocalBook(this.depth);
        book.reset(event.bids, event.asks);
        if (!this.verified(event.symbol, book)) return;
        state.book = book;
        if (state.resyncing) {
          state.resyncing = false;
          this.counters.resyncs++;
        }
        this.forward(event);
        return;
      }
      case 'book_delta': {
        const book = state.book;
        if (book === null || !state.channels.has('book')) {
          this.counters.droppedUpdates++;
          return;
        }
        book.apply(event.bids, event.asks);
        if (!this.verified(event.symbol, book)) return;
        this.forward(event);
        return;
      }
      case 'ticker':
        if (state.channels.has('ticker')) this.forward(event);
        return;
      case 'trade':
        if (state.channels.has('trades')) this.forward(event);
        return;
      case 'status':
        this.forward(event);
        return;
    }
  };

  /** Compares the message's checksum; on a mismatch drops the book and asks for a fresh snapshot. */
  private verified(symbol: string, book: KrakenLocalBook): boolean {
    const expected = this.parser.lastChecksum;
    const precision = this.precisions.get(symbol);
    if (expected === null || precision === undefined) {
      this.counters.unverified++;
      return true;
    }
    const actual = book.checksum(precision.price, precision.qty);
    if (actual === expected) return true;
    this.counters.checksumFailures++;
    this.logger.warn({ symbol, expected, actual }, 'kraken book checksum mismatch; resubscribing for a fresh snapshot');
    const state = this.symbols.get(symbol)!;
    state.book = null;
    state.resyncing = true;
    this.send('unsubscribe', 'book', [symbol]);
    this.send('subscribe', 'book', [symbol]);
    return false;
  }

  private forward(event: MarketEvent): void {
    this.counters.events++;
    this.sink(event);
  }

  private badFrame(reason: string, text: string): void {
    const n = ++this.counters.badFrames;
    if (n <= 10 || n % 1000 === 0) this.logger.warn({ badFrames: n, reason, frame: excerpt(text, 160) }, 'kraken bad frame skipped');
  }
}
