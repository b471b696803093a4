/**
 * Live swaps on Uniswap v2: a limit order on a pair symbol (`WETH-USDC`) becomes a Router02
 * transaction with a deadline — a buy `swapTokensForExactTokens` (exactly the quantity out,
 * `amountInMax` from the limit price), a sell `swapExactTokensForTokens` (exactly the quantity
 * in, `amountOutMin` from the limit price) — signed locally as EIP-1559 with the key in
 * `UNISWAP_PRIVATE_KEY` (or `_FILE`) and sent with `eth_sendRawTransaction` over HTTP JSON-RPC.
 * Transactions go out one at a time from a locally kept nonce (the node's pending count at start and after a refusal). The
 * receipt decides the order: status 1 → a fill with the Swap log's exact amounts (price =
 * quote/base, fee = gasUsed × effectiveGasPrice in ETH; the pool fee is in the price) and
 * `filled`; status 0 (bound not met, deadline passed) → `canceled` with the revert reason from a
 * replayed `eth_call`, nothing filled (IOC). A send whose answer is lost is
 * ARB_VENUE_UNKNOWN_OUTCOME: the transaction is followed by hash and stays in `openOrders` until
 * its receipt arrives. The router's allowance is checked per token and `approve` (max) is sent
 * once when short. A pending swap cannot be canceled (NotSupportedError; a replacement
 * transaction is not attempted).
 */
import {
  BaseError, HttpRequestError, TimeoutError, TransactionReceiptNotFoundError, createPublicClient, encodeFunctionData, formatEther, getAddress, http, keccak256,
  type Address, type Hex, type PublicClient,
} from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { ArbiterError, ConfigError, NotSupportedError } from '../../../domain/errors.js';
import type { Balance, Fill, OrderRequest, OrderUpdate } from '../../../domain/order.js';
import type { Logger } from '../../../engine/logger.js';
import type { VenueExecutionClient } from '../../../engine/market-feed.js';
import type { OrderAck } from '../../../engine/strategy.js';
import type { SpotAssets } from '../../../store/journal/journal.js';
import { readErc20, readUniswapV2Pair } from '../../../lab/uniswap/read-pool.js';
import { requireCredential, type CredentialOptions } from '../../shared/credentials.js';
import { OrderUpdateFanout } from '../../shared/order-update-fanout.js';
import { rememberSecret } from '../../shared/secret-scrubber.js';
import { UNISWAP_DEFAULT_RPC_URL } from '../catalog/uniswap-catalog-source.js';
import { DEFAULT_UNISWAP_PAIRS, normalizePairAddress, pairNaming, type UniswapPairConfig } from '../catalog/uniswap-pairs.js';
import { ERC20_TRADING_ABI, UNISWAP_V2_ROUTER02 } from './uniswap-abi.js';
import { swapAmountsOf, swapCalldataOf, swapResultOf, type SwapPair } from './uniswap-swap.js';

export const UNISWAP_PRIVATE_KEY_ENV = 'UNISWAP_PRIVATE_KEY';
const MAX_UINT256 = 2n ** 256n - 1n;

export interface UniswapExecutionClientOptions {
  /** 32-byte hex secp256k1 key (0x optional). */
  readonly privateKey: string;
  readonly logger: Logger;
  /** HTTP JSON-RPC of the node (default http://127.0.0.1:8545). */
  readonly restUrl?: string;
  readonly pairs?: readonly UniswapPairConfig[];
  /** Router02 address (default mainnet). */
  readonly router?: string;
  /** Gas limit of a swap (default 250,000); an approval's is estimated. */
  readonly swapGasLimit?: bigint;
  /** Seconds from signing to the swap's deadline (default 120). */
  readonly deadlineSec?: number;
  /** How often to poll for a receipt (default 1,000 ms) and how long to wait before leaving the transaction pending (default 180 s). */
  readonly pollingIntervalMs?: number;
  readonly receiptTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly nowMs?: () => number;
}

interface SwapOrder {
  readonly request: OrderRequest;
  readonly pair: SwapPair;
  readonly hash: Hex;
  readonly data: Hex;
  final: boolean;
}

