/**
 * A local Ethereum JSON-RPC node for tests and the lab: answers `eth_chainId`, `eth_blockNumber`
 * and `eth_call` to the view functions of the Uniswap v2 pairs, v3 pools and ERC-20 tokens it
 * holds, ABI-encoded with viem exactly as a node would return them. Unknown addresses answer
 * `0x` (no code), unknown functions revert. State changes (reserves, swaps, pool state) bump the
 * block number; calls are answered from the current state whatever block they name.
 * Binds 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeFunctionData, encodeFunctionResult, getAddress, type Abi, type Address, type Hex } from 'viem';
import { ArbiterError } from '../../../domain/errors.js';
import { ERC20_ABI, UNISWAP_V2_PAIR_ABI, UNISWAP_V3_POOL_ABI } from '../pool-abi.js';
import { uniswapV2Quote } from '../v2-quote.js';
import type { UniswapV3PoolState } from '../v3-quote.js';

export interface SimulatedV2Pair {
  token0: Address;
  token1: Address;
  reserve0: bigint;
  reserve1: bigint;
  blockTimestampLast: number;
}

export interface SimulatedV3Pool extends UniswapV3PoolState {
  readonly token0: Address;
  readonly token1: Address;
}

export interface JsonRpcRequest {
  readonly jsonrpc?: string;
  readonly id?: unknown;
  readonly method?: unknown;
  readonly params?: unknown;
}

type Contract =
  | { readonly kind: 'v2'; readonly state: SimulatedV2Pair }
  | { readonly kind: 'v3'; state: SimulatedV3Pool }
  | { readonly kind: 'erc20'; readonly decimals: number; readonly symbol: string };

class Revert extends Error {}

export class UniswapRpcSimulator {
  /** JSON-RPC requests answered (a batch counts each call). */
  requests = 0;
  private block = 1_000_000n;
  private readonly contracts = new Map<string, Contract>();
  private readonly server: Server;
  private readonly v2Listeners: Array<(address: string, reserve0: bigint, reserve1: bigint, block: bigint) => void> = [];

  private constructor(private readonly chainId: number, private readonly nowSec: () => number) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /** Starts listening on 127.0.0.1 (port 0 = a free one). */
  static async start(options: { port?: number; chainId?: number; nowSec?: () => number } = {}): Promise<UniswapRpcSimulator> {
    const sim = new UniswapRpcSimulator(options.chainId ?? 31337, options.nowSec ?? (() => Math.floor(Date.now() / 1000)));
    await new Promise<void>((resolve, reject) => {
      sim.server.once('error', reject);
      sim.server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    return sim;
  }

  /**
   * The node state and `answer` without an HTTP listener, for a server that speaks JSON-RPC over
   * another transport (the uniswap venue simulator's WebSocket).
   */
  static detached(options: { chainId?: number; nowSec?: () => number } = {}): UniswapRpcSimulator {
    return new UniswapRpcSimulator(options.chainId ?? 31337, options.nowSec ?? (() => Math.floor(Date.now() / 1000)));
  }

  /** Called after every change of a v2 pair's reserves (the block has been bumped): where a Sync log is emitted. */
  onV2Reserves(listener: (address: string, reserve0: bigint, reserve1: bigint, block: bigint) => void): void {
    this.v2Listeners.push(listener);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get blockNumber(): bigint {
    return this.block;
  }

  addToken(address: Address, decimals: number, symbol: string): void {
    this.contracts.set(address.toLowerCase(), { kind: 'erc20', decimals, symbol });
  }

  addV2Pair(address: Address, pair: Omit<SimulatedV2Pair, 'blockTimestampLast'>): void {
    this.contracts.set(address.toLowerCase(), { kind: 'v2', state: { ...pair, blockTimestampLast: this.nowSec() } });
    this.block++;
  }

  addV3Pool(address: Address, pool: SimulatedV3Pool): void {
    this.contracts.set(address.toLowerCase(), { kind: 'v3', state: pool });
    this.block++;
  }

  /** Replaces a v3 pool's state (price, tick, liquidity, ticks), as after other traders' swaps. */
  setV3Pool(address: Address, pool: SimulatedV3Pool): void {
    const c = this.contracts.get(address.toLowerCase());
    if (c?.kind !== 'v3') throw new ArbiterError('ARB_INPUT_INVALID', `no v3 pool at ${address}`, { address });
    c.state = pool;
    this.block++;
  }

  setV2Reserves(address: Address, reserve0: bigint, reserve1: bigint): void {
    const pair = this.v2(address);
    pair.reserve0 = reserve0;
    pair.reserve1 = reserve1;
    pair.blockTimestampLast = this.nowSec();
    this.block++;
    for (const listener of this.v2Listeners) listener(address.toLowerCase(), reserve0, reserve1, this.block);
  }

  /** Applies an exact v2 swap (30 bp) to a pair, as another trader would; returns the output. */
  swapV2(address: Address, zeroForOne: boolean, amountIn: bigint): bigint {
    const pair = this.v2(address);
    const [rIn, rOut] = zeroForOne ? [pair.reserve0, pair.reserve1] : [pair.reserve1, pair.reserve0];
    const { amountOut } = uniswapV2Quote({ amountIn, reserveIn: rIn, reserveOut: rOut, feeBps: 30 });
    if (zeroForOne) this.setV2Reserves(address, rIn + amountIn, rOut - amountOut);
    else this.setV2Reserves(address, rOut - amountOut, rIn + amountIn);
    return amountOut;
  }

  private v2(address: Address): SimulatedV2Pair {
    const c = this.contracts.get(address.toLowerCase());
    if (c?.kind !== 'v2') throw new ArbiterError('ARB_INPUT_INVALID', `no v2 pair at ${address}`, { address });
    return c.state;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      this.reply(res, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } });
      return;
    }
    this.reply(res, Array.isArray(body) ? body.map((r) => this.answer(r as JsonRpcRequest)) : this.answer(body as JsonRpcRequest));
  }

  private reply(res: ServerResponse, payload: unknown): void {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload));
  }

  /** Answers one JSON-RPC request object (a batch is an array of them). */
  answer(request: JsonRpcRequest): unknown {
    this.requests++;
    const id = request.id ?? null;
    const ok = (result: unknown): unknown => ({ jsonrpc: '2.0', id, result });
    switch (request.method) {
      case 'eth_chainId':
        return ok(`0x${this.chainId.toString(16)}`);
      case 'net_version':
        return ok(String(this.chainId));
      case 'eth_blockNumber':
        return ok(`0x${this.block.toString(16)}`);
      case 'eth_call': {
        const [call] = Array.isArray(request.params) ? request.params : [];
        const { to, data } = (call ?? {}) as { to?: string; data?: string };
        if (typeof to !== 'string' || typeof data !== 'string') return { jsonrpc: '2.0', id, error: { code: -32602, message: 'eth_call needs {to, data}' } };
        try {
          return ok(this.call(to, data as Hex));
        } catch (error) {
          if (error instanceof Revert) return { jsonrpc: '2.0', id, error: { code: 3, message: `execution reverted: ${error.message}`, data: '0x' } };
          throw error;
        }
      }
      default:
        return { jsonrpc: '2.0', id, error: { code: -32601, message: `method ${String(request.method)} not supported by the simulator` } };
    }
  }

  private call(to: string, data: Hex): Hex {
    const contract = this.contracts.get(to.toLowerCase());
    if (!contract) return '0x';
    const abi: Abi = contract.kind === 'v2' ? UNISWAP_V2_PAIR_ABI : contract.kind === 'v3' ? UNISWAP_V3_POOL_ABI : ERC20_ABI;
    let decoded: { functionName: string; args?: readonly unknown[] };
    try {
      decoded = decodeFunctionData({ abi, data }) as { functionName: string; args?: readonly unknown[] };
    } catch {
      throw new Revert('unknown function');
    }
    const result = this.view(contract, decoded.functionName, decoded.args ?? []);
    return encodeFunctionResult({ abi, functionName: decoded.functionName, result } as Parameters<typeof encodeFunctionResult>[0]);
  }

  private view(contract: Contract, fn: string, args: readonly unknown[]): unknown {
    if (contract.kind === 'erc20') return fn === 'decimals' ? contract.decimals : contract.symbol;
    if (contract.kind === 'v2') {
      const s = contract.state;
      if (fn === 'getReserves') return [s.reserve0, s.reserve1, s.blockTimestampLast];
      return getAddress(fn === 'token0' ? s.token0 : s.token1);
    }
    const p = contract.state;
    switch (fn) {
      case 'slot0':
        return [p.sqrtPriceX96, p.tick, 0, 1, 1, 0, true];
      case 'liquidity':
        return p.liquidity;
      case 'fee':
        return p.fee;
      case 'tickSpacing':
        return p.tickSpacing;
      case 'token0':
        return getAddress(p.token0);
      case 'token1':
        return getAddress(p.token1);
      case 'tickBitmap': {
        const word = Number(args[0]);
        let bits = 0n;
        for (const t of p.ticks) {
          const c = Math.floor(t.index / p.tickSpacing);
          if (c >> 8 === word) bits |= 1n << BigInt(c - word * 256);
        }
        return bits;
      }
      case 'ticks': {
        const index = Number(args[0]);
        const t = p.ticks.find((x) => x.index === index);
        const net = t?.liquidityNet ?? 0n;
        // liquidityGross is not part of the quoting state; |net| is its lower bound and what a single position gives.
        return [net < 0n ? -net : net, net, 0n, 0n, 0n, 0n, 0, t !== undefined];
      }
      default:
        throw new Revert(`unknown function ${fn}`);
    }
  }
}
