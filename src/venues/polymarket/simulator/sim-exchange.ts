/**
 * The simulator's order side: API-key accounts, L2 HMAC checks, EIP-712 V2 signature recovery
 * (viem), order validation the way the CLOB answers (`{"error": …}` with HTTP 400/401), matching
 * against the simulated books (takers walk the book at the levels' prices; resting GTC/GTD orders
 * fill at their own price when the quotes cross them), and the user channel: `order` events
 * (PLACEMENT, UPDATE, CANCELLATION) and `trade` events moving MATCHED → MINED → CONFIRMED.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { LoopbackServer, RestRequest, RestResponse } from '../../shared/simulator/loopback-server.js';
import { verifyPolyHmac } from '../execution/l2-auth.js';
import { polymarketOrderHash, recoverOrderSigner, type SignedPolymarketOrder } from '../execution/order-signing.js';
import { bestAsk, bestBid, MILLI, priceText, setLevel, sizeText, type LevelChange, type SimToken } from './sim-markets.js';

export interface SimAccount {
  readonly address: string;
  readonly key: string;
  readonly secret: string;
  readonly passphrase: string;
}

export type SimOrderType = 'GTC' | 'GTD' | 'FOK' | 'FAK';

export interface SimOrder {
  readonly id: string;
  readonly account: SimAccount;
  readonly token: SimToken;
  readonly side: 'BUY' | 'SELL';
  /** Thousandths. */
  readonly price: number;
  readonly originalSize: number;
  matched: number;
  status: 'LIVE' | 'MATCHED' | 'CANCELED';
  readonly orderType: SimOrderType;
  readonly expiration: number;
  readonly createdAt: number;
  readonly trades: string[];
  /** The order exactly as posted (tests inspect the signed fields). */
  readonly signed: SignedPolymarketOrder;
}

interface TradePrint {
  token: SimToken;
  price: number;
  size: number;
  side: 'BUY' | 'SELL';
}

export interface SimExchangeOptions {
  readonly chainId: number;
  readonly exchangeAddress: string;
  readonly negRiskExchangeAddress: string;
  readonly tokens: ReadonlyMap<string, SimToken>;
  readonly onBookChanges: (changes: readonly LevelChange[], trades: readonly TradePrint[]) => void;
  readonly tradePageSize: number;
  /** pUSD per account before trading. */
  readonly depositUsd: number;
}

/** One trade of an account as `GET /data/trades` lists it (status updated as it settles). */
interface SimTradeRecord {
  readonly account: SimAccount;
  readonly matchTime: number;
  readonly side: 'BUY' | 'SELL';
  /** Price in pUSD per share (the matching engine's prices are thousandths). */
  readonly price: number;
  readonly size: number;
  status: 'MATCHED' | 'MINED' | 'CONFIRMED';
  readonly event: Record<string, unknown>;
}

interface UserSession {
  readonly socket: WebSocket;
  account: SimAccount | null;
  markets: Set<string> | null;
}

const ORDER_TYPES: ReadonlySet<string> = new Set(['GTC', 'GTD', 'FOK', 'FAK']);
const AUTH_WINDOW_SEC = 30;

function reject(status: number, error: string): RestResponse {
  return { status, body: { error } };
}

export class SimExchange {
  readonly accounts = new Map<string, SimAccount>();
  readonly orders = new Map<string, SimOrder>();
  /** Orders refused for a bad signature, and requests refused for bad L2 headers. */
  badSignatures = 0;
  badAuth = 0;
  private readonly sessions = new Set<UserSession>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Every trade of every account, oldest first. */
  private readonly tradeLog: SimTradeRecord[] = [];

  constructor(private readonly options: SimExchangeOptions) {}

