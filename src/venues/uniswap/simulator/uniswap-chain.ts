/**
 * Accounts and transactions of the uniswap node simulator: ETH and ERC-20 balances and allowances
 * per account, and signed EIP-1559 transactions (`eth_sendRawTransaction`) mined at once, one per
 * block, like an automining dev node. The sender is recovered from the signature; the node checks
 * the chain id, the nonce, the fee cap against the base fee and the balance for gas, and answers
 * with geth's error texts. Transactions run Router02 `swapExactTokensForTokens` (exact input) and
 * `swapTokensForExactTokens` (exact output) against the simulator's pair (v2 integer math, 0.3 %;
 * `amountOutMin`, `amountInMax` and the deadline enforced with the router's revert reasons) and
 * ERC-20 `approve`; a revert still costs gas and the nonce (status 0).
 * Also served: `eth_getTransactionCount`, `eth_getTransactionReceipt`, `eth_estimateGas`,
 * `eth_gasPrice`, `eth_maxPriorityFeePerGas`, `eth_getBlockByNumber` (baseFeePerGas),
 * `eth_getBalance`, and `eth_call` of `balanceOf`/`allowance` and of the router (a dry run).
 */
import {
  decodeFunctionData, encodeAbiParameters, encodeErrorResult, encodeEventTopics, encodeFunctionResult, getAddress, keccak256, parseTransaction, recoverTransactionAddress,
  type Address, type Hex,
} from 'viem';
import { uniswapV2AmountIn, uniswapV2Quote } from '../../../lab/uniswap/v2-quote.js';
import { ERC20_TRADING_ABI, SOLIDITY_ERROR_ABI, UNISWAP_V2_ROUTER02, UNISWAP_V2_ROUTER_ABI, UNISWAP_V2_SWAP_EVENT_ABI } from '../execution/uniswap-abi.js';

/** A test account: ETH and token balances in raw units (wei; token smallest units), tokens by address. */
export interface UniswapSimAccount {
  readonly address: string;
  readonly eth: bigint;
  readonly tokens?: Readonly<Record<string, bigint>>;
}

export interface RpcLog {
  readonly address: string;
  readonly topics: readonly Hex[];
  readonly data: Hex;
  readonly blockNumber: Hex;
  readonly blockHash: Hex;
  readonly transactionHash: Hex;
  readonly transactionIndex: Hex;
  readonly logIndex: Hex;
  readonly removed: boolean;
}

/** What the chain needs from the venue simulator: the pair, its reserves, and the log stream. */
export interface UniswapChainHost {
  readonly chainId: number;
  readonly pair: Address;
  readonly token0: Address;
  readonly token1: Address;
  nowSec(): number;
  reserves(): { reserve0: bigint; reserve1: bigint };
  /** Applies the swap's exact amounts to the pair as part of transaction `txHash` (a new block with its Sync log, index 2); returns the block. */
  applySwap(zeroForOne: boolean, amountIn: bigint, amountOut: bigint, txHash: Hex): { block: bigint; syncLog: RpcLog };
  currentBlock(): bigint;
  blockHash(block: bigint): Hex;
  publish(log: RpcLog): void;
}

export const SIM_BASE_FEE_WEI = 10n ** 9n * 10n;
export const SIM_PRIORITY_FEE_WEI = 10n ** 9n;
export const SIM_SWAP_GAS = 120_000n;
export const SIM_APPROVE_GAS = 46_000n;
export const SIM_REVERT_GAS = 35_000n;
const TRANSFER_GAS = 21_000n;
const MAX_UINT256 = 2n ** 256n - 1n;

type RpcAnswer = { jsonrpc: '2.0'; id: unknown; result?: unknown; error?: { code: number; message: string; data?: Hex } };

interface Receipt {
  readonly hash: Hex;
  readonly from: Address;
  readonly to: Address;
  readonly block: bigint;
  readonly status: 0 | 1;
  readonly gasUsed: bigint;
  readonly effectiveGasPrice: bigint;
  readonly logs: readonly RpcLog[];
}

interface Outcome {
  readonly gasUsed: bigint;
  readonly revert: string | null;
  readonly returnData: Hex;
  readonly commit?: (txHash: Hex) => { block: bigint; logs: RpcLog[] };
}

/** A decoded router call: exact input with its minimum output, or exact output with its maximum input. */
type SwapCall =
  | { readonly kind: 'exact-input'; readonly amountIn: bigint; readonly amountOutMin: bigint }
  | { readonly kind: 'exact-output'; readonly amountOut: bigint; readonly amountInMax: bigint };

