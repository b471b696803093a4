/**
 * A Derive v3 venue on loopback: JSON-RPC over WebSocket at `/v3/ws` and HTTP POST under `/v3/<method>`,
 * with Derive's method names and shapes — `public/login`, `subscribe`/`unsubscribe` (per-channel
 * `status` and `current_subscriptions`), `public/get_all_instruments` (and v2's `public/get_instruments`),
 * `public/get_instrument`, `public/get_ticker`, `private/order` (signature verified), `private/cancel`,
 * `private/cancel_by_label`, `private/get_open_orders` — publishing `ticker_slim`, `orderbook` and
 * `trades` for subscribed instruments on a timer, plus `{subaccount_id}.orders|trades` to the owner.
 * Faults: disconnectAll, garbageFrame, slowResponses, rejectNext, staleBook (an older snapshot
 * re-sent), and `burst` (N pre-built ticker frames as fast as possible, for benchmarks).
 */
import { hashDomain } from 'viem';
import type { WebSocket } from 'ws';
import { BtcMarketModel } from '../../shared/simulator/btc-market-model.js';
import { LoopbackServer, type RestRequest, type RestResponse } from '../../shared/simulator/loopback-server.js';
import { isRecord } from '../../shared/wire-values.js';
import { DERIVE_ACTION_TYPEHASH, type DeriveProtocolConstants } from '../execution/derive-signing.js';
import { DERIVE_SIM_ERRORS, DeriveSimExchange, SimRpcError, type SimAccount } from './derive-sim-exchange.js';
import { buildSimChain, orderbookData, publicTradeData, requote, tickerSlimData, type SimInstrument } from './derive-sim-market.js';

/** The simulator's EIP-712 domain (a local chain); its separator stands in for Derive's per-environment one. */
export const DERIVE_SIMULATOR_DOMAIN = { name: 'Matching', version: '1.0', chainId: 31337n, verifyingContract: '0x5fbdb2315678afecb367f032d93f642f64180aa3' } as const;

export const DERIVE_SIMULATOR_CONSTANTS: DeriveProtocolConstants = {
  domainSeparator: hashDomain({
    domain: DERIVE_SIMULATOR_DOMAIN,
    types: { EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'version', type: 'string' }, { name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }] },
  }),
  actionTypehash: DERIVE_ACTION_TYPEHASH,
  tradeModule: '0xB8D20c2B7a1Ad2EE33Bc50eF10876eD3035b5e7b',
};

export interface DeriveSimulatorOptions {
  readonly port?: number;
  readonly seed?: number;
  /** Simulated time at start (epoch ms); default now. */
  readonly startMs?: number;
  readonly tickIntervalMs?: number;
  readonly expiries?: number;
  readonly accounts?: readonly SimAccount[];
  /** Probability per tick that a subscribed trades channel prints a trade. */
  readonly tradeProbability?: number;
  /** USDC each subaccount holds before trading (default 100 000); `private/get_subaccount` starts from it. */
  readonly depositUsdc?: number;
}

interface Session {
  /** Null for a REST request. */
  readonly socket: WebSocket | null;
  wallet: string | null;
  readonly channels: Set<string>;
}

const CHANNEL = {
  ticker: /^ticker_slim\.([A-Z0-9_.-]+)\.(100|1000)$/,
  book: /^orderbook\.([A-Z0-9_.-]+)\.(1|10|100)\.(1|10|20|100)$/,
  trades: /^trades\.([A-Z0-9]+-[A-Z0-9_.-]+)$/,
  tradesByType: /^trades\.(option|perp|erc20)\.([A-Z0-9]+)$/,
  private: /^(\d+)\.(orders|trades|balances)$/,
};

const PUBLIC_REST = ['public/get_all_instruments', 'public/get_instruments', 'public/get_instrument', 'public/get_ticker'];
const PRIVATE_REST = [
  'private/order', 'private/cancel', 'private/cancel_by_label', 'private/get_open_orders', 'private/get_trade_history', 'private/get_positions', 'private/get_subaccount',
];

export class DeriveSimulator {
  readonly model: BtcMarketModel;
  readonly constants = DERIVE_SIMULATOR_CONSTANTS;
  readonly exchange: DeriveSimExchange;
  readonly instruments: readonly SimInstrument[];
  /** JSON-RPC requests answered, by method (tests assert on batching and resubscription). */
  readonly requestCounts = new Map<string, number>();
  private readonly byName = new Map<string, SimInstrument>();
  private readonly sessions = new Set<Session>();
  private readonly server: LoopbackServer;
  private readonly realStart = Date.now();
  private timer: NodeJS.Timeout | null = null;
  private rejectRemaining = 0;
  private slowMs = 0;
  private readonly tradeProbability: number;

