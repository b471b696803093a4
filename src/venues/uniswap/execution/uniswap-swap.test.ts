import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { decodeFunctionData, encodeAbiParameters, encodeEventTopics, formatTransactionReceipt, keccak256, parseTransaction, recoverTransactionAddress, type Hex } from 'viem';
import { UNISWAP_V2_ROUTER_ABI, UNISWAP_V2_SWAP_EVENT_ABI } from './uniswap-abi.js';
import { swapAmountsOf, swapCalldataOf, swapResultOf, type ReceiptLike, type SwapPair } from './uniswap-swap.js';

const USDC = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const WETH = '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2';
const PAIR: SwapPair = {
  symbol: 'WETH-USDC', address: '0xB4e16d0168e52d35CaCD2c6185b44281Ec28C9Dc', baseIndex: 1,
  base: { address: WETH, symbol: 'WETH', decimals: 18 }, quote: { address: USDC, symbol: 'USDC', decimals: 6 },
};
const req = (side: 'buy' | 'sell', quantity: number, price: number | null) => ({ side, quantity, price, clientOrderId: 'c1' });

describe('swapAmountsOf', () => {
  it('a buy is exact output: exactly the quantity in base, at most quantity × limit in quote (rounded down)', () => {
    expect(swapAmountsOf(req('buy', 0.5, 3012.345678), PAIR)).toEqual({ kind: 'exact-output', tokenIn: USDC, tokenOut: WETH, amountOut: 500_000_000_000_000_000n, amountInMax: 1_506_172_839n, maxIn: 1_506_172_839n });
    // a quantity finer than the base token's decimals (6 here) is cut to what the token carries, never above the order
    expect(swapAmountsOf(req('buy', 0.1234567, 2000), { ...PAIR, base: { ...PAIR.base, decimals: 6 } })).toMatchObject({ amountOut: 123_456n, amountInMax: 246_912_000n });
  });

  it('a sell is exact input: exactly the quantity in base, at least quantity × limit in quote (rounded up)', () => {
    expect(swapAmountsOf(req('sell', 0.1, 2999.9999995), PAIR)).toEqual({ kind: 'exact-input', tokenIn: WETH, tokenOut: USDC, amountIn: 100_000_000_000_000_000n, amountOutMin: 300_000_000n, maxIn: 100_000_000_000_000_000n });
    expect(swapAmountsOf(req('sell', 0.3, 3000), PAIR)).toMatchObject({ amountOutMin: 900_000_000n }); // 0.3 is exact in decimal, not in binary
  });

  it('encodes a buy as Router02 swapTokensForExactTokens and a sell as swapExactTokensForTokens, path [in, out]', () => {
    const buy = swapCalldataOf(swapAmountsOf(req('buy', 1.25, 2000), PAIR), WETH, 1n);
    expect(buy.slice(0, 10)).toBe('0x8803dbee');
    expect(decodeFunctionData({ abi: UNISWAP_V2_ROUTER_ABI, data: buy })).toEqual({ functionName: 'swapTokensForExactTokens', args: [1_250_000_000_000_000_000n, 2_500_000_000n, [USDC, WETH], WETH, 1n] });
    const sell = swapCalldataOf(swapAmountsOf(req('sell', 1.25, 2000), PAIR), USDC, 7n);
    expect(sell.slice(0, 10)).toBe('0x38ed1739');
    expect(decodeFunctionData({ abi: UNISWAP_V2_ROUTER_ABI, data: sell })).toEqual({ functionName: 'swapExactTokensForTokens', args: [1_250_000_000_000_000_000n, 2_500_000_000n, [WETH, USDC], USDC, 7n] });
  });

  it('refuses a missing price, a non-positive quantity and amounts rounding to nothing, naming the problem', () => {
    expect(() => swapAmountsOf(req('buy', 1, null), PAIR)).toThrow(/needs a positive limit price/);
    expect(() => swapAmountsOf(req('sell', -1, 3000), PAIR)).toThrow(/quantity must be positive/);
    expect(() => swapAmountsOf(req('buy', 1e-12, 1e-3), PAIR)).toThrow(/rounds to nothing/);
  });
});

function swapLog(amounts: readonly [bigint, bigint, bigint, bigint], logIndex: number): ReceiptLike['logs'][number] {
  return {
    address: PAIR.address.toLowerCase(), logIndex,
    topics: encodeEventTopics({ abi: UNISWAP_V2_SWAP_EVENT_ABI, eventName: 'Swap', args: { sender: WETH, to: USDC } }) as Hex[],
    data: encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'uint256' }], amounts),
  };
}