const hex = (v: bigint | number): Hex => `0x${v.toString(16)}`;
const key = (a: string): string => a.toLowerCase();

export class UniswapChain {
  private readonly eth = new Map<string, bigint>();
  private readonly nonces = new Map<string, number>();
  private readonly tokenBalances = new Map<string, Map<string, bigint>>(); // token → owner → amount
  private readonly allowances = new Map<string, bigint>(); // token:owner:spender → amount
  private readonly receipts = new Map<string, Receipt>();
  readonly router: Address = getAddress(UNISWAP_V2_ROUTER02);
  /** Transactions accepted (mined), reverted ones included. */
  transactions = 0;

  constructor(private readonly host: UniswapChainHost, accounts: readonly UniswapSimAccount[] = []) {
    for (const a of accounts) this.fund(a);
  }

  /** Adds ETH and token balances to an account (tokens keyed by token address). */
  fund(account: UniswapSimAccount): void {
    const owner = key(getAddress(account.address));
    this.eth.set(owner, (this.eth.get(owner) ?? 0n) + account.eth);
    for (const [token, amount] of Object.entries(account.tokens ?? {})) {
      const t = key(getAddress(token));
      const book = this.tokenBalances.get(t) ?? new Map<string, bigint>();
      book.set(owner, (book.get(owner) ?? 0n) + amount);
      this.tokenBalances.set(t, book);
    }
  }

  ethBalance(owner: string): bigint {
    return this.eth.get(key(owner)) ?? 0n;
  }

  tokenBalance(token: string, owner: string): bigint {
    return this.tokenBalances.get(key(token))?.get(key(owner)) ?? 0n;
  }

  allowance(token: string, owner: string, spender: string): bigint {
    return this.allowances.get(`${key(token)}:${key(owner)}:${key(spender)}`) ?? 0n;
  }

  /** The answer to `request` when it is an account or transaction method, else undefined (the caller's node answers). */
  async answer(request: { id?: unknown; method?: unknown; params?: unknown }): Promise<RpcAnswer | undefined> {
    const id = request.id ?? null;
    const params = Array.isArray(request.params) ? (request.params as unknown[]) : [];
    const ok = (result: unknown): RpcAnswer => ({ jsonrpc: '2.0', id, result });
    const fail = (code: number, message: string, data?: Hex): RpcAnswer => ({ jsonrpc: '2.0', id, error: data === undefined ? { code, message } : { code, message, data } });
    const address = (v: unknown): string | null => (typeof v === 'string' && /^0x[0-9a-fA-F]{40}$/.test(v) ? key(v) : null);
    switch (request.method) {
      case 'eth_sendRawTransaction':
        return typeof params[0] === 'string' ? this.sendRaw(params[0] as Hex, ok, fail) : fail(-32602, 'eth_sendRawTransaction needs the signed transaction hex');
      case 'eth_getTransactionCount': {
        const owner = address(params[0]);
        return owner === null ? fail(-32602, 'eth_getTransactionCount needs an address') : ok(hex(this.nonces.get(owner) ?? 0));
      }
      case 'eth_getBalance': {
        const owner = address(params[0]);
        return owner === null ? fail(-32602, 'eth_getBalance needs an address') : ok(hex(this.ethBalance(owner)));
      }
      case 'eth_getTransactionReceipt': {
        const r = typeof params[0] === 'string' ? this.receipts.get(key(params[0])) : undefined;
        return ok(r === undefined ? null : this.receiptJson(r));
      }
      case 'eth_gasPrice':
        return ok(hex(SIM_BASE_FEE_WEI + SIM_PRIORITY_FEE_WEI));
      case 'eth_maxPriorityFeePerGas':
        return ok(hex(SIM_PRIORITY_FEE_WEI));
      case 'eth_getBlockByNumber': {
        const block = this.host.currentBlock();
        return ok({
          number: hex(block), hash: this.host.blockHash(block), parentHash: this.host.blockHash(block - 1n), timestamp: hex(this.host.nowSec()),
          baseFeePerGas: hex(SIM_BASE_FEE_WEI), gasLimit: hex(30_000_000), gasUsed: '0x0', miner: `0x${'0'.repeat(40)}`, extraData: '0x',
          logsBloom: `0x${'0'.repeat(512)}`, transactions: [], uncles: [], nonce: '0x0000000000000000', difficulty: '0x0', size: '0x0',
          sha3Uncles: `0x${'0'.repeat(64)}`, stateRoot: `0x${'0'.repeat(64)}`, receiptsRoot: `0x${'0'.repeat(64)}`, transactionsRoot: `0x${'0'.repeat(64)}`, mixHash: `0x${'0'.repeat(64)}`,
        });
      }
      case 'eth_estimateGas':
      case 'eth_call': {
        const call = (params[0] ?? {}) as { from?: unknown; to?: unknown; data?: unknown; input?: unknown };
        const to = address(call.to);
        const data = (typeof call.data === 'string' ? call.data : typeof call.input === 'string' ? call.input : '0x') as Hex;
        if (to === null) return request.method === 'eth_call' ? undefined : fail(-32602, 'eth_estimateGas needs to');
        const handled = to === key(this.router) || this.isToken(to);
        if (!handled) return request.method === 'eth_call' ? undefined : ok(hex(TRANSFER_GAS));
        const from = address(call.from) ?? key(`0x${'0'.repeat(40)}`);
        const outcome = this.run(from, to, data);
        if (outcome === undefined) return request.method === 'eth_call' ? undefined : fail(3, 'execution reverted');
        if (outcome.revert !== null) return fail(3, `execution reverted: ${outcome.revert}`, encodeErrorResult({ abi: SOLIDITY_ERROR_ABI, errorName: 'Error', args: [outcome.revert] }));
        return ok(request.method === 'eth_call' ? outcome.returnData : hex(outcome.gasUsed));
      }
      default:
        return undefined;
    }
  }