  registerAccount(address: string, secret: string): SimAccount {
    const account: SimAccount = { address, key: randomUUID(), secret, passphrase: randomBytes(16).toString('hex') };
    this.accounts.set(account.key, account);
    return account;
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  routes(server: LoopbackServer): void {
    server.route('POST', '/order', (req) => this.postOrder(req));
    server.route('DELETE', '/order', (req) => this.cancelOrder(req));
    server.route('GET', '/data/orders', (req) => this.openOrders(req));
    server.route('GET', '/data/trades', (req) => this.trades(req));
    server.route('GET', '/balance-allowance', (req) => this.balanceAllowance(req));
  }

  // ---- auth -----------------------------------------------------------------------------------

  /** The account whose L2 headers sign this exact request, or null. */
  private authenticate(req: RestRequest): SimAccount | null {
    const h = (name: string): string | undefined => {
      const v = req.headers[name.toLowerCase()];
      return Array.isArray(v) ? v[0] : v;
    };
    const account = this.accounts.get(h('POLY_API_KEY') ?? '');
    const ts = Number(h('POLY_TIMESTAMP'));
    const sig = h('POLY_SIGNATURE');
    const ok = account !== undefined && h('POLY_PASSPHRASE') === account.passphrase && (h('POLY_ADDRESS') ?? '').toLowerCase() === account.address.toLowerCase()
      && Number.isInteger(ts) && Math.abs(ts - Date.now() / 1000) <= AUTH_WINDOW_SEC && sig !== undefined
      // The server received JSON.stringify(body); re-serialising the parsed body gives the same text.
      && verifyPolyHmac(account.secret, ts, req.method, req.path, req.body === undefined ? undefined : JSON.stringify(req.body), sig);
    if (!ok) {
      this.badAuth++;
      return null;
    }
    return account;
  }

  // ---- POST /order ----------------------------------------------------------------------------

  private async postOrder(req: RestRequest): Promise<RestResponse> {
    const account = this.authenticate(req);
    if (account === null) return reject(401, 'Unauthorized/Invalid api key');
    const body = req.body as Record<string, unknown> | undefined;
    const o = body?.order as Record<string, unknown> | undefined;
    if (body === undefined || o === undefined || typeof o !== 'object') return reject(400, 'Invalid order payload');
    const orderType = String(body.orderType) as SimOrderType;
    if (!ORDER_TYPES.has(orderType)) return reject(400, `Invalid order type ${orderType}`);
    if (body.owner !== account.key) return reject(400, 'the order owner has to be the owner of the API KEY');
    const fields = ['maker', 'signer', 'tokenId', 'makerAmount', 'takerAmount', 'side', 'timestamp', 'metadata', 'builder', 'signature'];
    for (const f of fields) if (typeof o[f] !== 'string') return reject(400, `Invalid order payload: ${f}`);
    if (typeof o.salt !== 'number' || typeof o.signatureType !== 'number') return reject(400, 'Invalid order payload: salt/signatureType');
    const signed: SignedPolymarketOrder = {
      salt: o.salt, maker: o.maker as string, signer: o.signer as string, tokenId: o.tokenId as string, makerAmount: o.makerAmount as string,
      takerAmount: o.takerAmount as string, side: o.side as 'BUY' | 'SELL', signatureType: o.signatureType as 0 | 1 | 2 | 3, timestamp: o.timestamp as string,
      expiration: typeof o.expiration === 'string' ? o.expiration : '0', metadata: o.metadata as string, builder: o.builder as string, signature: o.signature as string,
    };
    if (signed.side !== 'BUY' && signed.side !== 'SELL') return reject(400, 'Invalid order payload: side');
    const token = this.options.tokens.get(signed.tokenId);
    if (token === undefined) return reject(400, 'Invalid token id');
    if (token.market.closed) return reject(400, 'market is closed');
    if (signed.signatureType === 3) return reject(400, 'signature type POLY_1271 is not supported by the simulator');
    if (signed.signatureType === 0 && signed.maker.toLowerCase() !== signed.signer.toLowerCase()) return reject(400, 'invalid signature: EOA orders need maker = signer');
    if (signed.signer.toLowerCase() !== account.address.toLowerCase()) return reject(400, 'the order signer address has to be the address of the API KEY');
    const domain = { chainId: this.options.chainId, verifyingContract: token.market.negRisk ? this.options.negRiskExchangeAddress : this.options.exchangeAddress };
    let recovered = '';
    try {
      recovered = await recoverOrderSigner(signed, domain);
    } catch {
      recovered = '';
    }
    if (recovered.toLowerCase() !== signed.signer.toLowerCase()) {
      this.badSignatures++;
      return reject(400, 'invalid signature');
    }
    const id = polymarketOrderHash(signed, domain);
    if (this.orders.has(id)) return reject(400, 'order already exists');

    let maker: bigint;
    let taker: bigint;
    try {
      maker = BigInt(signed.makerAmount);
      taker = BigInt(signed.takerAmount);
    } catch {
      return reject(400, 'Invalid order payload: amounts');
    }
    if (maker <= 0n || taker <= 0n) return reject(400, 'Invalid order payload: amounts');
    // Price in thousandths must sit on the tick; size in shares.
    const sizeUnits = signed.side === 'BUY' ? taker : maker;
    const quoteUnits = signed.side === 'BUY' ? maker : taker;
    const priceMilli = Number((quoteUnits * BigInt(MILLI) * 1_000_000n) / sizeUnits) / 1_000_000;
    const size = Number(sizeUnits) / 1e6;
    const marketBuy = signed.side === 'BUY' && (orderType === 'FOK' || orderType === 'FAK');
    const limit = marketBuy ? Math.floor(priceMilli / token.tick) * token.tick : priceMilli;
    if (!marketBuy && Math.abs(limit / token.tick - Math.round(limit / token.tick)) > 1e-6) {
      return reject(400, `INVALID_ORDER_MIN_TICK_SIZE: price (${priceMilli / MILLI}) breaks minimum tick size rule: ${priceText(token.tick)}`);
    }
    if (limit < token.tick || limit > MILLI - token.tick) return reject(400, `invalid price (${limit / MILLI}), min: ${priceText(token.tick)} - max: ${priceText(MILLI - token.tick)}`);
    if (!marketBuy && size < token.market.minSize) return reject(400, `INVALID_ORDER_MIN_SIZE: Size (${size}) lower than the minimum: ${token.market.minSize}`);
    const expiration = Number(signed.expiration);
    if (orderType === 'GTD' && !(expiration > Date.now() / 1000 + 60)) return reject(400, 'INVALID_ORDER_EXPIRATION: expiration must be at least a minute in the future');
    const postOnly = body.postOnly === true;
    if (postOnly && (orderType === 'FOK' || orderType === 'FAK')) return reject(400, 'invalid post-only order: FOK and FAK orders cannot be post-only');
    const crossPrice = signed.side === 'BUY' ? bestAsk(token) : bestBid(token);
    const crosses = crossPrice !== null && (signed.side === 'BUY' ? crossPrice <= limit : crossPrice >= limit);
    if (postOnly && crosses) return reject(400, 'invalid post-only order: order crosses book');
    const available = this.fillable(token, signed.side, limit);
    if (orderType === 'FOK' && available + 1e-9 < size) return reject(400, "order couldn't be fully filled. FOK orders are fully filled or killed.");
    if (orderType === 'FAK' && available <= 0) return reject(400, 'no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found.');

    const order: SimOrder = {
      id, account, token, side: signed.side, price: limit, originalSize: size, matched: 0, status: 'LIVE', orderType,
      expiration, createdAt: Math.floor(Date.now() / 1000), trades: [], signed,
    };
    this.orders.set(id, order);
    const fills = this.take(order, size);
    const rests = order.matched + 1e-9 < size && (orderType === 'GTC' || orderType === 'GTD');
    order.status = rests ? 'LIVE' : order.matched > 0 ? 'MATCHED' : 'CANCELED';
    if (rests) this.userEvent(order.account, token.market.conditionId, this.orderEvent(order, 'PLACEMENT'));
    const notional = fills.reduce((s, f) => s + (f.price / MILLI) * f.size, 0);
    const shares = fills.reduce((s, f) => s + f.size, 0);
    return {
      status: 200,
      body: {
        success: true, errorMsg: '', orderID: id, status: rests ? 'live' : 'matched',
        makingAmount: signed.side === 'BUY' ? round6(notional) : round6(shares), takingAmount: signed.side === 'BUY' ? round6(shares) : round6(notional),
        transactionsHashes: fills.map((f) => f.txHash), tradeIDs: fills.map((f) => f.tradeId),
      },
    };
  }

  private fillable(token: SimToken, side: 'BUY' | 'SELL', limit: number): number {
    let total = 0;
    if (side === 'BUY') for (const [p, s] of token.asks) { if (p <= limit) total += s; }
    else for (const [p, s] of token.bids) { if (p >= limit) total += s; }
    return total;
  }

  /** The order as taker: walks the opposite side up to its limit, one trade per level. */
  private take(order: SimOrder, size: number): Array<{ tradeId: string; txHash: string; price: number; size: number }> {
    const token = order.token;
    const changes: LevelChange[] = [];
    const prints: TradePrint[] = [];
    const fills: Array<{ tradeId: string; txHash: string; price: number; size: number }> = [];
    let remaining = size;
    while (remaining > 1e-9) {
      const p = order.side === 'BUY' ? bestAsk(token) : bestBid(token);
      if (p === null || (order.side === 'BUY' ? p > order.price : p < order.price)) break;
      const levels = order.side === 'BUY' ? token.asks : token.bids;
      const q = Math.min(remaining, levels.get(p) ?? 0);
      setLevel(token, order.side === 'BUY' ? 'SELL' : 'BUY', p, (levels.get(p) ?? 0) - q, changes);
      remaining = Math.round((remaining - q) * 1e6) / 1e6;
      order.matched = Math.round((order.matched + q) * 1e6) / 1e6;
      const tradeId = randomUUID();
      const txHash = `0x${randomBytes(32).toString('hex')}`;
      order.trades.push(tradeId);
      fills.push({ tradeId, txHash, price: p, size: q });
      prints.push({ token, price: p, size: q, side: order.side });
      this.tradeLifecycle(order, tradeId, txHash, p, q, 'TAKER');
    }
    if (changes.length > 0 || prints.length > 0) this.options.onBookChanges(changes, prints);
    return fills;
  }

  /** Resting orders the quotes now cross fill at their own price (they were there first). */
  crossRestingOrders(): void {
    const now = Date.now() / 1000;
    for (const order of this.orders.values()) {
      if (order.status !== 'LIVE') continue;
      if (order.orderType === 'GTD' && order.expiration > 0 && now >= order.expiration) {
        order.status = 'CANCELED';
        this.userEvent(order.account, order.token.market.conditionId, this.orderEvent(order, 'CANCELLATION'));
        continue;
      }
      const token = order.token;
      const changes: LevelChange[] = [];
      const prints: TradePrint[] = [];
      let remaining = Math.round((order.originalSize - order.matched) * 1e6) / 1e6;
      while (remaining > 1e-9) {
        const p = order.side === 'BUY' ? bestAsk(token) : bestBid(token);
        if (p === null || (order.side === 'BUY' ? p > order.price : p < order.price)) break;
        const levels = order.side === 'BUY' ? token.asks : token.bids;
        const q = Math.min(remaining, levels.get(p) ?? 0);
        setLevel(token, order.side === 'BUY' ? 'SELL' : 'BUY', p, (levels.get(p) ?? 0) - q, changes);
        remaining = Math.round((remaining - q) * 1e6) / 1e6;
        order.matched = Math.round((order.matched + q) * 1e6) / 1e6;
        const tradeId = randomUUID();
        order.trades.push(tradeId);
        prints.push({ token, price: order.price, size: q, side: order.side === 'BUY' ? 'SELL' : 'BUY' });
        this.tradeLifecycle(order, tradeId, `0x${randomBytes(32).toString('hex')}`, order.price, q, 'MAKER');
      }
      if (changes.length === 0) continue;
      if (remaining <= 1e-9) order.status = 'MATCHED';
      this.userEvent(order.account, token.market.conditionId, this.orderEvent(order, 'UPDATE'));
      this.options.onBookChanges(changes, prints);
    }
  }

  // ---- DELETE /order, GET /data/orders --------------------------------------------------------

  private cancelOrder(req: RestRequest): RestResponse {
    const account = this.authenticate(req);
    if (account === null) return reject(401, 'Unauthorized/Invalid api key');
    const id = (req.body as { orderID?: unknown } | undefined)?.orderID;
    if (typeof id !== 'string' || id === '') return reject(400, 'Invalid payload');
    const order = this.orders.get(id);
    if (order === undefined || order.account.key !== account.key) return { status: 200, body: { canceled: [], not_canceled: { [id]: 'order not found' } } };
    if (order.status !== 'LIVE') return { status: 200, body: { canceled: [], not_canceled: { [id]: 'already canceled or matched' } } };
    order.status = 'CANCELED';
    this.userEvent(account, order.token.market.conditionId, this.orderEvent(order, 'CANCELLATION'));
    return { status: 200, body: { canceled: [id], not_canceled: {} } };
  }

  private openOrders(req: RestRequest): RestResponse {
    const account = this.authenticate(req);
    if (account === null) return reject(401, 'Unauthorized/Invalid api key');
    const id = req.query.get('id');
    const market = req.query.get('market');
    const asset = req.query.get('asset_id');
    const data = [...this.orders.values()]
      .filter((o) => o.account.key === account.key && o.status === 'LIVE' && (id === null || o.id === id) && (market === null || o.token.market.conditionId === market) && (asset === null || o.token.tokenId === asset))
      .map((o) => ({
        id: o.id, status: 'LIVE', owner: account.key, maker_address: o.signed.maker, market: o.token.market.conditionId, asset_id: o.token.tokenId,
        side: o.side, original_size: sizeText(o.originalSize), size_matched: sizeText(o.matched), price: priceText(o.price), outcome: o.token.outcome,
        expiration: String(o.expiration), order_type: o.orderType, associate_trades: o.trades, created_at: o.createdAt,
      }));
    return { status: 200, body: { limit: 100, count: data.length, next_cursor: 'LTE=', data } };
  }

  /**
   * `GET /data/trades`: the account's trades, oldest first, filtered by `id`, `market`, `asset_id`,
   * `maker_address`, `after` / `before` (Unix seconds, exclusive); cursor pages (base64 offset,
   * `LTE=` at the end). Status as `TRADE_STATUS_<status>`.
   */
  private trades(req: RestRequest): RestResponse {
    const account = this.authenticate(req);
    if (account === null) return reject(401, 'Unauthorized/Invalid api key');
    const q = (k: string): string | null => req.query.get(k);
    const after = q('after') === null ? -Infinity : Number(q('after'));
    const before = q('before') === null ? Infinity : Number(q('before'));
    if (Number.isNaN(after) || Number.isNaN(before)) return reject(400, 'after / before must be Unix seconds');
    const cursor = q('next_cursor') ?? 'MA==';
    const offset = Number(Buffer.from(cursor, 'base64').toString('utf8'));
    if (!Number.isInteger(offset) || offset < 0) return reject(400, 'invalid next_cursor');
    const maker = q('maker_address')?.toLowerCase() ?? null;
    if (maker !== null && maker !== account.address.toLowerCase()) return reject(400, 'maker_address is not the address of the API key');
    const all = this.tradeLog.filter((t) => t.account.key === account.key && t.matchTime > after && t.matchTime < before
      && (q('id') === null || t.event.id === q('id')) && (q('market') === null || t.event.market === q('market')) && (q('asset_id') === null || t.event.asset_id === q('asset_id')));
    const size = this.options.tradePageSize;
    const data = all.slice(offset, offset + size).map((t) => ({ ...t.event, status: `TRADE_STATUS_${t.status}`, last_update: String(t.matchTime) }));
    const end = offset + size >= all.length;
    return { status: 200, body: { limit: size, count: data.length, next_cursor: end ? 'LTE=' : Buffer.from(String(offset + size)).toString('base64'), data } };
  }

  /**
   * `GET /balance-allowance?asset_type=COLLATERAL`: the account's pUSD in base units (6 decimals):
   * the deposit, less what its buys paid, plus what its sells received (fees are 0 here).
   * Conditional tokens are not modelled.
   */
  private balanceAllowance(req: RestRequest): RestResponse {
    const account = this.authenticate(req);
    if (account === null) return reject(401, 'Unauthorized/Invalid api key');
    const type = req.query.get('asset_type');
    if (type !== 'COLLATERAL') return reject(400, `asset_type ${String(type)}: the simulator reports COLLATERAL only`);
    let cash = this.options.depositUsd;
    for (const t of this.tradeLog) if (t.account.key === account.key) cash += (t.side === 'BUY' ? -1 : 1) * t.price * t.size;
    const units = String(Math.round(cash * 1e6));
    return { status: 200, body: { balance: units, allowances: { [this.options.exchangeAddress]: units } } };
  }

  // ---- user channel ---------------------------------------------------------------------------

  userSession(socket: WebSocket): void {
    const session: UserSession = { socket, account: null, markets: null };
    this.sessions.add(session);
    socket.on('close', () => this.sessions.delete(session));
    socket.on('message', (data) => {
      const text = data.toString();
      if (text === 'PING') {
        socket.send('PONG');
        return;
      }
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return;
      }
      if (session.account === null) {
        const auth = msg.auth as Record<string, unknown> | undefined;
        const account = this.accounts.get(typeof auth?.apiKey === 'string' ? auth.apiKey : '');
        if (account === undefined || auth?.secret !== account.secret || auth.passphrase !== account.passphrase) {
          this.badAuth++;
          socket.close(1008, 'invalid credentials');
          return;
        }
        session.account = account;
        const markets = Array.isArray(msg.markets) ? (msg.markets as unknown[]).filter((x): x is string => typeof x === 'string') : [];
        session.markets = markets.length > 0 ? new Set(markets) : null;
        return;
      }
      const markets = Array.isArray(msg.markets) ? (msg.markets as unknown[]).filter((x): x is string => typeof x === 'string') : [];
      if (msg.operation === 'subscribe') for (const m of markets) (session.markets ??= new Set()).add(m);
      if (msg.operation === 'unsubscribe' && session.markets) for (const m of markets) session.markets.delete(m);
    });
  }

