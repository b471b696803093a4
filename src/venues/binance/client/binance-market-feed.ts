/**
 * Binance market data (spot and USDⓈ-M futures) as a MarketFeed. Streams: `@depth@100ms` (book),
 * `@bookTicker` (ticker), `@trade` spot / `@aggTrade` futures (trades), over combined-stream
 * connections: spot `wss://stream.binance.com:9443/stream`; futures split by route,
 * `wss://fstream.binance.com/public/stream` (depth, bookTicker) and `…/market/stream` (aggTrade).
 *
 * Books follow "How to manage a local order book correctly" (binance-book-sync.ts): diff events
 * are buffered from the first one on; that first event triggers a REST snapshot
 * (`/api/v3/depth`, `/fapi/v1/depth`, paced by request weight); the snapshot is recorded through
 * `onRawFrame` as `{"rest":"depth",…}` and goes through the same parser as replay; a snapshot
 * older than the stream is refetched; a continuity break (spot `U ≠ previous u + 1`, futures
 * `pu ≠ previous u`) invalidates the book and fetches a new snapshot while the stream keeps
 * buffering. A reconnect invalidates every book of that connection. Consumers see a book only
 * when synced: a book_snapshot, then book_deltas that chain.
 */
import { ArbiterError, excerpt } from '../../../domain/errors.js';
import type { BookDeltaEvent, BookSnapshotEvent, MarketEvent } from '../../../domain/market-event.js';
import type { Logger } from '../../../engine/logger.js';
import type { ChannelSubscription, MarketFeed } from '../../../engine/market-feed.js';
import type { Channel } from '../../../engine/strategy.js';
import type { BackoffOptions } from '../../shared/backoff.js';
import { httpJson } from '../../shared/http-json.js';
import { TokenBucket } from '../../shared/token-bucket.js';
import { binanceMarketOf, binanceRoute, binanceStreamName, binanceWireSymbol, type BinanceMarket } from '../parse/binance-symbols.js';
import { binanceDepthSnapshotFrame, createBinanceFrameParser } from '../parse/parse-binance-frame.js';
import { BinanceBookSync } from './binance-book-sync.js';
import { BinanceStreamConnection } from './binance-stream-connection.js';

export const BINANCE_SPOT_WS_URL = 'wss://stream.binance.com:9443';
export const BINANCE_USDM_WS_URL = 'wss://fstream.binance.com';
export const BINANCE_SPOT_REST_URL = 'https://api.binance.com';
export const BINANCE_USDM_REST_URL = 'https://fapi.binance.com';

type Route = ReturnType<typeof binanceRoute>;

export interface BinanceMarketFeedOptions {
  readonly logger: Logger;
  /** The recorder's tap: every raw WebSocket frame and every depth snapshot envelope. */
  readonly onRawFrame?: (text: string, tsLocal: number) => void;
  /** WebSocket bases (no path); defaults are production. A simulator serves both on one port. */
  readonly spotWsUrl?: string;
  readonly futuresWsUrl?: string;
  /** REST bases; defaults are production. */
  readonly spotRestUrl?: string;
  readonly futuresRestUrl?: string;
  /** Levels per REST snapshot (default 1000). */
  readonly depthLimit?: number;
  /** Wait before refetching a snapshot that was older than the stream (default 250 ms). */
  readonly snapshotRetryMs?: number;
  /** A subscribed book with no diff event for this long is snapshotted anyway (default 3 s). */
  readonly quietBookMs?: number;
  readonly backoff?: BackoffOptions;
  readonly keepAliveMs?: number;
  readonly staleAfterMs?: number;
  readonly now?: () => number;
}

export interface BinanceFeedCounters {
  events: number;
  badFrames: number;
  /** Continuity breaks (including ones found among buffered events). */
  gaps: number;
  /** Books rebuilt from a snapshot after a gap or reconnect. */
  resyncs: number;
  /** REST snapshots received. */
  snapshots: number;
  /** Snapshots older than the stream, refetched. */
  staleSnapshots: number;
  snapshotErrors: number;
  /** Connections after the first, over all routes. */
  reconnects: number;
}

interface BookState {
  readonly sync: BinanceBookSync;
  fetching: boolean;
  /** Synced once before (a later sync is a resync). */
  everSynced: boolean;
  waitingSince: number;
}

export class BinanceMarketFeed implements MarketFeed {
  readonly venue = 'binance' as const;
  readonly counters: BinanceFeedCounters = { events: 0, badFrames: 0, gaps: 0, resyncs: 0, snapshots: 0, staleSnapshots: 0, snapshotErrors: 0, reconnects: 0 };
  private readonly parser = createBinanceFrameParser();
  private readonly connections = new Map<Route, BinanceStreamConnection>();
  private readonly channels = new Map<string, Set<Channel>>();
  private readonly books = new Map<string, BookState>();
  private readonly weights: Record<BinanceMarket, TokenBucket> = { spot: new TokenBucket(6000, 100), usdm: new TokenBucket(2400, 40) };
  private sink: (event: MarketEvent) => void = () => {};
  private started = false;
  private stopped = false;
  private watchdog: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  private readonly logger: Logger;

