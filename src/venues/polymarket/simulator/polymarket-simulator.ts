/**
 * A Polymarket CLOB V2 simulator on loopback, speaking the venue's paths and shapes:
 * REST `GET /markets` (cursor pages), `/book`, `/tick-size`, `/neg-risk`, `POST /order` (L2 HMAC
 * auth, EIP-712 V2 signature recovered with viem, tick/size/expiry checks, matching), `DELETE
 * /order`, `GET /data/orders`, `GET /data/trades`, `GET /balance-allowance`; a Gamma `GET /markets?slug=…` on a second port; WebSockets
 * `/ws/market` (initial subscription, `operation` subscribe/unsubscribe, `book` arrays,
 * `price_change`, `last_trade_price`, `tick_size_change`, `best_bid_ask`, PING→PONG) and
 * `/ws/user` (API-key auth, `order` and `trade` events, MATCHED → MINED → CONFIRMED).
 * Faults: disconnectAll, garbageFrame, slowResponses, rejectNext, missUpdate (a price_change
 * the clients never see), and `burst` for benchmarks.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import { BtcMarketModel } from '../../shared/simulator/btc-market-model.js';
import { LoopbackServer } from '../../shared/simulator/loopback-server.js';
import { createSimMarkets, bestAsk, bestBid, priceText, requote, setLevel, sizeText, topText, type LevelChange, type SimMarket, type SimToken } from './sim-markets.js';
import { SimExchange, type SimAccount } from './sim-exchange.js';

export interface PolymarketSimulatorOptions {
  readonly port?: number;
  readonly seed?: number;
  readonly startMs?: number;
  /** Market-data update period (0: no timer; tests drive `tick()`). */
  readonly tickIntervalMs?: number;
  /** BTC binaries listed (default 5). */
  readonly markets?: number;
  /** Markets per `GET /markets` page (default 3, so pagination is exercised). */
  readonly pageSize?: number;
  readonly chainId?: number;
  /** Exchange contracts whose EIP-712 domain the simulator verifies against. */
  readonly exchangeAddress?: string;
  readonly negRiskExchangeAddress?: string;
  /** Trades per `GET /data/trades` page (default 100). */
  readonly tradePageSize?: number;
  /** pUSD each account holds before trading (default 10 000); `GET /balance-allowance` starts from it. */
  readonly depositUsd?: number;
}

interface MarketSession {
  readonly socket: WebSocket;
  readonly assets: Set<string>;
  custom: boolean;
  subscribed: boolean;
}

export class PolymarketSimulator {
  readonly model: BtcMarketModel;
  readonly markets: SimMarket[];
  readonly tokens = new Map<string, SimToken>();
  readonly exchange: SimExchange;
  /** price_change messages deliberately not sent (missUpdate). */
  droppedUpdates = 0;
  /** Frames sent on /ws/market. */
  marketFramesSent = 0;
  private readonly sessions = new Set<MarketSession>();
  private timer: NodeJS.Timeout | null = null;
  private paused = false;
  private stalled = false;
  private readonly wallStart = Date.now();
  private readonly startMs: number;

  private constructor(private readonly server: LoopbackServer, private readonly gamma: LoopbackServer, private readonly options: PolymarketSimulatorOptions) {
    this.startMs = options.startMs ?? Date.now();
    this.model = new BtcMarketModel({ seed: options.seed ?? 1, startMs: this.startMs });
    this.markets = createSimMarkets(this.model, options.markets ?? 5);
    for (const m of this.markets) for (const t of m.tokens) this.tokens.set(t.tokenId, t);
    this.exchange = new SimExchange({
      chainId: options.chainId ?? 137,
      exchangeAddress: options.exchangeAddress ?? '0xE111180000d2663C0091e4f400237545B87B996B',
      negRiskExchangeAddress: options.negRiskExchangeAddress ?? '0xe2222d279d744050d28e00520010520000310F59',
      tokens: this.tokens,
      onBookChanges: (changes, trades) => this.publish(changes, trades),
      tradePageSize: options.tradePageSize ?? 100,
      depositUsd: options.depositUsd ?? 10_000,
    });
    for (const m of this.markets) this.quote(m, []);
  }