  private userEvent(account: SimAccount, market: string, event: Record<string, unknown>): void {
    const text = JSON.stringify(event);
    for (const s of this.sessions) {
      if (s.account?.key !== account.key || (s.markets !== null && !s.markets.has(market))) continue;
      if (s.socket.readyState === s.socket.OPEN) s.socket.send(text);
    }
  }

  private orderEvent(o: SimOrder, type: 'PLACEMENT' | 'UPDATE' | 'CANCELLATION'): Record<string, unknown> {
    return {
      event_type: 'order', id: o.id, owner: o.account.key, market: o.token.market.conditionId, asset_id: o.token.tokenId, side: o.side,
      order_owner: o.account.key, original_size: sizeText(o.originalSize), size_matched: sizeText(o.matched), price: priceText(o.price),
      associate_trades: o.trades.length > 0 ? [...o.trades] : null, outcome: o.token.outcome.toUpperCase(), type, created_at: String(o.createdAt),
      expiration: String(o.expiration), order_type: o.orderType, status: o.status, maker_address: o.signed.maker, timestamp: String(Math.floor(Date.now() / 1000)),
    };
  }

  /** Sends the trade as MATCHED now, MINED and CONFIRMED shortly after. */
  private tradeLifecycle(order: SimOrder, tradeId: string, txHash: string, price: number, size: number, role: 'TAKER' | 'MAKER'): void {
    const now = Math.floor(Date.now() / 1000);
    const token = order.token;
    const counterparty = { owner: 'sim-liquidity', maker_address: '0x000000000000000000000000000000000000dEaD' };
    const base = {
      event_type: 'trade', type: 'TRADE', id: tradeId, market: token.market.conditionId, asset_id: token.tokenId, fee_rate_bps: '0',
      match_time: String(now), outcome: token.outcome.toUpperCase(), owner: order.account.key, trade_owner: order.account.key,
      transaction_hash: txHash, trader_side: role,
    };
    const event = role === 'TAKER'
      ? {
          ...base, taker_order_id: order.id, side: order.side, size: sizeText(size), price: priceText(price),
          maker_orders: [{ order_id: `0x${randomBytes(32).toString('hex')}`, ...counterparty, matched_amount: sizeText(size), price: priceText(price), fee_rate_bps: '0', asset_id: token.tokenId, outcome: token.outcome.toUpperCase(), side: order.side === 'BUY' ? 'SELL' : 'BUY' }],
        }
      : {
          ...base, taker_order_id: `0x${randomBytes(32).toString('hex')}`, side: order.side === 'BUY' ? 'SELL' : 'BUY', size: sizeText(size), price: priceText(price),
          maker_orders: [{ order_id: order.id, owner: order.account.key, maker_address: order.signed.maker, matched_amount: sizeText(size), price: priceText(price), fee_rate_bps: '0', asset_id: token.tokenId, outcome: token.outcome.toUpperCase(), side: order.side }],
        };
    const record: SimTradeRecord = { account: order.account, matchTime: now, side: order.side, price: Number(priceText(price)), size, status: 'MATCHED', event: { ...event, maker_address: order.signed.maker } };
    this.tradeLog.push(record);
    const statuses = ['MATCHED', 'MINED', 'CONFIRMED'] as const;
    statuses.forEach((status, i) => {
      const emit = (): void => {
        record.status = status;
        this.userEvent(order.account, token.market.conditionId, { ...event, status, last_update: String(Math.floor(Date.now() / 1000)), timestamp: String(Math.floor(Date.now() / 1000)) });
      };
      if (i === 0) {
        emit();
        return;
      }
      const t = setTimeout(() => {
        this.timers.delete(t);
        emit();
      }, 15 * i);
      t.unref();
      this.timers.add(t);
    });
  }
}

function round6(x: number): string {
  return String(Math.round(x * 1e6) / 1e6);
}
