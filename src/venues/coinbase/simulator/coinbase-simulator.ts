/**
 * A Coinbase Advanced Trade simulator on loopback: the market-data WebSocket on `/`
 * (`subscribe` / `unsubscribe` for `level2`, `ticker`, `market_trades`, `heartbeats`;
 * `subscriptions` confirmations; `l2_data` snapshot then updates; one `sequence_num` counter per
 * connection over every message; heartbeats with `heartbeat_counter`) and the public REST
 * `GET /api/v3/brokerage/market/products`. Faults: disconnectAll, garbageFrame, slowResponses,
 * rejectNext, dropMessage (the next message of every connection is counted but not sent, so
 * clients see a sequence gap) and stall (nothing is sent, heartbeats included).
 */
import type { WebSocket } from 'ws';
import { BtcMarketModel } from '../../shared/simulator/btc-market-model.js';
import { decimalsOf, L2Ladder } from '../../shared/simulator/l2-ladder.js';
import { LoopbackServer } from '../../shared/simulator/loopback-server.js';
import { CoinbaseSimExchange, type CoinbaseSimExchangeOptions } from './coinbase-sim-exchange.js';
import { readCoinbaseWsRequest, sendCoinbaseWsError } from './coinbase-ws-request.js';

export interface CoinbaseSimulatorOptions {
  readonly port?: number;
  readonly seed?: number;
  readonly startMs?: number;
  /** Market-data period (0: no timer; tests drive `tick()`). Default 100 ms. */
  readonly tickIntervalMs?: number;
  /** Heartbeats every this many ticks (default 10: once a second at the default period). */
  readonly heartbeatEveryTicks?: number;
  readonly levels?: number;
  /** Private side (order entry, accounts, user channel): starting balances, fees. */
  readonly exchange?: CoinbaseSimExchangeOptions;
}

interface SimProduct {
  readonly id: string;
  readonly base: string;
  readonly quote: string;
  readonly tick: number;
  readonly ratio: number;
  readonly ladder: L2Ladder;
  tradeId: number;
}

type WireChannel = 'level2' | 'ticker' | 'market_trades';

interface Session {
  readonly socket: WebSocket;
  readonly subs: Record<WireChannel, Set<string>>;
  heartbeats: boolean;
  heartbeatCounter: number;
  sequence: number;
  dropNext: number;
}

export class CoinbaseSimulator {
  readonly model: BtcMarketModel;
  readonly products: SimProduct[];
  droppedMessages = 0;
  framesSent = 0;
  /** Order entry, balances and the user channel (coinbase-sim-exchange.ts); register API keys on it. */
  readonly exchange: CoinbaseSimExchange;
  private readonly sessions = new Set<Session>();
  private timer: NodeJS.Timeout | null = null;
  private ticks = 0;
  private stalled = false;
  private readonly wallStart = Date.now();
  private readonly startMs: number;

  private constructor(private readonly server: LoopbackServer, private readonly options: CoinbaseSimulatorOptions) {
    this.startMs = options.startMs ?? Date.now();
    this.model = new BtcMarketModel({ seed: options.seed ?? 1, startMs: this.startMs });
    const uniform = (): number => this.model.uniform();
    const product = (id: string, tick: number, ratio: number): SimProduct => {
      const [base, quote] = id.split('-') as [string, string];
      return { id, base, quote, tick, ratio, ladder: new L2Ladder({ tickSize: tick, lotSize: 1e-8, levels: options.levels ?? 50, sizeScale: 0.5 }, uniform), tradeId: 100_000 };
    };
    this.products = [product('BTC-USD', 0.01, 1), product('ETH-USD', 0.01, 0.036)];
    for (const p of this.products) p.ladder.step(this.model.spot * p.ratio, 0);
    this.exchange = new CoinbaseSimExchange(this, options.exchange);
    for (const [method, path, handler] of this.exchange.routes()) server.route(method, path, handler);
  }

  static async start(options: CoinbaseSimulatorOptions = {}): Promise<CoinbaseSimulator> {
    let sim: CoinbaseSimulator | null = null;
    const server = new LoopbackServer((socket, path) => sim?.onSocket(socket, path));
    sim = new CoinbaseSimulator(server, options);
    server.route('GET', '/api/v3/brokerage/market/products', () => ({ status: 200, body: sim!.productList() }));
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
    return `ws://127.0.0.1:${this.server.port}`;
  }

