/**
 * A Deribit API v2 simulator on loopback: JSON-RPC over WebSocket at `/ws/api/v2` and over HTTP at
 * `/api/v2/{public|private}/<method>`, driven by the seeded BtcMarketModel. It lists a BTC option
 * chain, BTC-PERPETUAL and a dated future; publishes `ticker|book|trades.{instrument}.{interval}`
 * on a timer (books as snapshot + changes with `change_id`/`prev_change_id`); runs heartbeats
 * (`test_request`, and closes connections that do not answer with `public/test`); authenticates
 * as Deribit does (bad secret → 13004 invalid_credentials); matches orders and reports them on
 * `user.orders.*` / `user.trades.*`, with the account's trade history and positions
 * (`private/get_user_trades_by_*`, `private/get_positions`, `private/get_account_summary`). Faults on request: disconnectAll, sequenceGap, garbageFrame,
 * slowResponses, rejectNext.
 * This file keeps sessions, method dispatch and publication together (one protocol surface);
 * quotes, books, matching, auth and burst writing live in the deribit-sim-* files beside it.
 */
import type { WebSocket } from 'ws';
import { BtcMarketModel } from '../../shared/simulator/btc-market-model.js';
import { LoopbackServer, type RestRequest, type RestResponse } from '../../shared/simulator/loopback-server.js';
import { isRecord } from '../../shared/wire-values.js';
import { DERIBIT_ERRORS } from '../errors.js';
import { SimAuth } from './deribit-sim-auth.js';
import { SimBook } from './deribit-sim-book.js';
import { buildChain, instrumentJson, quoteOf, tickerJson, type SimInstrument, type SimQuote } from './deribit-sim-chain.js';
import { EncodedBurst, sendAll, writeRaw } from './deribit-sim-burst.js';
import { accountSummary, positions, userTrades, type SimTradeQuery } from './deribit-sim-history.js';
import { SimMatching, SimRpcError, type Execution } from './deribit-sim-orders.js';

export { EncodedBurst, encodeBurst } from './deribit-sim-burst.js';

export interface DeribitSimulatorOptions {
  /** 0 (default) picks a free port on 127.0.0.1. */
  readonly port?: number;
  readonly seed?: number;
  /** Simulated time at start (epoch ms, default now); it then runs with the wall clock. */
  readonly startMs?: number;
  /** Market-data publication period, ms (default 100; 0 = only on `tick()`). */
  readonly tickIntervalMs?: number;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Real milliseconds per heartbeat second (default 1000; tests shrink it to make 10 s heartbeats fast). */
  readonly heartbeatSecondMs?: number;
  readonly tokenTtlSec?: number;
  /** Probability per tick that a trades-subscribed instrument prints a public trade (default 0.3). */
  readonly tradeProbability?: number;
  /** The simulated account's BTC deposit, before trading (default 10); `private/get_account_summary` starts from it. */
  readonly depositBtc?: number;
}

export interface DeribitSimulatorStats {
  connections: number;
  authSuccesses: number;
  authFailures: number;
  testRequestsSent: number;
  testRequestsAnswered: number;
  heartbeatCloses: number;
  subscribeRequests: number;
  ordersPlaced: number;
  faultRejections: number;
}

interface Session {
  readonly socket: WebSocket;
  readonly channels: Set<string>;
  authenticated: boolean;
  heartbeat: NodeJS.Timeout | null;
  awaitingTest: boolean;
}

interface CallContext {
  readonly session: Session | null;
  readonly bearer: string | null;
  readonly after: Array<() => void>;
}

const INTERVALS = ['100ms', 'agg2', 'raw'] as const;
const PUBLIC_CHANNEL = /^(ticker|book|trades)\.([A-Z0-9_-]+)\.(100ms|agg2|raw)$/;
const USER_CHANNEL = /^user\.(orders|trades)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+\.)?(raw|100ms)$/;
const REST_METHODS = [
  'public/auth', 'public/get_instruments', 'public/test', 'public/get_time', 'public/ticker',
  'private/buy', 'private/sell', 'private/cancel', 'private/cancel_by_label', 'private/cancel_all', 'private/get_open_orders', 'private/get_order_state',
  'private/get_user_trades_by_currency', 'private/get_user_trades_by_instrument', 'private/get_positions',
  'private/get_account_summary',
];

