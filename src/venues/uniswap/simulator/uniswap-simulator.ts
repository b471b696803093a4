/**
 * A local Ethereum node for the uniswap venue: JSON-RPC over HTTP (POST /) and over WebSocket
 * (any path), answering `eth_chainId`, `eth_blockNumber` and `eth_call` from the lab's
 * UniswapRpcSimulator and, on the WebSocket, `eth_subscribe` `logs` (address and topic filters)
 * and `eth_unsubscribe`. Every change of a v2 pair's reserves is a new block with one `Sync`
 * log (ABI-encoded reserves, blockNumber, blockHash, transactionHash, logIndex), pushed to
 * matching subscriptions as `eth_subscription` notifications.
 *
 * Market: the mainnet USDC/WETH pair address and tokens, 2,000 WETH deep. Each tick a seeded
 * noise trader swaps the pair to the ETH price of the shared BTC model (BTC × 0.036, the Binance
 * simulator's ETHUSDT ratio, same seed) times (1 + d), where the dislocation d is an
 * Ornstein–Uhlenbeck process (20 s mean reversion, 0.4 % stationary sd) with occasional ±0.8 %
 * jumps: the pool drifts away from the CEX price and arbitrageurs can close the gap. The paths
 * of two simulators with the same seed diverge slowly (each consumes its own draws); pass
 * `ethPrice` to tie the pool to another simulator's model exactly.
 *
 * Test `accounts` (ETH and token balances) sign EIP-1559 transactions: `eth_sendRawTransaction`
 * runs Router02 swaps against the pair and ERC-20 approvals (`UniswapChain`); a swap's Sync (and
 * Swap) logs reach the subscribers like the noise trader's.
 */
import { getAddress, keccak256, stringToHex, type Address, type Hex } from 'viem';
import type { WebSocket } from 'ws';
import { BtcMarketModel } from '../../shared/simulator/btc-market-model.js';
import { LoopbackServer } from '../../shared/simulator/loopback-server.js';
import { UniswapRpcSimulator, type JsonRpcRequest } from '../../../lab/uniswap/simulator/uniswap-rpc-simulator.js';
import { MAINNET_USDC, MAINNET_WETH, MAINNET_WETH_USDC_PAIR } from '../catalog/uniswap-pairs.js';
import { SYNC_TOPIC } from '../parse/sync-log.js';
import { UniswapChain, type RpcLog, type UniswapSimAccount } from './uniswap-chain.js';

export const SIM_ETH_PER_BTC = 0.036;

export interface UniswapSimulatorOptions {
  readonly port?: number;
  readonly seed?: number;
  readonly startMs?: number;
  /** Block (and noise-trade) period, ms; 0 = no timer (tests call `tick`). Default 1,000. */
  readonly tickIntervalMs?: number;
  /** WETH in the pair at start (default 2,000). */
  readonly wethReserve?: number;
  /** ETH price to follow instead of this simulator's own model (e.g. another simulator's). */
  readonly ethPrice?: () => number;
  /** Stationary sd of the dislocation (default 0.004), its mean-reversion time (default 20 s), jump probability per tick (0.03) and size (0.008). */
  readonly dislocationSd?: number;
  readonly reversionMs?: number;
  readonly jumpProbability?: number;
  readonly jumpSize?: number;
  /** Test accounts that sign transactions (ETH in wei, tokens by address in raw units). */
  readonly accounts?: readonly UniswapSimAccount[];
}

interface LogFilter {
  readonly addresses: ReadonlySet<string> | null;
  readonly topic0: ReadonlySet<string> | null;
}

interface Session {
  readonly socket: WebSocket;
  readonly subscriptions: Map<string, LogFilter>;
}

