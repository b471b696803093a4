/**
 * Binance user data streams, one per market:
 * - spot: the WebSocket API (`wss://ws-api.binance.com:443/ws-api/v3`) with
 *   `userDataStream.subscribe.signature` (apiKey, timestamp, recvWindow, signed sorted) after
 *   every connect; events arrive as `{"subscriptionId":…,"event":{…}}` (`executionReport`,
 *   `outboundAccountPosition`, `eventStreamTerminated`). The listenKey REST endpoints are
 *   deprecated on spot and not used.
 * - USDⓈ-M: a listenKey (`POST /fapi/v1/listenKey`, kept alive with `PUT` every 30 minutes and
 *   on every reconnect) and the private stream `wss://fstream.binance.com/private/ws/<listenKey>`
 *   (`ORDER_TRADE_UPDATE`, `ACCOUNT_UPDATE`, `listenKeyExpired`). A key Binance no longer knows
 *   (-1125) or an expiry event gets a new key and a new connection.
 * Each stream reports reconnects so the client can fetch what it missed.
 */
import { ArbiterError } from '../../../domain/errors.js';
import type { Logger } from '../../../engine/logger.js';
import type { BackoffOptions } from '../../shared/backoff.js';
import { ReconnectingSocket } from '../../shared/reconnecting-socket.js';
import { isRecord } from '../../shared/wire-values.js';
import type { BinanceMarket } from '../parse/binance-symbols.js';
import { BinanceApiError } from './binance-errors.js';
import type { BinanceRest } from './binance-rest.js';
import { signBinanceWsParams } from './binance-signing.js';

export interface BinanceUserStreamOptions {
  readonly logger: Logger;
  readonly rest: BinanceRest;
  readonly apiSecret: string;
  /** Spot WebSocket API endpoint (full URL). */
  readonly spotWsApiUrl: string;
  /** USDⓈ-M WebSocket base (the stream is `<base>/private/ws/<listenKey>`). */
  readonly futuresWsUrl: string;
  readonly recvWindowMs?: number;
  readonly requestTimeoutMs?: number;
  readonly keepAliveMs?: number;
  /** listenKey keep-alive period (default 30 minutes). */
  readonly listenKeyRenewMs?: number;
  readonly backoff?: BackoffOptions;
  readonly now?: () => number;
  /** Every decoded event with its market and receive time. */
  readonly onEvent: (market: BinanceMarket, event: Record<string, unknown>, tsLocal: number) => void;
  /** After a reconnect (not the first connect): `downSinceMs` is when the previous connection closed. */
  readonly onReconnect: (market: BinanceMarket, downSinceMs: number) => void;
  readonly onBadFrame: (market: BinanceMarket, reason: string) => void;
  readonly onRawFrame?: (text: string, tsLocal: number) => void;
}

interface PendingRequest {
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** The spot user stream over the WebSocket API. */
export class BinanceSpotUserStream {
  readonly socket: ReconnectingSocket;
  subscriptionId: number | null = null;
  /** Successful subscriptions since start. */
  subscriptions = 0;
  private nextId = 1;
  private rejectStart: ((error: Error) => void) | null = null;
  private readonly pending = new Map<string, PendingRequest>();
  private downSince: number | null = null;
  private readonly now: () => number;

  constructor(private readonly o: BinanceUserStreamOptions) {
    this.now = o.now ?? Date.now;
    this.socket = new ReconnectingSocket({
      url: o.spotWsApiUrl, logger: o.logger, backoff: o.backoff, keepAliveMs: o.keepAliveMs, now: o.now,
      onFrame: (text, tsLocal) => this.onFrame(text, tsLocal),
      onOpen: () => this.subscribe(),
      onClose: () => {
        this.downSince ??= this.now();
        this.subscriptionId = null;
        for (const [id, p] of this.pending) {
          clearTimeout(p.timer);
          p.reject(new ArbiterError('ARB_VENUE_TRANSIENT', 'binance userDataStream.subscribe.signature: connection lost before the answer', { venue: 'binance' }));
          this.pending.delete(id);
        }
      },
    });
  }

