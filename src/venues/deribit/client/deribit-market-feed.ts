/**
 * Deribit market data over JSON-RPC WebSocket (`wss://www.deribit.com/ws/api/v2`): subscribes
 * `ticker|book|trades.{instrument}.100ms` in batches paced by Deribit's credit limit, keeps the
 * connection alive with `public/set_heartbeat` and answers every `test_request` with
 * `public/test`, reconnects with jittered backoff and resubscribes everything, keeps a local book
 * per subscribed instrument, and on a `prev_change_id` gap resubscribes that book channel (Deribit
 * answers with a fresh snapshot). One bad frame is counted and logged, never fatal.
 */
import { ArbiterError } from '../../../domain/errors.js';
import type { MarketEvent } from '../../../domain/market-event.js';
import type { Logger } from '../../../engine/logger.js';
import type { ChannelSubscription, MarketFeed } from '../../../engine/market-feed.js';
import type { BackoffOptions } from '../../shared/backoff.js';
import type { FrameParser } from '../../shared/frame-parser.js';
import { JsonRpcSocket } from '../../shared/json-rpc-socket.js';
import { TokenBucket } from '../../shared/token-bucket.js';
import { isRecord } from '../../shared/wire-values.js';
import { createDeribitFrameParser } from '../parse/parse-deribit-frame.js';
import { toDeribitChannel } from './deribit-channels.js';
import { DeribitLocalBook } from './deribit-local-book.js';

export const DERIBIT_WS_URL = 'wss://www.deribit.com/ws/api/v2';

/** Deribit's subscribe limit: each `public/subscribe` costs 3,000 credits from a 30,000 bucket refilled at 10,000/s. */
export const DERIBIT_SUBSCRIBE_LIMIT = { capacity: 30_000, refillPerSec: 10_000, cost: 3_000 } as const;

export interface DeribitMarketFeedOptions {
  readonly url?: string;
  readonly logger: Logger;
  /** The recorder's tap: every raw text frame, before parsing. */
  readonly onRawFrame?: (text: string, tsLocal: number) => void;
  /** `public/set_heartbeat` interval in seconds; Deribit's minimum is 10. */
  readonly heartbeatIntervalSec?: number;
  /** Channels per subscribe/unsubscribe request (default 100). */
  readonly maxChannelsPerRequest?: number;
  readonly rateLimit?: { readonly capacity: number; readonly refillPerSec: number; readonly cost: number };
  readonly backoff?: BackoffOptions;
  readonly requestTimeoutMs?: number;
}

export interface DeribitFeedCounters {
  /** Events pushed to the sink. */
  events: number;
  /** Frames that were not JSON or did not have their channel's shape. */
  badFrames: number;
  /** `prev_change_id` mismatches seen. */
  gaps: number;
  /** Books rebuilt from a fresh snapshot after a gap. */
  resyncs: number;
  /** Connections after the first. */
  reconnects: number;
  /** `test_request` heartbeats answered with `public/test`. */
  testRequests: number;
  /** Subscribe and unsubscribe requests sent. */
  subscribeRequests: number;
  /** Channels a subscribe answer did not confirm. */
  unconfirmedChannels: number;
}

export class DeribitMarketFeed implements MarketFeed {
  readonly venue = 'deribit' as const;
  readonly counters: DeribitFeedCounters = {
    events: 0, badFrames: 0, gaps: 0, resyncs: 0, reconnects: 0, testRequests: 0, subscribeRequests: 0, unconfirmedChannels: 0,
  };
  private rpc: JsonRpcSocket | null = null;
  private sink: (event: MarketEvent) => void = () => {};
  private readonly parser: FrameParser = createDeribitFrameParser();
  /** Deribit channel names the engine wants, resubscribed after every connect. */
  private readonly active = new Set<string>();
  private readonly books = new Map<string, DeribitLocalBook>();
  /** Symbols whose book channel is being resubscribed after a gap. */
  private readonly resyncing = new Set<string>();
  private readonly bucket: TokenBucket;
  private readonly logger: Logger;
  private readonly heartbeatSec: number;
  private readonly batch: number;
  private readonly cost: number;

