/**
 * A WebSocket that stays connected: reconnects with jittered backoff, runs `onOpen` (auth,
 * resubscribe) after every connect, sends keep-alives, treats a silent connection as dead, and
 * hands every text frame to `onFrame` with its local receive time. Venue clients build on it;
 * they own what the frames mean.
 */
import WebSocket from 'ws';
import type { Logger } from '../../engine/logger.js';
import { Backoff, type BackoffOptions } from './backoff.js';

export type SocketState = 'idle' | 'connecting' | 'open' | 'closed';

export interface ReconnectingSocketOptions {
  readonly url: string;
  readonly logger: Logger;
  /** Called with every received text frame and its local receive time (epoch ms). */
  readonly onFrame: (text: string, tsLocal: number) => void;
  /** Runs after each (re)connect before the socket counts as live: authenticate, resubscribe. */
  readonly onOpen?: () => Promise<void>;
  readonly onClose?: (code: number, reason: string) => void;
  /** Keep-alive: a text frame sent every `keepAliveMs` (Polymarket "PING"), or a ws ping if omitted. */
  readonly keepAliveText?: string;
  readonly keepAliveMs?: number;
  /** Reconnect when nothing at all arrives for this long (default: 3 × keep-alive, or 30 s). */
  readonly staleAfterMs?: number;
  readonly backoff?: BackoffOptions;
  /** Wall-clock source for receive times (tests may inject). */
  readonly now?: () => number;
}

export class ReconnectingSocket {
  state: SocketState = 'idle';
  /** Completed connections since start (1 after the first connect). */
  connects = 0;
  private ws: WebSocket | null = null;
  private readonly backoff: Backoff;
  private keepAlive: NodeJS.Timeout | null = null;
  private staleTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private lastFrameAt = 0;
  private stopped = false;
  private openWaiters: Array<() => void> = [];

  constructor(private readonly options: ReconnectingSocketOptions) {
    this.backoff = new Backoff(options.backoff);
  }

  /** Connects; resolves after the first successful connect and `onOpen`. Keeps retrying until then. */
  start(): Promise<void> {
    this.stopped = false;
    const opened = this.whenOpen();
    this.connect();
    return opened;
  }

  /** Resolves when the socket is (next) open and `onOpen` has run. */
  whenOpen(): Promise<void> {
    if (this.state === 'open') return Promise.resolve();
    return new Promise((resolve) => this.openWaiters.push(resolve));
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** Sends a text frame; returns false (nothing sent) while disconnected. */
  send(text: string): boolean {
    if (this.ws === null || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(text);
    return true;
  }

  /** Drops the current connection (as a network fault would); it reconnects by itself. */
  dropConnection(): void {
    this.ws?.terminate();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const ws = this.ws;
    this.ws = null;
    this.state = 'closed';
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close();
        setTimeout(() => {
          ws.terminate();
          resolve();
        }, 1_000).unref();
      });
    }
  }

  private connect(): void {
    if (this.stopped) return;
    this.state = 'connecting';
    const ws = new WebSocket(this.options.url, { perMessageDeflate: false, handshakeTimeout: 10_000 });
    this.ws = ws;
    ws.on('open', () => void this.opened(ws));
    ws.on('message', (data, isBinary) => {
      this.lastFrameAt = (this.options.now ?? Date.now)();
      if (isBinary) return;
      this.options.onFrame(data.toString(), this.lastFrameAt);
    });
    ws.on('pong', () => {
      this.lastFrameAt = (this.options.now ?? Date.now)();
    });
    ws.on('error', (error) => this.options.logger.warn({ url: this.options.url, err: error.message }, 'websocket error'));
    ws.on('close', (code, reason) => {
      if (this.ws !== ws) return;
      this.clearTimers();
      this.ws = null;
      this.state = 'closed';
      this.options.onClose?.(code, reason.toString());
      this.scheduleReconnect();
    });
  }

  private async opened(ws: WebSocket): Promise<void> {
    this.lastFrameAt = (this.options.now ?? Date.now)();
    try {
      await this.options.onOpen?.();
    } catch (error) {
      this.options.logger.warn({ url: this.options.url, err: error instanceof Error ? error.message : String(error) }, 'connection setup failed; reconnecting');
      ws.terminate();
      return;
    }
    if (this.ws !== ws) return;
    this.state = 'open';
    this.connects++;
    this.backoff.reset();
    this.armTimers(ws);
    const waiters = this.openWaiters;
    this.openWaiters = [];
    for (const w of waiters) w();
  }

  private armTimers(ws: WebSocket): void {
    const keepAliveMs = this.options.keepAliveMs ?? 10_000;
    this.keepAlive = setInterval(() => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (this.options.keepAliveText !== undefined) ws.send(this.options.keepAliveText);
      else ws.ping();
    }, keepAliveMs);
    this.keepAlive.unref();
    const staleMs = this.options.staleAfterMs ?? Math.max(30_000, 3 * keepAliveMs);
    this.staleTimer = setInterval(() => {
      if ((this.options.now ?? Date.now)() - this.lastFrameAt > staleMs) {
        this.options.logger.warn({ url: this.options.url, staleMs }, 'connection silent too long; reconnecting');
        ws.terminate();
      }
    }, Math.min(staleMs, 5_000));
    this.staleTimer.unref();
  }

  private clearTimers(): void {
    if (this.keepAlive) clearInterval(this.keepAlive);
    if (this.staleTimer) clearInterval(this.staleTimer);
    this.keepAlive = null;
    this.staleTimer = null;
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delay = this.backoff.next();
    this.options.logger.info({ url: this.options.url, delayMs: Math.round(delay), attempt: this.backoff.attempts }, 'reconnecting');
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
    this.reconnectTimer.unref();
  }
}
