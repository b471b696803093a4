/**
 * Uniswap v2 pairs as a MarketFeed over an Ethereum node's JSON-RPC WebSocket. After every
 * (re)connect it (1) reads each configured pair's tokens, their decimals and symbols with
 * `eth_call` (once; cached across reconnects), (2) subscribes to the pairs' `Sync` logs with
 * `eth_subscribe` `logs` `{address: [pairs], topics: [[Sync topic]]}`, and (3) reads each pair's
 * reserves with `eth_call getReserves`, the request id being the pair tag so the answer frame
 * says which pair it describes (see uniswap-pairs.ts). Subscribing before reading means no
 * change is missed; a reconnect starts from a fresh read (resync), and a log flagged `removed`
 * (reorg) triggers a re-read of that pair. Every raw frame goes to `onRawFrame`, so recordings
 * replay through the same parser. Events go out only for subscribed symbols; `book` and `ticker`
 * both come from the same state.
 */
import { decodeFunctionResult, encodeFunctionData, type Hex } from 'viem';
import { ArbiterError, excerpt } from '../../../domain/errors.js';
import type { MarketEvent } from '../../../domain/market-event.js';
import type { Logger } from '../../../engine/logger.js';
import type { ChannelSubscription, MarketFeed } from '../../../engine/market-feed.js';
import type { Channel } from '../../../engine/strategy.js';
import { ERC20_ABI, UNISWAP_V2_PAIR_ABI } from '../../../lab/uniswap/pool-abi.js';
import type { BackoffOptions } from '../../shared/backoff.js';
import { ReconnectingSocket } from '../../shared/reconnecting-socket.js';
import { isRecord } from '../../shared/wire-values.js';
import { DEFAULT_UNISWAP_PAIRS, normalizePairAddress, pairNaming, pairTag, type UniswapPairConfig, type UniswapPairFacts } from '../catalog/uniswap-pairs.js';
import { createUniswapFrameParser } from '../parse/parse-uniswap-frame.js';
import { decodeSyncLog, isSyncLog, SYNC_TOPIC } from '../parse/sync-log.js';

/** A local node's default WebSocket endpoint (geth `--ws`); live use names its provider's URL. */
export const UNISWAP_DEFAULT_WS_URL = 'ws://127.0.0.1:8546';

export interface UniswapMarketFeedOptions {
  readonly url?: string;
  readonly logger: Logger;
  readonly onRawFrame?: (text: string, tsLocal: number) => void;
  /** Pairs to watch (default: the mainnet USDC/WETH v2 pair). */
  readonly pairs?: readonly UniswapPairConfig[];
  /** Pool fee, bp (v2: 30). */
  readonly feeBps?: number;
  readonly requestTimeoutMs?: number;
  readonly keepAliveMs?: number;
  readonly staleAfterMs?: number;
  readonly backoff?: BackoffOptions;
  readonly now?: () => number;
}

export interface UniswapFeedCounters {
  events: number;
  badFrames: number;
  /** Full state reads of all pairs (one per connect). */
  resyncs: number;
  /** Pairs re-read after a removed (reorged) log. */
  reorgRereads: number;
  reconnects: number;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly timer: NodeJS.Timeout;
}

export class UniswapMarketFeed implements MarketFeed {
  readonly venue = 'uniswap' as const;
  readonly counters: UniswapFeedCounters = { events: 0, badFrames: 0, resyncs: 0, reorgRereads: 0, reconnects: 0 };
  private readonly parser = createUniswapFrameParser();
  private readonly socket: ReconnectingSocket;
  private readonly logger: Logger;
  private readonly pairs: readonly UniswapPairConfig[];
  private readonly facts = new Map<string, UniswapPairFacts>();
  private readonly subscribed = new Map<string, Set<Channel>>();
  private readonly pending = new Map<string | number, Pending>();
  private sink: (event: MarketEvent) => void = () => {};
  private nextId = 1;
  private started = false;
  private subscriptionId: string | null = null;