  private isToken(address: string): boolean {
    return address === key(this.host.token0) || address === key(this.host.token1);
  }

  private async sendRaw(raw: Hex, ok: (r: unknown) => RpcAnswer, fail: (code: number, message: string) => RpcAnswer): Promise<RpcAnswer> {
    let tx: ReturnType<typeof parseTransaction>;
    try {
      tx = parseTransaction(raw);
    } catch (error) {
      return fail(-32000, `rlp: ${(error as Error).message.split('\n')[0]}`);
    }
    if (tx.type !== 'eip1559') return fail(-32000, 'transaction type not supported');
    if (tx.chainId !== this.host.chainId) return fail(-32000, `invalid sender: invalid chain id for signer: have ${tx.chainId ?? 0} want ${this.host.chainId}`);
    let sender: string;
    try {
      sender = key(await recoverTransactionAddress({ serializedTransaction: raw as Parameters<typeof recoverTransactionAddress>[0]['serializedTransaction'] }));
    } catch {
      return fail(-32000, 'invalid sender');
    }
    const hash = keccak256(raw);
    if (this.receipts.has(key(hash))) return fail(-32000, 'already known');
    const nonce = this.nonces.get(sender) ?? 0;
    const txNonce = tx.nonce ?? 0;
    if (txNonce < nonce) return fail(-32000, `nonce too low: address ${getAddress(sender)}, tx: ${txNonce} state: ${nonce}`);
    if (txNonce > nonce) return fail(-32000, `nonce too high: address ${getAddress(sender)}, tx: ${txNonce} state: ${nonce}`);
    const gas = tx.gas ?? 0n;
    const maxFee = tx.maxFeePerGas ?? 0n;
    const tip = tx.maxPriorityFeePerGas ?? 0n;
    if (gas < TRANSFER_GAS) return fail(-32000, `intrinsic gas too low: gas ${gas}, minimum needed ${TRANSFER_GAS}`);
    if (maxFee < SIM_BASE_FEE_WEI) return fail(-32000, `max fee per gas less than block base fee: address ${getAddress(sender)}, maxFeePerGas: ${maxFee}, baseFee: ${SIM_BASE_FEE_WEI}`);
    if (tip > maxFee) return fail(-32000, `max priority fee per gas higher than max fee per gas: address ${getAddress(sender)}, maxPriorityFeePerGas: ${tip}, maxFeePerGas: ${maxFee}`);
    const value = tx.value ?? 0n;
    const cost = gas * maxFee + value;
    const balance = this.ethBalance(sender);
    if (balance < cost) return fail(-32000, `insufficient funds for gas * price + value: address ${getAddress(sender)} have ${balance} want ${cost}`);
    if (value > 0n) return fail(-32000, 'the simulator takes no ETH value transfers');
    if (tx.to === undefined || tx.to === null) return fail(-32000, 'the simulator deploys no contracts');

    // Mined at once: nonce and gas are spent whatever the outcome.
    const to = key(tx.to);
    const outcome = this.run(sender, to, (tx.data ?? '0x') as Hex);
    const price = SIM_BASE_FEE_WEI + (tip < maxFee - SIM_BASE_FEE_WEI ? tip : maxFee - SIM_BASE_FEE_WEI);
    let status: 0 | 1 = 1;
    let gasUsed = outcome?.gasUsed ?? TRANSFER_GAS;
    let logs: RpcLog[] = [];
    let block = this.host.currentBlock();
    if (outcome !== undefined && outcome.revert !== null) {
      status = 0;
    } else if (outcome !== undefined && gasUsed > gas) {
      status = 0;
      gasUsed = gas;
    } else if (outcome?.commit !== undefined) {
      ({ block, logs } = outcome.commit(hash));
    }
    this.nonces.set(sender, nonce + 1);
    this.eth.set(sender, balance - gasUsed * price);
    this.transactions++;
    this.receipts.set(key(hash), { hash, from: getAddress(sender), to: getAddress(to), block, status, gasUsed, effectiveGasPrice: price, logs });
    return ok(hash);
  }