  static async start(options: PolymarketSimulatorOptions = {}): Promise<PolymarketSimulator> {
    let sim: PolymarketSimulator | null = null;
    const server = new LoopbackServer((socket, path) => sim?.onSocket(socket, path));
    const gamma = new LoopbackServer((socket) => socket.close());
    sim = new PolymarketSimulator(server, gamma, options);
    sim.routes();
    await server.listen(options.port ?? 0);
    await gamma.listen(0);
    const interval = options.tickIntervalMs ?? 200;
    if (interval > 0) {
      const s = sim;
      s.timer = setInterval(() => s.tick(), interval);
      s.timer.unref();
    }
    return sim;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${this.server.port}`;
  }

  get gammaUrl(): string {
    return `http://127.0.0.1:${this.gamma.port}`;
  }

  get marketWsUrl(): string {
    return `ws://127.0.0.1:${this.server.port}/ws/market`;
  }

  get userWsUrl(): string {
    return `ws://127.0.0.1:${this.server.port}/ws/user`;
  }

  /** Alias of marketWsUrl (the simulator convention). */
  get url(): string {
    return this.marketWsUrl;
  }

  /** Registers API credentials for `address` (what L1 `POST /auth/api-key` would return). */
  registerApiKey(address: string): SimAccount {
    return this.exchange.registerAccount(address, randomBytes(32).toString('base64url'));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.exchange.stop();
    await this.server.close();
    await this.gamma.close();
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

  /** The next `n` REST requests answer `status` (503 by default; 429 with Retry-After). */
  rejectNext(n: number, status = 503): void {
    this.server.faults.rejectNextRequests = n;
    this.server.faults.rejectStatus = status;
  }

  /**
   * A silent connection: while on, market sessions get nothing (no publication, no PONG to
   * PING), as a half-open TCP connection or a hung venue would look; clients must notice the
   * silence and reconnect. `stall(false)` ends it.
   */
  stall(on = true): void {
    this.stalled = on;
  }

  /**
   * A price_change the clients never receive: moves `tokenId`'s best bid (up a tick, or removes
   * it when the spread is one tick) without publishing it, then publishes an innocuous change
   * deeper in the book whose best_bid/best_ask reveal the divergence. Returns the token id.
   */
  missUpdate(tokenId?: string): string {
    const token = tokenId !== undefined ? this.tokens.get(tokenId) : this.firstSubscribedToken();
    if (token === undefined) throw new Error('missUpdate: no such token');
    const dropped: LevelChange[] = [];
    const b = bestBid(token);
    const a = bestAsk(token);
    if (b !== null && a !== null && a - b > token.tick) setLevel(token, 'BUY', b + token.tick, 25, dropped);
    else if (b !== null) setLevel(token, 'BUY', b, 0, dropped);
    this.droppedUpdates++;
    const visible: LevelChange[] = [];
    const deepest = [...token.asks.keys()].reduce((x, y) => Math.max(x, y), 0);
    if (deepest > 0) setLevel(token, 'SELL', deepest, (token.asks.get(deepest) ?? 0) + 1, visible);
    else setLevel(token, 'SELL', 990, 1, visible);
    this.publish(visible, []);
    return token.tokenId;
  }

  /** Stops and resumes the market-data timer (benchmarks). */
  pause(paused: boolean): void {
    this.paused = paused;
  }

  /**
   * Sends `count` price_change frames for one market as fast as the socket takes them: each
   * toggles the size of the deepest ask of both tokens (the top of book is unchanged, so a
   * correct client never resyncs). Resolves when all are written. Returns the frames' text.
   */
  async burst(count: number, market: SimMarket = this.markets[0]!): Promise<void> {
    await this.sendFrames(this.burstFrames(count, market), market);
  }

  /** Writes pre-built frames to every session subscribed to a token of `market`, awaiting drains. */
  async sendFrames(frames: readonly string[], market: SimMarket = this.markets[0]!): Promise<void> {
    const targets = [...this.sessions].filter((s) => market.tokens.some((t) => s.assets.has(t.tokenId)));
    for (let i = 0; i < frames.length; i++) {
      for (const s of targets) {
        if (i % 512 === 511) await new Promise<void>((resolve) => s.socket.send(frames[i]!, () => resolve()));
        else s.socket.send(frames[i]!);
      }
    }
    this.marketFramesSent += frames.length * targets.length;
  }

  /** The frames `burst` sends, built up front (the books end where the last frame leaves them). */
  burstFrames(count: number, market: SimMarket = this.markets[0]!): string[] {
    const frames: string[] = [];
    const deep = market.tokens.map((t) => [...t.asks.keys()].reduce((x, y) => Math.max(x, y), 0));
    for (let i = 0; i < count; i++) {
      const changes: LevelChange[] = [];
      market.tokens.forEach((t, k) => {
        const p = deep[k]!;
        if (p > 0) setLevel(t, 'SELL', p, 100 + (i % 2), changes);
      });
      frames.push(JSON.stringify(this.priceChangeMessage(market, changes, Date.now())));
    }
    return frames;
  }

  // ---- market data ----------------------------------------------------------------------------

  /** Advances the model to now and re-quotes every quoted market, publishing the changes. */
  tick(): void {
    if (this.paused) return;
    this.model.advanceTo(this.startMs + (Date.now() - this.wallStart));
    const changes: LevelChange[] = [];
    for (const m of this.markets) {
      if (!m.quoted) continue;
      this.quote(m, changes);
    }
    this.publish(changes, []);
    this.exchange.crossRestingOrders();
    // Now and then a trade prints between other participants.
    for (const m of this.markets) {
      if (!m.quoted || this.model.uniform() > 0.15) continue;
      const t = m.tokens[this.model.uniform() < 0.5 ? 0 : 1];
      const buy = this.model.uniform() < 0.5;
      const p = buy ? bestAsk(t) : bestBid(t);
      if (p !== null) this.publishTrade(t, p, Math.round((1 + this.model.uniform() * 50) * 100) / 100, buy ? 'BUY' : 'SELL');
    }
  }

  private quote(m: SimMarket, out: LevelChange[]): void {
    if (!m.quoted) {
      // Static two-sided quotes around 0.5 for the unrelated markets.
      if (m.tokens[0].bids.size === 0) for (const t of m.tokens) requote(t, 0.5, () => 0.5, []);
      return;
    }
    const u = this.model.uniform();
    if (u < 0.02) m.mispricing = (this.model.uniform() < 0.5 ? -1 : 1) * (0.03 + 0.05 * this.model.uniform());
    else m.mispricing *= 0.95;
    const p = this.model.probabilityAbove(m.strike, m.expiryMs);
    const fairYes = Math.min(0.995, Math.max(0.005, p + m.mispricing + 0.005 * this.model.gaussian()));
    const fairs = [fairYes, 1 - fairYes] as const;
    m.tokens.forEach((t, i) => {
      const fair = fairs[i]!;
      if (t.tick === 10 && (fair > 0.96 || fair < 0.04)) this.changeTick(t, 1);
      requote(t, fair, () => this.model.uniform(), out);
    });
  }

  private changeTick(t: SimToken, tick: number): void {
    const old = t.tick;
    t.tick = tick;
    this.send(t.tokenId, {
      event_type: 'tick_size_change', asset_id: t.tokenId, market: t.market.conditionId,
      old_tick_size: priceText(old), new_tick_size: priceText(tick), timestamp: String(Date.now()),
    });
  }

  private priceChangeMessage(market: SimMarket, changes: readonly LevelChange[], ts: number): Record<string, unknown> {
    return {
      market: market.conditionId,
      price_changes: changes.map((c) => ({
        asset_id: c.token.tokenId, price: priceText(c.price), size: sizeText(c.size), side: c.side,
        hash: createHash('sha1').update(`${c.token.tokenId}:${c.price}:${c.size}:${ts}`).digest('hex'),
        best_bid: c.bestBid === null ? '0' : priceText(c.bestBid), best_ask: c.bestAsk === null ? '1' : priceText(c.bestAsk),
      })),
      timestamp: String(ts),
      event_type: 'price_change',
    };
  }

  /** Sends level changes (grouped by market, filtered per session) and trade prints. */
  private publish(changes: readonly LevelChange[], trades: ReadonlyArray<{ token: SimToken; price: number; size: number; side: 'BUY' | 'SELL' }>): void {
    if (changes.length > 0 && this.sessions.size > 0) {
      const ts = Date.now();
      const byMarket = new Map<SimMarket, LevelChange[]>();
      for (const c of changes) {
        let list = byMarket.get(c.token.market);
        if (!list) byMarket.set(c.token.market, (list = []));
        list.push(c);
      }
      const tops = new Map<SimToken, string>();
      for (const c of changes) tops.set(c.token, '');
      for (const session of this.sessions) {
        if (!session.subscribed) continue;
        for (const [market, list] of byMarket) {
          const mine = list.filter((c) => session.assets.has(c.token.tokenId));
          if (mine.length === 0) continue;
          this.sendTo(session, JSON.stringify(this.priceChangeMessage(market, mine, ts)));
        }
        if (session.custom) {
          for (const t of tops.keys()) {
            if (!session.assets.has(t.tokenId)) continue;
            const top = topText(t);
            const spread = (Number(top.best_ask) - Number(top.best_bid)).toFixed(3);
            this.sendTo(session, JSON.stringify({ event_type: 'best_bid_ask', market: t.market.conditionId, asset_id: t.tokenId, ...top, spread, timestamp: String(ts) }));
          }
        }
      }
    }
    for (const t of trades) this.publishTrade(t.token, t.price, t.size, t.side);
  }

  private publishTrade(token: SimToken, price: number, size: number, side: 'BUY' | 'SELL'): void {
    token.lastTradePrice = price;
    this.send(token.tokenId, {
      asset_id: token.tokenId, event_type: 'last_trade_price', fee_rate_bps: '0', market: token.market.conditionId,
      price: priceText(price), side, size: sizeText(size), timestamp: String(Date.now()),
    });
  }

  private send(tokenId: string, message: unknown): void {
    let text: string | null = null;
    for (const s of this.sessions) {
      if (!s.subscribed || !s.assets.has(tokenId)) continue;
      text ??= JSON.stringify(message);
      this.sendTo(s, text);
    }
  }

  private sendTo(session: MarketSession, text: string): void {
    if (this.stalled || session.socket.readyState !== session.socket.OPEN) return;
    session.socket.send(text);
    this.marketFramesSent++;
  }

  bookMessage(t: SimToken): Record<string, unknown> {
    // As in the documented example: both sides ascending by price.
    const bids = [...t.bids.entries()].sort((a, b) => a[0] - b[0]).map(([p, s]) => ({ price: priceText(p), size: sizeText(s) }));
    const asks = [...t.asks.entries()].sort((a, b) => a[0] - b[0]).map(([p, s]) => ({ price: priceText(p), size: sizeText(s) }));
    const body = { event_type: 'book', asset_id: t.tokenId, market: t.market.conditionId, bids, asks, timestamp: String(Date.now()) };
    return { ...body, hash: createHash('sha1').update(JSON.stringify(body)).digest('hex') };
  }

  private firstSubscribedToken(): SimToken | undefined {
    for (const s of this.sessions) for (const a of s.assets) {
      const t = this.tokens.get(a);
      if (t !== undefined && t.market.quoted) return t;
    }
    return undefined;
  }

  // ---- sockets --------------------------------------------------------------------------------

  private onSocket(socket: WebSocket, path: string): void {
    if (path === '/ws/market') this.marketSession(socket);
    else if (path === '/ws/user') this.exchange.userSession(socket);
    else socket.close(1008, 'unknown path');
  }

  private marketSession(socket: WebSocket): void {
    const session: MarketSession = { socket, assets: new Set(), custom: false, subscribed: false };
    this.sessions.add(session);
    socket.on('close', () => this.sessions.delete(session));
    socket.on('message', (data) => {
      const text = data.toString();
      if (text === 'PING') {
        if (!this.stalled) socket.send('PONG');
        return;
      }
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return;
      }
      const ids = Array.isArray(msg.assets_ids) ? (msg.assets_ids as unknown[]).filter((x): x is string => typeof x === 'string') : [];
      if (msg.custom_feature_enabled === true) session.custom = true;
      if (msg.type === 'market' || msg.type === 'MARKET' || msg.operation === 'subscribe') {
        session.subscribed = true;
        const fresh = ids.filter((id) => !session.assets.has(id) && this.tokens.has(id));
        for (const id of fresh) session.assets.add(id);
        // A repeated subscribe is ignored; new tokens get their book (one array frame).
        if (fresh.length > 0) this.sendTo(session, JSON.stringify(fresh.map((id) => this.bookMessage(this.tokens.get(id)!))));
      } else if (msg.operation === 'unsubscribe') {
        for (const id of ids) session.assets.delete(id);
      }
    });
  }