export class UniswapSimulator {
  readonly model: BtcMarketModel;
  readonly rpc: UniswapRpcSimulator;
  readonly pair: Address = getAddress(MAINNET_WETH_USDC_PAIR);
  /** Accounts, balances and signed transactions. */
  readonly chain: UniswapChain;
  /** Sync logs pushed (each counts once per matching subscription). */
  logsSent = 0;
  /** Current dislocation of the pool from the model price (fraction). */
  dislocation = 0;
  private readonly sessions = new Set<Session>();
  private timer: NodeJS.Timeout | null = null;
  private subscriptionSeq = 0;
  private readonly startMs: number;
  private readonly wallStart = Date.now();
  private lastTickMs: number;
  private txContext: { hash: Hex; syncLog: RpcLog | null } | null = null;

  private constructor(private readonly server: LoopbackServer, private readonly options: UniswapSimulatorOptions) {
    this.startMs = options.startMs ?? Date.now();
    this.lastTickMs = this.startMs;
    this.model = new BtcMarketModel({ seed: options.seed ?? 1, startMs: this.startMs });
    this.rpc = UniswapRpcSimulator.detached({ chainId: 1, nowSec: () => Math.floor(this.model.nowMs / 1000) });
    this.rpc.addToken(getAddress(MAINNET_USDC), 6, 'USDC');
    this.rpc.addToken(getAddress(MAINNET_WETH), 18, 'WETH');
    const weth = options.wethReserve ?? 2_000;
    const usdc = weth * this.ethPrice();
    this.rpc.addV2Pair(this.pair, { token0: getAddress(MAINNET_USDC), token1: getAddress(MAINNET_WETH), reserve0: BigInt(Math.round(usdc * 1e6)), reserve1: BigInt(Math.round(weth * 1e6)) * 10n ** 12n });
    this.rpc.onV2Reserves((address, r0, r1, block) => this.publishSync(address, r0, r1, block));
    this.chain = new UniswapChain({
      chainId: 1, pair: this.pair, token0: getAddress(MAINNET_USDC), token1: getAddress(MAINNET_WETH),
      nowSec: () => Math.floor(this.model.nowMs / 1000),
      reserves: () => {
        const r = this.reserves();
        return { reserve0: r.usdc, reserve1: r.weth };
      },
      applySwap: (zeroForOne, amountIn, amountOut, txHash) => {
        this.txContext = { hash: txHash, syncLog: null };
        try {
          const { usdc, weth } = this.reserves();
          const [r0, r1] = zeroForOne ? [usdc + amountIn, weth - amountOut] : [usdc - amountOut, weth + amountIn];
          // The pair's own check (UniswapV2: K) on the fee-adjusted balances: the router's exact amounts must keep the invariant.
          const [in0, in1] = zeroForOne ? [amountIn, 0n] : [0n, amountIn];
          if (r0 <= 0n || r1 <= 0n || (r0 * 1000n - in0 * 3n) * (r1 * 1000n - in1 * 3n) < usdc * weth * 1_000_000n) {
            throw new Error(`simulator: UniswapV2: K — ${amountIn} in for ${amountOut} out breaks the pair invariant`);
          }
          this.rpc.setV2Reserves(this.pair, r0, r1);
          if (this.txContext.syncLog === null) throw new Error('simulator: the pair swap published no Sync log');
          return { block: this.rpc.blockNumber, syncLog: this.txContext.syncLog };
        } finally {
          this.txContext = null;
        }
      },
      currentBlock: () => this.rpc.blockNumber,
      blockHash: (block) => this.blockHash(block),
      publish: (log) => this.publishLog(log),
    }, options.accounts ?? []);
  }

  static async start(options: UniswapSimulatorOptions = {}): Promise<UniswapSimulator> {
    let sim: UniswapSimulator | null = null;
    const server = new LoopbackServer((socket) => sim?.onSocket(socket));
    sim = new UniswapSimulator(server, options);
    const s = sim;
    server.route('POST', '/', async (request) => ({ status: 200, body: Array.isArray(request.body) ? await Promise.all(request.body.map((r) => s.answerNode(r as JsonRpcRequest))) : await s.answerNode(request.body as JsonRpcRequest) }));
    await server.listen(options.port ?? 0);
    const interval = options.tickIntervalMs ?? 1_000;
    if (interval > 0) {
      s.timer = setInterval(() => s.tick(s.startMs + (Date.now() - s.wallStart)), interval);
      s.timer.unref();
    }
    return s;
  }