  constructor(private readonly options: BinanceMarketFeedOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger.child({ venue: 'binance', component: 'market-feed' });
  }

  async start(sink: (event: MarketEvent) => void): Promise<void> {
    if (this.started) throw new ArbiterError('ARB_ENGINE_STATE', 'Binance market feed already started', { venue: 'binance' });
    this.started = true;
    this.sink = sink;
    const quiet = this.options.quietBookMs ?? 3_000;
    this.watchdog = setInterval(() => this.snapshotQuietBooks(quiet), Math.max(50, Math.min(1_000, quiet / 2)));
    this.watchdog.unref();
    await Promise.all([...this.connections.values()].map((c) => c.start()));
  }

  async subscribe(subscriptions: readonly ChannelSubscription[]): Promise<void> {
    const byRoute = new Map<Route, string[]>();
    for (const s of subscriptions) {
      const streamName = binanceStreamName(s.symbol, s.channel);
      let set = this.channels.get(s.symbol);
      if (set === undefined) this.channels.set(s.symbol, (set = new Set()));
      set.add(s.channel);
      if (s.channel === 'book' && !this.books.has(s.symbol)) {
        this.books.set(s.symbol, { sync: new BinanceBookSync(binanceMarketOf(s.symbol)), fetching: false, everSynced: false, waitingSince: this.now() });
      }
      const route = binanceRoute(binanceMarketOf(s.symbol), s.channel);
      const list = byRoute.get(route) ?? [];
      list.push(streamName);
      byRoute.set(route, list);
    }
    for (const [route, streams] of byRoute) {
      const connection = this.connection(route);
      await connection.add(streams);
      if (this.started && !connection.isStarted) void connection.start();
    }
  }

