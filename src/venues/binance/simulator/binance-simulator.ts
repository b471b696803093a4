/**
 * A Binance simulator on loopback speaking spot and USDⓈ-M market data: combined-stream
 * WebSockets on `/stream` (spot), `/public/stream` (futures depth and bookTicker) and
 * `/market/stream` (futures aggTrade), with `SUBSCRIBE` / `UNSUBSCRIBE` / `LIST_SUBSCRIPTIONS`;
 * diff depth events with spot `U`/`u` (contiguous) and futures `U`/`u`/`pu` (ids skip, as on
 * the venue); `@bookTicker`, spot `@trade`, futures `@aggTrade`; REST `GET /api/v3/depth`,
 * `/fapi/v1/depth`, `/api/v3/exchangeInfo`, `/fapi/v1/exchangeInfo`. Prices follow the shared
 * seeded BTC model. Faults: disconnectAll, garbageFrame, slowResponses, rejectNext, and
 * skipDepthUpdate (a diff event no client sees, so the next one breaks continuity). Signed order
 * entry, test accounts, matching and user streams live in `trading` (binance-sim-trading.ts).
 */
import type { WebSocket } from 'ws';
import { BtcMarketModel } from '../../shared/simulator/btc-market-model.js';
import { decimalsOf, L2Ladder } from '../../shared/simulator/l2-ladder.js';
import { LoopbackServer, type RestRequest, type RestResponse } from '../../shared/simulator/loopback-server.js';
import type { BinanceMarket } from '../parse/binance-symbols.js';
import type { BinanceSimAccountConfig, BinanceSimListing } from './binance-sim-orders.js';
import { BinanceSimTrading } from './binance-sim-trading.js';

export interface BinanceSimulatorOptions {
  readonly port?: number;
  readonly seed?: number;
  readonly startMs?: number;
  /** Market-data period (0: no timer; tests drive `tick()`). Default 100 ms, like `@depth@100ms`. */
  readonly tickIntervalMs?: number;
  /** Levels per side of each simulated book (default 50). */
  readonly levels?: number;
  /** Test accounts for signed order entry (binance-sim-trading.ts). */
  readonly accounts?: readonly BinanceSimAccountConfig[];
}

interface SimSymbol extends BinanceSimListing {
  /** Mid = BTC spot × ratio (× (1 + basis) for futures). */
  readonly ratio: number;
  readonly ladder: L2Ladder;
  lastUpdateId: number;
  tradeId: number;
  skipNext: number;
  lastTop: string;
}

interface Session {
  readonly socket: WebSocket;
  readonly route: 'spot' | 'usdm-public' | 'usdm-market';
  readonly streams: Set<string>;
}

const LISTINGS: ReadonlyArray<Omit<SimSymbol, 'ladder' | 'lastUpdateId' | 'tradeId' | 'skipNext' | 'lastTop'>> = [
  { market: 'spot', wire: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: 0.01, lotSize: 0.00001, ratio: 1 },
  { market: 'spot', wire: 'ETHUSDT', base: 'ETH', quote: 'USDT', tickSize: 0.01, lotSize: 0.0001, ratio: 0.036 },
  { market: 'spot', wire: 'ETHBTC', base: 'ETH', quote: 'BTC', tickSize: 0.00001, lotSize: 0.0001, ratio: 0.036 },
  { market: 'usdm', wire: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: 0.1, lotSize: 0.001, ratio: 1.0002 },
  { market: 'usdm', wire: 'ETHUSDT', base: 'ETH', quote: 'USDT', tickSize: 0.01, lotSize: 0.001, ratio: 0.036 * 1.0002 },
];

export class BinanceSimulator {
  readonly model: BtcMarketModel;
  readonly symbols: SimSymbol[];
  /** Signed order entry, accounts, matching and user streams. */
  readonly trading: BinanceSimTrading;
  /** Depth events deliberately not sent (skipDepthUpdate). */
  droppedUpdates = 0;
  framesSent = 0;
  private readonly sessions = new Set<Session>();
  private timer: NodeJS.Timeout | null = null;
  private readonly wallStart = Date.now();
  private readonly startMs: number;