  /** Runs a call against the state (`commit` applies it); undefined when `to` is not a contract this chain runs. */
  private run(from: string, to: string, data: Hex): Outcome | undefined {
    if (to === key(this.router)) {
      let decoded;
      try {
        decoded = decodeFunctionData({ abi: UNISWAP_V2_ROUTER_ABI, data });
      } catch {
        return { gasUsed: SIM_REVERT_GAS, revert: 'simulator: the router runs only swapExactTokensForTokens and swapTokensForExactTokens', returnData: '0x' };
      }
      const [exact, bound, path, recipient, deadline] = decoded.args;
      const call: SwapCall = decoded.functionName === 'swapTokensForExactTokens'
        ? { kind: 'exact-output', amountOut: exact, amountInMax: bound }
        : { kind: 'exact-input', amountIn: exact, amountOutMin: bound };
      return this.swap(from, call, path, key(recipient), deadline);
    }
    if (!this.isToken(to)) return undefined;
    let decoded;
    try {
      decoded = decodeFunctionData({ abi: ERC20_TRADING_ABI, data });
    } catch {
      return undefined; // decimals()/symbol(): the pool node answers
    }
    const done = (functionName: 'balanceOf' | 'allowance' | 'approve', result: bigint | boolean, gasUsed = 26_000n): Outcome => ({
      gasUsed, revert: null, returnData: encodeFunctionResult({ abi: ERC20_TRADING_ABI, functionName, result } as Parameters<typeof encodeFunctionResult>[0]),
    });
    switch (decoded.functionName) {
      case 'balanceOf':
        return done('balanceOf', this.tokenBalance(to, decoded.args[0]));
      case 'allowance':
        return done('allowance', this.allowance(to, decoded.args[0], decoded.args[1]));
      case 'approve': {
        const [spender, amount] = decoded.args;
        return {
          ...done('approve', true, SIM_APPROVE_GAS),
          commit: (txHash) => {
            this.allowances.set(`${to}:${from}:${key(spender)}`, amount);
            const block = this.host.currentBlock();
            const topics = encodeEventTopics({ abi: ERC20_TRADING_ABI, eventName: 'Approval', args: { owner: getAddress(from), spender } }) as Hex[];
            return { block, logs: [this.log(to, topics, encodeAbiParameters([{ type: 'uint256' }], [amount]), block, txHash, 0)] };
          },
        };
      }
    }
  }

