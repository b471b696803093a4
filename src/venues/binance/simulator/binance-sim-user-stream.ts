/**
 * The Binance simulator's user data streams: spot over the WebSocket API (`/ws-api/v3`,
 * `userDataStream.subscribe.signature` checked like any signed request, `userDataStream.unsubscribe`,
 * events as `{"subscriptionId":…,"event":{…}}`) and USDⓈ-M over listenKeys (`POST/PUT/DELETE
 * /fapi/v1/listenKey`, stream `/private/ws/<listenKey>`). Faults: `setDown(true)` drops every
 * user-stream connection and refuses new ones until `setDown(false)` (events meanwhile are lost,
 * as on a real outage); `expireListenKeys()` sends `listenKeyExpired` and forgets the keys.
 */
import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { BinanceMarket } from '../parse/binance-symbols.js';
import { authenticateWsParams, type BinanceSimError } from './binance-sim-auth.js';
import type { SimAccount } from './binance-sim-orders.js';

interface WsApiSession {
  readonly socket: WebSocket;
  /** subscriptionId → account */
  readonly subscriptions: Map<number, SimAccount>;
  nextSubscriptionId: number;
}

interface ListenKeyStream {
  readonly account: SimAccount;
  readonly sockets: Set<WebSocket>;
}

export class BinanceSimUserStreams {
  eventsSent = 0;
  eventsLost = 0;
  private readonly wsApi = new Set<WsApiSession>();
  private readonly listenKeys = new Map<string, ListenKeyStream>();
  private down = false;

  constructor(private readonly accounts: ReadonlyMap<string, SimAccount>) {}

  /** Takes a WebSocket on `path` if it is a user-stream path; returns false otherwise. */
  onSocket(socket: WebSocket, path: string): boolean {
    if (path !== '/ws-api/v3' && !path.startsWith('/private/ws/')) return false;
    if (this.down) {
      socket.close(1013, 'user data stream unavailable (simulated outage)');
      return true;
    }
    if (path === '/ws-api/v3') {
      const session: WsApiSession = { socket, subscriptions: new Map(), nextSubscriptionId: 0 };
      this.wsApi.add(session);
      socket.on('close', () => this.wsApi.delete(session));
      socket.on('message', (data) => this.onWsApiMessage(session, data.toString()));
      return true;
    }
    const stream = this.listenKeys.get(path.slice('/private/ws/'.length));
    if (stream === undefined) {
      socket.close(1008, 'invalid listenKey');
      return true;
    }
    stream.sockets.add(socket);
    socket.on('close', () => stream.sockets.delete(socket));
    return true;
  }

  /** `POST /fapi/v1/listenKey`: the account's active key (validity extended) or a new one. */
  createListenKey(account: SimAccount): string {
    for (const [key, s] of this.listenKeys) if (s.account === account) return key;
    const key = randomBytes(32).toString('hex');
    this.listenKeys.set(key, { account, sockets: new Set() });
    return key;
  }

  /** `PUT /fapi/v1/listenKey`: false when the account has no active key (-1125). */
  keepAlive(account: SimAccount): boolean {
    for (const s of this.listenKeys.values()) if (s.account === account) return true;
    return false;
  }

  closeListenKey(account: SimAccount): void {
    for (const [key, s] of this.listenKeys) {
      if (s.account !== account) continue;
      for (const socket of s.sockets) socket.close(1000, 'listenKey closed');
      this.listenKeys.delete(key);
    }
  }

  /** Delivers one event to the account's subscribers on `market`. */
  publish(account: SimAccount, market: BinanceMarket, event: Record<string, unknown>): void {
    let sent = 0;
    if (market === 'spot') {
      for (const session of this.wsApi) {
        for (const [subscriptionId, a] of session.subscriptions) {
          if (a !== account) continue;
          session.socket.send(JSON.stringify({ subscriptionId, event }));
          sent++;
        }
      }
    } else {
      const text = JSON.stringify(event);
      for (const s of this.listenKeys.values()) {
        if (s.account !== account) continue;
        for (const socket of s.sockets) {
          socket.send(text);
          sent++;
        }
      }
    }
    this.eventsSent += sent;
    if (sent === 0) this.eventsLost++;
  }

  /** Simulated outage of every user stream (drops connections, refuses new ones while down). */
  setDown(down: boolean): void {
    this.down = down;
    if (!down) return;
    for (const session of this.wsApi) session.socket.terminate();
    for (const s of this.listenKeys.values()) for (const socket of s.sockets) socket.terminate();
  }

  /** Sends `listenKeyExpired` on every futures stream and forgets the keys. */
  expireListenKeys(now: number): void {
    for (const [key, s] of this.listenKeys) {
      for (const socket of s.sockets) socket.send(JSON.stringify({ e: 'listenKeyExpired', E: now, listenKey: key }));
      this.listenKeys.delete(key);
    }
  }

  get spotSubscriptions(): number {
    let n = 0;
    for (const s of this.wsApi) n += s.subscriptions.size;
    return n;
  }

  private onWsApiMessage(session: WsApiSession, text: string): void {
    let msg: { id?: unknown; method?: unknown; params?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      session.socket.send(JSON.stringify({ id: null, status: 400, error: { code: -2, msg: 'Invalid JSON' } }));
      return;
    }
    const id = typeof msg.id === 'string' || typeof msg.id === 'number' ? msg.id : null;
    const reply = (status: number, body: { result?: unknown; error?: BinanceSimError }): void => {
      session.socket.send(JSON.stringify(body.error ? { id, status, error: { code: body.error.code, msg: body.error.msg } } : { id, status, result: body.result }));
    };
    const params = typeof msg.params === 'object' && msg.params !== null ? (msg.params as Record<string, unknown>) : {};
    if (msg.method === 'userDataStream.subscribe.signature') {
      const auth = authenticateWsParams(this.accounts, params, Date.now());
      if (!auth.ok) return reply(auth.error.status, { error: auth.error });
      for (const a of session.subscriptions.values()) {
        if (a === auth.account) return reply(400, { error: { status: 400, code: -2, msg: 'This account is already subscribed on this connection.' } });
      }
      const subscriptionId = session.nextSubscriptionId++;
      session.subscriptions.set(subscriptionId, auth.account);
      return reply(200, { result: { subscriptionId } });
    }
    if (msg.method === 'userDataStream.unsubscribe') {
      if (typeof params.subscriptionId === 'number') session.subscriptions.delete(params.subscriptionId);
      else session.subscriptions.clear();
      return reply(200, { result: {} });
    }
    reply(400, { error: { status: 400, code: -1020, msg: 'This operation is not supported.' } });
  }
}