  constructor(private readonly options: UniswapMarketFeedOptions) {
    this.logger = options.logger.child({ venue: 'uniswap', component: 'market-feed' });
    this.pairs = (options.pairs ?? DEFAULT_UNISWAP_PAIRS).map((p) => ({ ...p, address: normalizePairAddress(p.address) }));
    if (this.pairs.length === 0) throw new ArbiterError('ARB_CONFIG_INVALID', 'uniswap feed needs at least one pair', { venue: 'uniswap' });
    this.socket = new ReconnectingSocket({
      url: options.url ?? UNISWAP_DEFAULT_WS_URL,
      logger: this.logger,
      onFrame: (text, tsLocal) => this.onFrame(text, tsLocal),
      onOpen: async () => this.onOpen(),
      onClose: () => this.failPending(),
      keepAliveMs: options.keepAliveMs ?? 15_000,
      ...(options.staleAfterMs === undefined ? {} : { staleAfterMs: options.staleAfterMs }),
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
      ...(options.now === undefined ? {} : { now: options.now }),
    });
  }

  async start(sink: (event: MarketEvent) => void): Promise<void> {
    if (this.started) throw new ArbiterError('ARB_ENGINE_STATE', 'Uniswap market feed already started', { venue: 'uniswap' });
    this.started = true;
    this.sink = sink;
    await this.socket.start();
  }

  async subscribe(subscriptions: readonly ChannelSubscription[]): Promise<void> {
    const fresh: string[] = [];
    for (const s of subscriptions) {
      let channels = this.subscribed.get(s.symbol);
      if (channels === undefined) {
        this.subscribed.set(s.symbol, (channels = new Set()));
        fresh.push(s.symbol);
      }
      channels.add(s.channel);
    }
    if (!this.socket.isOpen) return;
    // A symbol that was not watched has had its states dropped: read it now.
    for (const f of this.facts.values()) if (fresh.includes(f.symbol)) await this.readReserves(f).catch((e: unknown) => this.logger.warn({ err: String(e), pair: f.address }, 'reserves read failed'));
    for (const symbol of fresh) if (![...this.facts.values()].some((f) => f.symbol === symbol)) this.logger.warn({ symbol }, 'no configured uniswap pair has this symbol');
  }

  async unsubscribe(subscriptions: readonly ChannelSubscription[]): Promise<void> {
    for (const s of subscriptions) {
      const channels = this.subscribed.get(s.symbol);
      channels?.delete(s.channel);
      if (channels?.size === 0) this.subscribed.delete(s.symbol);
    }
  }

  async stop(): Promise<void> {
    this.failPending();
    await this.socket.stop();
  }

  dropConnection(): void {
    this.socket.dropConnection();
  }

  get connected(): boolean {
    return this.socket.isOpen;
  }

  /** Pair facts known so far (after the first connect: every configured pair). */
  pairFacts(): readonly UniswapPairFacts[] {
    return [...this.facts.values()];
  }

