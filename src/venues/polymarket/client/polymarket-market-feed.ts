/**
 * Polymarket CLOB market channel (`/ws/market`) as a MarketFeed. One connection: the first
 * message lists every subscribed token (`{"assets_ids":[…],"type":"market","custom_feature_enabled":true}`);
 * later changes use the documented `{"assets_ids":[…],"operation":"subscribe"|"unsubscribe"}`
 * messages, in batches. Keep-alive is the text `PING` (answer `PONG`). After a reconnect the
 * first message resubscribes everything and the venue sends a fresh `book` per token.
 *
 * Books: `book` replaces the local book; `price_change` sets absolute level sizes. Polymarket
 * has no sequence numbers, so divergence is detected from the `best_bid`/`best_ask` each
 * price_change entry carries: after applying the entry, the local best prices must equal them.
 * A mismatch (or a crossed local book) counts a gap, stops forwarding that token's deltas, and
 * resynchronises it by an unsubscribe/subscribe cycle, which makes the venue send a fresh `book`
 * (forwarded as a book_snapshot). A price_change for a token without a book asks for a snapshot
 * the same way. A token still without a book after `resyncTimeoutMs` gets a cycle; if that also
 * fails, the connection is dropped and rebuilt.
 */
import type { MarketEvent } from '../../../domain/market-event.js';
import type { Logger } from '../../../engine/logger.js';
import type { ChannelSubscription, MarketFeed } from '../../../engine/market-feed.js';
import type { Channel } from '../../../engine/strategy.js';
import type { BackoffOptions } from '../../shared/backoff.js';
import { excerpt } from '../../../domain/errors.js';
import { createPolymarketFrameParser } from '../parse/parse-polymarket-frame.js';
import { ReconnectingSocket } from '../../shared/reconnecting-socket.js';
import { L2Book } from '../../shared/l2-book.js';

export const POLYMARKET_MARKET_WS_URL = 'wss://ws-subscriptions-clob.polymarket.com/ws/market';

export interface PolymarketMarketFeedOptions {
  readonly url?: string;
  readonly logger: Logger;
  /** The recorder's tap: every raw text frame before parsing. */
  readonly onRawFrame?: (text: string, tsLocal: number) => void;
  /** `PING` interval (the venue asks for about 10 s). */
  readonly keepAliveMs?: number;
  readonly staleAfterMs?: number;
  readonly backoff?: BackoffOptions;
  /** Tokens per subscribe/unsubscribe message. */
  readonly batchSize?: number;
  /** How long a token may go without a book before it is resynchronised (then reconnected). */
  readonly resyncTimeoutMs?: number;
  readonly now?: () => number;
}

interface TokenState {
  readonly channels: Set<Channel>;
  /** Null while waiting for a `book` (after subscribe, reconnect or a detected gap). */
  book: L2Book | null;
  /** When the token started waiting for a book. */
  waitingSince: number;
  /** A resync cycle was sent for the current wait. */
  cycled: boolean;
}

export class PolymarketMarketFeed implements MarketFeed {
  readonly venue = 'polymarket' as const;
  /** Text frames received (PONG included). */
  frames = 0;
  /** Events pushed to the sink. */
  events = 0;
  /** Frames that were not JSON or not in a documented shape (counted, logged, skipped). */
  badFrames = 0;
  /** Divergences detected from best_bid/best_ask (or a crossed book). */
  gaps = 0;
  /** Resynchronisation cycles sent (per token). */
  resyncs = 0;
  /** price_change entries that arrived for a token without a usable book. */
  deltasWithoutBook = 0;
  pongs = 0;
  private readonly socket: ReconnectingSocket;
  private readonly parser = createPolymarketFrameParser();
  private readonly tokens = new Map<string, TokenState>();
  private readonly pendingResync = new Set<string>();
  private resyncScheduled = false;
  private sink: ((event: MarketEvent) => void) | null = null;
  private pendingCheck: string | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  private readonly batchSize: number;
  private readonly resyncTimeoutMs: number;