  async unsubscribe(subscriptions: readonly ChannelSubscription[]): Promise<void> {
    for (const s of subscriptions) {
      const set = this.channels.get(s.symbol);
      if (!set?.delete(s.channel)) continue;
      if (set.size === 0) this.channels.delete(s.symbol);
      if (s.channel === 'book') this.books.delete(s.symbol);
      await this.connections.get(binanceRoute(binanceMarketOf(s.symbol), s.channel))?.remove([binanceStreamName(s.symbol, s.channel)]);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    await Promise.all([...this.connections.values()].map((c) => c.stop()));
  }

  /** The local book of a subscribed symbol (null while it is not synced). */
  book(symbol: string): { bids: number[]; asks: number[]; updateId: number } | null {
    const state = this.books.get(symbol);
    if (state === undefined || state.sync.updateId === null) return null;
    return { ...state.sync.book.levels(), updateId: state.sync.updateId };
  }

  /** Drops every connection as a network fault would; each reconnects and resubscribes. */
  dropConnections(): void {
    for (const c of this.connections.values()) c.dropConnection();
  }

  get connected(): boolean {
    return [...this.connections.values()].every((c) => c.isOpen);
  }

  private connection(route: Route): BinanceStreamConnection {
    let c = this.connections.get(route);
    if (c !== undefined) return c;
    const spotWs = (this.options.spotWsUrl ?? BINANCE_SPOT_WS_URL).replace(/\/$/, '');
    const futWs = (this.options.futuresWsUrl ?? BINANCE_USDM_WS_URL).replace(/\/$/, '');
    const url = route === 'spot' ? `${spotWs}/stream` : route === 'usdm-public' ? `${futWs}/public/stream` : `${futWs}/market/stream`;
    c = new BinanceStreamConnection({
      url, logger: this.logger, messagesPerSec: route === 'spot' ? 5 : 10,
      onFrame: (text, tsLocal) => this.onFrame(text, tsLocal),
      onOpen: () => this.onOpen(route),
      backoff: this.options.backoff, keepAliveMs: this.options.keepAliveMs, staleAfterMs: this.options.staleAfterMs, now: this.options.now,
    });
    this.connections.set(route, c);
    return c;
  }

  private onOpen(route: Route): void {
    const c = this.connections.get(route);
    if (c !== undefined && c.connects > 0) this.counters.reconnects++;
    if (route === 'usdm-market') return;
    // Whatever was buffered or synced came from the old connection.
    const now = this.now();
    for (const [symbol, state] of this.books) {
      if (binanceRoute(binanceMarketOf(symbol), 'book') !== route) continue;
      state.sync.reset();
      state.waitingSince = now;
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
    this.parse(frame, tsLocal, text);
  }

  private parse(frame: unknown, tsLocal: number, text: string): void {
    try {
      this.parser.parse(frame, tsLocal, this.onEvent);
    } catch (error) {
      this.badFrame(error instanceof Error ? error.message : String(error), text);
    }
  }

  private readonly onEvent = (event: MarketEvent): void => {
    const channels = this.channels.get(event.symbol);
    if (channels === undefined) return;
    switch (event.kind) {
      case 'book_delta':
        this.onDelta(event, this.parser.firstUpdateId);
        return;
      case 'book_snapshot':
        this.onSnapshot(event);
        return;
      case 'ticker':
        if (channels.has('ticker')) this.forward(event);
        return;
      case 'trade':
        if (channels.has('trades')) this.forward(event);
        return;
      case 'status':
        this.forward(event);
        return;
    }
  };

  private onDelta(event: BookDeltaEvent, first: number): void {
    const state = this.books.get(event.symbol);
    if (state === undefined) return;
    const outcome = state.sync.onDelta(event, first);
    if (outcome === 'applied') this.forward(event);
    else if (outcome === 'buffered') this.fetchSnapshot(event.symbol, state, 0);
    else if (outcome === 'gap') {
      this.counters.gaps++;
      this.logger.warn({ symbol: event.symbol, U: first, u: event.sequence, prev: event.prevSequence }, 'binance book gap; fetching a new snapshot');
      state.waitingSince = this.now();
      this.fetchSnapshot(event.symbol, state, 0);
    }
  }

  private onSnapshot(event: BookSnapshotEvent): void {
    const state = this.books.get(event.symbol);
    if (state === undefined) return;
    this.counters.snapshots++;
    const { outcome, applied } = state.sync.onSnapshot(event);
    if (outcome === 'synced') {
      if (state.everSynced) this.counters.resyncs++;
      state.everSynced = true;
      this.forward(event);
      for (const d of applied) this.forward(d);
      return;
    }
    if (outcome === 'retry') this.counters.staleSnapshots++;
    else this.counters.gaps++;
    this.fetchSnapshot(event.symbol, state, this.options.snapshotRetryMs ?? 250);
  }

  private forward(event: MarketEvent): void {
    if (event.kind === 'book_snapshot' || event.kind === 'book_delta') {
      if (!this.channels.get(event.symbol)?.has('book')) return;
    }
    this.counters.events++;
    this.sink(event);
  }

  /** One REST snapshot in flight per book; the answer is recorded and parsed like any frame. */
  private fetchSnapshot(symbol: string, state: BookState, delayMs: number): void {
    if (state.fetching || this.stopped) return;
    state.fetching = true;
    const market = state.sync.market;
    const limit = this.options.depthLimit ?? 1000;
    const wire = binanceWireSymbol(symbol);
    const base = (market === 'spot' ? this.options.spotRestUrl ?? BINANCE_SPOT_REST_URL : this.options.futuresRestUrl ?? BINANCE_USDM_REST_URL).replace(/\/$/, '');
    const url = `${base}${market === 'spot' ? '/api/v3/depth' : '/fapi/v1/depth'}?symbol=${encodeURIComponent(wire)}&limit=${limit}`;
    void (async () => {
      try {
        if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
        await this.weights[market].acquire(depthWeight(market, limit));
        const body = await httpJson<unknown>(url, { venue: 'binance', timeoutMs: 10_000 });
        state.fetching = false;
        if (this.stopped || this.books.get(symbol) !== state) return;
        const tsLocal = this.now();
        const envelope = binanceDepthSnapshotFrame(market, wire, body);
        this.options.onRawFrame?.(JSON.stringify(envelope), tsLocal);
        this.parse(envelope, tsLocal, '');
      } catch (error) {
        state.fetching = false;
        this.counters.snapshotErrors++;
        this.logger.warn({ symbol, err: error instanceof Error ? error.message : String(error) }, 'binance depth snapshot failed; retrying');
        if (!this.stopped && this.books.get(symbol) === state) this.fetchSnapshot(symbol, state, 1_000);
      }
    })();
  }

  /** Books that saw no diff event for a while are snapshotted anyway (a quiet market). */
  private snapshotQuietBooks(quietMs: number): void {
    const now = this.now();
    for (const [symbol, state] of this.books) {
      if (state.sync.synced || state.fetching || now - state.waitingSince < quietMs) continue;
      const c = this.connections.get(binanceRoute(state.sync.market, 'book'));
      if (c === undefined || !c.isOpen) continue;
      state.waitingSince = now;
      this.fetchSnapshot(symbol, state, 0);
    }
  }

  private badFrame(reason: string, text: string): void {
    const n = ++this.counters.badFrames;
    if (n <= 10 || n % 1000 === 0) this.logger.warn({ badFrames: n, reason, frame: excerpt(text, 160) }, 'binance bad frame skipped');
  }
}

/** Request weight of a depth snapshot (spot and USDⓈ-M tables by limit). */
export function depthWeight(market: BinanceMarket, limit: number): number {
  if (market === 'spot') return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
  return limit <= 50 ? 2 : limit <= 100 ? 5 : limit <= 500 ? 10 : 20;
}
