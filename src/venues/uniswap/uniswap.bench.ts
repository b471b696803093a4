/**
 * Uniswap pool state per second through the registered parser: a recorded `Sync` notification's
 * text decoded, the log checked, and the exact 80-level curve book (bigint getAmountOut /
 * getAmountIn per level) plus ticker built — against bare JSON.parse of the same texts in the
 * same run. Pools change at most once per block (12 s on mainnet), so even a thousand pairs
 * need far less than one core; the row says how far.
 */
import { encodeFunctionResult } from 'viem';
import { benchRow, measureRate, type BenchRow, type BenchSuite } from '../../bench/bench-row.js';
import { UNISWAP_V2_PAIR_ABI } from '../../lab/uniswap/pool-abi.js';
import { pairTag } from './catalog/uniswap-pairs.js';
import { createUniswapFrameParser } from './parse/parse-uniswap-frame.js';
import { SYNC_TOPIC } from './parse/sync-log.js';

const PAIR = '0xb4e16d0168e52d35cacd2c6185b44281ec28c9dc';

function syncText(i: number): string {
  const word = (v: bigint): string => v.toString(16).padStart(64, '0');
  const usdc = 6_800_000_000_000n + BigInt(i) * 1_000_000n;
  const weth = 2_000n * 10n ** 18n - BigInt(i) * 10n ** 12n;
  return JSON.stringify({
    jsonrpc: '2.0', method: 'eth_subscription',
    params: { subscription: '0x01', result: { address: PAIR, topics: [SYNC_TOPIC], data: `0x${word(usdc)}${word(weth)}`, blockNumber: `0x${(1_000_000 + i).toString(16)}`, logIndex: '0x0', transactionHash: `0x${word(BigInt(i))}`, transactionIndex: '0x0', removed: false } },
  });
}

export const uniswapSuite: BenchSuite = {
  name: 'uniswap',
  async run(ctx): Promise<BenchRow[]> {
    const n = 1_000;
    const texts = Array.from({ length: n }, (_, i) => syncText(i));
    const read = JSON.stringify({ jsonrpc: '2.0', id: pairTag({ address: PAIR, symbol: 'WETH-USDC', baseIndex: 1, decimals0: 6, decimals1: 18, feeBps: 30 }), result: encodeFunctionResult({ abi: UNISWAP_V2_PAIR_ABI, functionName: 'getReserves', result: [6_800_000_000_000n, 2_000n * 10n ** 18n, 0] }) });
    let events = 0;
    const sink = (): void => {
      events++;
    };
    const minMs = Math.max(100, 500 * ctx.scale);
    // Each round a fresh parser learns the pair, then takes the logs in block order.
    const parsed = measureRate(() => {
      const parser = createUniswapFrameParser();
      parser.parse(JSON.parse(read), 0, sink);
      for (const t of texts) parser.parse(JSON.parse(t), 0, sink);
    }, n, minMs);
    let sum = 0;
    const bare = measureRate(() => {
      for (const t of texts) sum += (JSON.parse(t) as { params: unknown }).params === null ? 1 : 0;
    }, n, minMs);
    if (events === 0 || sum !== 0) throw new Error('uniswap bench: nothing parsed');
    return [benchRow('uniswap: Sync logs/s → exact 80-level curve book + ticker', 'frames/s', parsed, bare, 'reference: bare JSON.parse of the same notification texts')];
  },
};