  constructor(private readonly options: PolymarketMarketFeedOptions) {
    this.now = options.now ?? Date.now;
    this.batchSize = options.batchSize ?? 100;
    this.resyncTimeoutMs = options.resyncTimeoutMs ?? 5_000;
    this.socket = new ReconnectingSocket({
      url: options.url ?? POLYMARKET_MARKET_WS_URL,
      logger: options.logger,
      onFrame: (text, tsLocal) => this.handleFrame(text, tsLocal),
      onOpen: async () => this.onOpen(),
      keepAliveText: 'PING',
      keepAliveMs: options.keepAliveMs ?? 10_000,
      ...(options.staleAfterMs === undefined ? {} : { staleAfterMs: options.staleAfterMs }),
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
      now: this.now,
    });
  }

  /** Completed reconnects (connections after the first). */
  get reconnects(): number {
    return Math.max(0, this.socket.connects - 1);
  }

  get connected(): boolean {
    return this.socket.isOpen;
  }

  /** Subscribed token ids. */
  get symbols(): string[] {
    return [...this.tokens.keys()];
  }

  /** Best bid/ask of the local book, null when the token has no usable book. */
  localTop(symbol: string): { bid: number | null; ask: number | null } | null {
    const book = this.tokens.get(symbol)?.book;
    return book ? { bid: book.bestBid, ask: book.bestAsk } : null;
  }

  async start(sink: (event: MarketEvent) => void): Promise<void> {
    this.sink = sink;
    this.watchdog = setInterval(() => this.checkWaiting(), Math.max(50, Math.min(1_000, this.resyncTimeoutMs / 2)));
    this.watchdog.unref();
    await this.socket.start();
  }

  async subscribe(subscriptions: readonly ChannelSubscription[]): Promise<void> {
    const added: string[] = [];
    for (const s of subscriptions) {
      let state = this.tokens.get(s.symbol);
      if (state === undefined) {
        state = { channels: new Set(), book: null, waitingSince: this.now(), cycled: false };
        this.tokens.set(s.symbol, state);
        added.push(s.symbol);
      }
      state.channels.add(s.channel);
    }
    if (added.length > 0 && this.socket.isOpen) this.sendOperation('subscribe', added);
  }

  async unsubscribe(subscriptions: readonly ChannelSubscription[]): Promise<void> {
    const removed: string[] = [];
    for (const s of subscriptions) {
      const state = this.tokens.get(s.symbol);
      if (state === undefined) continue;
      state.channels.delete(s.channel);
      if (state.channels.size === 0) {
        this.tokens.delete(s.symbol);
        this.pendingResync.delete(s.symbol);
        removed.push(s.symbol);
      }
    }
    if (removed.length > 0 && this.socket.isOpen) this.sendOperation('unsubscribe', removed);
  }

  async stop(): Promise<void> {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    await this.socket.stop();
  }

  /** Drops the connection as a network fault would (tests, operators). */
  dropConnection(): void {
    this.socket.dropConnection();
  }

  private async onOpen(): Promise<void> {
    // Every book is stale after a reconnect: wait for the fresh `book` of each token.
    const now = this.now();
    for (const state of this.tokens.values()) {
      state.book = null;
      state.waitingSince = now;
      state.cycled = false;
    }
    this.pendingResync.clear();
    const ids = [...this.tokens.keys()];
    const first = ids.slice(0, this.batchSize);
    this.socket.send(JSON.stringify({ assets_ids: first, type: 'market', custom_feature_enabled: true }));
    if (ids.length > first.length) this.sendOperation('subscribe', ids.slice(first.length));
  }

  private sendOperation(operation: 'subscribe' | 'unsubscribe', ids: readonly string[]): void {
    for (let i = 0; i < ids.length; i += this.batchSize) {
      const batch = ids.slice(i, i + this.batchSize);
      const message = operation === 'subscribe'
        ? { assets_ids: batch, operation, custom_feature_enabled: true }
        : { assets_ids: batch, operation };
      this.socket.send(JSON.stringify(message));
    }
  }