export class DeribitSimulator {
  readonly url: string;
  readonly restUrl: string;
  readonly model: BtcMarketModel;
  readonly instruments: readonly SimInstrument[];
  readonly clientId: string;
  readonly clientSecret: string;
  readonly stats: DeribitSimulatorStats = {
    connections: 0, authSuccesses: 0, authFailures: 0, testRequestsSent: 0, testRequestsAnswered: 0, heartbeatCloses: 0, subscribeRequests: 0, ordersPlaced: 0, faultRejections: 0,
  };
  private readonly sessions = new Set<Session>();
  private readonly subscribers = new Map<string, Set<Session>>();
  private readonly byName = new Map<string, SimInstrument>();
  private readonly books = new Map<string, SimBook>();
  private readonly quotes = new Map<string, SimQuote>();
  private readonly lastPrice = new Map<string, number>();
  private readonly tradeSeq = new Map<string, number>();
  private readonly matching: SimMatching;
  private readonly tradeQuery: SimTradeQuery;
  private readonly auth: SimAuth;
  private readonly rejectQueue: Array<{ code: number; message: string }> = [];
  private nextTradeId = 90_000_001;
  private responseDelayMs = 0;
  private timer: NodeJS.Timeout | null = null;
  private paused = false;
  private readonly realStart = Date.now();
  private readonly startMs: number;

  private constructor(private readonly server: LoopbackServer, private readonly options: DeribitSimulatorOptions, port: number) {
    this.url = `ws://127.0.0.1:${port}/ws/api/v2`;
    this.restUrl = `http://127.0.0.1:${port}/api/v2`;
    this.startMs = options.startMs ?? Date.now();
    this.model = new BtcMarketModel({ seed: options.seed ?? 1, startMs: this.startMs });
    this.instruments = buildChain(this.model, this.startMs);
    let firstChangeId = 31_000_000;
    for (const inst of this.instruments) {
      this.byName.set(inst.name, inst);
      this.books.set(inst.name, new SimBook(inst.name, firstChangeId));
      firstChangeId += 1_000_000;
    }
    this.clientId = options.clientId ?? 'sim-client-id';
    this.clientSecret = options.clientSecret ?? 'sim-client-secret';
    this.auth = new SimAuth(this.clientId, this.clientSecret, options.tokenTtlSec ?? 900);
    this.matching = new SimMatching({
      instrument: (name) => this.byName.get(name),
      book: (name) => this.bookWithLevels(name),
      quote: (name) => this.quotes.get(name),
      nextTradeId: () => String(this.nextTradeId++),
      nextTradeSeq: (name) => this.nextSeq(name),
      now: () => this.now(),
    });
    this.tradeQuery = { trades: this.matching.history, instrumentOf: (name) => this.byName.get(name) };
  }

  /** Starts listening on 127.0.0.1 and publishing. */
  static async start(options: DeribitSimulatorOptions = {}): Promise<DeribitSimulator> {
    let sim: DeribitSimulator | null = null;
    const server = new LoopbackServer((socket, path) => sim?.onSocket(socket, path));
    const port = await server.listen(options.port ?? 0);
    sim = new DeribitSimulator(server, options, port);
    for (const method of REST_METHODS) {
      const handler = (req: RestRequest): RestResponse => sim!.onRest(method, req);
      server.route('GET', `/api/v2/${method}`, handler);
      server.route('POST', `/api/v2/${method}`, handler);
    }
    sim.resume();
    return sim;
  }

  /** Simulated time: the start time plus wall time elapsed. */
  now(): number {
    return this.startMs + (Date.now() - this.realStart);
  }

