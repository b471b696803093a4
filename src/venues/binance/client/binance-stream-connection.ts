/**
 * One Binance combined-stream connection (`…/stream`): keeps the wanted stream names, sends
 * `SUBSCRIBE` / `UNSUBSCRIBE` method messages in batches paced by the venue's limit on incoming
 * messages (spot 5/s, futures 10/s), resubscribes everything after each reconnect, and hands
 * every text frame to the feed. Binance pings and `ws` answers; the socket also pings itself.
 */
import type { Logger } from '../../../engine/logger.js';
import type { BackoffOptions } from '../../shared/backoff.js';
import { ReconnectingSocket } from '../../shared/reconnecting-socket.js';
import { TokenBucket } from '../../shared/token-bucket.js';

export interface BinanceStreamConnectionOptions {
  readonly url: string;
  readonly logger: Logger;
  /** Incoming messages the venue accepts per second on one connection. */
  readonly messagesPerSec: number;
  /** Streams per SUBSCRIBE message. */
  readonly batchSize?: number;
  readonly onFrame: (text: string, tsLocal: number) => void;
  /** After each (re)connect, once the subscriptions are sent. */
  readonly onOpen: () => void;
  readonly backoff?: BackoffOptions;
  readonly keepAliveMs?: number;
  readonly staleAfterMs?: number;
  readonly now?: () => number;
}

export class BinanceStreamConnection {
  readonly streams = new Set<string>();
  /** Method messages sent. */
  requests = 0;
  private readonly socket: ReconnectingSocket;
  private readonly bucket: TokenBucket;
  private nextId = 1;
  private started = false;

  constructor(private readonly options: BinanceStreamConnectionOptions) {
    this.bucket = new TokenBucket(options.messagesPerSec, options.messagesPerSec);
    this.socket = new ReconnectingSocket({
      url: options.url,
      logger: options.logger,
      onFrame: options.onFrame,
      onOpen: () => this.resubscribe(),
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
      ...(options.keepAliveMs === undefined ? {} : { keepAliveMs: options.keepAliveMs }),
      ...(options.staleAfterMs === undefined ? {} : { staleAfterMs: options.staleAfterMs }),
      ...(options.now === undefined ? {} : { now: options.now }),
    });
  }

  get isOpen(): boolean {
    return this.socket.isOpen;
  }

  get connects(): number {
    return this.socket.connects;
  }

  /** Connects (resolves after the first connect); the streams wanted so far are subscribed on open. */
  start(): Promise<void> {
    this.started = true;
    return this.socket.start();
  }

  get isStarted(): boolean {
    return this.started;
  }

  async add(streams: readonly string[]): Promise<void> {
    const fresh = streams.filter((s) => !this.streams.has(s));
    for (const s of fresh) this.streams.add(s);
    if (fresh.length > 0 && this.socket.isOpen) await this.send('SUBSCRIBE', fresh);
  }

  async remove(streams: readonly string[]): Promise<void> {
    const gone = streams.filter((s) => this.streams.delete(s));
    if (gone.length > 0 && this.socket.isOpen) await this.send('UNSUBSCRIBE', gone);
  }

  dropConnection(): void {
    this.socket.dropConnection();
  }

  async stop(): Promise<void> {
    await this.socket.stop();
  }

  private async resubscribe(): Promise<void> {
    // add()/remove() calls landing while this runs do not send (the socket is not live yet), so
    // keep going until what was sent matches what is wanted.
    const sent = new Set<string>();
    for (;;) {
      const missing = [...this.streams].filter((s) => !sent.has(s));
      const unwanted = [...sent].filter((s) => !this.streams.has(s));
      if (missing.length === 0 && unwanted.length === 0) break;
      if (missing.length > 0) await this.send('SUBSCRIBE', missing);
      for (const s of missing) sent.add(s);
      if (unwanted.length > 0) await this.send('UNSUBSCRIBE', unwanted);
      for (const s of unwanted) sent.delete(s);
    }
    this.options.onOpen();
  }

  private async send(method: 'SUBSCRIBE' | 'UNSUBSCRIBE', streams: readonly string[]): Promise<void> {
    const batch = this.options.batchSize ?? 200;
    for (let i = 0; i < streams.length; i += batch) {
      await this.bucket.acquire(1);
      const text = JSON.stringify({ method, params: streams.slice(i, i + batch), id: this.nextId++ });
      // Sends while the WebSocket is open, including inside onOpen (before the socket counts as live).
      if (this.socket.send(text)) this.requests++;
    }
  }
}