  private handleFrame(text: string, tsLocal: number): void {
    this.frames++;
    this.options.onRawFrame?.(text, tsLocal);
    if (text === 'PONG') {
      this.pongs++;
      return;
    }
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      this.badFrame(text, 'not JSON');
      return;
    }
    this.pendingCheck = null;
    try {
      this.parser.parse(frame, tsLocal, this.onEvent);
    } catch (error) {
      this.badFrame(text, error instanceof Error ? error.message : String(error));
    }
    this.pendingCheck = null;
  }

  private badFrame(text: string, why: string): void {
    this.badFrames++;
    if (this.badFrames <= 10 || this.badFrames % 1_000 === 0) {
      this.options.logger.warn({ venue: 'polymarket', badFrames: this.badFrames, why, frame: excerpt(text, 160) }, 'bad frame skipped');
    }
  }

  private forward(event: MarketEvent): void {
    this.events++;
    this.sink?.(event);
  }

  private readonly onEvent = (event: MarketEvent): void => {
    const state = this.tokens.get(event.symbol);
    if (state === undefined) return; // not (or no longer) subscribed
    switch (event.kind) {
      case 'book_snapshot': {
        const book = state.book ?? new L2Book();
        book.reset(event.bids, event.asks);
        state.book = book;
        state.cycled = false;
        this.pendingResync.delete(event.symbol);
        if (state.channels.has('book')) this.forward(event);
        return;
      }
      case 'book_delta': {
        const book = state.book;
        if (book === null) {
          // The venue sends `book` before any price_change of a token; a delta first means the
          // snapshot was lost: ask for one (once per wait) and drop the delta.
          this.deltasWithoutBook++;
          this.requestResync(event.symbol, state);
          return;
        }
        for (let i = 0; i + 1 < event.bids.length; i += 2) book.setBid(event.bids[i]!, event.bids[i + 1]!);
        for (let i = 0; i + 1 < event.asks.length; i += 2) book.setAsk(event.asks[i]!, event.asks[i + 1]!);
        this.pendingCheck = event.symbol;
        if (state.channels.has('book')) this.forward(event);
        return;
      }
      case 'ticker': {
        if (this.pendingCheck === event.symbol) {
          this.pendingCheck = null;
          const book = state.book;
          if (book !== null) {
            const crossed = book.bestBid !== null && book.bestAsk !== null && book.bestBid >= book.bestAsk;
            if (crossed || book.bestBid !== event.bid || book.bestAsk !== event.ask) {
              this.gaps++;
              this.options.logger.warn({ venue: 'polymarket', symbol: event.symbol, local: [book.bestBid, book.bestAsk], venueTop: [event.bid, event.ask] }, 'book diverged from the venue best bid/ask; resynchronising');
              this.invalidate(event.symbol, state);
            }
          }
        }
        if (state.channels.has('ticker')) this.forward(event);
        return;
      }
      case 'trade':
        if (state.channels.has('trades')) this.forward(event);
        return;
      case 'status':
        this.forward(event);
        return;
    }
  };

  private invalidate(symbol: string, state: TokenState): void {
    state.book = null;
    state.waitingSince = this.now();
    this.requestResync(symbol, state);
  }

  private requestResync(symbol: string, state: TokenState): void {
    if (state.cycled) return;
    state.cycled = true;
    this.resyncs++;
    this.pendingResync.add(symbol);
    if (this.resyncScheduled) return;
    this.resyncScheduled = true;
    setImmediate(() => {
      this.resyncScheduled = false;
      const ids = [...this.pendingResync].filter((s) => this.tokens.get(s)?.book === null);
      if (ids.length === 0 || !this.socket.isOpen) return;
      // A repeated subscribe is ignored by the venue; only a cycle produces a fresh `book`.
      this.sendOperation('unsubscribe', ids);
      this.sendOperation('subscribe', ids);
    });
  }

  /** Tokens waiting too long for a book: resync once, then rebuild the connection. */
  private checkWaiting(): void {
    if (!this.socket.isOpen) return;
    const now = this.now();
    let drop = false;
    for (const [symbol, state] of this.tokens) {
      if (state.book !== null || now - state.waitingSince < this.resyncTimeoutMs) continue;
      if (!state.cycled) {
        this.options.logger.info({ venue: 'polymarket', symbol }, 'no book yet; requesting a snapshot');
        state.waitingSince = now;
        this.requestResync(symbol, state);
      } else {
        drop = true;
      }
    }
    if (drop) {
      this.options.logger.warn({ venue: 'polymarket' }, 'snapshots did not arrive after a resync; reconnecting');
      this.socket.dropConnection();
    }
  }
}