  private async onOpen(): Promise<void> {
    if (this.socket.connects > 0) this.counters.reconnects++;
    this.subscriptionId = null;
    try {
      for (const p of this.pairs) if (!this.facts.has(p.address)) this.facts.set(p.address, await this.readFacts(p));
      this.subscriptionId = String(await this.request('eth_subscribe', ['logs', { address: this.pairs.map((p) => p.address), topics: [[SYNC_TOPIC]] }]));
      for (const f of this.facts.values()) await this.readReserves(f);
      this.counters.resyncs++;
    } catch (error) {
      // The connection is open but the state is not: drop it and let the backoff retry the whole sequence.
      this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'uniswap resync failed; reconnecting');
      this.socket.dropConnection();
    }
  }

  private async readFacts(p: UniswapPairConfig): Promise<UniswapPairFacts> {
    const call = async <T>(to: string, abi: typeof UNISWAP_V2_PAIR_ABI | typeof ERC20_ABI, functionName: string): Promise<T> => {
      const data = encodeFunctionData({ abi, functionName } as Parameters<typeof encodeFunctionData>[0]);
      const result = await this.request('eth_call', [{ to, data }, 'latest']);
      if (typeof result !== 'string' || result === '0x') throw new ArbiterError('ARB_INPUT_INVALID', `uniswap: ${to} does not answer ${functionName}() (not that contract?)`, { venue: 'uniswap', address: to });
      return decodeFunctionResult({ abi, functionName, data: result as Hex } as Parameters<typeof decodeFunctionResult>[0]) as T;
    };
    const token0 = (await call<string>(p.address, UNISWAP_V2_PAIR_ABI, 'token0')).toLowerCase();
    const token1 = (await call<string>(p.address, UNISWAP_V2_PAIR_ABI, 'token1')).toLowerCase();
    const [decimals0, symbol0, decimals1, symbol1] = [
      await call<number>(token0, ERC20_ABI, 'decimals'), await call<string>(token0, ERC20_ABI, 'symbol'),
      await call<number>(token1, ERC20_ABI, 'decimals'), await call<string>(token1, ERC20_ABI, 'symbol'),
    ];
    const naming = pairNaming(symbol0, symbol1, p.base);
    return { address: p.address, symbol: naming.symbol, baseIndex: naming.baseIndex, decimals0, decimals1, feeBps: this.options.feeBps ?? 30 };
  }

  private async readReserves(f: UniswapPairFacts): Promise<void> {
    await this.request('eth_call', [{ to: f.address, data: encodeFunctionData({ abi: UNISWAP_V2_PAIR_ABI, functionName: 'getReserves' }) }, 'latest'], pairTag(f));
  }

  /** A JSON-RPC call on the socket; `id` defaults to a number (a pair tag for reserve reads). */
  private request(method: string, params: unknown[], id: string | number = this.nextId++): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.pending.has(id)) {
        reject(new ArbiterError('ARB_ENGINE_STATE', `uniswap: request ${String(id)} already in flight`, { venue: 'uniswap' }));
        return;
      }
      if (!this.socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }))) {
        reject(new ArbiterError('ARB_VENUE_TRANSIENT', `uniswap ${method}: not connected`, { venue: 'uniswap', method }));
        return;
      }
      const timeoutMs = this.options.requestTimeoutMs ?? 10_000;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ArbiterError('ARB_VENUE_TRANSIENT', `uniswap ${method}: no answer within ${timeoutMs} ms`, { venue: 'uniswap', method }));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
    });
  }

  private failPending(): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new ArbiterError('ARB_VENUE_TRANSIENT', 'uniswap: connection lost before the answer', { venue: 'uniswap' }));
      this.pending.delete(id);
    }
  }

  private onFrame(text: string, tsLocal: number): void {
    this.options.onRawFrame?.(text, tsLocal);
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      this.badFrame('not JSON', text);
      return;
    }
    try {
      this.parser.parse(frame, tsLocal, this.onEvent);
    } catch (error) {
      this.badFrame(error instanceof Error ? error.message : String(error), text);
    }
    if (!isRecord(frame)) return;
    if ('id' in frame && !('method' in frame)) {
      const id = frame.id as string | number;
      const p = this.pending.get(id);
      if (p === undefined) return;
      this.pending.delete(id);
      clearTimeout(p.timer);
      if (frame.error !== undefined) p.reject(new ArbiterError('ARB_VENUE_REJECTED', `uniswap node error: ${excerpt(JSON.stringify(frame.error), 200)}`, { venue: 'uniswap' }));
      else p.resolve(frame.result);
      return;
    }
    const params = frame.params;
    if (frame.method === 'eth_subscription' && isRecord(params) && isSyncLog(params.result) && (params.result as { removed?: unknown }).removed === true) {
      const address = decodeSyncLog(params.result).address;
      const f = this.facts.get(address);
      if (f !== undefined) {
        this.counters.reorgRereads++;
        void this.readReserves(f).catch((e: unknown) => this.logger.warn({ err: String(e), pair: address }, 're-read after reorg failed'));
      }
    }
  }

  private readonly onEvent = (event: MarketEvent): void => {
    const channels = this.subscribed.get(event.symbol);
    if (channels === undefined) return;
    if (event.kind === 'ticker' ? !channels.has('ticker') : event.kind === 'book_snapshot' ? !channels.has('book') : false) return;
    this.counters.events++;
    this.sink(event);
  };

  private badFrame(reason: string, text: string): void {
    this.counters.badFrames++;
    if (this.counters.badFrames <= 10 || this.counters.badFrames % 1000 === 0) this.logger.warn({ reason, frame: excerpt(text, 200), count: this.counters.badFrames }, 'bad uniswap frame');
  }
}