  /** Stops the publication timer (fault tests and benchmarks that need a still market). */
  pause(): void {
    this.paused = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  resume(): void {
    this.paused = false;
    const every = this.options.tickIntervalMs ?? 100;
    if (every > 0 && this.timer === null) {
      this.timer = setInterval(() => this.tick(), every);
      this.timer.unref();
    }
  }

  /** One publication round: new quotes for every instrument someone watches or has orders on. */
  tick(): void {
    const now = this.now();
    this.model.advanceTo(now);
    for (const name of this.watchedInstruments()) this.publishInstrument(name, now, this.model.uniform() < (this.options.tradeProbability ?? 0.3));
  }

  /** The simulator's own book (what a resynchronised client must hold). */
  bookOf(symbol: string): { bids: number[]; asks: number[]; changeId: number } | undefined {
    if (!this.books.has(symbol)) return undefined;
    const book = this.bookWithLevels(symbol);
    return { bids: book.side('bids').flat(), asks: book.side('asks').flat(), changeId: book.changeId };
  }

  /** Channels with at least one subscriber. */
  get subscribedChannels(): string[] {
    return [...this.subscribers.entries()].filter(([, s]) => s.size > 0).map(([c]) => c);
  }

  get connectionCount(): number {
    return this.sessions.size;
  }

  // ---- faults ----------------------------------------------------------------------------

  /** Terminates every WebSocket connection. */
  disconnectAll(): void {
    this.server.dropAllConnections();
  }

  /** The next change of `symbol`'s book (every subscribed book when omitted) skips a change_id. */
  sequenceGap(symbol?: string): void {
    for (const [name, book] of this.books) {
      if (symbol === undefined ? this.hasSubscribers('book', name) : name === symbol) book.requestGap();
    }
  }

  /** Sends a frame that is not JSON to every connection. */
  garbageFrame(text?: string): void {
    this.server.sendGarbage(text);
  }

  /** Delays every JSON-RPC answer (WebSocket and HTTP) by `ms`. */
  slowResponses(ms: number): void {
    this.responseDelayMs = ms;
    this.server.faults.slowResponseMs = ms;
  }

  /** The next `n` order requests (private/buy, private/sell) answer with a JSON-RPC error (default 10009 not_enough_funds). */
  rejectNext(n: number, error: { code: number; message: string } = DERIBIT_ERRORS.notEnoughFunds): void {
    for (let i = 0; i < n; i++) this.rejectQueue.push(error);
  }

  async stop(): Promise<void> {
    this.pause();
    for (const s of this.sessions) if (s.heartbeat) clearInterval(s.heartbeat);
    await this.server.close();
  }

  // ---- benchmark burst -------------------------------------------------------------------

  /**
   * `count` notification frames for the currently subscribed public channels, round robin, built
   * from the live state (book changes continue each book's change_id chain). Pause first so the
   * timer does not interleave its own changes.
   */
  buildBurst(count: number): string[] {
    const channels = this.subscribedChannels.filter((c) => PUBLIC_CHANNEL.test(c));
    if (channels.length === 0) return [];
    const frames: string[] = [];
    for (let i = 0; frames.length < count && i < count * 4; i++) {
      const channel = channels[i % channels.length]!;
      const [, kind, name] = PUBLIC_CHANNEL.exec(channel)!;
      const inst = this.byName.get(name!)!;
      const now = this.now();
      const quote = quoteOf(inst, this.model);
      this.quotes.set(inst.name, quote);
      let data: unknown;
      if (kind === 'book') {
        const change = this.books.get(inst.name)!.update(quote.bids, quote.asks, now);
        if (change === null) continue;
        data = change;
      } else if (kind === 'ticker') data = tickerJson(inst, quote, now, this.lastPrice.get(inst.name) ?? null);
      else data = [this.publicTrade(inst, quote, now)];
      frames.push(notification(channel, data));
    }
    return frames;
  }

  /**
   * Sends a burst to every connection (or the `connection`-th open one, in connection order) as fast as the sockets take it. An encoded burst
   * (`encodeBurst`) is written straight to the TCP sockets as prebuilt WebSocket frames, so the
   * sender costs almost nothing next to the receiver being measured.
   */
  async sendBurst(burst: readonly string[] | EncodedBurst, connection?: number): Promise<void> {
    const all = [...this.sessions];
    const targets = connection === undefined ? all : all.slice(connection, connection + 1);
    await Promise.all(targets.map((s) => (burst instanceof EncodedBurst ? writeRaw(s.socket, burst) : sendAll(s.socket, burst))));
  }

  // ---- connections -----------------------------------------------------------------------

  private onSocket(socket: WebSocket, path: string): void {
    if (path !== '/ws/api/v2') {
      socket.close(1008, 'unknown path');
      return;
    }
    const session: Session = { socket, channels: new Set(), authenticated: false, heartbeat: null, awaitingTest: false };
    this.sessions.add(session);
    this.stats.connections++;
    socket.on('message', (data) => this.onWsMessage(session, data.toString()));
    socket.on('close', () => {
      if (session.heartbeat) clearInterval(session.heartbeat);
      for (const c of session.channels) this.subscribers.get(c)?.delete(session);
      this.sessions.delete(session);
    });
  }

  private onWsMessage(session: Session, text: string): void {
    const usIn = Date.now() * 1000;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.reply(session, null, usIn, undefined, new SimRpcError(-32700, 'Parse error'));
      return;
    }
    if (!isRecord(message) || typeof message.method !== 'string') {
      this.reply(session, null, usIn, undefined, new SimRpcError(DERIBIT_ERRORS.badRequest.code, DERIBIT_ERRORS.badRequest.message));
      return;
    }
    const id = typeof message.id === 'number' || typeof message.id === 'string' ? message.id : null;
    const ctx: CallContext = { session, bearer: null, after: [] };
    try {
      const result = this.call(message.method, isRecord(message.params) ? message.params : {}, ctx);
      this.reply(session, id, usIn, result, undefined, ctx.after);
    } catch (error) {
      this.reply(session, id, usIn, undefined, error instanceof SimRpcError ? error : new SimRpcError(DERIBIT_ERRORS.badRequest.code, String(error)));
    }
  }

