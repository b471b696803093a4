/**
 * Coinbase Advanced Trade market data (`wss://advanced-trade-ws.coinbase.com`) as a MarketFeed:
 * `{"type":"subscribe","product_ids":[…],"channel":…}` for `level2` (book), `ticker` and
 * `market_trades` (trades), plus `heartbeats`, which Coinbase sends every second and which keep
 * otherwise idle subscriptions from being closed; a connection silent for `staleAfterMs` is
 * rebuilt. Public channels need no JWT.
 *
 * `sequence_num` counts the messages of the connection. The feed checks it on every message: a
 * jump (a dropped message, whichever channel it was on) invalidates every book of the connection
 * and resubscribes `level2`, which answers with fresh snapshots; updates in between are dropped,
 * never forwarded. A lower number than the last is out of order and ignored, as the docs allow.
 * `heartbeat_counter` jumps are counted as well.
 */
import { ArbiterError, excerpt } from '../../../domain/errors.js';
import type { MarketEvent } from '../../../domain/market-event.js';
import type { Logger } from '../../../engine/logger.js';
import type { ChannelSubscription, MarketFeed } from '../../../engine/market-feed.js';
import type { Channel } from '../../../engine/strategy.js';
import type { BackoffOptions } from '../../shared/backoff.js';
import { L2Book } from '../../shared/l2-book.js';
import { ReconnectingSocket } from '../../shared/reconnecting-socket.js';
import { isRecord } from '../../shared/wire-values.js';
import { createCoinbaseFrameParser } from '../parse/parse-coinbase-frame.js';

export const COINBASE_WS_URL = 'wss://advanced-trade-ws.coinbase.com';

export interface CoinbaseMarketFeedOptions {
  readonly url?: string;
  readonly logger: Logger;
  readonly onRawFrame?: (text: string, tsLocal: number) => void;
  /** Products per subscribe message (default 50). */
  readonly batchSize?: number;
  /** Reconnect when nothing (not even a heartbeat) arrives for this long (default 10 s). */
  readonly staleAfterMs?: number;
  readonly keepAliveMs?: number;
  readonly backoff?: BackoffOptions;
  readonly now?: () => number;
}

export interface CoinbaseFeedCounters {
  events: number;
  badFrames: number;
  /** sequence_num jumps. */
  gaps: number;
  /** Books rebuilt from a fresh snapshot after a gap. */
  resyncs: number;
  /** Messages with a sequence_num below the last one (ignored). */
  outOfOrder: number;
  /** Heartbeats missing by heartbeat_counter. */
  missedHeartbeats: number;
  /** Book updates dropped while the book waited for a snapshot. */
  droppedUpdates: number;
  reconnects: number;
}

interface ProductState {
  readonly channels: Set<Channel>;
  book: L2Book | null;
  resyncing: boolean;
}

const CHANNEL_NAMES: Record<Channel, 'level2' | 'ticker' | 'market_trades'> = { book: 'level2', ticker: 'ticker', trades: 'market_trades' };

export class CoinbaseMarketFeed implements MarketFeed {
  readonly venue = 'coinbase' as const;
  readonly counters: CoinbaseFeedCounters = { events: 0, badFrames: 0, gaps: 0, resyncs: 0, outOfOrder: 0, missedHeartbeats: 0, droppedUpdates: 0, reconnects: 0 };
  private readonly parser = createCoinbaseFrameParser();
  private readonly products = new Map<string, ProductState>();
  private readonly socket: ReconnectingSocket;
  private readonly logger: Logger;
  private sink: (event: MarketEvent) => void = () => {};
  private started = false;
  private lastSequence: number | null = null;
  private lastHeartbeat: number | null = null;

  constructor(private readonly options: CoinbaseMarketFeedOptions) {
    this.logger = options.logger.child({ venue: 'coinbase', component: 'market-feed' });
    this.socket = new ReconnectingSocket({
      url: options.url ?? COINBASE_WS_URL,
      logger: this.logger,
      onFrame: (text, tsLocal) => this.onFrame(text, tsLocal),
      onOpen: async () => this.onOpen(),
      staleAfterMs: options.staleAfterMs ?? 10_000,
      ...(options.keepAliveMs === undefined ? {} : { keepAliveMs: options.keepAliveMs }),
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
      ...(options.now === undefined ? {} : { now: options.now }),
    });
  }

  async start(sink: (event: MarketEvent) => void): Promise<void> {
    if (this.started) throw new ArbiterError('ARB_ENGINE_STATE', 'Coinbase market feed already started', { venue: 'coinbase' });
    this.started = true;
    this.sink = sink;
    await this.socket.start();
  }

  async subscribe(subscriptions: readonly ChannelSubscription[]): Promise<void> {
    const added = new Map<Channel, string[]>();
    for (const s of subscriptions) {
      let state = this.products.get(s.symbol);
      if (state === undefined) this.products.set(s.symbol, (state = { channels: new Set(), book: null, resyncing: false }));
      if (state.channels.has(s.channel)) continue;
      state.channels.add(s.channel);
      added.set(s.channel, [...(added.get(s.channel) ?? []), s.symbol]);
    }
    if (this.socket.isOpen) for (const [channel, list] of added) this.send('subscribe', channel, list);
  }

