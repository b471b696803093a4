/**
 * Derive market data over JSON-RPC WebSocket (v3 `wss://api.derive.xyz/v3/ws` by default). Engine
 * subscriptions become `ticker_slim.{instrument}.{interval}`, `orderbook.{instrument}.{group}.{depth}`
 * and `trades.{instrument}` channels, sent in batches (`subscribe`/`unsubscribe` with a `channels`
 * list) paced by a token bucket: subscriptions count against Derive's non-matching request budget
 * (docs.derive.xyz "Rate Limits": five-second windows; ~5 requests/s per IP for public traffic).
 * Every reconnect resubscribes the whole active set. Frames go through the shared Derive
 * FrameParser; one bad frame is counted and logged, never fatal.
 *
 * Books: Derive publishes full snapshots (no deltas), each with a `publish_id`. A snapshot whose
 * publish_id is not newer than the last one seen for the instrument is stale and dropped (counted);
 * a reconnect resets that check (counted as a resync) and the next snapshot replaces the book.
 */
import type { MarketEvent } from '../../../domain/market-event.js';
import type { ChannelSubscription, MarketFeed } from '../../../engine/market-feed.js';
import { silentLogger, type Logger } from '../../../engine/logger.js';
import type { BackoffOptions } from '../../shared/backoff.js';
import type { FrameParser } from '../../shared/frame-parser.js';
import { JsonRpcSocket } from '../../shared/json-rpc-socket.js';
import { TokenBucket } from '../../shared/token-bucket.js';
import { isRecord } from '../../shared/wire-values.js';
import { DEFAULT_DERIVE_CHANNEL_OPTIONS, deriveChannelName, type DeriveChannelOptions } from '../parse/derive-channels.js';
import { createDeriveFrameParser } from '../parse/parse-derive-frame.js';

export const DERIVE_WS_URL = 'wss://api.derive.xyz/v3/ws';
export const DERIVE_TESTNET_WS_URL = 'wss://testnet.api.derive.xyz/v3/ws';

export interface DeriveMarketFeedOptions {
  readonly url?: string;
  readonly logger?: Logger;
  /** The recorder's tap: every raw text frame before parsing. */
  readonly onRawFrame?: (text: string, tsLocal: number) => void;
  readonly channels?: Partial<DeriveChannelOptions>;
  /** Channels per subscribe/unsubscribe request (default 50). */
  readonly batchSize?: number;
  /** Subscribe/unsubscribe requests per second (default 5). */
  readonly requestsPerSec?: number;
  readonly requestTimeoutMs?: number;
  readonly keepAliveMs?: number;
  readonly staleAfterMs?: number;
  readonly backoff?: BackoffOptions;
}

export class DeriveMarketFeed implements MarketFeed {
  readonly venue = 'derive' as const;
  /** Frames that failed to parse (not JSON, or not the channel's shape). */
  badFrames = 0;
  /** Events pushed to the sink. */
  events = 0;
  /** Snapshots dropped because their publish_id was not newer than the last one. */
  staleSnapshots = 0;
  /** Always 0: Derive books are snapshots, so there is no delta chain to break. */
  readonly gaps = 0;
  /** Reconnects after which books were re-armed from the next snapshot. */
  resyncs = 0;
  /** Channels the venue answered with a non-"ok" status. */
  rejectedChannels = 0;
  private readonly logger: Logger;
  private readonly parser: FrameParser = createDeriveFrameParser();
  private readonly channelOptions: DeriveChannelOptions;
  private readonly active = new Map<string, ChannelSubscription>();
  private readonly sentOnThisConnection = new Set<string>();
  private readonly lastPublishId = new Map<string, number>();
  private readonly bucket: TokenBucket;
  private rpc: JsonRpcSocket | null = null;
  private sink: (event: MarketEvent) => void = () => {};
  private readonly emit = (event: MarketEvent): void => this.onEvent(event);

  constructor(private readonly options: DeriveMarketFeedOptions = {}) {
    this.logger = (options.logger ?? silentLogger).child({ venue: 'derive' });
    this.channelOptions = { ...DEFAULT_DERIVE_CHANNEL_OPTIONS, ...options.channels };
    const rate = options.requestsPerSec ?? 5;
    this.bucket = new TokenBucket(rate, rate);
  }

  /** Completed reconnects (connections after the first). */
  get reconnects(): number {
    return Math.max(0, (this.rpc?.socket.connects ?? 0) - 1);
  }

  /** Channel names currently wanted (resubscribed after every reconnect). */
  get activeChannels(): readonly string[] {
    return [...this.active.keys()];
  }