  private reply(session: Session, id: number | string | null, usIn: number, result: unknown, error?: SimRpcError, after: Array<() => void> = []): void {
    const send = (): void => {
      const usOut = Date.now() * 1000;
      const body = error === undefined
        ? { jsonrpc: '2.0', id, result, usIn, usOut, usDiff: usOut - usIn, testnet: true }
        : { jsonrpc: '2.0', id, error: { code: error.code, message: error.message, ...(error.data === undefined ? {} : { data: error.data }) }, usIn, usOut, usDiff: usOut - usIn, testnet: true };
      if (session.socket.readyState === session.socket.OPEN) session.socket.send(JSON.stringify(body));
      for (const f of after) f();
    };
    if (this.responseDelayMs > 0) setTimeout(send, this.responseDelayMs).unref();
    else send();
  }

  private onRest(method: string, req: RestRequest): RestResponse {
    const usIn = Date.now() * 1000;
    const params: Record<string, unknown> = isRecord(req.body) ? (isRecord(req.body.params) ? req.body.params : req.body) : {};
    if (!isRecord(req.body)) for (const [k, v] of req.query) params[k] = v === 'true' ? true : v === 'false' ? false : v;
    const auth = req.headers.authorization;
    const bearer = typeof auth === 'string' && /^bearer /i.test(auth) ? auth.slice(7).trim() : null;
    const ctx: CallContext = { session: null, bearer, after: [] };
    const usOut = (): number => Date.now() * 1000;
    try {
      const result = this.call(method, params, ctx);
      for (const f of ctx.after) f();
      return { status: 200, body: { jsonrpc: '2.0', result, usIn, usOut: usOut(), usDiff: usOut() - usIn, testnet: true } };
    } catch (error) {
      const e = error instanceof SimRpcError ? error : new SimRpcError(DERIBIT_ERRORS.badRequest.code, String(error));
      return { status: 400, body: { jsonrpc: '2.0', error: { code: e.code, message: e.message, ...(e.data === undefined ? {} : { data: e.data }) }, usIn, usOut: usOut(), usDiff: usOut() - usIn, testnet: true } };
    }
  }

  // ---- methods ---------------------------------------------------------------------------