  private swap(from: string, call: SwapCall, path: readonly Address[], recipient: string, deadline: bigint): Outcome {
    const revert = (reason: string): Outcome => ({ gasUsed: SIM_REVERT_GAS, revert: reason, returnData: '0x' });
    if (deadline < BigInt(this.host.nowSec())) return revert('UniswapV2Router: EXPIRED');
    if (path.length < 2) return revert('UniswapV2Library: INVALID_PATH');
    const [tokenIn, tokenOut] = [key(path[0] ?? ''), key(path[1] ?? '')];
    const t0 = key(this.host.token0);
    const t1 = key(this.host.token1);
    if (path.length !== 2 || !((tokenIn === t0 && tokenOut === t1) || (tokenIn === t1 && tokenOut === t0))) return revert('simulator: no pair for this path (one v2 pair, one hop)');
    const zeroForOne = tokenIn === t0;
    const { reserve0, reserve1 } = this.host.reserves();
    const [rIn, rOut] = zeroForOne ? [reserve0, reserve1] : [reserve1, reserve0];
    let amountIn: bigint;
    let amountOut: bigint;
    if (call.kind === 'exact-input') {
      amountIn = call.amountIn;
      if (amountIn === 0n) return revert('UniswapV2Library: INSUFFICIENT_INPUT_AMOUNT');
      amountOut = uniswapV2Quote({ amountIn, reserveIn: rIn, reserveOut: rOut, feeBps: 30 }).amountOut;
      if (amountOut < call.amountOutMin) return revert('UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT');
    } else {
      amountOut = call.amountOut;
      if (amountOut === 0n) return revert('UniswapV2Library: INSUFFICIENT_OUTPUT_AMOUNT');
      if (amountOut >= rOut) return revert('ds-math-sub-underflow'); // getAmountIn's reserveOut − amountOut
      amountIn = uniswapV2AmountIn({ amountOut, reserveIn: rIn, reserveOut: rOut, feeBps: 30 });
      if (amountIn > call.amountInMax) return revert('UniswapV2Router: EXCESSIVE_INPUT_AMOUNT');
    }
    if (amountOut === 0n) return revert('UniswapV2: INSUFFICIENT_OUTPUT_AMOUNT');
    const allowed = this.allowance(tokenIn, from, this.router);
    if (allowed < amountIn || this.tokenBalance(tokenIn, from) < amountIn) return revert('TransferHelper: TRANSFER_FROM_FAILED');
    return {
      gasUsed: SIM_SWAP_GAS,
      revert: null,
      returnData: encodeFunctionResult({ abi: UNISWAP_V2_ROUTER_ABI, functionName: call.kind === 'exact-input' ? 'swapExactTokensForTokens' : 'swapTokensForExactTokens', result: [amountIn, amountOut] }),
      commit: (txHash) => {
        if (allowed !== MAX_UINT256) this.allowances.set(`${tokenIn}:${from}:${key(this.router)}`, allowed - amountIn);
        this.move(tokenIn, from, key(this.host.pair), amountIn);
        this.move(tokenOut, key(this.host.pair), recipient, amountOut);
        const { block, syncLog } = this.host.applySwap(zeroForOne, amountIn, amountOut, txHash);
        const transfer = (token: string, src: string, dst: string, amount: bigint, index: number): RpcLog => this.log(
          token, encodeEventTopics({ abi: ERC20_TRADING_ABI, eventName: 'Transfer', args: { from: getAddress(src), to: getAddress(dst) } }) as Hex[],
          encodeAbiParameters([{ type: 'uint256' }], [amount]), block, txHash, index,
        );
        const swapLog = this.log(
          key(this.host.pair), encodeEventTopics({ abi: UNISWAP_V2_SWAP_EVENT_ABI, eventName: 'Swap', args: { sender: this.router, to: getAddress(recipient) } }) as Hex[],
          encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'uint256' }],
            zeroForOne ? [amountIn, 0n, 0n, amountOut] : [0n, amountIn, amountOut, 0n]),
          block, txHash, 3,
        );
        this.host.publish(swapLog);
        return { block, logs: [transfer(tokenIn, from, this.host.pair, amountIn, 0), transfer(tokenOut, this.host.pair, recipient, amountOut, 1), syncLog, swapLog] };
      },
    };
  }

  private move(token: string, src: string, dst: string, amount: bigint): void {
    const book = this.tokenBalances.get(token) ?? new Map<string, bigint>();
    book.set(src, (book.get(src) ?? 0n) - amount);
    book.set(dst, (book.get(dst) ?? 0n) + amount);
    this.tokenBalances.set(token, book);
  }

  private log(address: string, topics: Hex[], data: Hex, block: bigint, txHash: Hex, index: number): RpcLog {
    return { address, topics, data, blockNumber: hex(block), blockHash: this.host.blockHash(block), transactionHash: txHash, transactionIndex: '0x0', logIndex: hex(index), removed: false };
  }

  private receiptJson(r: Receipt): unknown {
    return {
      transactionHash: r.hash, transactionIndex: '0x0', blockHash: this.host.blockHash(r.block), blockNumber: hex(r.block), from: r.from, to: r.to,
      cumulativeGasUsed: hex(r.gasUsed), gasUsed: hex(r.gasUsed), effectiveGasPrice: hex(r.effectiveGasPrice), contractAddress: null,
      logs: r.logs, logsBloom: `0x${'0'.repeat(512)}`, status: hex(r.status), type: '0x2',
    };
  }
}

