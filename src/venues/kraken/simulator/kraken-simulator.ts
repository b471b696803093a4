/**
 * A Kraken spot simulator on loopback: WebSocket v2 on `/v2` (`subscribe` / `unsubscribe` for
 * `book` with depth, `ticker`, `trade`, `instrument`; `ping` → `pong`; `status` on connect;
 * `heartbeat`s) and REST `GET /0/public/AssetPairs`. Books follow Kraken's documented
 * behaviour per subscription: a snapshot of the subscribed depth, then updates carrying only the
 * levels that changed within that depth (qty 0 for levels that left the book; nothing for levels
 * pushed below the depth, which the client truncates), each with the CRC32 checksum of the top
 * 10 levels. Faults: disconnectAll, garbageFrame, slowResponses, rejectNext, corruptChecksum
 * (the next update of a pair carries a wrong checksum) and skipUpdate (the next update of a
 * pair is not sent, so the client's book diverges and its checksum fails).
 */
import { crc32 } from 'node:zlib';
import type { WebSocket } from 'ws';
import { checksumDigits } from '../client/kraken-local-book.js';
import { BtcMarketModel } from '../../shared/simulator/btc-market-model.js';
import { decimalsOf, L2Ladder } from '../../shared/simulator/l2-ladder.js';
import { LoopbackServer } from '../../shared/simulator/loopback-server.js';
import { KrakenTradingSimulator, type KrakenSimAccountConfig } from './kraken-trading-simulator.js';
import { readKrakenWsRequest } from './kraken-ws-request.js';

export interface KrakenSimulatorOptions {
  readonly port?: number;
  readonly seed?: number;
  readonly startMs?: number;
  /** Market-data period (0: no timer; tests drive `tick()`). Default 100 ms. */
  readonly tickIntervalMs?: number;
  /** Levels per side of each simulated book (default 60). */
  readonly levels?: number;
  /** Test accounts for the private REST endpoints and the authenticated `/auth/v2` socket (kraken-trading-simulator.ts). */
  readonly accounts?: readonly KrakenSimAccountConfig[];
}

interface SimPair {
  readonly symbol: string;
  readonly restKey: string;
  readonly wsname: string;
  readonly altname: string;
  readonly pricePrecision: number;
  readonly qtyPrecision: number;
  readonly ratio: number;
  readonly ladder: L2Ladder;
  tradeId: number;
  corruptNext: number;
  skipNext: number;
}

interface BookView {
  readonly depth: number;
  /** Levels this subscriber holds (what it was sent, truncated to depth). */
  bids: Map<number, number>;
  asks: Map<number, number>;
}

interface Session {
  readonly socket: WebSocket;
  readonly books: Map<string, BookView>;
  readonly tickers: Set<string>;
  readonly trades: Set<string>;
}

const DEPTHS = new Set([10, 25, 100, 500, 1000]);

export class KrakenSimulator {
  readonly model: BtcMarketModel;
  readonly pairs: SimPair[];
  droppedUpdates = 0;
  /** Order entry, balances and the private channels; null when no accounts were configured. */
  trading: KrakenTradingSimulator | null = null;
  framesSent = 0;
  private readonly sessions = new Set<Session>();
  private timer: NodeJS.Timeout | null = null;
  private ticks = 0;
  private connectionId = 1_000;
  private readonly wallStart = Date.now();
  private readonly startMs: number;

  private constructor(private readonly server: LoopbackServer, options: KrakenSimulatorOptions) {
    this.startMs = options.startMs ?? Date.now();
    this.model = new BtcMarketModel({ seed: options.seed ?? 1, startMs: this.startMs });
    const uniform = (): number => this.model.uniform();
    const levels = options.levels ?? 60;
    const pair = (symbol: string, restKey: string, wsname: string, altname: string, tick: number, ratio: number): SimPair => ({
      symbol, restKey, wsname, altname, pricePrecision: decimalsOf(tick), qtyPrecision: 8, ratio,
      ladder: new L2Ladder({ tickSize: tick, lotSize: 1e-8, levels, sizeScale: 0.8 }, uniform), tradeId: 1_000_000, corruptNext: 0, skipNext: 0,
    });
    this.pairs = [pair('BTC/USD', 'XXBTZUSD', 'XBT/USD', 'XBTUSD', 0.1, 1), pair('ETH/USD', 'XETHZUSD', 'ETH/USD', 'ETHUSD', 0.01, 0.036)];
    for (const p of this.pairs) p.ladder.step(this.model.spot * p.ratio, 0);
  }