  private call(method: string, p: Record<string, unknown>, ctx: CallContext): unknown {
    const session = ctx.session;
    const wsOnly = (): Session => {
      if (session === null) throw new SimRpcError(10030, 'must_be_websocket_request');
      return session;
    };
    if (method.startsWith('private/')) {
      const ok = (session?.authenticated ?? false) || this.auth.valid(p.access_token, Date.now()) || this.auth.valid(ctx.bearer, Date.now());
      if (!ok) throw new SimRpcError(DERIBIT_ERRORS.unauthorized.code, DERIBIT_ERRORS.unauthorized.message);
    }
    switch (method) {
      case 'public/test':
        if (session?.awaitingTest) {
          session.awaitingTest = false;
          this.stats.testRequestsAnswered++;
        }
        return { version: '1.2.26' };
      case 'public/get_time':
        return this.now();
      case 'public/auth':
        try {
          const result = this.auth.authenticate(p, Date.now());
          if (session) session.authenticated = true;
          this.stats.authSuccesses++;
          return result;
        } catch (error) {
          this.stats.authFailures++;
          throw error;
        }
      case 'public/set_heartbeat':
        return this.setHeartbeat(wsOnly(), p.interval);
      case 'public/disable_heartbeat': {
        const s = wsOnly();
        if (s.heartbeat) clearInterval(s.heartbeat);
        s.heartbeat = null;
        s.awaitingTest = false;
        return 'ok';
      }
      case 'public/subscribe':
      case 'private/subscribe':
        return this.subscribe(wsOnly(), p.channels, method === 'private/subscribe', ctx);
      case 'public/unsubscribe':
      case 'private/unsubscribe':
        return this.unsubscribe(wsOnly(), p.channels);
      case 'public/unsubscribe_all':
      case 'private/unsubscribe_all':
        this.unsubscribe(wsOnly(), [...wsOnly().channels]);
        return 'ok';
      case 'public/get_instruments':
        return this.getInstruments(p);
      case 'public/ticker': {
        const inst = this.byName.get(String(p.instrument_name));
        if (inst === undefined) throw new SimRpcError(DERIBIT_ERRORS.invalidParams.code, DERIBIT_ERRORS.invalidParams.message, { param: 'instrument_name' });
        const q = this.quotes.get(inst.name) ?? quoteOf(inst, this.model);
        return tickerJson(inst, q, this.now(), this.lastPrice.get(inst.name) ?? null);
      }
      case 'private/buy':
      case 'private/sell': {
        const fault = this.rejectQueue.shift();
        if (fault !== undefined) {
          this.stats.faultRejections++;
          throw new SimRpcError(fault.code, fault.message);
        }
        const exec = this.matching.place(method === 'private/buy' ? 'buy' : 'sell', p);
        this.stats.ordersPlaced++;
        ctx.after.push(() => this.report(exec));
        return exec;
      }
      case 'private/cancel': {
        const order = this.matching.cancel(String(p.order_id));
        ctx.after.push(() => this.report({ order, trades: [] }));
        return order;
      }
      case 'private/cancel_by_label': {
        const orders = this.matching.cancelByLabel(String(p.label));
        ctx.after.push(() => orders.forEach((order) => this.report({ order, trades: [] })));
        return orders.length;
      }
      case 'private/cancel_all': {
        const orders = this.matching.open().map((o) => this.matching.cancel(o.order_id));
        ctx.after.push(() => orders.forEach((order) => this.report({ order, trades: [] })));
        return orders.length;
      }
      case 'private/get_open_orders':
        return this.matching.open();
      case 'private/get_order_state': {
        const order = this.matching.get(String(p.order_id));
        if (order === undefined) throw new SimRpcError(DERIBIT_ERRORS.orderNotFound.code, DERIBIT_ERRORS.orderNotFound.message);
        return order;
      }
      case 'private/get_user_trades_by_currency':
      case 'private/get_user_trades_by_instrument':
        return userTrades(this.tradeQuery, p, method === 'private/get_user_trades_by_instrument');
      case 'private/get_positions':
        return positions(this.tradeQuery, p, (name) => this.quotes.get(name)?.mark);
      case 'private/get_account_summary':
        return accountSummary(this.tradeQuery, p, this.options.depositBtc ?? 10);
      default:
        throw new SimRpcError(DERIBIT_ERRORS.methodNotFound.code, DERIBIT_ERRORS.methodNotFound.message);
    }
  }

