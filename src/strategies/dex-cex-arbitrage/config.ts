/**
 * DEX–CEX arbitrage configuration (lab-seed.md §6.2, executed): the Uniswap v2 pair and the CEX
 * book it is arbitraged against, the costs (pool fee, CEX taker fee, gas in USD), the profit
 * threshold and size limits. The pool's quote (USDC) and the CEX quote (USDT) are counted as the
 * same dollar; WETH and ETH as the same coin. Unknown keys are errors naming the key.
 */
import { z } from 'zod';
import { VENUES } from '../../domain/venue.js';
import { parseStrategyConfig } from '../cross-market/validate-config.js';

const fraction = z.number().min(0).lt(1);
const durationMs = z.number().int().min(0);

export const DexCexArbitrageConfigSchema = z.strictObject({
  name: z.string().min(1).default('dex-cex-arbitrage'),
  /** The pool: a `uniswap` instrument as its catalog names it (BASE-QUOTE). */
  dex: z.strictObject({ venue: z.literal('uniswap').default('uniswap'), symbol: z.string().min(1).default('WETH-USDC') }).prefault({}),
  /** The CEX spot book of the same coin. */
  cex: z.strictObject({ venue: z.enum(VENUES).default('binance'), symbol: z.string().min(1).default('ETHUSDT') }).prefault({}),
  /** Pool fee in bp of the input (Uniswap v2: 30). */
  poolFeeBps: z.number().int().min(0).max(9_999).default(30),
  /** CEX taker fee as a fraction (Binance spot base tier: 0.001). */
  cexTakerFee: fraction.default(0.001),
  /** Gas of one pool swap, USD; counted against every trade. */
  gasUsd: z.number().min(0).default(5),
  /** Trade only when the profit after both fees, depth and gas is at least this, USD. */
  minProfitUsd: z.number().min(0).default(1),
  /** Largest trade, USD of quote put in. */
  maxTradeUsd: z.number().positive().default(10_000),
  /** A leg may use at most this fraction of the account's balance of what it spends or sells. */
  balanceFraction: z.number().gt(0).max(1).default(0.5),
  /**
   * Coin (USD worth) to hold on each venue so both directions can trade: while a venue holds less
   * than half of it, both together less than twice it, and no opportunity is open, the strategy
   * buys it up to this with the venue's quote. This is a long position in the coin. 0: trade only
   * coin the account was funded with.
   */
  inventoryUsd: z.number().min(0).default(10_000),
  /** No new trade this long after the previous one closed (and never twice on one pool state). */
  cooldownMs: durationMs.default(1_000),
  /** Legs still open this long after sending are cancelled. */
  legTimeoutMs: durationMs.default(5_000),
  clientOrderIdPrefix: z.string().min(1).optional(),
});

export type DexCexArbitrageConfigInput = z.input<typeof DexCexArbitrageConfigSchema>;
export type DexCexArbitrageConfig = z.output<typeof DexCexArbitrageConfigSchema>;

/** @throws ConfigError naming each bad or unknown key. */
export function parseDexCexArbitrageConfig(input?: unknown): DexCexArbitrageConfig {
  return parseStrategyConfig(DexCexArbitrageConfigSchema, input, 'dex_cex_arbitrage');
}