  async start(sink: (event: MarketEvent) => void): Promise<void> {
    this.sink = sink;
    this.rpc = new JsonRpcSocket({
      venue: 'derive',
      url: this.options.url ?? DERIVE_WS_URL,
      logger: this.logger,
      onMessage: (message, tsLocal) => this.onMessage(message, tsLocal),
      onBadFrame: (text, reason) => this.countBad(reason, text),
      onOpen: () => this.onOpen(),
      ...(this.options.onRawFrame ? { onRawFrame: this.options.onRawFrame } : {}),
      ...(this.options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: this.options.requestTimeoutMs }),
      ...(this.options.keepAliveMs === undefined ? {} : { keepAliveMs: this.options.keepAliveMs }),
      ...(this.options.staleAfterMs === undefined ? {} : { staleAfterMs: this.options.staleAfterMs }),
      ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
    });
    await this.rpc.start();
  }

  async subscribe(subscriptions: readonly ChannelSubscription[]): Promise<void> {
    for (const s of subscriptions) this.active.set(deriveChannelName(s.symbol, s.channel, this.channelOptions), s);
    if (!this.rpc?.socket.isOpen) return; // sent by onOpen
    try {
      await this.flush();
    } catch (error) {
      // Kept as wanted; the next connection resubscribes them.
      this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'Derive subscribe failed; will resubscribe on reconnect');
    }
  }

  async unsubscribe(subscriptions: readonly ChannelSubscription[]): Promise<void> {
    const names: string[] = [];
    for (const s of subscriptions) {
      const name = deriveChannelName(s.symbol, s.channel, this.channelOptions);
      if (this.active.delete(name) && this.sentOnThisConnection.delete(name)) names.push(name);
      if (s.channel === 'book') this.lastPublishId.delete(s.symbol);
    }
    if (names.length > 0 && this.rpc?.socket.isOpen) await this.sendBatches('unsubscribe', names);
  }

  async stop(): Promise<void> {
    await this.rpc?.stop();
  }

  /** Drops the connection as a network fault would (tests). */
  dropConnection(): void {
    this.rpc?.socket.dropConnection();
  }

  private async onOpen(): Promise<void> {
    this.sentOnThisConnection.clear();
    if (this.rpc && this.rpc.socket.connects > 0) {
      this.resyncs++;
      this.lastPublishId.clear();
    }
    await this.flush();
  }

  /** Sends every active channel not yet subscribed on this connection. */
  private async flush(): Promise<void> {
    for (;;) {
      const unsent = [...this.active.keys()].filter((c) => !this.sentOnThisConnection.has(c));
      if (unsent.length === 0) return;
      for (const c of unsent) this.sentOnThisConnection.add(c);
      await this.sendBatches('subscribe', unsent);
    }
  }

  private async sendBatches(method: 'subscribe' | 'unsubscribe', channels: readonly string[]): Promise<void> {
    const size = this.options.batchSize ?? 50;
    for (let i = 0; i < channels.length; i += size) {
      const batch = channels.slice(i, i + size);
      await this.bucket.acquire(1);
      const rpc = this.rpc;
      if (!rpc) return;
      const result = await rpc.request(method, { channels: batch });
      if (method === 'subscribe') this.checkStatus(result);
    }
  }

  private checkStatus(result: unknown): void {
    if (!isRecord(result) || !isRecord(result.status)) return;
    for (const [channel, status] of Object.entries(result.status)) {
      if (status === 'ok') continue;
      this.rejectedChannels++;
      this.sentOnThisConnection.delete(channel);
      this.logger.warn({ channel, status: String(status).slice(0, 200) }, 'Derive refused a channel');
    }
  }

  private onMessage(message: unknown, tsLocal: number): void {
    try {
      this.parser.parse(message, tsLocal, this.emit);
    } catch (error) {
      this.countBad(error instanceof Error ? error.message : String(error), JSON.stringify(message));
    }
  }

  private onEvent(event: MarketEvent): void {
    if (event.kind === 'book_snapshot' && event.sequence !== null) {
      const last = this.lastPublishId.get(event.symbol);
      if (last !== undefined && event.sequence <= last) {
        this.staleSnapshots++;
        return;
      }
      this.lastPublishId.set(event.symbol, event.sequence);
    }
    this.events++;
    this.sink(event);
  }

  private countBad(reason: string, text: string): void {
    this.badFrames++;
    if (this.badFrames <= 10 || this.badFrames % 1000 === 0) {
      this.logger.warn({ badFrames: this.badFrames, reason, excerpt: text.slice(0, 120) }, 'bad Derive frame');
    }
  }
}