describe('swapResultOf', () => {
  const sync = { address: PAIR.address, logIndex: 2, topics: ['0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1' as Hex], data: `0x${'0'.repeat(128)}` as Hex };

  it('reads a buy from the Swap log: USDC in (token0), WETH out (token1), gas in wei', () => {
    const r = swapResultOf({ status: 'success', gasUsed: 120_000n, effectiveGasPrice: 11_000_000_000n, logs: [sync, swapLog([1_500_000_000n, 0n, 0n, 499_000_000_000_000_000n], 3)] }, PAIR);
    expect(r).toMatchObject({ base: 499_000_000_000_000_000n, quote: 1_500_000_000n, quantity: 0.499, gasWei: 1_320_000_000_000_000n, logIndex: 3 });
    expect(r.price).toBeCloseTo(1500 / 0.499, 9);
  });

  it('reads a sell: WETH in, USDC out', () => {
    const r = swapResultOf({ status: 'success', gasUsed: 1n, effectiveGasPrice: 1n, logs: [swapLog([0n, 250_000_000_000_000_000n, 748_500_000n, 0n], 0)] }, PAIR);
    expect([r.base, r.quote, r.price]).toEqual([250_000_000_000_000_000n, 748_500_000n, 2994]);
  });

  it('a receipt without this pair\'s Swap log is an error', () => {
    expect(() => swapResultOf({ status: 'success', gasUsed: 1n, effectiveGasPrice: 1n, logs: [sync] }, PAIR)).toThrow(/no Swap log/);
    expect(() => swapResultOf({ status: 'success', gasUsed: 1n, effectiveGasPrice: 1n, logs: [{ ...swapLog([1n, 0n, 0n, 1n], 0), address: WETH }] }, PAIR)).toThrow(/no Swap log/);
  });
});

const fixture = (name: string): { request: { params: unknown[] }; response: { result?: unknown; error?: { message: string } } } =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as never;

describe('node frames (fixtures)', () => {
  it('a mined exact-output buy receipt gives the fill: exactly 0.5 WETH out for the getAmountIn USDC, gas × effective price', () => {
    const receipt = formatTransactionReceipt(fixture('http-eth-get-transaction-receipt-swap.json').response.result as never);
    const r = swapResultOf(receipt, PAIR);
    expect([r.quote, r.base, r.quantity, r.logIndex]).toEqual([1_504_889_764n, 500_000_000_000_000_000n, 0.5, 3]);
    // the same amounts as the two Transfer logs (USDC account → pair, WETH pair → account)
    expect(receipt.logs.slice(0, 2).map((l) => BigInt(l.data))).toEqual([r.quote, r.base]);
    expect(r.gasWei).toBe(120_000n * 11_000_000_000n);
    expect(r.price).toBeCloseTo(1504.889764 / 0.5, 9);
  });

  it('the signed buy recovers to its sender and decodes to swapTokensForExactTokens with the quantity and the bound', async () => {
    const raw = fixture('http-eth-send-raw-transaction.json').request.params[0] as Hex;
    const tx = parseTransaction(raw);
    expect([tx.type, tx.chainId, tx.to?.toLowerCase()]).toEqual(['eip1559', 1, '0x7a250d5630b4cf539739df2c5dacb4c659f2488d']);
    expect(await recoverTransactionAddress({ serializedTransaction: raw as never })).toBe('0xd49F0EcA103C01743466B0eEFE30FBddA0977186');
    expect(fixture('http-eth-send-raw-transaction.json').response.result).toBe(keccak256(raw));
    const call = decodeFunctionData({ abi: UNISWAP_V2_ROUTER_ABI, data: tx.data as Hex });
    expect([call.functionName, ...call.args.slice(0, 2)]).toEqual(['swapTokensForExactTokens', 500_000_000_000_000_000n, 1_510_000_000n]);
  });

  it('a reverted receipt has status 0 and no logs; the replay answers the router reason', () => {
    const receipt = formatTransactionReceipt(fixture('http-eth-get-transaction-receipt-reverted.json').response.result as never);
    expect([receipt.status, receipt.logs.length]).toEqual(['reverted', 0]);
    expect(fixture('http-eth-call-revert-reason.json').response.error?.message).toBe('execution reverted: UniswapV2Router: EXCESSIVE_INPUT_AMOUNT');
  });
});