  /** WebSocket endpoint (eth_subscribe). */
  get url(): string {
    return `ws://127.0.0.1:${this.server.port}`;
  }

  /** HTTP JSON-RPC endpoint. */
  get restUrl(): string {
    return `http://127.0.0.1:${this.server.port}`;
  }

  /** Pair reserves now: [USDC raw, WETH raw]. */
  reserves(): { usdc: bigint; weth: bigint } {
    const body = this.rpc.answer({ id: 0, method: 'eth_call', params: [{ to: this.pair, data: '0x0902f1ac' }] }) as { result: string };
    return { usdc: BigInt(`0x${body.result.slice(2, 66)}`), weth: BigInt(`0x${body.result.slice(66, 130)}`) };
  }

  /** Pool price, USDC per WETH. */
  poolPrice(): number {
    const r = this.reserves();
    return (Number(r.usdc) / 1e6) / (Number(r.weth) / 1e18);
  }

  /** The model's ETH price (USD). */
  ethPrice(): number {
    return this.options.ethPrice?.() ?? this.model.spot * SIM_ETH_PER_BTC;
  }

  /** A swap by another trader: `usdcIn` buys WETH, else `wethIn` sells it (raw units). Emits a Sync. */
  swap(side: 'buy_weth' | 'sell_weth', amountIn: bigint): bigint {
    return this.rpc.swapV2(this.pair, side === 'buy_weth', amountIn);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.server.close();
  }

  // ---- faults ---------------------------------------------------------------------------------

  disconnectAll(): void {
    this.server.dropAllConnections();
  }

  garbageFrame(): void {
    this.server.sendGarbage();
  }

  // ---- market ---------------------------------------------------------------------------------

  /** Moves the model to `toMs`, steps the dislocation and swaps the pool to its target (one block), unless already within 0.5 bp. */
  tick(toMs = this.lastTickMs + (this.options.tickIntervalMs || 1_000)): void {
    const dt = Math.max(0, toMs - this.lastTickMs);
    this.lastTickMs = Math.max(this.lastTickMs, toMs);
    this.model.advanceTo(toMs);
    const sd = this.options.dislocationSd ?? 0.004;
    const decay = Math.exp(-dt / (this.options.reversionMs ?? 20_000));
    this.dislocation = this.dislocation * decay + sd * Math.sqrt(1 - decay * decay) * this.model.gaussian();
    if (this.model.uniform() < (this.options.jumpProbability ?? 0.03)) this.dislocation += (this.model.uniform() < 0.5 ? -1 : 1) * (this.options.jumpSize ?? 0.008);
    this.swapTo(this.ethPrice() * (1 + this.dislocation));
  }

  /** One exact swap that takes the pool price (USDC per WETH) to about `target`. */
  swapTo(target: number): void {
    const { usdc, weth } = this.reserves();
    const r0 = Number(usdc);
    const r1 = Number(weth);
    const targetRaw = (target * 1e6) / 1e18; // token0 per token1 in raw units
    if (Math.abs(Math.log(targetRaw / (r0 / r1))) < 0.5e-4) return;
    const k = r0 * r1;
    const g = 0.997;
    if (targetRaw > r0 / r1) this.swap('buy_weth', BigInt(Math.floor((Math.sqrt(k * targetRaw) - r0) / g)));
    else this.swap('sell_weth', BigInt(Math.floor((Math.sqrt(k / targetRaw) - r1) / g)));
  }

  // ---- WebSocket JSON-RPC ---------------------------------------------------------------------

  private onSocket(socket: WebSocket): void {
    const session: Session = { socket, subscriptions: new Map() };
    this.sessions.add(session);
    socket.on('close', () => this.sessions.delete(session));
    socket.on('message', (data) => void this.onMessage(session, data.toString()));
  }

