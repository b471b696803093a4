/**
 * Triangular arbitrage configuration (lab-seed.md §6.1, made executable): the venue and its three
 * spot pairs, the start asset, the taker fee charged per leg, the profit threshold after fees and
 * depth, and how much of the account a cycle may use. Unknown keys are errors naming the key.
 */
import { z } from 'zod';
import { VENUES } from '../../domain/venue.js';
import { parseStrategyConfig } from '../cross-market/validate-config.js';

const fraction = z.number().min(0).lt(1);
const durationMs = z.number().int().min(0);

export const TriangularArbitrageConfigSchema = z.strictObject({
  name: z.string().min(1).default('triangular-arbitrage'),
  venue: z.enum(VENUES).default('binance'),
  /** The three spot pairs closing the triangle, as the venue names them. */
  symbols: z.array(z.string().min(1)).length(3).default(['BTCUSDT', 'ETHUSDT', 'ETHBTC']),
  /** Cycles start and end in this asset; profit is counted in it. */
  startAsset: z.string().min(1).default('USDT'),
  /** Taker fee per leg as a fraction (Binance spot base tier: 0.001). */
  takerFee: fraction.default(0.001),
  /** Trade a cycle only when its rate after fees and depth exceeds 1 + this. */
  minProfitRate: z.number().min(0).default(0.0005),
  /** Largest start amount of one cycle, in the start asset. */
  maxStartAmount: z.number().positive().default(1_000),
  /** A leg may use at most this fraction of the account's balance of the asset it spends. */
  balanceFraction: z.number().gt(0).max(1).default(0.5),
  /**
   * 'simultaneous': the three legs at once, each within the balance of the asset it spends (the
   * cycle shrinks to fit); 'sequential': each leg after the previous filled, from what it
   * delivered; 'auto': at once when the balances cover every leg, else in turn.
   */
  legExecution: z.enum(['auto', 'simultaneous', 'sequential']).default('auto'),
  /** No new cycle this long after the previous one closed. */
  cooldownMs: durationMs.default(500),
  /** Legs still open this long after sending are cancelled (IOC legs normally end at once). */
  legTimeoutMs: durationMs.default(5_000),
  /** Unwind orders may trade this fraction through the touch to close a leg left open. */
  unwindSlippage: fraction.default(0.002),
  clientOrderIdPrefix: z.string().min(1).optional(),
});

export type TriangularArbitrageConfigInput = z.input<typeof TriangularArbitrageConfigSchema>;
export type TriangularArbitrageConfig = z.output<typeof TriangularArbitrageConfigSchema>;

/** @throws ConfigError naming each bad or unknown key. */
export function parseTriangularArbitrageConfig(input?: unknown): TriangularArbitrageConfig {
  return parseStrategyConfig(TriangularArbitrageConfigSchema, input, 'triangular_arbitrage');
}