  constructor(private readonly options: DeribitMarketFeedOptions) {
    this.logger = options.logger.child({ venue: 'deribit', component: 'market-feed' });
    this.heartbeatSec = options.heartbeatIntervalSec ?? 10;
    if (!(this.heartbeatSec >= 10)) throw new ArbiterError('ARB_CONFIG_INVALID', `Deribit heartbeat interval must be at least 10 s (got ${this.heartbeatSec})`, { venue: 'deribit' });
    this.batch = options.maxChannelsPerRequest ?? 100;
    const limit = options.rateLimit ?? DERIBIT_SUBSCRIBE_LIMIT;
    this.bucket = new TokenBucket(limit.capacity, limit.refillPerSec);
    this.cost = limit.cost;
  }

  /** Connects (retrying until it succeeds), sets the heartbeat and subscribes whatever is already wanted. */
  async start(sink: (event: MarketEvent) => void): Promise<void> {
    if (this.rpc !== null) throw new ArbiterError('ARB_ENGINE_STATE', 'Deribit market feed already started', { venue: 'deribit' });
    this.sink = sink;
    const rpc = new JsonRpcSocket({
      venue: 'deribit',
      url: this.options.url ?? DERIBIT_WS_URL,
      logger: this.logger,
      onOpen: () => this.onOpen(),
      onMessage: (message, tsLocal) => this.onMessage(message, tsLocal),
      onRawFrame: this.options.onRawFrame,
      onBadFrame: (text, reason) => this.badFrame(reason, text),
      backoff: this.options.backoff,
      requestTimeoutMs: this.options.requestTimeoutMs,
      staleAfterMs: Math.max(30_000, 3 * this.heartbeatSec * 1000),
    });
    this.rpc = rpc;
    await rpc.start();
  }

  async subscribe(subscriptions: readonly ChannelSubscription[]): Promise<void> {
    const fresh: string[] = [];
    for (const s of subscriptions) {
      const channel = toDeribitChannel(s);
      if (this.active.has(channel)) continue;
      this.active.add(channel);
      if (s.channel === 'book') this.books.set(s.symbol, new DeribitLocalBook());
      fresh.push(channel);
    }
    await this.sendWhileOpen('public/subscribe', fresh);
  }

  async unsubscribe(subscriptions: readonly ChannelSubscription[]): Promise<void> {
    const gone: string[] = [];
    for (const s of subscriptions) {
      const channel = toDeribitChannel(s);
      if (!this.active.delete(channel)) continue;
      if (s.channel === 'book') {
        this.books.delete(s.symbol);
        this.resyncing.delete(s.symbol);
      }
      gone.push(channel);
    }
    await this.sendWhileOpen('public/unsubscribe', gone);
  }

  async stop(): Promise<void> {
    const rpc = this.rpc;
    this.rpc = null;
    await rpc?.stop();
  }

  get isOpen(): boolean {
    return this.rpc?.socket.isOpen ?? false;
  }

  /** The channels currently wanted (what a reconnect resubscribes). */
  get channels(): readonly string[] {
    return [...this.active];
  }

  /** The local book of a subscribed instrument: levels best first, and the last change_id applied (null while resyncing). */
  book(symbol: string): { bids: number[]; asks: number[]; changeId: number | null } | undefined {
    const book = this.books.get(symbol);
    return book === undefined ? undefined : { ...book.levels(), changeId: book.changeId };
  }

  /** Drops the connection as a network fault would (tests, operators); the feed reconnects and resubscribes. */
  dropConnection(): void {
    this.rpc?.socket.dropConnection();
  }

  private async onOpen(): Promise<void> {
    const rpc = this.rpc;
    if (rpc === null) return;
    if (rpc.socket.connects > 0) this.counters.reconnects++;
    for (const book of this.books.values()) book.invalidate();
    this.resyncing.clear();
    await rpc.request('public/set_heartbeat', { interval: this.heartbeatSec });
    // subscribe()/unsubscribe() calls that land while this runs do not send (the socket is not
    // "open" yet), so keep going until what was sent matches what is wanted.
    const sent = new Set<string>();
    for (;;) {
      const missing = [...this.active].filter((c) => !sent.has(c));
      const unwanted = [...sent].filter((c) => !this.active.has(c));
      if (missing.length === 0 && unwanted.length === 0) break;
      if (missing.length > 0) await this.send(rpc, 'public/subscribe', missing);
      for (const c of missing) sent.add(c);
      if (unwanted.length > 0) await this.send(rpc, 'public/unsubscribe', unwanted);
      for (const c of unwanted) sent.delete(c);
    }
    this.logger.info({ channels: this.active.size }, 'deribit feed connected');
  }