  async unsubscribe(subscriptions: readonly ChannelSubscription[]): Promise<void> {
    const removed = new Map<Channel, string[]>();
    for (const s of subscriptions) {
      const state = this.products.get(s.symbol);
      if (!state?.channels.delete(s.channel)) continue;
      if (s.channel === 'book') state.book = null;
      if (state.channels.size === 0) this.products.delete(s.symbol);
      removed.set(s.channel, [...(removed.get(s.channel) ?? []), s.symbol]);
    }
    if (this.socket.isOpen) for (const [channel, list] of removed) this.send('unsubscribe', channel, list);
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

  /** The local book of a product (null while waiting for a snapshot). */
  book(symbol: string): { bids: number[]; asks: number[] } | null {
    return this.products.get(symbol)?.book?.levels() ?? null;
  }

  private async onOpen(): Promise<void> {
    if (this.socket.connects > 0) this.counters.reconnects++;
    this.lastSequence = null;
    this.lastHeartbeat = null;
    const byChannel = new Map<Channel, string[]>();
    for (const [symbol, state] of this.products) {
      state.book = null;
      state.resyncing = false;
      for (const c of state.channels) byChannel.set(c, [...(byChannel.get(c) ?? []), symbol]);
    }
    this.socket.send(JSON.stringify({ type: 'subscribe', channel: 'heartbeats' }));
    for (const [channel, list] of byChannel) this.send('subscribe', channel, list);
  }

  private send(type: 'subscribe' | 'unsubscribe', channel: Channel, products: readonly string[]): void {
    const batch = this.options.batchSize ?? 50;
    for (let i = 0; i < products.length; i += batch) {
      this.socket.send(JSON.stringify({ type, product_ids: products.slice(i, i + batch), channel: CHANNEL_NAMES[channel] }));
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
    if (isRecord(frame) && typeof frame.sequence_num === 'number') {
      const seq = frame.sequence_num;
      const last = this.lastSequence;
      if (last !== null && seq <= last) {
        this.counters.outOfOrder++;
        return;
      }
      this.lastSequence = seq;
      if (last !== null && seq !== last + 1) this.onGap(last, seq);
      if (frame.channel === 'heartbeats') this.checkHeartbeat(frame.events);
    }
    try {
      this.parser.parse(frame, tsLocal, this.onEvent);
    } catch (error) {
      this.badFrame(error instanceof Error ? error.message : String(error), text);
    }
  }

  private checkHeartbeat(events: unknown): void {
    const first: unknown = Array.isArray(events) ? events[0] : undefined;
    const raw = isRecord(first) ? first.heartbeat_counter : undefined;
    const counter = typeof raw === 'string' ? Number(raw) : raw;
    if (typeof counter !== 'number' || !Number.isFinite(counter)) return;
    if (this.lastHeartbeat !== null && counter > this.lastHeartbeat + 1) this.counters.missedHeartbeats += counter - this.lastHeartbeat - 1;
    this.lastHeartbeat = counter;
  }

  /** A message was lost: every book may be stale; resubscribe level2 for fresh snapshots. */
  private onGap(last: number, seq: number): void {
    this.counters.gaps++;
    const books: string[] = [];
    for (const [symbol, state] of this.products) {
      if (!state.channels.has('book')) continue;
      state.book = null;
      state.resyncing = true;
      books.push(symbol);
    }
    this.logger.warn({ last, seq, books: books.length }, 'coinbase sequence gap; resubscribing level2 for fresh snapshots');
    if (books.length === 0) return;
    this.send('unsubscribe', 'book', books);
    this.send('subscribe', 'book', books);
  }

  private readonly onEvent = (event: MarketEvent): void => {
    const state = this.products.get(event.symbol);
    if (state === undefined) return;
    switch (event.kind) {
      case 'book_snapshot': {
        if (!state.channels.has('book')) return;
        const book = state.book ?? new L2Book();
        book.reset(event.bids, event.asks);
        state.book = book;
        if (state.resyncing) {
          state.resyncing = false;
          this.counters.resyncs++;
        }
        this.forward(event);
        return;
      }
      case 'book_delta':
        if (state.book === null || !state.channels.has('book')) {
          this.counters.droppedUpdates++;
          return;
        }
        state.book.apply(event.bids, event.asks);
        this.forward(event);
        return;
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

  private forward(event: MarketEvent): void {
    this.counters.events++;
    this.sink(event);
  }

  private badFrame(reason: string, text: string): void {
    const n = ++this.counters.badFrames;
    if (n <= 10 || n % 1000 === 0) this.logger.warn({ badFrames: n, reason, frame: excerpt(text, 160) }, 'coinbase bad frame skipped');
  }
}