  private setHeartbeat(session: Session, interval: unknown): string {
    const seconds = Number(interval);
    if (!Number.isFinite(seconds) || seconds < 10) {
      throw new SimRpcError(DERIBIT_ERRORS.invalidParams.code, DERIBIT_ERRORS.invalidParams.message, { param: 'interval', reason: 'must be at least 10' });
    }
    if (session.heartbeat) clearInterval(session.heartbeat);
    session.awaitingTest = false;
    session.heartbeat = setInterval(() => {
      if (session.awaitingTest) {
        // No public/test since the last test_request: Deribit closes the connection.
        this.stats.heartbeatCloses++;
        session.socket.terminate();
        return;
      }
      session.awaitingTest = true;
      this.stats.testRequestsSent++;
      session.socket.send('{"jsonrpc":"2.0","method":"heartbeat","params":{"type":"test_request"}}');
    }, seconds * (this.options.heartbeatSecondMs ?? 1000));
    session.heartbeat.unref();
    return 'ok';
  }

  private subscribe(session: Session, channels: unknown, isPrivate: boolean, ctx: CallContext): string[] {
    if (!Array.isArray(channels)) throw new SimRpcError(DERIBIT_ERRORS.invalidParams.code, DERIBIT_ERRORS.invalidParams.message, { param: 'channels' });
    this.stats.subscribeRequests++;
    const accepted: string[] = [];
    for (const c of channels as unknown[]) {
      if (typeof c !== 'string') continue;
      const pub = PUBLIC_CHANNEL.exec(c);
      if (pub !== null) {
        if (!this.byName.has(pub[2]!) || (pub[3] === 'raw' && !session.authenticated)) continue;
      } else if (!(isPrivate && session.authenticated && USER_CHANNEL.test(c))) continue;
      accepted.push(c);
      if (session.channels.has(c)) continue;
      session.channels.add(c);
      let set = this.subscribers.get(c);
      if (set === undefined) this.subscribers.set(c, (set = new Set()));
      set.add(session);
      if (pub !== null && pub[1] === 'book') {
        const name = pub[2]!;
        ctx.after.push(() => {
          if (!session.channels.has(c)) return;
          session.socket.send(notification(c, this.bookWithLevels(name).snapshot(this.now())));
        });
      }
    }
    return accepted;
  }

  private unsubscribe(session: Session, channels: unknown): string[] {
    if (!Array.isArray(channels)) throw new SimRpcError(DERIBIT_ERRORS.invalidParams.code, DERIBIT_ERRORS.invalidParams.message, { param: 'channels' });
    const removed: string[] = [];
    for (const c of channels as unknown[]) {
      if (typeof c !== 'string' || !session.channels.delete(c)) continue;
      this.subscribers.get(c)?.delete(session);
      removed.push(c);
    }
    return removed;
  }

  private getInstruments(p: Record<string, unknown>): unknown[] {
    const currency = p.currency;
    if (typeof currency !== 'string') throw new SimRpcError(DERIBIT_ERRORS.invalidParams.code, DERIBIT_ERRORS.invalidParams.message, { param: 'currency', reason: 'must be present' });
    if (p.expired === true) return [];
    if (currency !== 'BTC' && currency !== 'any') return [];
    return this.instruments.filter((i) => p.kind === undefined || p.kind === i.kind).map(instrumentJson);
  }

  // ---- market data -----------------------------------------------------------------------

  private hasSubscribers(kind: string, name: string): boolean {
    for (const interval of INTERVALS) if ((this.subscribers.get(`${kind}.${name}.${interval}`)?.size ?? 0) > 0) return true;
    return false;
  }

  private watchedInstruments(): Set<string> {
    const names = new Set<string>();
    for (const [channel, subs] of this.subscribers) {
      if (subs.size === 0) continue;
      const m = PUBLIC_CHANNEL.exec(channel);
      if (m !== null) names.add(m[2]!);
    }
    for (const o of this.matching.open()) names.add(o.instrument_name);
    return names;
  }

  private bookWithLevels(name: string): SimBook {
    const book = this.books.get(name)!;
    if (book.bestBid() === null && book.bestAsk() === null) {
      const q = quoteOf(this.byName.get(name)!, this.model);
      this.quotes.set(name, q);
      book.update(q.bids, q.asks, this.now());
    }
    return book;
  }