  /**
   * Sends now when connected; while disconnected the next connect resubscribes `active` anyway.
   * A request whose answer is lost leaves the subscription state unknown, so the connection is
   * dropped and everything resubscribed.
   */
  private async sendWhileOpen(method: 'public/subscribe' | 'public/unsubscribe', channels: string[]): Promise<void> {
    const rpc = this.rpc;
    if (channels.length === 0 || rpc === null || !rpc.socket.isOpen) return;
    try {
      await this.send(rpc, method, channels);
    } catch (error) {
      this.logger.warn({ method, channels: channels.length, err: error instanceof Error ? error.message : String(error) }, 'deribit subscription request failed; reconnecting to resubscribe');
      if (rpc.socket.isOpen) rpc.socket.dropConnection();
    }
  }

  /** Batches of `maxChannelsPerRequest`, each waiting for its subscribe credits. */
  private async send(rpc: JsonRpcSocket, method: 'public/subscribe' | 'public/unsubscribe', channels: readonly string[]): Promise<void> {
    for (let i = 0; i < channels.length; i += this.batch) {
      const chunk = channels.slice(i, i + this.batch);
      await this.bucket.acquire(this.cost);
      this.counters.subscribeRequests++;
      const result = await rpc.request<unknown>(method, { channels: chunk });
      if (method === 'public/subscribe') this.checkConfirmed(chunk, result);
    }
  }

  private checkConfirmed(asked: readonly string[], result: unknown): void {
    const confirmed = new Set(Array.isArray(result) ? (result as unknown[]) : []);
    const missing = asked.filter((c) => !confirmed.has(c));
    if (missing.length === 0) return;
    this.counters.unconfirmedChannels += missing.length;
    this.logger.warn({ missing: missing.slice(0, 5), count: missing.length }, 'deribit did not confirm some channels');
  }

  private onMessage(message: unknown, tsLocal: number): void {
    if (isRecord(message) && message.method === 'heartbeat') {
      const params = message.params;
      if (isRecord(params) && params.type === 'test_request') {
        this.counters.testRequests++;
        this.rpc?.notify('public/test', {});
      }
      return;
    }
    try {
      this.parser.parse(message, tsLocal, this.onEvent);
    } catch (error) {
      this.badFrame(error instanceof Error ? error.message : String(error), message);
    }
  }

  /** Tracks books (gap detection, resync) and forwards events; created once, not per frame. */
  private readonly onEvent = (event: MarketEvent): void => {
    if (event.kind === 'book_snapshot') {
      const book = this.books.get(event.symbol);
      if (book === undefined) return; // unsubscribed meanwhile
      book.reset(event);
      if (this.resyncing.delete(event.symbol)) {
        this.counters.resyncs++;
        this.logger.info({ symbol: event.symbol, changeId: event.sequence }, 'deribit book resynchronised from a fresh snapshot');
      }
    } else if (event.kind === 'book_delta') {
      const book = this.books.get(event.symbol);
      if (book === undefined) return;
      const outcome = book.apply(event);
      if (outcome === 'waiting') return;
      if (outcome === 'gap') {
        this.counters.gaps++;
        this.logger.warn({ symbol: event.symbol, prevChangeId: event.prevSequence, changeId: event.sequence }, 'deribit book gap; resubscribing for a fresh snapshot');
        this.resync(event.symbol);
        return;
      }
    }
    this.counters.events++;
    this.sink(event);
  };

  /** Unsubscribe + subscribe the one book channel: Deribit starts every subscription with a snapshot. */
  private resync(symbol: string): void {
    const rpc = this.rpc;
    if (rpc === null || this.resyncing.has(symbol)) return;
    this.resyncing.add(symbol);
    const channel = toDeribitChannel({ symbol, channel: 'book' });
    void (async () => {
      try {
        await this.send(rpc, 'public/unsubscribe', [channel]);
        if (this.active.has(channel)) await this.send(rpc, 'public/subscribe', [channel]);
      } catch (error) {
        this.logger.warn({ symbol, err: error instanceof Error ? error.message : String(error) }, 'deribit book resync request failed; reconnecting');
        if (rpc.socket.isOpen) rpc.socket.dropConnection();
      }
    })();
  }

  private badFrame(reason: string, frame: unknown): void {
    const n = ++this.counters.badFrames;
    if (n <= 10 || n % 1000 === 0) {
      const text = typeof frame === 'string' ? frame : JSON.stringify(frame) ?? String(frame);
      this.logger.warn({ badFrames: n, reason, excerpt: text.slice(0, 160) }, 'deribit bad frame skipped');
    }
  }
}