  static async start(options: KrakenSimulatorOptions = {}): Promise<KrakenSimulator> {
    let sim: KrakenSimulator | null = null;
    const server = new LoopbackServer((socket, path) => sim?.onSocket(socket, path));
    sim = new KrakenSimulator(server, options);
    server.route('GET', '/0/public/AssetPairs', () => ({ status: 200, body: sim!.assetPairs() }));
    if (options.accounts !== undefined) {
      sim.trading = new KrakenTradingSimulator(sim.pairs, sim.assetPairs(), options.accounts);
      sim.trading.register(server);
    }
    await server.listen(options.port ?? 0);
    const interval = options.tickIntervalMs ?? 100;
    if (interval > 0) {
      const s = sim;
      s.timer = setInterval(() => s.tick(), interval);
      s.timer.unref();
    }
    return sim;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.server.port}/v2`;
  }

  /** The authenticated WebSocket v2 endpoint (Kraken's `wss://ws-auth.kraken.com/v2`). */
  get authUrl(): string {
    return `ws://127.0.0.1:${this.server.port}/auth/v2`;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${this.server.port}`;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.server.close();
  }

  pair(symbol: string): SimPair {
    const p = this.pairs.find((x) => x.symbol === symbol);
    if (p === undefined) throw new Error(`kraken simulator: no pair ${symbol}`);
    return p;
  }

  /** The venue's checksum of a pair's current book. */
  checksum(symbol: string): number {
    const p = this.pair(symbol);
    const { bids, asks } = p.ladder.top(10);
    let text = '';
    for (let i = 0; i < asks.length; i += 2) text += checksumDigits(asks[i]!, p.pricePrecision) + checksumDigits(asks[i + 1]!, p.qtyPrecision);
    for (let i = 0; i < bids.length; i += 2) text += checksumDigits(bids[i]!, p.pricePrecision) + checksumDigits(bids[i + 1]!, p.qtyPrecision);
    return crc32(text) >>> 0;
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

  corruptChecksum(symbol: string): void {
    this.pair(symbol).corruptNext++;
  }

  skipUpdate(symbol: string): void {
    this.pair(symbol).skipNext++;
  }

  // ---- market data ----------------------------------------------------------------------------

  tick(): void {
    this.model.advanceTo(this.startMs + (Date.now() - this.wallStart));
    this.ticks++;
    for (const p of this.pairs) {
      const before = `${p.ladder.bestBid}:${p.ladder.bestAsk}`;
      p.ladder.step(this.model.spot * p.ratio, 3);
      this.publishBook(p);
      if (`${p.ladder.bestBid}:${p.ladder.bestAsk}` !== before) this.publishTicker(p);
      if (this.model.uniform() < 0.4) this.publishTrade(p);
    }
    this.trading?.onMarket();
    if (this.ticks % 10 === 0) for (const s of this.sessions) this.send(s, { channel: 'heartbeat' });
  }

  /**
   * `count` book update frames for one pair as a subscriber of `depth` would get them (each with
   * its checksum), built up front; the pair's book ends where they leave it (benchmarks). Send
   * them with `sendFrames` to subscribers whose view matches (subscribed just before).
   */
  burstFrames(count: number, symbol = 'BTC/USD', depth = 10): string[] {
    const p = this.pair(symbol);
    const mid = this.model.spot * p.ratio;
    const view: BookView = { depth, bids: new Map(), asks: new Map() };
    diffSide(view.bids, p.ladder.bids, depth, true);
    diffSide(view.asks, p.ladder.asks, depth, false);
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      p.ladder.step(mid, 2);
      const bids = diffSide(view.bids, p.ladder.bids, depth, true);
      const asks = diffSide(view.asks, p.ladder.asks, depth, false);
      if (bids.length === 0 && asks.length === 0) continue;
      out.push(JSON.stringify({ channel: 'book', type: 'update', data: [{ symbol: p.symbol, bids, asks, checksum: this.checksum(p.symbol), timestamp: new Date(this.model.nowMs).toISOString() }] }));
    }
    for (const s of this.sessions) {
      const v = s.books.get(symbol);
      if (v === undefined || v.depth !== depth) continue;
      v.bids = new Map(view.bids);
      v.asks = new Map(view.asks);
    }
    return out;
  }

  /** Writes pre-built frames to every book subscriber of `symbol`, waiting for the socket buffers to drain. */
  async sendFrames(frames: readonly string[], symbol = 'BTC/USD'): Promise<void> {
    const targets = [...this.sessions].filter((s) => s.books.has(symbol));
    for (let i = 0; i < frames.length; i++) {
      for (const t of targets) t.socket.send(frames[i]!);
      if (i % 256 === 255) while (targets.some((t) => t.socket.bufferedAmount > 1 << 20)) await new Promise((r) => setImmediate(r));
    }
    this.framesSent += frames.length * targets.length;
  }

  private publishBook(p: SimPair): void {
    const corrupt = p.corruptNext > 0;
    const skip = p.skipNext > 0;
    let any = false;
    for (const s of this.sessions) {
      const view = s.books.get(p.symbol);
      if (view === undefined) continue;
      const bids = diffSide(view.bids, p.ladder.bids, view.depth, true);
      const asks = diffSide(view.asks, p.ladder.asks, view.depth, false);
      if (bids.length === 0 && asks.length === 0) continue;
      any = true;
      if (skip) continue;
      const checksum = corrupt ? (this.checksum(p.symbol) + 1) >>> 0 : this.checksum(p.symbol);
      this.send(s, { channel: 'book', type: 'update', data: [{ symbol: p.symbol, bids, asks, checksum, timestamp: new Date(this.model.nowMs).toISOString() }] });
    }
    if (!any) return;
    if (corrupt) p.corruptNext--;
    if (skip) {
      p.skipNext--;
      this.droppedUpdates++;
    }
  }

  private publishTicker(p: SimPair): void {
    const { bids, asks } = p.ladder.top(1);
    const data = [{ symbol: p.symbol, bid: bids[0] ?? 0, bid_qty: bids[1] ?? 0, ask: asks[0] ?? 0, ask_qty: asks[1] ?? 0, last: bids[0] ?? 0, volume: 1234.5, vwap: bids[0] ?? 0, low: bids[0] ?? 0, high: asks[0] ?? 0, change: 0, change_pct: 0 }];
    for (const s of this.sessions) if (s.tickers.has(p.symbol)) this.send(s, { channel: 'ticker', type: 'update', data });
  }

  private publishTrade(p: SimPair): void {
    const buy = this.model.uniform() < 0.5;
    const price = (buy ? p.ladder.bestAsk : p.ladder.bestBid) ?? this.model.spot * p.ratio;
    p.tradeId++;
    const data = [{ symbol: p.symbol, side: buy ? 'buy' : 'sell', price, qty: Number((p.ladder.size() / 5).toFixed(8)), ord_type: 'market', trade_id: p.tradeId, timestamp: new Date(this.model.nowMs).toISOString() }];
    for (const s of this.sessions) if (s.trades.has(p.symbol)) this.send(s, { channel: 'trade', type: 'update', data });
  }

  private send(s: Session, message: unknown): void {
    s.socket.send(JSON.stringify(message));
    this.framesSent++;
  }

  // ---- sessions -------------------------------------------------------------------------------

  private onSocket(socket: WebSocket, path: string): void {
    if (path === '/auth/v2' && this.trading !== null) {
      this.trading.onSocket(socket);
      return;
    }
    if (path !== '/v2') {
      socket.close(1008, `no endpoint ${path}`);
      return;
    }
    const session: Session = { socket, books: new Map(), tickers: new Set(), trades: new Set() };
    this.sessions.add(session);
    socket.on('close', () => this.sessions.delete(session));
    socket.on('message', (data) => this.onMessage(session, data.toString()));
    this.send(session, { channel: 'status', type: 'update', data: [{ version: '2.0.0', system: 'online', api_version: 'v2', connection_id: this.connectionId++ }] });
  }

  private onMessage(s: Session, text: string): void {
    const request = readKrakenWsRequest(text, new Date().toISOString(), (m) => this.send(s, m));
    if (request === null) return;
    const { method, params, reply } = request;
    if (method !== 'subscribe' && method !== 'unsubscribe') {
      reply({ error: `Unsupported method ${String(method)}`, method: String(method), success: false });
      return;
    }
    if (params.channel === 'instrument') {
      reply({ method, result: { channel: 'instrument', snapshot: params.snapshot !== false }, success: true });
      if (method === 'subscribe' && params.snapshot !== false) this.send(s, this.instrumentSnapshot());
      return;
    }
    const channel = params.channel;
    if (channel !== 'book' && channel !== 'ticker' && channel !== 'trade') {
      reply({ error: `Channel ${String(channel)} not supported`, method, success: false });
      return;
    }
    const depth = params.depth === undefined ? 10 : params.depth;
    if (channel === 'book' && (typeof depth !== 'number' || !DEPTHS.has(depth))) {
      reply({ error: 'Invalid depth', method, success: false });
      return;
    }
    const symbols = Array.isArray(params.symbol) ? (params.symbol as unknown[]) : [];
    for (const symbol of symbols) {
      const p = this.pairs.find((x) => x.symbol === symbol);
      if (p === undefined) {
        reply({ error: `Currency pair not supported ${String(symbol)}`, method, success: false, symbol });
        continue;
      }
      const result: Record<string, unknown> = { channel, symbol: p.symbol, ...(channel === 'book' ? { depth, snapshot: params.snapshot !== false } : {}) };
      reply({ method, result, success: true });
      if (method === 'unsubscribe') {
        if (channel === 'book') s.books.delete(p.symbol);
        else (channel === 'ticker' ? s.tickers : s.trades).delete(p.symbol);
        continue;
      }
      if (channel === 'book') {
        const view: BookView = { depth: depth as number, bids: new Map(), asks: new Map() };
        diffSide(view.bids, p.ladder.bids, view.depth, true);
        diffSide(view.asks, p.ladder.asks, view.depth, false);
        s.books.set(p.symbol, view);
        const top = p.ladder.top(view.depth);
        this.send(s, { channel: 'book', type: 'snapshot', data: [{ symbol: p.symbol, bids: objects(top.bids), asks: objects(top.asks), checksum: this.checksum(p.symbol), timestamp: new Date(this.model.nowMs).toISOString() }] });
      } else {
        (channel === 'ticker' ? s.tickers : s.trades).add(p.symbol);
      }
    }
  }

  private instrumentSnapshot(): unknown {
    return {
      channel: 'instrument', type: 'snapshot',
      data: {
        assets: [{ id: 'USD', status: 'enabled', precision: 4, precision_display: 2, borrowable: true, collateral_value: 1, margin_rate: 0.025 }],
        pairs: this.pairs.map((p) => ({
          symbol: p.symbol, base: p.symbol.split('/')[0], quote: 'USD', status: 'online', qty_precision: p.qtyPrecision, qty_increment: 1e-8, price_precision: p.pricePrecision,
          cost_precision: 5, marginable: true, has_index: true, cost_min: 0.5, tick_size: 10 ** -p.pricePrecision, price_increment: 10 ** -p.pricePrecision, qty_min: 0.0001,
        })),
      },
    };
  }

  private assetPairs(): unknown {
    const result: Record<string, unknown> = {};
    for (const p of this.pairs) {
      const [base, quote] = p.wsname.split('/');
      result[p.restKey] = {
        altname: p.altname, wsname: p.wsname, aclass_base: 'currency', base: `X${base}`, aclass_quote: 'currency', quote: `Z${quote}`, lot: 'unit',
        cost_decimals: 5, pair_decimals: p.pricePrecision, lot_decimals: p.qtyPrecision, lot_multiplier: 1, leverage_buy: [], leverage_sell: [], fees: [[0, 0.4]], fees_maker: [[0, 0.25]],
        fee_volume_currency: 'ZUSD', margin_call: 80, margin_stop: 40, ordermin: '0.0001', costmin: '0.5', tick_size: (10 ** -p.pricePrecision).toFixed(p.pricePrecision), status: 'online',
      };
    }
    return { error: [], result };
  }
}

/**
 * Moves a subscriber's view of one side to the venue's top `depth` levels and returns what
 * Kraken would send for it: changed or new levels, and qty 0 for levels that left the book
 * (levels merely pushed below the depth are not sent: the client truncates).
 */
function diffSide(view: Map<number, number>, book: ReadonlyMap<number, number>, depth: number, descending: boolean): Array<{ price: number; qty: number }> {
  const top = [...book.keys()].sort((a, b) => (descending ? b - a : a - b)).slice(0, depth);
  const inTop = new Set(top);
  const out: Array<{ price: number; qty: number }> = [];
  for (const price of [...view.keys()]) {
    if (inTop.has(price)) continue;
    view.delete(price);
    if (!book.has(price)) out.push({ price, qty: 0 });
  }
  for (const price of top) {
    const qty = book.get(price)!;
    if (view.get(price) !== qty) {
      view.set(price, qty);
      out.push({ price, qty });
    }
  }
  return out;
}

function objects(flat: readonly number[]): Array<{ price: number; qty: number }> {
  const out: Array<{ price: number; qty: number }> = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push({ price: flat[i]!, qty: flat[i + 1]! });
  return out;
}