  // ---- REST -----------------------------------------------------------------------------------

  private routes(): void {
    const pageSize = this.options.pageSize ?? 3;
    this.server.route('GET', '/markets', (req) => {
      const cursor = req.query.get('next_cursor') ?? 'MA==';
      const offset = cursor === '' ? 0 : Number(Buffer.from(cursor, 'base64').toString('utf8'));
      if (!Number.isInteger(offset) || offset < 0) return { status: 400, body: { error: 'invalid next_cursor' } };
      const page = this.markets.slice(offset, offset + pageSize).map((m) => this.clobMarketJson(m));
      const end = offset + pageSize >= this.markets.length;
      return { status: 200, body: { limit: pageSize, count: page.length, next_cursor: end ? 'LTE=' : Buffer.from(String(offset + pageSize)).toString('base64'), data: page } };
    });
    this.gamma.route('GET', '/markets', (req) => {
      const slugs = new Set(req.query.getAll('slug'));
      const closed = req.query.get('closed');
      const found = this.markets.filter((m) => (slugs.size === 0 || slugs.has(m.slug)) && (closed === null || String(m.closed) === closed));
      return { status: 200, body: found.map((m) => this.gammaMarketJson(m)) };
    });
    this.server.route('GET', '/book', (req) => {
      const t = this.tokens.get(req.query.get('token_id') ?? '');
      if (!t) return { status: 404, body: { error: 'No orderbook exists for the requested token id' } };
      const book = this.bookMessage(t);
      // REST lists asks descending (best last), unlike the market channel's example.
      const asks = [...(book.asks as unknown[])].reverse();
      return {
        status: 200,
        body: {
          market: book.market, asset_id: book.asset_id, timestamp: book.timestamp, hash: book.hash, bids: book.bids, asks,
          min_order_size: String(t.market.minSize), tick_size: priceText(t.tick), neg_risk: t.market.negRisk,
          last_trade_price: t.lastTradePrice === null ? '' : priceText(t.lastTradePrice),
        },
      };
    });
    this.server.route('GET', '/tick-size', (req) => {
      const t = this.tokens.get(req.query.get('token_id') ?? '');
      return t ? { status: 200, body: { minimum_tick_size: t.tick / 1000 } } : { status: 400, body: { error: 'Invalid token id' } };
    });
    this.server.route('GET', '/neg-risk', (req) => {
      const t = this.tokens.get(req.query.get('token_id') ?? '');
      return t ? { status: 200, body: { neg_risk: t.market.negRisk } } : { status: 400, body: { error: 'Invalid token id' } };
    });
    this.exchange.routes(this.server);
  }

