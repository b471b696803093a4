/**
 * Finnhub simulator on 127.0.0.1: the REST paths `/api/v1/quote` and `/api/v1/{stock,forex,crypto}/candle`
 * and the trade WebSocket (`/?token=`, subscribe/unsubscribe, trade frames, pings), served from
 * the seeded FinnhubPriceModel. It checks the token (header `X-Finnhub-Token` or `token=`),
 * enforces the calls-per-minute quota per token with 429, validates symbols and resolutions like
 * the client does, and builds candles from the same price path the trades come from.
 */
import type { WebSocket } from 'ws';
import { LoopbackServer, type RestRequest, type RestResponse } from '../../shared/simulator/loopback-server.js';
import { parseFinnhubSymbol, type FinnhubSymbol, type FinnhubSymbolKind } from '../finnhub-symbol.js';
import { FINNHUB_RESOLUTIONS, type FinnhubResolution } from '../parse/parse-candles.js';
import { nextPeriod, periodStart } from './candle-periods.js';
import { FinnhubPriceModel } from './finnhub-price-model.js';

const MINUTE = 60_000;

export interface FinnhubSimulatorOptions {
  readonly port?: number;
  readonly seed?: number;
  /** The API key the simulator accepts (default "arbiter-sim"). */
  readonly token?: string;
  /** First minute of price history (default 2024-01-01T00:00Z). */
  readonly originMs?: number;
  /** REST quota per token (default 60 per 60 s, the free tier). */
  readonly callsPerWindow?: number;
  readonly windowMs?: number;
  /** Trade publication period (default 250 ms). */
  readonly tickIntervalMs?: number;
  /** Server ping period (default 10 s). */
  readonly pingIntervalMs?: number;
  /** Symbols a connection may hold (Finnhub free tier: 50). */
  readonly maxSymbolsPerConnection?: number;
  readonly now?: () => number;
}

interface Session {
  readonly socket: WebSocket;
  readonly symbols: Map<string, FinnhubSymbol>;
}

export class FinnhubSimulator {
  readonly model: FinnhubPriceModel;
  readonly token: string;
  /** REST calls answered, and of those refused with 429. */
  calls = 0;
  rateLimited = 0;
  private readonly server: LoopbackServer;
  private readonly sessions = new Set<Session>();
  private readonly callLog = new Map<string, number[]>();
  private readonly now: () => number;
  private timers: NodeJS.Timeout[] = [];

  private constructor(private readonly options: FinnhubSimulatorOptions) {
    this.now = options.now ?? Date.now;
    this.token = options.token ?? 'arbiter-sim';
    this.model = new FinnhubPriceModel(options.seed ?? 1, options.originMs ?? Date.UTC(2024, 0, 1));
    this.server = new LoopbackServer((socket, _path, query) => this.accept(socket, query));
    this.server.route('GET', '/api/v1/quote', (r) => this.guard(r, () => this.quote(r)));
    for (const kind of ['stock', 'forex', 'crypto'] as const) this.server.route('GET', `/api/v1/${kind}/candle`, (r) => this.guard(r, () => this.candles(r, kind)));
  }

  static async start(options: FinnhubSimulatorOptions = {}): Promise<FinnhubSimulator> {
    const sim = new FinnhubSimulator(options);
    await sim.server.listen(options.port ?? 0);
    sim.timers.push(setInterval(() => sim.publishTrades(), options.tickIntervalMs ?? 250));
    sim.timers.push(setInterval(() => sim.broadcast('{"type":"ping"}'), options.pingIntervalMs ?? 10_000));
    for (const t of sim.timers) t.unref();
    return sim;
  }

