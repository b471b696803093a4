/**
 * Order entry on the Binance simulator: the signed REST routes of spot (`/api/v3/order`,
 * `/order/amend/keepPriority`, `/order/cancelReplace`, `/openOrders`, `/myTrades`, `/account`)
 * and USDⓈ-M (`/fapi/v1/order` POST/PUT/DELETE/GET, `/fapi/v1/openOrders`, `/fapi/v1/userTrades`,
 * `/fapi/v2/account`, `/fapi/v3/positionRisk`, `/fapi/v1/listenKey`) plus both `time` endpoints, each checked by
 * binance-sim-auth.ts and answered with Binance's error codes, over the accounts and matcher of
 * binance-sim-orders.ts and the user streams of binance-sim-user-stream.ts.
 */
import type { WebSocket } from 'ws';
import type { LoopbackServer, RestRequest, RestResponse } from '../../shared/simulator/loopback-server.js';
import type { BinanceMarket } from '../parse/binance-symbols.js';
import { authenticateKey, authenticateSigned } from './binance-sim-auth.js';
import { BinanceSimOrders, type BinanceSimAccountConfig, type BinanceSimListing, type SimAccount, type SimResult } from './binance-sim-orders.js';
import { BinanceSimUserStreams } from './binance-sim-user-stream.js';

type SignedHandler = (account: SimAccount, q: URLSearchParams, now: number) => SimResult;

export class BinanceSimTrading {
  readonly orders: BinanceSimOrders;
  readonly userStreams: BinanceSimUserStreams;
  /** Signed requests refused by the security checks. */
  authFailures = 0;

  constructor(listings: readonly BinanceSimListing[], accounts: readonly BinanceSimAccountConfig[] = []) {
    let streams: BinanceSimUserStreams | null = null;
    this.orders = new BinanceSimOrders(listings, (account, market, event) => streams?.publish(account, market, event), accounts);
    streams = new BinanceSimUserStreams(this.orders.accounts);
    this.userStreams = streams;
  }

  install(server: LoopbackServer): void {
    const o = this.orders;
    const route = (method: string, path: string, handler: SignedHandler): void => server.route(method, path, (r) => this.signed(r, handler));
    for (const market of ['spot', 'usdm'] as const) {
      const p = market === 'spot' ? '/api/v3' : '/fapi/v1';
      route('POST', `${p}/order`, (a, q, t) => o.place(a, market, q, t));
      route('DELETE', `${p}/order`, (a, q, t) => o.cancel(a, market, q, t));
      route('GET', `${p}/order`, (a, q) => o.query(a, market, q));
      route('GET', `${p}/openOrders`, (a, q) => o.openOrders(a, market, q));
      route('GET', market === 'spot' ? '/api/v3/myTrades' : '/fapi/v1/userTrades', (a, q) => o.accountTrades(a, market, q));
    }
    route('PUT', '/api/v3/order/amend/keepPriority', (a, q, t) => o.amendKeepPriority(a, q, t));
    route('POST', '/api/v3/order/cancelReplace', (a, q, t) => o.cancelReplace(a, q, t));
    route('GET', '/api/v3/account', (a, _q, t) => o.spotAccount(a, t));
    route('PUT', '/fapi/v1/order', (a, q, t) => o.modify(a, q, t));
    route('GET', '/fapi/v2/account', (a) => o.futuresAccount(a));
    route('GET', '/fapi/v3/positionRisk', (a) => o.positionRisk(a));
    server.route('GET', '/api/v3/time', () => ({ status: 200, body: { serverTime: Date.now() } }));
    server.route('GET', '/fapi/v1/time', () => ({ status: 200, body: { serverTime: Date.now() } }));
    server.route('POST', '/fapi/v1/listenKey', (r) => this.keyed(r, (a) => ({ status: 200, body: { listenKey: this.userStreams.createListenKey(a) } })));
    server.route('PUT', '/fapi/v1/listenKey', (r) => this.keyed(r, (a) => (this.userStreams.keepAlive(a) ? { status: 200, body: {} } : { status: 400, body: { code: -1125, msg: 'This listenKey does not exist.' } })));
    server.route('DELETE', '/fapi/v1/listenKey', (r) => this.keyed(r, (a) => {
      this.userStreams.closeListenKey(a);
      return { status: 200, body: {} };
    }));
  }

  /** Takes user-stream WebSockets (`/ws-api/v3`, `/private/ws/<listenKey>`); false for other paths. */
  onSocket(socket: WebSocket, path: string): boolean {
    return this.userStreams.onSocket(socket, path);
  }

  /** After every market-data step: resting orders the book now crosses fill. */
  onBook(now: number): void {
    this.orders.onBook(now);
  }

  extraFilters(listing: BinanceSimListing): Array<Record<string, unknown>> {
    return this.orders.extraFilters(listing);
  }

  /** Fills resting orders as if `wire` traded through `price`; returns how many filled. */
  tradeThrough(market: BinanceMarket, wire: string, price: number): number {
    return this.orders.tradeThrough(market, wire, price, Date.now());
  }

  private signed(r: RestRequest, handler: SignedHandler): RestResponse {
    const now = Date.now();
    const auth = authenticateSigned(this.orders.accounts, header(r, 'x-mbx-apikey'), r.query.toString(), now);
    if (!auth.ok) {
      this.authFailures++;
      return { status: auth.error.status, body: { code: auth.error.code, msg: auth.error.msg } };
    }
    const out = handler(auth.account, r.query, now);
    return out.ok ? { status: 200, body: out.body } : { status: out.error.status, body: { code: out.error.code, msg: out.error.msg } };
  }

  private keyed(r: RestRequest, handler: (account: SimAccount) => RestResponse): RestResponse {
    const auth = authenticateKey(this.orders.accounts, header(r, 'x-mbx-apikey'));
    if (!auth.ok) {
      this.authFailures++;
      return { status: auth.error.status, body: { code: auth.error.code, msg: auth.error.msg } };
    }
    return handler(auth.account);
  }
}

function header(r: RestRequest, name: string): string | undefined {
  const v = r.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