  /**
   * Connects and subscribes; resolves once subscribed. A first subscription Binance refuses (bad
   * key or signature) rejects with its code and stops the stream instead of retrying forever.
   */
  start(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.rejectStart = reject;
      this.socket.start().then(resolve, reject);
    });
  }

  stop(): Promise<void> {
    return this.socket.stop();
  }

  private async subscribe(): Promise<void> {
    const params = signBinanceWsParams({ apiKey: this.o.rest.apiKey, recvWindow: this.o.recvWindowMs ?? 5000, timestamp: Math.floor(this.now()) }, this.o.apiSecret);
    let result: unknown;
    try {
      result = await this.request('userDataStream.subscribe.signature', params);
    } catch (error) {
      if (error instanceof BinanceApiError && this.subscriptions === 0) {
        this.rejectStart?.(error);
        void this.socket.stop();
      }
      throw error;
    }
    this.subscriptions++;
    this.subscriptionId = isRecord(result) && typeof result.subscriptionId === 'number' ? result.subscriptionId : null;
    if (this.downSince !== null) {
      const since = this.downSince;
      this.downSince = null;
      this.o.onReconnect('spot', since);
    }
  }

  private request(method: string, params: Record<string, unknown>): Promise<unknown> {
    const id = `arb-${this.nextId++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ArbiterError('ARB_VENUE_TRANSIENT', `binance ${method}: no answer within the timeout`, { venue: 'binance', method }));
      }, this.o.requestTimeoutMs ?? 10_000);
      this.pending.set(id, { resolve, reject, timer });
      // Sent from onOpen, before the socket counts as live; send() only needs the connection open.
      if (!this.socket.send(JSON.stringify({ id, method, params }))) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new ArbiterError('ARB_VENUE_TRANSIENT', `binance ${method}: not connected`, { venue: 'binance', method }));
      }
    });
  }

  private onFrame(text: string, tsLocal: number): void {
    const message = decodeFrame(this.o, 'spot', text, tsLocal);
    if (message === null) return;
    if (typeof message.id === 'string' && this.pending.has(message.id)) {
      const p = this.pending.get(message.id)!;
      this.pending.delete(message.id);
      clearTimeout(p.timer);
      const error = isRecord(message.error) ? message.error : null;
      if (message.status === 200 && error === null) p.resolve(message.result);
      else {
        const code = typeof error?.code === 'number' ? error.code : 0;
        const msg = typeof error?.msg === 'string' ? error.msg : 'error';
        p.reject(new BinanceApiError('ARB_VENUE_REJECTED', code, msg, typeof message.status === 'number' ? message.status : 0, 'WS', 'userDataStream.subscribe.signature'));
      }
      return;
    }
    if (isRecord(message.event)) {
      if (message.event.e === 'eventStreamTerminated') {
        this.o.logger.warn({ venue: 'binance' }, 'spot user data stream terminated by the venue; reconnecting');
        this.socket.dropConnection();
        return;
      }
      this.o.onEvent('spot', message.event, tsLocal);
      return;
    }
    this.o.onBadFrame('spot', 'neither an answer nor an event');
  }
}

/** The USDⓈ-M user stream over a listenKey (left to lapse on stop, never deleted: the account shares it). */
export class BinanceFuturesUserStream {
  socket: ReconnectingSocket | null = null;
  listenKey: string | null = null;
  private renewTimer: NodeJS.Timeout | null = null;
  private downSince: number | null = null;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly o: BinanceUserStreamOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Creates a listenKey and connects; resolves when the stream is open. */
  async start(): Promise<void> {
    this.stopped = false;
    const key = await this.createKey();
    await this.connect(key);
    this.renewTimer = setInterval(() => void this.renew(), this.o.listenKeyRenewMs ?? 30 * 60_000);
    this.renewTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.renewTimer) clearInterval(this.renewTimer);
    await this.socket?.stop();
    this.socket = null;
    // The key is not deleted: Binance gives every connection of the account the same key, so a
    // DELETE would also end other processes' streams. Unrenewed, it lapses after 60 minutes.
    this.listenKey = null;
  }

  /** Drops the current connection as a network fault would (tests). */
  dropConnection(): void {
    this.socket?.dropConnection();
  }

  private async createKey(): Promise<string> {
    const body = await this.o.rest.request<unknown>('usdm', 'POST', '/fapi/v1/listenKey', [], { weight: 1, auth: 'key' });
    if (!isRecord(body) || typeof body.listenKey !== 'string' || body.listenKey === '') {
      throw new ArbiterError('ARB_PARSE_FRAME', 'binance POST /fapi/v1/listenKey: answer has no listenKey', { venue: 'binance' });
    }
    this.listenKey = body.listenKey;
    return body.listenKey;
  }

  private async connect(key: string): Promise<void> {
    const socket = new ReconnectingSocket({
      url: `${this.o.futuresWsUrl.replace(/\/$/, '')}/private/ws/${key}`, logger: this.o.logger, backoff: this.o.backoff, keepAliveMs: this.o.keepAliveMs, now: this.o.now,
      onFrame: (text, tsLocal) => this.onFrame(text, tsLocal),
      onOpen: async () => {
        if (this.downSince === null) return;
        const since = this.downSince;
        this.downSince = null;
        // The key may have lapsed while we were away: renew it (or replace it) before catching up.
        if (!(await this.renew())) return;
        this.o.onReconnect('usdm', since);
      },
      onClose: () => {
        this.downSince ??= this.now();
      },
    });
    this.socket = socket;
    await socket.start();
  }

  /** PUT keep-alive; on -1125 (unknown key) a new key and connection. Returns false when replaced. */
  private async renew(): Promise<boolean> {
    try {
      await this.o.rest.request('usdm', 'PUT', '/fapi/v1/listenKey', [], { weight: 1, auth: 'key' });
      return true;
    } catch (error) {
      if (error instanceof BinanceApiError && error.venueCode === -1125) {
        void this.replaceKey();
        return false;
      }
      this.o.logger.warn({ venue: 'binance', err: error instanceof Error ? error.message : String(error) }, 'listenKey keep-alive failed');
      return true;
    }
  }

  private async replaceKey(): Promise<void> {
    if (this.stopped) return;
    const since = this.downSince ?? this.now();
    const old = this.socket;
    this.socket = null;
    await old?.stop();
    try {
      await this.connect(await this.createKey());
      this.o.onReconnect('usdm', since);
    } catch (error) {
      this.o.logger.error({ venue: 'binance', err: error instanceof Error ? error.message : String(error) }, 'cannot open a new USDⓈ-M user stream');
    }
  }

  private onFrame(text: string, tsLocal: number): void {
    const message = decodeFrame(this.o, 'usdm', text, tsLocal);
    if (message === null) return;
    if (typeof message.e !== 'string') return this.o.onBadFrame('usdm', 'event has no type');
    if (message.e === 'listenKeyExpired') {
      this.o.logger.warn({ venue: 'binance' }, 'USDⓈ-M listenKey expired; opening a new user stream');
      this.downSince ??= this.now();
      void this.replaceKey();
      return;
    }
    this.o.onEvent('usdm', message, tsLocal);
  }
}

/** Hands the raw frame to the recorder and decodes it; a frame that is not a JSON object is counted and dropped. */
function decodeFrame(o: BinanceUserStreamOptions, market: BinanceMarket, text: string, tsLocal: number): Record<string, unknown> | null {
  o.onRawFrame?.(text, tsLocal);
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    o.onBadFrame(market, 'not JSON');
    return null;
  }
  if (!isRecord(message)) {
    o.onBadFrame(market, 'not an object');
    return null;
  }
  return message;
}