  /** Base URL (`http://127.0.0.1:PORT`): REST is `<base>/api/v1`, the WebSocket `ws://127.0.0.1:PORT`. */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.server.port}`;
  }

  get restUrl(): string {
    return `${this.baseUrl}/api/v1`;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.server.port}`;
  }

  /** Open WebSocket connections. */
  get connections(): number {
    return this.server.sockets.size;
  }

  /** Terminates every WebSocket (clients must reconnect and resubscribe). */
  dropConnections(): void {
    this.server.dropAllConnections();
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.server.close();
  }

  private guard(request: RestRequest, answer: () => RestResponse): RestResponse {
    const header = request.headers['x-finnhub-token'];
    const token = (Array.isArray(header) ? header[0] : header) ?? request.query.get('token') ?? '';
    if (token === '') return { status: 401, body: { error: 'Please use an API key.' } };
    if (token !== this.token) return { status: 401, body: { error: 'Invalid API key.' } };
    const t = this.now();
    const windowMs = this.options.windowMs ?? 60_000;
    const log = (this.callLog.get(token) ?? []).filter((s) => s > t - windowMs);
    this.callLog.set(token, log);
    this.calls++;
    if (log.length >= (this.options.callsPerWindow ?? 60)) {
      this.rateLimited++;
      return { status: 429, body: { error: 'API limit reached. Please try again later. Remaining Limit: 0' } };
    }
    log.push(t);
    return answer();
  }

  private symbolOf(request: RestRequest, kind?: FinnhubSymbolKind): FinnhubSymbol | RestResponse {
    const raw = request.query.get('symbol');
    if (raw === null || raw === '') return { status: 422, body: { error: 'Wrong symbol' } };
    try {
      const symbol = parseFinnhubSymbol(raw);
      if (kind !== undefined && symbol.kind !== kind) return { status: 422, body: { error: `${raw} is a ${symbol.kind} symbol; use /${symbol.kind}/candle` } };
      return symbol;
    } catch {
      return { status: 422, body: { error: 'Wrong symbol' } };
    }
  }

  private quote(request: RestRequest): RestResponse {
    const symbol = this.symbolOf(request);
    if ('status' in symbol) return symbol;
    const t = this.now();
    if (t < this.model.originMs + 2 * 86_400_000) return { status: 200, body: { c: 0, d: null, dp: null, h: 0, l: 0, o: 0, pc: 0, t: 0 } };
    const dayStart = periodStart('D', t);
    const day = this.bar(symbol, dayStart, t + 1, t);
    const pc = this.model.priceAt(symbol, dayStart);
    const c = this.model.priceAt(symbol, t);
    return { status: 200, body: { c, d: c - pc, dp: (100 * (c - pc)) / pc, h: day.h, l: day.l, o: day.o, pc, t: Math.floor(t / 1000) } };
  }

  private candles(request: RestRequest, kind: FinnhubSymbolKind): RestResponse {
    const symbol = this.symbolOf(request, kind);
    if ('status' in symbol) return symbol;
    const resolution = request.query.get('resolution') ?? '';
    if (!(FINNHUB_RESOLUTIONS as readonly string[]).includes(resolution)) return { status: 422, body: { error: 'Wrong resolution' } };
    const from = Number(request.query.get('from'));
    const to = Number(request.query.get('to'));
    if (!Number.isInteger(from) || !Number.isInteger(to) || from > to) return { status: 422, body: { error: 'Wrong from/to' } };
    const res = resolution as FinnhubResolution;
    const now = this.now();
    const out = { c: [] as number[], h: [] as number[], l: [] as number[], o: [] as number[], s: 'ok', t: [] as number[], v: [] as number[] };
    let start = periodStart(res, Math.max(from * 1000, this.model.originMs));
    if (start < from * 1000) start = nextPeriod(res, start);
    if (start < this.model.originMs) start = nextPeriod(res, start);
    const last = Math.min(to * 1000, now);
    for (let s = start; s <= last && s < now; s = nextPeriod(res, s)) {
      const bar = this.bar(symbol, s, nextPeriod(res, s), now);
      out.t.push(s / 1000); out.o.push(bar.o); out.h.push(bar.h); out.l.push(bar.l); out.c.push(bar.c); out.v.push(bar.v);
    }
    if (out.t.length === 0) return { status: 200, body: { s: 'no_data' } };
    return { status: 200, body: out };
  }

  /** OHLCV of [start, end) truncated at `now`: minute boundaries plus the price at now. */
  private bar(symbol: FinnhubSymbol, start: number, end: number, now: number): { o: number; h: number; l: number; c: number; v: number } {
    const stop = Math.min(end, now);
    const o = this.model.priceAt(symbol, start);
    const mFrom = (start - this.model.originMs) / MINUTE;
    const mTo = Math.floor((stop - this.model.originMs) / MINUTE);
    const range = this.model.rangeStats(symbol, mFrom, mTo);
    let h = Math.max(o, range.high), l = Math.min(o, range.low);
    const v = range.volume;
    const c = this.model.priceAt(symbol, stop);
    if (c > h) h = c;
    if (c < l) l = c;
    return { o, h, l, c, v: Math.round(v * 1e4) / 1e4 };
  }

  private accept(socket: WebSocket, query: URLSearchParams): void {
    if (query.get('token') !== this.token) {
      socket.close(1008, 'Invalid API key');
      return;
    }
    const session: Session = { socket, symbols: new Map() };
    this.sessions.add(session);
    socket.on('close', () => this.sessions.delete(session));
    socket.on('message', (data) => {
      let msg: unknown;
      try {
        msg = JSON.parse(String(data));
      } catch {
        socket.send(JSON.stringify({ type: 'error', msg: 'Invalid message' }));
        return;
      }
      const m = msg as { type?: unknown; symbol?: unknown };
      if (typeof m.symbol !== 'string' || (m.type !== 'subscribe' && m.type !== 'unsubscribe')) {
        socket.send(JSON.stringify({ type: 'error', msg: 'Invalid message' }));
        return;
      }
      if (m.type === 'unsubscribe') {
        session.symbols.delete(m.symbol);
        return;
      }
      let symbol: FinnhubSymbol;
      try {
        symbol = parseFinnhubSymbol(m.symbol);
      } catch {
        socket.send(JSON.stringify({ type: 'error', msg: `Invalid symbol ${m.symbol}` }));
        return;
      }
      if (!session.symbols.has(symbol.symbol) && session.symbols.size >= (this.options.maxSymbolsPerConnection ?? 50)) {
        socket.send(JSON.stringify({ type: 'error', msg: 'Subscribing to too many symbols' }));
        return;
      }
      session.symbols.set(symbol.symbol, symbol);
    });
  }

  private publishTrades(): void {
    const t = this.now();
    const m = Math.floor((t - this.model.originMs) / MINUTE);
    for (const session of this.sessions) {
      if (session.symbols.size === 0) continue;
      const data = [...session.symbols.values()].map((symbol) => ({
        p: this.model.priceAt(symbol, t), s: symbol.symbol, t,
        v: Math.max(1e-4, Math.round((this.model.minuteVolume(symbol, m) / 240) * 1e4) / 1e4),
        ...(symbol.kind === 'stock' ? { c: ['1'] } : {}),
      }));
      session.socket.send(JSON.stringify({ data, type: 'trade' }));
    }
  }

  private broadcast(text: string): void {
    for (const session of this.sessions) session.socket.send(text);
  }
}