  private clobMarketJson(m: SimMarket): Record<string, unknown> {
    return {
      enable_order_book: true, active: !m.closed, closed: m.closed, archived: false, accepting_orders: !m.closed,
      minimum_order_size: m.minSize, minimum_tick_size: m.tokens[0].tick / 1000, condition_id: m.conditionId,
      question_id: m.conditionId, question: m.question, description: '', market_slug: m.slug, end_date_iso: m.endDateIso,
      game_start_time: null, seconds_delay: 0, fpmm: '', maker_base_fee: 0, taker_base_fee: 0, notifications_enabled: true,
      neg_risk: m.negRisk, neg_risk_market_id: '', neg_risk_request_id: '', icon: '', image: '',
      rewards: { rates: null, min_size: 0, max_spread: 0 }, is_50_50_outcome: false,
      tokens: m.tokens.map((t) => ({ token_id: t.tokenId, outcome: t.outcome, price: midOf(t), winner: false })),
      tags: ['Crypto'],
    };
  }

  private gammaMarketJson(m: SimMarket): Record<string, unknown> {
    return {
      id: String(parseInt(m.conditionId.slice(2, 10), 16)), question: m.question, conditionId: m.conditionId, slug: m.slug, endDate: m.endDateIso,
      outcomes: JSON.stringify(m.tokens.map((t) => t.outcome)), clobTokenIds: JSON.stringify(m.tokens.map((t) => t.tokenId)),
      outcomePrices: JSON.stringify(m.tokens.map((t) => String(midOf(t)))), active: !m.closed, closed: m.closed, enableOrderBook: true,
      acceptingOrders: !m.closed, orderPriceMinTickSize: m.tokens[0].tick / 1000, orderMinSize: m.minSize, negRisk: m.negRisk,
    };
  }
}

function midOf(t: SimToken): number {
  const b = bestBid(t);
  const a = bestAsk(t);
  return b !== null && a !== null ? (a + b) / 2000 : 0.5;
}
