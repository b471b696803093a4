/**
 * Finnhub WebSocket trades: `wss://ws.finnhub.io?token=…`, `{"type":"subscribe","symbol":…}` /
 * `unsubscribe`. Built on the shared ReconnectingSocket: after every (re)connect the client sends
 * a subscribe for each symbol it holds, so a dropped connection resumes the same stream. The
 * venue's `{"type":"ping"}` frames count as liveness (the socket reconnects when silent).
 */
import type { Logger } from '../../../engine/logger.js';
import { ReconnectingSocket } from '../../shared/reconnecting-socket.js';
import type { BackoffOptions } from '../../shared/backoff.js';
import { FINNHUB_WS_URL } from '../config.js';
import { parseFinnhubSymbol } from '../finnhub-symbol.js';
import { parseFinnhubWsFrame, type FinnhubTrade } from '../parse/parse-ws-frame.js';

export interface FinnhubTradeStreamOptions {
  readonly apiKey: string;
  readonly wsUrl?: string;
  readonly logger: Logger;
  readonly onTrade: (trade: FinnhubTrade) => void;
  /** Venue error messages (`{"type":"error","msg":…}`), e.g. too many symbols. */
  readonly onVenueError?: (message: string) => void;
  /** Reconnect when nothing (not even a ping) arrives for this long; default 30 s. */
  readonly staleAfterMs?: number;
  readonly backoff?: BackoffOptions;
}

export class FinnhubTradeStream {
  private readonly socket: ReconnectingSocket;
  private readonly symbols = new Set<string>();
  /** Frames that did not parse (counted, not fatal). */
  badFrames = 0;
  pings = 0;

  constructor(private readonly options: FinnhubTradeStreamOptions) {
    const url = new URL(options.wsUrl ?? FINNHUB_WS_URL);
    url.searchParams.set('token', options.apiKey);
    this.socket = new ReconnectingSocket({
      url: url.toString(),
      logger: options.logger,
      onFrame: (text, tsLocal) => this.onFrame(text, tsLocal),
      onOpen: async () => {
        for (const s of this.symbols) this.socket.send(JSON.stringify({ type: 'subscribe', symbol: s }));
      },
      staleAfterMs: options.staleAfterMs,
      backoff: options.backoff,
    });
  }

  /** Completed connections (1 after the first; more after reconnects). */
  get connects(): number {
    return this.socket.connects;
  }

  start(): Promise<void> {
    return this.socket.start();
  }

  /** Subscribes (now if connected, and again after every reconnect). @throws ArbiterError for a bad symbol. */
  subscribe(symbols: readonly string[]): void {
    for (const s of symbols) parseFinnhubSymbol(s);
    for (const s of symbols) {
      if (this.symbols.has(s)) continue;
      this.symbols.add(s);
      this.socket.send(JSON.stringify({ type: 'subscribe', symbol: s }));
    }
  }

  unsubscribe(symbols: readonly string[]): void {
    for (const s of symbols) {
      if (!this.symbols.delete(s)) continue;
      this.socket.send(JSON.stringify({ type: 'unsubscribe', symbol: s }));
    }
  }

  /** Drops the connection as a network fault would (tests); it reconnects and resubscribes. */
  dropConnection(): void {
    this.socket.dropConnection();
  }

  stop(): Promise<void> {
    return this.socket.stop();
  }

  private onFrame(text: string, tsLocal: number): void {
    let message;
    try {
      message = parseFinnhubWsFrame(JSON.parse(text) as unknown, tsLocal);
    } catch (error) {
      this.badFrames++;
      if (this.badFrames <= 10) this.options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'finnhub: unreadable frame skipped');
      return;
    }
    if (message.type === 'ping') this.pings++;
    else if (message.type === 'error') {
      this.options.logger.warn({ msg: message.message }, 'finnhub websocket error message');
      this.options.onVenueError?.(message.message);
    } else for (const trade of message.trades) this.options.onTrade(trade);
  }
}