  private constructor(private readonly options: DeriveSimulatorOptions) {
    const startMs = options.startMs ?? Date.now();
    this.model = new BtcMarketModel({ seed: options.seed ?? 7, startMs });
    this.instruments = buildSimChain(this.model, startMs, options.expiries ?? 4);
    for (const i of this.instruments) {
      this.byName.set(i.name, i);
      requote(i, this.model);
    }
    this.tradeProbability = options.tradeProbability ?? 0.3;
    this.exchange = new DeriveSimExchange(this.constants, (n) => this.byName.get(n), (channel, data) => this.publish(channel, data), () => this.nowMs(), () => this.model.spot, options.depositUsdc);
    for (const a of options.accounts ?? []) this.exchange.addAccount(a);
    this.server = new LoopbackServer((socket, path) => this.accept(socket, path));
    for (const method of [...PUBLIC_REST, ...PRIVATE_REST]) this.server.route('POST', `/v3/${method}`, (r) => this.rest(method, r));
  }

  /** Starts listening on 127.0.0.1 (port 0 = any free port) and publishing every `tickIntervalMs`. */
  static async start(options: DeriveSimulatorOptions = {}): Promise<DeriveSimulator> {
    const sim = new DeriveSimulator(options);
    await sim.server.listen(options.port ?? 0);
    sim.timer = setInterval(() => sim.tick(), options.tickIntervalMs ?? 100);
    sim.timer.unref();
    return sim;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.server.port}/v3/ws`;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${this.server.port}/v3`;
  }

  /** Simulated time: the start time plus wall time elapsed. */
  nowMs(): number {
    return (this.options.startMs ?? this.realStart) + (Date.now() - this.realStart);
  }

  instrument(name: string): SimInstrument | undefined {
    return this.byName.get(name);
  }

  addAccount(account: SimAccount): void {
    this.exchange.addAccount(account);
  }

  // ---- faults ----
  disconnectAll(): void {
    this.server.dropAllConnections();
  }

  garbageFrame(): void {
    this.server.sendGarbage();
  }

  slowResponses(ms: number): void {
    this.slowMs = ms;
    this.server.faults.slowResponseMs = ms;
  }

  /** The next `n` JSON-RPC requests (WebSocket or REST) answer -32000 "Rate limit exceeded". */
  rejectNext(n: number): void {
    this.rejectRemaining = n;
  }

  /** Re-sends an older order-book snapshot (a lower publish_id) of `name` to its subscribers. */
  staleBook(name: string): void {
    const inst = this.byName.get(name);
    if (!inst) return;
    for (const s of this.sessions) {
      for (const ch of s.channels) {
        const m = CHANNEL.book.exec(ch);
        if (m && m[1] === name) {
          const data = orderbookData(inst, Number(m[3]), this.nowMs());
          inst.publishId -= 1;
          data.publish_id = Math.max(0, inst.publishId - 5);
          s.socket?.send(JSON.stringify({ method: 'subscription', params: { channel: ch, data } }));
        }
      }
    }
  }

  /**
   * Sends `count` ticker_slim frames for `name` (distinct timestamps) to every session subscribed to
   * its ticker, as fast as the sockets take them. Resolves with the number of frames sent.
   */
  burst(name: string, count: number): Promise<number> {
    return this.prepareBurst(name, count)();
  }

  /** Builds the burst frames now and returns a function that sends them (benchmarks time only the sending). */
  prepareBurst(name: string, count: number): () => Promise<number> {
    const inst = this.byName.get(name);
    const targets: Array<[WebSocket, string]> = [];
    for (const s of this.sessions) for (const ch of s.channels) if (s.socket !== null && CHANNEL.ticker.exec(ch)?.[1] === name) targets.push([s.socket, ch]);
    const frames: string[] = [];
    const base = this.nowMs();
    if (inst && targets.length > 0) {
      const channel = targets[0]![1];
      for (let i = 0; i < count; i++) frames.push(JSON.stringify({ method: 'subscription', params: { channel, data: tickerSlimData(inst, this.model, base + i) } }));
    }
    return async () => {
      await Promise.all(targets.map(([socket]) => new Promise<void>((resolve) => {
        if (frames.length === 0) {
          resolve();
          return;
        }
        for (let i = 0; i < frames.length; i++) socket.send(frames[i]!, i === frames.length - 1 ? () => resolve() : undefined);
      })));
      return frames.length * targets.length;
    };
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.server.close();
  }

  // ---- sessions ----
  private accept(socket: WebSocket, path: string): void {
    if (path !== '/v3/ws') {
      socket.close(4004, 'unknown path');
      return;
    }
    const session: Session = { socket, wallet: null, channels: new Set() };
    this.sessions.add(session);
    socket.on('close', () => this.sessions.delete(session));
    socket.on('message', (raw) => void this.onMessage(session, raw.toString()));
  }

  private async onMessage(session: Session, text: string): Promise<void> {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      session.socket?.send(JSON.stringify({ id: null, error: { code: -32700, message: 'Parse error' } }));
      return;
    }
    if (!isRecord(msg) || typeof msg.method !== 'string') return;
    const id = msg.id ?? null;
    const reply = await this.dispatch(session, msg.method, isRecord(msg.params) ? msg.params : {});
    if (this.slowMs > 0) await new Promise((r) => setTimeout(r, this.slowMs));
    const socket = session.socket;
    if (socket !== null && socket.readyState === socket.OPEN) socket.send(JSON.stringify({ id, ...reply }));
  }

  private async dispatch(session: Session, method: string, params: Record<string, unknown>): Promise<{ result: unknown } | { error: { code: number; message: string; data?: string } }> {
    this.requestCounts.set(method, (this.requestCounts.get(method) ?? 0) + 1);
    try {
      if (this.rejectRemaining > 0) {
        this.rejectRemaining--;
        throw new SimRpcError(DERIVE_SIM_ERRORS.rateLimited.code, DERIVE_SIM_ERRORS.rateLimited.message);
      }
      return { result: await this.call(session, method, params) };
    } catch (error) {
      if (error instanceof SimRpcError) return { error: { code: error.code, message: error.message, ...(error.data === undefined ? {} : { data: error.data }) } };
      return { error: { code: -32603, message: error instanceof Error ? error.message : 'Internal error' } };
    }
  }

  private async call(session: Session, method: string, params: Record<string, unknown>): Promise<unknown> {
    switch (method) {
      case 'public/login': {
        const { wallet, subaccounts } = await this.exchange.login(params, Date.now());
        session.wallet = wallet;
        return subaccounts;
      }
      case 'subscribe':
        return this.subscribe(session, params);
      case 'unsubscribe': {
        const channels = Array.isArray(params.channels) ? params.channels.map(String) : [...session.channels];
        const status: Record<string, string> = {};
        for (const ch of channels) {
          session.channels.delete(ch);
          status[ch] = 'ok';
        }
        return { status, remaining_subscriptions: [...session.channels] };
      }
      case 'public/get_all_instruments': {
        const list = this.listInstruments(params);
        const pageSize = Math.min(1000, Math.max(1, Number(params.page_size ?? 100)));
        const page = Math.max(1, Number(params.page ?? 1));
        return { instruments: list.slice((page - 1) * pageSize, page * pageSize), pagination: { count: list.length, num_pages: Math.max(1, Math.ceil(list.length / pageSize)) } };
      }
      case 'public/get_instruments':
        return this.listInstruments(params);
      case 'public/get_instrument': {
        const inst = this.byName.get(String(params.instrument_name));
        if (!inst) throw new SimRpcError(DERIVE_SIM_ERRORS.doesNotExist.code, DERIVE_SIM_ERRORS.doesNotExist.message, String(params.instrument_name));
        return inst.definition;
      }
      case 'public/get_ticker': {
        const inst = this.byName.get(String(params.instrument_name));
        if (!inst) throw new SimRpcError(DERIVE_SIM_ERRORS.doesNotExist.code, DERIVE_SIM_ERRORS.doesNotExist.message, String(params.instrument_name));
        const t = tickerSlimData(inst, this.model, this.nowMs());
        return { instrument_name: inst.name, index_price: this.model.spot.toFixed(2), mark_price: inst.mark.toFixed(inst.tickDecimals), timestamp: t.timestamp, ...(t.instrument_ticker as object) };
      }
      case 'private/order':
        return this.exchange.order(session.wallet, params);
      case 'private/cancel':
        return this.exchange.cancel(session.wallet, params);
      case 'private/cancel_by_label':
        return this.exchange.cancelByLabel(session.wallet, params);
      case 'private/get_open_orders':
        return this.exchange.openOrders(session.wallet, params);
      case 'private/get_trade_history':
        return this.exchange.tradeHistory(session.wallet, params);
      case 'private/get_positions':
        return this.exchange.positions(session.wallet, params);
      case 'private/get_subaccount':
        return this.exchange.subaccount(session.wallet, params);
      default:
        throw new SimRpcError(DERIVE_SIM_ERRORS.methodNotFound.code, DERIVE_SIM_ERRORS.methodNotFound.message, method);
    }
  }

  private listInstruments(params: Record<string, unknown>): Array<Record<string, unknown>> {
    const type = params.instrument_type;
    const currency = params.currency;
    return this.instruments
      .filter((i) => (type === undefined || i.kind === type) && (currency === undefined || currency === null || currency === 'BTC'))
      .map((i) => i.definition);
  }

  private subscribe(session: Session, params: Record<string, unknown>): unknown {
    if (!Array.isArray(params.channels)) throw new SimRpcError(DERIVE_SIM_ERRORS.invalidParams.code, DERIVE_SIM_ERRORS.invalidParams.message, 'channels');
    const status: Record<string, string> = {};
    for (const raw of params.channels) {
      const ch = String(raw);
      const why = this.channelProblem(session, ch);
      status[ch] = why ?? 'ok';
      if (why === null) session.channels.add(ch);
    }
    return { status, current_subscriptions: [...session.channels] };
  }

  private channelProblem(session: Session, ch: string): string | null {
    const known = (name: string | undefined): string | null => (name !== undefined && this.byName.has(name) ? null : `Instrument ${name ?? '?'} not found`);
    let m = CHANNEL.ticker.exec(ch) ?? CHANNEL.book.exec(ch) ?? CHANNEL.trades.exec(ch);
    if (m) return known(m[1]);
    if (CHANNEL.tradesByType.test(ch)) return null;
    m = CHANNEL.private.exec(ch);
    if (m) return this.exchange.ownsSubaccount(session.wallet, Number(m[1])) ? null : 'Not authenticated for this subaccount';
    return 'Invalid channel';
  }

  private async rest(method: string, r: RestRequest): Promise<RestResponse> {
    const params = isRecord(r.body) ? r.body : {};
    const session: Session = { socket: null, wallet: null, channels: new Set() };
    if (method.startsWith('private/')) {
      const h = (name: string): string | undefined => {
        const v = r.headers[name.toLowerCase()];
        return Array.isArray(v) ? v[0] : v;
      };
      try {
        session.wallet = (await this.exchange.login({ wallet: h('X-DeriveWallet'), timestamp: h('X-DeriveTimestamp'), signature: h('X-DeriveSignature') }, Date.now())).wallet;
      } catch (error) {
        const e = error instanceof SimRpcError ? error : new SimRpcError(DERIVE_SIM_ERRORS.notAuthenticated.code, DERIVE_SIM_ERRORS.notAuthenticated.message);
        return { status: 200, body: { id: null, error: { code: e.code, message: e.message } } };
      }
    }
    return { status: 200, body: { id: null, ...(await this.dispatch(session, method, params)) } };
  }

  // ---- publication ----
  private publish(channel: string, data: unknown): void {
    const text = JSON.stringify({ method: 'subscription', params: { channel, data } });
    for (const s of this.sessions) if (s.channels.has(channel)) s.socket?.send(text);
  }

  private tick(): void {
    this.model.advanceTo(this.nowMs());
    const now = this.nowMs();
    const wanted = new Map<SimInstrument, Set<string>>();
    for (const s of this.sessions) {
      for (const ch of s.channels) {
        const m = CHANNEL.ticker.exec(ch) ?? CHANNEL.book.exec(ch) ?? CHANNEL.trades.exec(ch);
        const inst = m ? this.byName.get(m[1]!) : undefined;
        if (!inst) continue;
        let set = wanted.get(inst);
        if (!set) wanted.set(inst, (set = new Set()));
        set.add(ch);
      }
    }
    for (const inst of this.exchange.restingInstruments()) if (!wanted.has(inst)) wanted.set(inst, new Set());
    for (const [inst, channels] of wanted) {
      requote(inst, this.model);
      this.exchange.matchResting(inst);
      for (const ch of channels) {
        if (ch.startsWith('ticker_slim.')) this.publish(ch, tickerSlimData(inst, this.model, now));
        else if (ch.startsWith('orderbook.')) this.publish(ch, orderbookData(inst, Number(ch.slice(ch.lastIndexOf('.') + 1)), now));
        else if (this.model.uniform() < this.tradeProbability) {
          const trade = publicTradeData(inst, this.model, now);
          if (trade) {
            this.publish(ch, trade);
            this.publish(`trades.${inst.kind}.BTC`, trade);
          }
        }
      }
    }
  }
}

export type { SimAccount } from './derive-sim-exchange.js';
