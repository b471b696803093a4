/**
 * Market-making configuration (lab-seed.md §6.3, made tradeable): one instrument, the quote size,
 * the inventory limit, and the Avellaneda–Stoikov parameters in basis points of the mid (risk
 * aversion per quote lot, fill-intensity decay, horizon), with the volatility estimated online.
 * Unknown keys are errors naming the key.
 */
import { z } from 'zod';
import { VENUES } from '../../domain/venue.js';
import { parseStrategyConfig } from '../cross-market/validate-config.js';

const durationMs = z.number().int().min(0);

export const MarketMakingConfigSchema = z.strictObject({
  name: z.string().min(1).default('market-making'),
  venue: z.enum(VENUES).default('coinbase'),
  symbol: z.string().min(1).default('BTC-USD'),
  /** Size of each quote, in base units (rounded down to the instrument's step). */
  quoteSize: z.number().positive().default(0.001),
  /** No bid while the inventory is at or above +this, no ask at or below −this (base units). */
  maxInventory: z.number().positive().default(0.01),
  /** Risk aversion γ per quote lot of inventory (per bp): the inventory skew. */
  gamma: z.number().positive().default(0.1),
  /** Fill-intensity decay k per bp of distance from the mid. */
  k: z.number().positive().default(0.5),
  /** Horizon T − t of the Avellaneda–Stoikov quotes, in seconds. */
  horizonSec: z.number().positive().default(10),
  /** Mid volatility before any estimate, in bp per √second. */
  initialVolBps: z.number().positive().default(1),
  /** Half-life of the EWMA volatility estimate, in seconds. */
  volHalfLifeSec: z.number().positive().default(30),
  /** Never quote closer to the mid than this (bp). */
  minHalfSpreadBps: z.number().min(0).default(1),
  /** Requote (amend, or cancel and replace) when a quote's target price moved more than this (bp of the mid). */
  requoteThresholdBps: z.number().min(0).default(1),
  /** At most one requote of a side this often. */
  minRequoteIntervalMs: durationMs.default(250),
  /**
   * Requote by amending the live quote's price in place where the venue can (`amend_quotes`);
   * a venue whose execution refuses amends (NotSupportedError) falls back to cancel and replace.
   */
  amendQuotes: z.boolean().default(true),
  clientOrderIdPrefix: z.string().min(1).optional(),
});

export type MarketMakingStrategyConfigInput = z.input<typeof MarketMakingConfigSchema>;
export type MarketMakingStrategyConfig = z.output<typeof MarketMakingConfigSchema>;

/** @throws ConfigError naming each bad or unknown key. */
export function parseMarketMakingConfig(input?: unknown): MarketMakingStrategyConfig {
  return parseStrategyConfig(MarketMakingConfigSchema, input, 'market_making');
}