  private constructor(private readonly server: LoopbackServer, options: BinanceSimulatorOptions) {
    this.startMs = options.startMs ?? Date.now();
    this.model = new BtcMarketModel({ seed: options.seed ?? 1, startMs: this.startMs });
    const uniform = (): number => this.model.uniform();
    this.symbols = LISTINGS.map((l, i) => ({
      ...l,
      ladder: new L2Ladder({ tickSize: l.tickSize, lotSize: l.lotSize, levels: options.levels ?? 50, sizeScale: 20 * l.lotSize * 10 ** Math.max(0, decimalsOf(l.lotSize) - 3) }, uniform),
      lastUpdateId: 1_000_000 * (i + 1), tradeId: 5_000 * (i + 1), skipNext: 0, lastTop: '',
    }));
    for (const s of this.symbols) s.ladder.step(this.mid(s), 0);
    this.trading = new BinanceSimTrading(this.symbols, options.accounts);
  }

  static async start(options: BinanceSimulatorOptions = {}): Promise<BinanceSimulator> {
    let sim: BinanceSimulator | null = null;
    const server = new LoopbackServer((socket, path) => sim?.onSocket(socket, path));
    sim = new BinanceSimulator(server, options);
    sim.routes();
    await server.listen(options.port ?? 0);
    const interval = options.tickIntervalMs ?? 100;
    if (interval > 0) {
      const s = sim;
      s.timer = setInterval(() => s.tick(), interval);
      s.timer.unref();
    }
    return sim;
  }