export class UniswapExecutionClient implements VenueExecutionClient {
  readonly venue = 'uniswap' as const;
  readonly account: PrivateKeyAccount;
  private readonly client: PublicClient;
  private readonly logger: Logger;
  private readonly fanout: OrderUpdateFanout;
  private readonly router: Address;
  private readonly pairConfigs: readonly UniswapPairConfig[];
  private readonly pairs = new Map<string, SwapPair>();
  private readonly orders = new Map<string, SwapOrder>();
  private readonly approved = new Set<string>();
  private chainId = 0;
  private nonce: number | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private starting: Promise<void> | null = null;
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly options: UniswapExecutionClientOptions) {
    const key = options.privateKey.trim();
    if (!/^(0x)?[0-9a-fA-F]{64}$/.test(key)) throw new ConfigError(`${UNISWAP_PRIVATE_KEY_ENV} is not a 32-byte hex private key`, { variable: UNISWAP_PRIVATE_KEY_ENV });
    const hexKey = (key.startsWith('0x') ? key : `0x${key}`) as Hex;
    rememberSecret(key);
    rememberSecret(hexKey);
    this.account = privateKeyToAccount(hexKey);
    this.logger = options.logger.child({ venue: 'uniswap', component: 'execution' });
    this.fanout = new OrderUpdateFanout('uniswap', this.logger);
    this.router = getAddress(normalizePairAddress(options.router ?? UNISWAP_V2_ROUTER02));
    this.pairConfigs = (options.pairs ?? DEFAULT_UNISWAP_PAIRS).map((p) => ({ ...p, address: normalizePairAddress(p.address) }));
    this.client = createPublicClient({ transport: http(options.restUrl ?? UNISWAP_DEFAULT_RPC_URL, { timeout: options.requestTimeoutMs ?? 10_000, retryCount: 0 }) });
    this.now = options.nowMs ?? Date.now;
  }

  /**
   * The key from `UNISWAP_PRIVATE_KEY` (or `UNISWAP_PRIVATE_KEY_FILE` outside the repository).
   * @throws ConfigError naming the variable when it is missing or not a hex key (never its value).
   */
  static fromEnv(options: Omit<UniswapExecutionClientOptions, 'privateKey'>, credentialOptions: CredentialOptions = {}): UniswapExecutionClient {
    return new UniswapExecutionClient({ ...options, privateKey: requireCredential(UNISWAP_PRIVATE_KEY_ENV, 'Uniswap swap signing', credentialOptions) });
  }

  /** Reads the chain id and the configured pairs' tokens. Also done lazily by the first call. */
  start(): Promise<void> {
    if (this.closed) return Promise.reject(new ArbiterError('ARB_ENGINE_STATE', 'uniswap execution client is closed', { venue: 'uniswap' }));
    this.starting ??= this.startOnce();
    this.starting.catch(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async startOnce(): Promise<void> {
    this.chainId = await this.client.getChainId();
    for (const p of this.pairConfigs) {
      const address = getAddress(p.address);
      const state = await readUniswapV2Pair(this.client, address);
      const [t0, t1] = await Promise.all([readErc20(this.client, state.token0), readErc20(this.client, state.token1)]);
      const { symbol, baseIndex } = pairNaming(t0.symbol, t1.symbol, p.base);
      const tokens = [{ address: getAddress(state.token0), ...t0 }, { address: getAddress(state.token1), ...t1 }] as const;
      this.pairs.set(symbol, { symbol, address, baseIndex, base: tokens[baseIndex], quote: tokens[1 - baseIndex] ?? tokens[0] });
    }
    this.logger.info({ account: this.account.address, chainId: this.chainId, pairs: [...this.pairs.keys()] }, 'uniswap execution ready');
  }

  /**
   * Signs and sends the swap; resolves with the transaction hash as venue order id once the node
   * has taken it. The receipt then brings `filled` with a fill, or `canceled` with the revert reason.
   * @throws NotSupportedError for market, post-only, reduce-only and good-till orders (a swap is immediate-or-cancel).
   * @throws ArbiterError ARB_INPUT_INVALID for another venue, an unknown pair, a reused client order id, amounts rounding to zero.
   * @throws ArbiterError ARB_VENUE_REJECTED with the node's text (nonce, funds, chain id, an approval that reverted).
   * @throws ArbiterError ARB_VENUE_UNKNOWN_OUTCOME when the send's answer is lost (the hash is in the context and followed).
   * @throws ArbiterError ARB_VENUE_TRANSIENT when the nonce or fees cannot be read (nothing was sent).
   */
  async submit(request: OrderRequest): Promise<OrderAck> {
    await this.start();
    const context = { venue: 'uniswap', clientOrderId: request.clientOrderId, symbol: request.symbol };
    if (request.venue !== 'uniswap') throw new ArbiterError('ARB_INPUT_INVALID', `uniswap execution got an order for venue ${request.venue}`, context);
    if (request.type !== 'limit') throw new NotSupportedError('uniswap: a swap needs a limit price for its slippage bound (no market orders)', context);
    if (request.postOnly || request.reduceOnly) throw new NotSupportedError('uniswap: swaps are taker-only spot trades (no post-only or reduce-only)', context);
    if (request.timeInForce !== 'ioc' && request.timeInForce !== 'fok') throw new NotSupportedError(`uniswap: a swap fills at once or not at all; time in force ${request.timeInForce} is not possible (use ioc or fok)`, context);
    const pair = this.pairs.get(request.symbol);
    if (pair === undefined) throw new ArbiterError('ARB_INPUT_INVALID', `uniswap: no configured pair ${request.symbol} (have ${[...this.pairs.keys()].join(', ')})`, context);
    if (this.orders.has(request.clientOrderId)) throw new ArbiterError('ARB_INPUT_INVALID', `uniswap: client order id ${request.clientOrderId} was used before`, context);
    const amounts = swapAmountsOf(request, pair);
    const hash = await this.serialized(async () => {
      await this.ensureAllowance(amounts.tokenIn, amounts.maxIn);
      const deadline = BigInt(Math.floor(this.now() / 1000) + (this.options.deadlineSec ?? 120));
      const data = swapCalldataOf(amounts, this.account.address, deadline);
      return this.send(this.router, data, this.options.swapGasLimit ?? 250_000n, (txHash) => this.track(request, pair, txHash, data));
    });
    return { clientOrderId: request.clientOrderId, venueOrderId: hash };
  }

  /**
   * Nothing to do for a swap already mined; a pending one cannot be withdrawn.
   * @throws NotSupportedError for a pending swap; ArbiterError ARB_VENUE_REJECTED for an unknown id.
   */
  async cancel(clientOrderId: string): Promise<void> {
    const order = this.orders.get(clientOrderId);
    if (order === undefined) throw new ArbiterError('ARB_VENUE_REJECTED', `uniswap: no swap with client order id ${clientOrderId}`, { venue: 'uniswap', clientOrderId });
    if (order.final) return;
    throw new NotSupportedError(`uniswap: swap ${order.hash} is pending; a sent transaction cannot be canceled (it fills or reverts at its bound or deadline)`, { venue: 'uniswap', clientOrderId });
  }

  /** Swaps sent and not yet mined (or whose send outcome is unknown), as `open`. */
  async openOrders(): Promise<readonly OrderUpdate[]> {
    return [...this.orders.values()].filter((o) => !o.final).map((o) => this.update(o, 'open', 0, null, null));
  }

  onUpdate(listener: (update: OrderUpdate | Fill) => void): void {
    this.fanout.add(listener);
  }

  /** ETH and each configured pair's tokens held by the account (display units). */
  async balances(): Promise<readonly Balance[]> {
    await this.start();
    const tokens = new Map<string, { address: Address; decimals: number }>();
    for (const p of this.pairs.values()) for (const t of [p.base, p.quote]) tokens.set(t.symbol, t);
    const out: Balance[] = [];
    const wei = await this.client.getBalance({ address: this.account.address });
    out.push({ venue: 'uniswap', currency: 'ETH', total: Number(formatEther(wei)), available: Number(formatEther(wei)) });
    for (const [symbol, t] of tokens) {
      const raw = await this.client.readContract({ address: t.address, abi: ERC20_TRADING_ABI, functionName: 'balanceOf', args: [this.account.address] });
      const amount = Number(raw) / 10 ** t.decimals;
      out.push({ venue: 'uniswap', currency: symbol, total: amount, available: amount });
    }
    return out;
  }

  spotAssetsOf(symbol: string): SpotAssets | undefined {
    const p = this.pairs.get(symbol);
    return p === undefined ? undefined : { base: p.base.symbol, quote: p.quote.symbol };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue.catch(() => undefined);
  }

  // ---- transactions ---------------------------------------------------------------------------

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Sends `approve(router, max)` and waits for it when the router's allowance is below `amount`; once per token. */
  private async ensureAllowance(token: Address, amount: bigint): Promise<void> {
    if (this.approved.has(token.toLowerCase())) return;
    const allowance = await this.client.readContract({ address: token, abi: ERC20_TRADING_ABI, functionName: 'allowance', args: [this.account.address, this.router] });
    if (allowance >= amount) {
      if (allowance >= MAX_UINT256 / 2n) this.approved.add(token.toLowerCase());
      return;
    }
    const data = encodeFunctionData({ abi: ERC20_TRADING_ABI, functionName: 'approve', args: [this.router, MAX_UINT256] });
    const gas = await this.client.estimateGas({ account: this.account.address, to: token, data });
    const hash = await this.send(token, data, (gas * 12n) / 10n);
    const receipt = await this.waitReceipt(hash);
    if (receipt === null || receipt.status !== 'success') {
      throw new ArbiterError('ARB_VENUE_REJECTED', `uniswap: approve of ${token} for the router ${receipt === null ? 'not mined in time' : 'reverted'} (tx ${hash})`, { venue: 'uniswap', txHash: hash });
    }
    this.logger.info({ token, txHash: hash }, 'uniswap router approved');
    this.approved.add(token.toLowerCase());
  }

  /** Signs with the next nonce and sends; `beforeSend` learns the hash before the node answers (tracking survives a lost answer). */
  private async send(to: Address, data: Hex, gas: bigint, beforeSend?: (hash: Hex) => void): Promise<Hex> {
    let nonce: number;
    let block: { baseFeePerGas: bigint | null };
    let tip: bigint;
    try {
      nonce = this.nonce ?? (await this.client.getTransactionCount({ address: this.account.address, blockTag: 'pending' }));
      [block, tip] = await Promise.all([this.client.getBlock({ blockTag: 'latest' }), this.client.estimateMaxPriorityFeePerGas()]);
    } catch (error) {
      const text = error instanceof BaseError ? error.shortMessage : String(error);
      throw new ArbiterError('ARB_VENUE_TRANSIENT', `uniswap: cannot read the nonce or fees before signing (nothing sent): ${text}`, { venue: 'uniswap' }, { cause: error });
    }
    const baseFee = block.baseFeePerGas ?? 0n;
    const raw = await this.account.signTransaction({
      type: 'eip1559', chainId: this.chainId, nonce, to, data, gas, value: 0n, maxPriorityFeePerGas: tip, maxFeePerGas: baseFee * 2n + tip,
    });
    const hash = keccak256(raw);
    beforeSend?.(hash);
    try {
      await this.client.request({ method: 'eth_sendRawTransaction', params: [raw] });
    } catch (error) {
      const lost = error instanceof BaseError && error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError) !== null;
      if (lost || !(error instanceof BaseError)) {
        this.nonce = nonce + 1; // it may be in the pool; a wrong guess is corrected by the node's "nonce too high/low" refusal
        throw new ArbiterError('ARB_VENUE_UNKNOWN_OUTCOME', `uniswap: eth_sendRawTransaction answer lost (tx ${hash}, nonce ${nonce}); reconcile by hash`, { venue: 'uniswap', txHash: hash, nonce }, { cause: error });
      }
      this.nonce = null; // re-read the pending count next time
      this.orders.forEach((o, id) => {
        if (o.hash === hash) this.orders.delete(id);
      });
      throw new ArbiterError('ARB_VENUE_REJECTED', `uniswap: the node refused the transaction: ${error.details || error.shortMessage}`, { venue: 'uniswap', txHash: hash, nonce }, { cause: error });
    }
    this.nonce = nonce + 1;
    return hash;
  }

  private track(request: OrderRequest, pair: SwapPair, hash: Hex, data: Hex): void {
    const order: SwapOrder = { request, pair, hash, data, final: false };
    this.orders.set(request.clientOrderId, order);
    void this.follow(order);
  }

  /** Null when no receipt came within the timeout (or the client closed). */
  private async waitReceipt(hash: Hex): Promise<Awaited<ReturnType<PublicClient['getTransactionReceipt']>> | null> {
    const deadline = Date.now() + (this.options.receiptTimeoutMs ?? 180_000);
    const poll = this.options.pollingIntervalMs ?? 1_000;
    while (!this.closed && Date.now() < deadline) {
      try {
        return await this.client.getTransactionReceipt({ hash });
      } catch (error) {
        if (!(error instanceof TransactionReceiptNotFoundError)) this.logger.warn({ txHash: hash, err: (error as Error).message }, 'uniswap receipt poll failed');
      }
      await new Promise((resolve) => setTimeout(resolve, poll));
    }
    return null;
  }

  private async follow(order: SwapOrder): Promise<void> {
    await Promise.resolve(); // let the send register its outcome first
    const receipt = await this.waitReceipt(order.hash);
    if (receipt === null) {
      if (!this.closed) this.logger.warn({ txHash: order.hash, clientOrderId: order.request.clientOrderId }, 'uniswap swap not mined within the receipt timeout; left pending');
      return;
    }
    if (!this.orders.has(order.request.clientOrderId)) return; // refused by the node after all
    order.final = true;
    const tsVenue = null;
    if (receipt.status === 'success') {
      let result;
      try {
        result = swapResultOf(receipt, order.pair);
      } catch (error) {
        this.logger.error({ txHash: order.hash, err: (error as Error).message }, 'uniswap swap receipt unreadable');
        return;
      }
      const tradeId = `${order.hash}:${result.logIndex}`;
      if (this.fanout.markSeen(tradeId)) {
        this.fanout.emit({
          kind: 'fill', venue: 'uniswap', symbol: order.pair.symbol, clientOrderId: order.request.clientOrderId, venueOrderId: order.hash, tradeId,
          side: order.request.side, price: result.price, quantity: result.quantity, fee: Number(formatEther(result.gasWei)), feeCurrency: 'ETH', liquidity: 'taker', tsVenue, tsLocal: this.now(),
        });
      }
      this.fanout.emit(this.update(order, 'filled', result.quantity, result.price, null));
      return;
    }
    const reason = await this.revertReason(receipt.from, order.data, receipt.blockNumber);
    this.fanout.emit(this.update(order, 'canceled', 0, null, reason));
  }

  /** The revert reason of a mined transaction, by replaying it with eth_call at its block. */
  private async revertReason(from: Address, data: Hex, block: bigint): Promise<string> {
    try {
      await this.client.request({ method: 'eth_call', params: [{ from, to: this.router, data }, `0x${block.toString(16)}`] });
      return 'transaction reverted (status 0); the replay did not revert';
    } catch (error) {
      return error instanceof BaseError ? error.details || error.shortMessage : String(error);
    }
  }

  private update(order: SwapOrder, status: OrderUpdate['status'], filled: number, price: number | null, reason: string | null): OrderUpdate {
    return {
      kind: 'order_update', venue: 'uniswap', symbol: order.pair.symbol, clientOrderId: order.request.clientOrderId, venueOrderId: order.hash, status,
      filledQuantity: filled, remainingQuantity: status === 'open' ? order.request.quantity : 0, averageFillPrice: price, reason, tsVenue: null, tsLocal: this.now(),
    };
  }
}