  /** The `user` channel (production: wss://advanced-trade-ws-user.coinbase.com). */
  get userWsUrl(): string {
    return `ws://127.0.0.1:${this.server.port}/user`;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${this.server.port}`;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.server.close();
  }

  product(id: string): SimProduct {
    const p = this.products.find((x) => x.id === id);
    if (p === undefined) throw new Error(`coinbase simulator: no product ${id}`);
    return p;
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

  /** The next message of every connection takes its sequence number but is never sent. */
  dropMessage(): void {
    for (const s of this.sessions) s.dropNext++;
  }

  /** While on, nothing is sent (heartbeats included): a hung venue. */
  stall(on = true): void {
    this.stalled = on;
  }

  // ---- market data ----------------------------------------------------------------------------

  tick(): void {
    if (this.stalled) return;
    this.model.advanceTo(this.startMs + (Date.now() - this.wallStart));
    this.ticks++;
    const now = this.iso();
    for (const p of this.products) {
      const before = `${p.ladder.bestBid}:${p.ladder.bestAsk}`;
      const changes = p.ladder.step(this.model.spot * p.ratio, 3);
      this.publishL2(p, changes.bids, changes.asks);
      if (`${p.ladder.bestBid}:${p.ladder.bestAsk}` !== before) {
        for (const s of this.sessions) if (s.subs.ticker.has(p.id)) this.send(s, 'ticker', [{ type: 'update', tickers: [this.ticker(p)] }]);
      }
      if (this.model.uniform() < 0.4) {
        const buy = this.model.uniform() < 0.5;
        p.tradeId++;
        // Now and then an aggressive order walks past the touch and prints beyond it.
        const sweep = this.model.sweepFraction();
        const price = ((buy ? p.ladder.bestAsk : p.ladder.bestBid) ?? 0) * (buy ? 1 + sweep : 1 - sweep);
        const trade = { trade_id: String(p.tradeId), product_id: p.id, price: this.px(p, price), size: (p.ladder.size() / 5).toFixed(8), side: buy ? 'BUY' : 'SELL', time: now };
        for (const s of this.sessions) if (s.subs.market_trades.has(p.id)) this.send(s, 'market_trades', [{ type: 'update', trades: [trade] }]);
        // The print went through the account's resting orders at its price or better: they fill (maker), as the tape says.
        this.exchange.printTrade(p.id, Number(trade.price));
      }
    }
    this.exchange.onTick(this.ticks % (this.options.heartbeatEveryTicks ?? 10) === 0);
    if (this.ticks % (this.options.heartbeatEveryTicks ?? 10) === 0) {
      for (const s of this.sessions) {
        if (!s.heartbeats) continue;
        s.heartbeatCounter++;
        this.send(s, 'heartbeats', [{ current_time: now.replace('T', ' ').replace('Z', '000000+00:00'), heartbeat_counter: s.heartbeatCounter }]);
      }
    }
  }

  /**
   * `count` level2 update frames of one product for the session subscribed to it (benchmarks):
   * built up front with that connection's next sequence numbers; the book ends where they leave it.
   */
  burstFrames(count: number, id = 'BTC-USD'): string[] {
    const p = this.product(id);
    const session = [...this.sessions].find((s) => s.subs.level2.has(id) && s.socket.readyState === 1);
    if (session === undefined) throw new Error(`coinbase simulator: nobody subscribed to ${id}`);
    const mid = this.model.spot * p.ratio;
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      const changes = p.ladder.step(mid, 2);
      if (changes.bids.length === 0 && changes.asks.length === 0) continue;
      out.push(JSON.stringify({ channel: 'l2_data', client_id: '', timestamp: this.iso(), sequence_num: session.sequence++, events: [{ type: 'update', product_id: id, updates: this.updates(p, changes.bids, changes.asks) }] }));
    }
    return out;
  }

  /** Writes pre-built frames to the session subscribed to `id`, waiting for its buffer to drain. */
  async sendFrames(frames: readonly string[], id = 'BTC-USD'): Promise<void> {
    const session = [...this.sessions].find((s) => s.subs.level2.has(id) && s.socket.readyState === 1);
    if (session === undefined) return;
    for (let i = 0; i < frames.length; i++) {
      session.socket.send(frames[i]!);
      if (i % 256 === 255) while (session.socket.bufferedAmount > 1 << 20) await new Promise((r) => setImmediate(r));
    }
    this.framesSent += frames.length;
  }

  private publishL2(p: SimProduct, bids: readonly number[], asks: readonly number[]): void {
    if (bids.length === 0 && asks.length === 0) return;
    const updates = this.updates(p, bids, asks);
    for (const s of this.sessions) if (s.subs.level2.has(p.id)) this.send(s, 'l2_data', [{ type: 'update', product_id: p.id, updates }]);
  }

  private updates(p: SimProduct, bids: readonly number[], asks: readonly number[]): unknown[] {
    const t = this.iso();
    const out: unknown[] = [];
    for (let i = 0; i + 1 < bids.length; i += 2) out.push({ side: 'bid', event_time: t, price_level: this.px(p, bids[i]!), new_quantity: bids[i + 1]!.toFixed(8) });
    for (let i = 0; i + 1 < asks.length; i += 2) out.push({ side: 'offer', event_time: t, price_level: this.px(p, asks[i]!), new_quantity: asks[i + 1]!.toFixed(8) });
    return out;
  }

  private ticker(p: SimProduct): Record<string, unknown> {
    const { bids, asks } = p.ladder.top(1);
    return {
      type: 'ticker', product_id: p.id, price: this.px(p, bids[0] ?? 0), volume_24_h: '1234.5', low_24_h: this.px(p, bids[0] ?? 0), high_24_h: this.px(p, asks[0] ?? 0),
      price_percent_chg_24_h: '0', best_bid: this.px(p, bids[0] ?? 0), best_bid_quantity: (bids[1] ?? 0).toFixed(8), best_ask: this.px(p, asks[0] ?? 0), best_ask_quantity: (asks[1] ?? 0).toFixed(8),
    };
  }

  private px(p: SimProduct, v: number): string {
    return v.toFixed(decimalsOf(p.tick));
  }

  private iso(): string {
    return new Date(this.model.nowMs).toISOString();
  }

  private send(s: Session, channel: string, events: unknown[]): void {
    const sequence = s.sequence++;
    if (s.dropNext > 0) {
      s.dropNext--;
      this.droppedMessages++;
      return;
    }
    s.socket.send(JSON.stringify({ channel, client_id: '', timestamp: this.iso(), sequence_num: sequence, events }));
    this.framesSent++;
  }

  // ---- sessions and REST ----------------------------------------------------------------------

  private onSocket(socket: WebSocket, path: string): void {
    if (path === '/user') {
      this.exchange.onSocket(socket);
      return;
    }
    if (path !== '/') {
      socket.close(1008, `no endpoint ${path}`);
      return;
    }
    const session: Session = { socket, subs: { level2: new Set(), ticker: new Set(), market_trades: new Set() }, heartbeats: false, heartbeatCounter: 0, sequence: 0, dropNext: 0 };
    this.sessions.add(session);
    socket.on('close', () => this.sessions.delete(session));
    socket.on('message', (data) => this.onMessage(session, data.toString()));
  }

  private onMessage(s: Session, text: string): void {
    const request = readCoinbaseWsRequest(s.socket, text);
    if (request === null) return;
    const { subscribe, message: msg } = request;
    if (msg.channel === 'heartbeats') {
      s.heartbeats = subscribe;
      this.confirm(s);
      return;
    }
    const channel = msg.channel;
    if (channel !== 'level2' && channel !== 'ticker' && channel !== 'market_trades') {
      sendCoinbaseWsError(s.socket, `unknown channel ${String(channel)}`);
      return;
    }
    const ids = Array.isArray(msg.product_ids) ? (msg.product_ids as unknown[]).filter((x): x is string => typeof x === 'string') : [];
    const unknown = ids.filter((id) => !this.products.some((p) => p.id === id));
    if (unknown.length > 0) {
      sendCoinbaseWsError(s.socket, `failure to subscribe: unknown products ${unknown.join(',')}`);
      return;
    }
    for (const id of ids) {
      if (subscribe) s.subs[channel].add(id);
      else s.subs[channel].delete(id);
    }
    this.confirm(s);
    if (!subscribe) return;
    for (const id of ids) {
      const p = this.product(id);
      if (channel === 'level2') {
        const { bids, asks } = p.ladder.top();
        this.send(s, 'l2_data', [{ type: 'snapshot', product_id: id, updates: this.updates(p, bids, asks) }]);
      } else if (channel === 'ticker') {
        this.send(s, 'ticker', [{ type: 'snapshot', tickers: [this.ticker(p)] }]);
      }
    }
  }

  private confirm(s: Session): void {
    const subscriptions: Record<string, string[]> = {};
    for (const c of ['level2', 'ticker', 'market_trades'] as const) if (s.subs[c].size > 0) subscriptions[c] = [...s.subs[c]];
    if (s.heartbeats) subscriptions.heartbeats = ['heartbeats'];
    this.send(s, 'subscriptions', [{ subscriptions }]);
  }

  private productList(): unknown {
    const products = this.products.map((p) => ({
      product_id: p.id, price: this.px(p, p.ladder.bestBid ?? 0), base_increment: '0.00000001', quote_increment: this.px(p, p.tick), quote_min_size: '1', quote_max_size: '10000000',
      base_min_size: '0.00000001', base_max_size: '3400', base_name: p.base, quote_name: p.quote, status: 'online', cancel_only: false, limit_only: false, post_only: false,
      trading_disabled: false, is_disabled: false, product_type: 'SPOT', quote_currency_id: p.quote, base_currency_id: p.base, price_increment: this.px(p, p.tick), display_name: p.id, product_venue: 'CBE',
    }));
    return { products, num_products: products.length };
  }
}