  /** WebSocket base (clients add `/stream`, `/public/stream`, `/market/stream`). */
  get url(): string {
    return `ws://127.0.0.1:${this.server.port}`;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${this.server.port}`;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.server.close();
  }

  symbol(market: BinanceMarket, wire: string): SimSymbol {
    const s = this.symbols.find((x) => x.market === market && x.wire === wire);
    if (s === undefined) throw new Error(`binance simulator: no ${market} symbol ${wire}`);
    return s;
  }

  // ---- faults ---------------------------------------------------------------------------------

  disconnectAll(): void {
    this.server.dropAllConnections();
  }

  garbageFrame(): void {
    this.server.sendGarbage();
  }

  slowResponses(ms: number): void {
    this.server.faults.slowResponseMs = ms;
  }

  rejectNext(n: number): void {
    this.server.faults.rejectNextRequests = n;
  }

  /** The next depth event of `wire` on `market` is applied to the book but sent to nobody. */
  skipDepthUpdate(market: BinanceMarket, wire: string): void {
    this.symbol(market, wire).skipNext++;
  }

  // ---- market data ----------------------------------------------------------------------------

  /** Moves the model to now and publishes one depth event per book, book tickers and some trades. */
  tick(): void {
    this.model.advanceTo(this.startMs + (Date.now() - this.wallStart));
    for (const s of this.symbols) {
      const changes = s.ladder.step(this.mid(s), 3);
      const depth = this.depthEvent(s, changes.bids, changes.asks);
      if (s.skipNext > 0) {
        s.skipNext--;
        this.droppedUpdates++;
      } else {
        this.publish(s, 'depth@100ms', depth);
      }
      const top = this.topText(s);
      if (top !== s.lastTop) {
        s.lastTop = top;
        this.publish(s, 'bookTicker', this.bookTicker(s));
      }
      if (this.model.uniform() < 0.5) this.publish(s, s.market === 'spot' ? 'trade' : 'aggTrade', this.trade(s));
    }
    this.trading.onBook(Date.now());
  }

  /** `count` combined-stream depth frames for one book, built up front (the book ends where they leave it). */
  burstFrames(count: number, market: BinanceMarket = 'spot', wire = 'BTCUSDT'): string[] {
    const s = this.symbol(market, wire);
    const mid = this.mid(s);
    const stream = `${wire.toLowerCase()}@depth@100ms`;
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      const changes = s.ladder.step(mid, 2);
      out.push(JSON.stringify({ stream, data: this.depthEvent(s, changes.bids, changes.asks) }));
    }
    return out;
  }

  /** Writes pre-built frames to every session subscribed to `stream`, awaiting drains. */
  async sendFrames(frames: readonly string[], stream: string): Promise<void> {
    const targets = [...this.sessions].filter((x) => x.streams.has(stream));
    for (let i = 0; i < frames.length; i++) {
      for (const t of targets) t.socket.send(frames[i]!);
      if (i % 256 === 255) while (targets.some((t) => t.socket.bufferedAmount > 1 << 20)) await new Promise((r) => setImmediate(r));
    }
    this.framesSent += frames.length * targets.length;
  }

  /** BTC pairs: spot × ratio; ETH pairs also × the model's ETH factor; ETHBTC: ratio × the lagging, bursty quoted cross. */
  private mid(s: SimSymbol): number {
    if (s.quote === 'BTC') return s.ratio * this.model.ethCrossFactor;
    return this.model.spot * s.ratio * (s.base === 'ETH' ? this.model.ethFactor : 1);
  }

  private depthEvent(s: SimSymbol, bids: number[], asks: number[]): Record<string, unknown> {
    const E = this.model.nowMs;
    const prev = s.lastUpdateId;
    // Spot ids are contiguous; futures ids skip between events, which is why futures carry `pu`.
    const U = s.market === 'spot' ? prev + 1 : prev + 1 + Math.floor(this.model.uniform() * 3);
    const u = U + Math.floor(this.model.uniform() * 3);
    s.lastUpdateId = u;
    const b = this.pairs(s, bids);
    const a = this.pairs(s, asks);
    return s.market === 'spot'
      ? { e: 'depthUpdate', E, s: s.wire, U, u, b, a }
      : { e: 'depthUpdate', E, T: E - 1, s: s.wire, U, u, pu: prev, b, a };
  }

  private bookTicker(s: SimSymbol): Record<string, unknown> {
    const { bids, asks } = s.ladder.top(1);
    const fields = { u: s.lastUpdateId, s: s.wire, b: this.px(s, bids[0] ?? 0), B: this.qty(s, bids[1] ?? 0), a: this.px(s, asks[0] ?? 0), A: this.qty(s, asks[1] ?? 0) };
    return s.market === 'spot' ? fields : { e: 'bookTicker', u: fields.u, E: this.model.nowMs, T: this.model.nowMs, s: s.wire, b: fields.b, B: fields.B, a: fields.a, A: fields.A };
  }

  private trade(s: SimSymbol): Record<string, unknown> {
    const buyerMaker = this.model.uniform() < 0.5;
    const price = (buyerMaker ? s.ladder.bestBid : s.ladder.bestAsk) ?? this.mid(s);
    const q = this.qty(s, s.ladder.size() / 4);
    const T = this.model.nowMs;
    s.tradeId++;
    return s.market === 'spot'
      ? { e: 'trade', E: T, s: s.wire, t: s.tradeId, p: this.px(s, price), q, T, m: buyerMaker, M: true }
      : { e: 'aggTrade', E: T, s: s.wire, a: s.tradeId, p: this.px(s, price), q, f: s.tradeId * 2, l: s.tradeId * 2, T, m: buyerMaker };
  }

  private topText(s: SimSymbol): string {
    const { bids, asks } = s.ladder.top(1);
    return `${bids[0]}:${bids[1]}:${asks[0]}:${asks[1]}`;
  }

  private px(s: SimSymbol, v: number): string {
    return v.toFixed(decimalsOf(s.tickSize));
  }

  private qty(s: SimSymbol, v: number): string {
    return Math.max(s.lotSize, v).toFixed(decimalsOf(s.lotSize));
  }

  private pairs(s: SimSymbol, flat: readonly number[]): string[][] {
    const out: string[][] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) out.push([this.px(s, flat[i]!), flat[i + 1]! === 0 ? '0.00000000' : this.qty(s, flat[i + 1]!)]);
    return out;
  }

  private publish(s: SimSymbol, suffix: string, data: Record<string, unknown>): void {
    const stream = `${s.wire.toLowerCase()}@${suffix}`;
    const route = s.market === 'spot' ? 'spot' : suffix === 'aggTrade' ? 'usdm-market' : 'usdm-public';
    let text: string | null = null;
    for (const session of this.sessions) {
      if (session.route !== route || !session.streams.has(stream)) continue;
      text ??= JSON.stringify({ stream, data });
      session.socket.send(text);
      this.framesSent++;
    }
  }

  // ---- sockets and REST -----------------------------------------------------------------------

  private onSocket(socket: WebSocket, path: string): void {
    if (this.trading.onSocket(socket, path)) return;
    const route = path === '/stream' ? 'spot' : path === '/public/stream' ? 'usdm-public' : path === '/market/stream' ? 'usdm-market' : null;
    if (route === null) {
      socket.close(1008, `no stream endpoint ${path}`);
      return;
    }
    const session: Session = { socket, route, streams: new Set() };
    this.sessions.add(session);
    socket.on('close', () => this.sessions.delete(session));
    socket.on('message', (data) => this.onMessage(session, data.toString()));
  }

  private onMessage(session: Session, text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      session.socket.send(JSON.stringify({ error: { code: 3, msg: 'Invalid JSON: expected value at line 1 column 1' }, id: null }));
      return;
    }
    const m = msg as { method?: unknown; params?: unknown; id?: unknown };
    const id = typeof m.id === 'number' || typeof m.id === 'string' ? m.id : null;
    const params = Array.isArray(m.params) && m.params.every((p) => typeof p === 'string') ? (m.params as string[]) : null;
    if (m.method === 'LIST_SUBSCRIPTIONS') {
      session.socket.send(JSON.stringify({ result: [...session.streams], id }));
      return;
    }
    if ((m.method !== 'SUBSCRIBE' && m.method !== 'UNSUBSCRIBE') || params === null) {
      session.socket.send(JSON.stringify({ error: { code: 2, msg: 'Invalid request: unknown method or parameters' }, id }));
      return;
    }
    for (const p of params) {
      if (m.method === 'SUBSCRIBE') session.streams.add(p);
      else session.streams.delete(p);
    }
    session.socket.send(JSON.stringify({ result: null, id }));
  }

  private routes(): void {
    this.server.route('GET', '/api/v3/depth', (r) => this.depth('spot', r));
    this.server.route('GET', '/fapi/v1/depth', (r) => this.depth('usdm', r));
    this.server.route('GET', '/api/v3/exchangeInfo', () => ({ status: 200, body: this.exchangeInfo('spot') }));
    this.server.route('GET', '/fapi/v1/exchangeInfo', () => ({ status: 200, body: this.exchangeInfo('usdm') }));
    this.trading.install(this.server);
  }

  private depth(market: BinanceMarket, r: RestRequest): RestResponse {
    const wire = r.query.get('symbol') ?? '';
    const s = this.symbols.find((x) => x.market === market && x.wire === wire);
    if (s === undefined) return { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } };
    const limit = Number(r.query.get('limit') ?? (market === 'spot' ? 100 : 500));
    if (!Number.isInteger(limit) || limit < 1 || limit > 5000) return { status: 400, body: { code: -1100, msg: "Illegal characters found in parameter 'limit'." } };
    const { bids, asks } = s.ladder.top(limit);
    const body: Record<string, unknown> = { lastUpdateId: s.lastUpdateId, bids: this.pairs(s, bids), asks: this.pairs(s, asks) };
    return { status: 200, body: market === 'spot' ? body : { lastUpdateId: s.lastUpdateId, E: this.model.nowMs, T: this.model.nowMs, bids: body.bids, asks: body.asks } };
  }

  private exchangeInfo(market: BinanceMarket): Record<string, unknown> {
    const symbols = this.symbols.filter((s) => s.market === market).map((s) => {
      const filters = [
        { filterType: 'PRICE_FILTER', minPrice: this.px(s, s.tickSize), maxPrice: '1000000', tickSize: this.px(s, s.tickSize) },
        { filterType: 'LOT_SIZE', minQty: this.qty(s, s.lotSize), maxQty: '9000', stepSize: this.qty(s, s.lotSize) },
        ...this.trading.extraFilters(s),
      ];
      return market === 'spot'
        ? { symbol: s.wire, status: 'TRADING', baseAsset: s.base, quoteAsset: s.quote, filters }
        : { symbol: s.wire, pair: s.wire, contractType: 'PERPETUAL', deliveryDate: 4133404800000, onboardDate: 1569398400000, status: 'TRADING', baseAsset: s.base, quoteAsset: s.quote, marginAsset: s.quote, filters };
    });
    return { timezone: 'UTC', serverTime: this.model.nowMs, rateLimits: [], exchangeFilters: [], symbols };
  }
}