  /** One JSON-RPC request of the node: accounts and transactions first, then the pool state. */
  private async answerNode(request: JsonRpcRequest): Promise<unknown> {
    return (await this.chain.answer(request)) ?? this.rpc.answer(request);
  }

  private async onMessage(session: Session, text: string): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      session.socket.send(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } }));
      return;
    }
    const answer = Array.isArray(body) ? await Promise.all(body.map((r) => this.answerWs(session, r as JsonRpcRequest))) : await this.answerWs(session, body as JsonRpcRequest);
    if (session.socket.readyState === session.socket.OPEN) session.socket.send(JSON.stringify(answer));
  }

  private async answerWs(session: Session, request: JsonRpcRequest): Promise<unknown> {
    const id = request.id ?? null;
    const params = Array.isArray(request.params) ? (request.params as unknown[]) : [];
    const error = (code: number, message: string): unknown => ({ jsonrpc: '2.0', id, error: { code, message } });
    if (request.method === 'eth_subscribe') {
      if (params[0] !== 'logs') return error(-32602, `subscription ${String(params[0])} not supported by the simulator (only logs)`);
      const filter = parseFilter(params[1]);
      if (typeof filter === 'string') return error(-32602, filter);
      const sid = `0x${(++this.subscriptionSeq).toString(16).padStart(32, '0')}`;
      session.subscriptions.set(sid, filter);
      return { jsonrpc: '2.0', id, result: sid };
    }
    if (request.method === 'eth_unsubscribe') return { jsonrpc: '2.0', id, result: typeof params[0] === 'string' && session.subscriptions.delete(params[0]) };
    return this.answerNode(request);
  }

  private blockHash(block: bigint): Hex {
    return keccak256(stringToHex(`block:${this.options.seed ?? 1}:${block}`));
  }

  private publishSync(address: string, reserve0: bigint, reserve1: bigint, block: bigint): void {
    const word = (v: bigint): string => v.toString(16).padStart(64, '0');
    const tx = this.txContext;
    const log: RpcLog = {
      address, topics: [SYNC_TOPIC as Hex], data: `0x${word(reserve0)}${word(reserve1)}`,
      blockNumber: `0x${block.toString(16)}`, blockHash: this.blockHash(block),
      transactionHash: tx?.hash ?? keccak256(stringToHex(`tx:${this.options.seed ?? 1}:${block}`)), transactionIndex: '0x0', logIndex: tx === null ? '0x0' : '0x2', removed: false,
    };
    if (tx !== null) tx.syncLog = log;
    this.publishLog(log);
  }

  private publishLog(log: RpcLog): void {
    const address = log.address.toLowerCase();
    const topic0 = (log.topics[0] ?? '').toLowerCase();
    for (const s of this.sessions) {
      for (const [sid, f] of s.subscriptions) {
        if (f.addresses !== null && !f.addresses.has(address)) continue;
        if (f.topic0 !== null && !f.topic0.has(topic0)) continue;
        s.socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'eth_subscription', params: { subscription: sid, result: log } }));
        this.logsSent++;
      }
    }
  }
}

/** `{address?, topics?}` of a logs subscription (only the first topic position is filtered here). */
function parseFilter(raw: unknown): LogFilter | string {
  if (raw === undefined) return { addresses: null, topic0: null };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'logs filter must be an object';
  const f = raw as { address?: unknown; topics?: unknown };
  const list = (v: unknown): string[] | null => (v === undefined || v === null ? null : Array.isArray(v) ? v.map(String) : [String(v)]);
  const addresses = list(f.address);
  if (f.topics !== undefined && !Array.isArray(f.topics)) return 'topics must be an array';
  const topic0 = list(Array.isArray(f.topics) ? f.topics[0] : undefined);
  return { addresses: addresses && new Set(addresses.map((a) => a.toLowerCase())), topic0: topic0 && new Set(topic0.map((t) => t.toLowerCase())) };
}