  private publishInstrument(name: string, now: number, trade: boolean): void {
    const inst = this.byName.get(name)!;
    const quote = quoteOf(inst, this.model);
    this.quotes.set(name, quote);
    const change = this.books.get(name)!.update(quote.bids, quote.asks, now);
    if (change !== null) this.publish('book', name, change);
    this.publish('ticker', name, () => tickerJson(inst, quote, now, this.lastPrice.get(inst.name) ?? null));
    if (trade && this.hasSubscribers('trades', name)) this.publish('trades', name, [this.publicTrade(inst, quote, now)]);
    for (const exec of this.matching.matchResting(name)) this.report(exec);
  }

  /** Sends `data` (or what `make` builds, once) on every interval variant of `{kind}.{name}` that has subscribers. */
  private publish(kind: 'ticker' | 'book' | 'trades', name: string, data: unknown): void {
    let built: unknown = undefined;
    for (const interval of INTERVALS) {
      const channel = `${kind}.${name}.${interval}`;
      const subs = this.subscribers.get(channel);
      if (subs === undefined || subs.size === 0) continue;
      built ??= typeof data === 'function' ? (data as () => unknown)() : data;
      const frame = notification(channel, built);
      for (const s of subs) s.socket.send(frame);
    }
  }

  private publicTrade(inst: SimInstrument, q: SimQuote, now: number): Record<string, unknown> {
    const buy = this.model.uniform() < 0.5;
    const level = buy ? q.asks[0] : q.bids[0];
    const price = level?.[0] ?? q.mark;
    const amount = inst.kind === 'option' ? round(0.1 * (1 + Math.floor(this.model.uniform() * 20)), 1) : 10 * (1 + Math.floor(this.model.uniform() * 100));
    this.lastPrice.set(inst.name, price);
    const t: Record<string, unknown> = {
      trade_seq: this.nextSeq(inst.name), trade_id: String(this.nextTradeId++), timestamp: now, tick_direction: buy ? 0 : 2, price, mark_price: q.mark,
      instrument_name: inst.name, index_price: round(q.index, 2), direction: buy ? 'buy' : 'sell', amount,
    };
    if (inst.kind === 'option' && q.markIvPct !== null) t.iv = q.markIvPct;
    return t;
  }

  private nextSeq(name: string): number {
    const n = (this.tradeSeq.get(name) ?? 0) + 1;
    this.tradeSeq.set(name, n);
    return n;
  }

  /** user.orders / user.trades notifications, and the fills as public trades. */
  private report(exec: Execution): void {
    const inst = this.byName.get(exec.order.instrument_name);
    if (inst === undefined) return;
    for (const channel of userChannels('orders', inst)) this.sendTo(channel, exec.order);
    if (exec.trades.length === 0) return;
    for (const channel of userChannels('trades', inst)) this.sendTo(channel, exec.trades);
    const publicTrades = exec.trades.map((t) => ({
      trade_seq: t.trade_seq, trade_id: t.trade_id, timestamp: t.timestamp, tick_direction: t.tick_direction, price: t.price, mark_price: t.mark_price,
      instrument_name: t.instrument_name, index_price: t.index_price, direction: t.direction, amount: t.amount, ...(t.iv === undefined ? {} : { iv: t.iv }),
    }));
    this.lastPrice.set(inst.name, exec.trades[exec.trades.length - 1]!.price);
    this.publish('trades', inst.name, publicTrades);
  }

  private sendTo(channel: string, data: unknown): void {
    const subs = this.subscribers.get(channel);
    if (subs === undefined || subs.size === 0) return;
    const frame = notification(channel, data);
    for (const s of subs) s.socket.send(frame);
  }
}

function userChannels(what: 'orders' | 'trades', inst: SimInstrument): string[] {
  const out: string[] = [];
  for (const kind of [inst.kind, 'any']) for (const currency of ['BTC', 'any']) out.push(`user.${what}.${kind}.${currency}.raw`);
  out.push(`user.${what}.${inst.name}.raw`);
  return out;
}

function notification(channel: string, data: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', method: 'subscription', params: { channel, data } });
}

function round(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}
