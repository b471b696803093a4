/**
 * Momentum configuration (engine-seed.md §7.3, made tradeable): instruments, lookback and
 * threshold of the signal, position sizing from equity, stop-loss / take-profit / time exits.
 * Unknown keys are errors naming the key.
 */
import { z } from 'zod';
import { VENUES } from '../../domain/venue.js';
import { parseStrategyConfig } from '../cross-market/validate-config.js';

const durationMs = z.number().int().min(0);

export const MomentumConfigSchema = z.strictObject({
  name: z.string().min(1).default('momentum'),
  /** What to trade; prices must be quoted in a USD-like currency (USD, USDC, USDT). */
  instruments: z.array(z.strictObject({ venue: z.enum(VENUES), symbol: z.string().min(1) })).min(1).default([{ venue: 'deribit', symbol: 'BTC-PERPETUAL' }]),
  /** Samples in the momentum window: momentum = (last − first) / first over this many mids. */
  lookbackTicks: z.number().int().min(2).max(100_000).default(10),
  /** Take a mid sample at most this often (event time); 0 = every ticker. */
  sampleIntervalMs: durationMs.default(0),
  /** |momentum| above this is a signal (fraction: 0.01 = 1 %). */
  threshold: z.number().positive().default(0.01),
  /** Also go short on negative momentum. */
  allowShort: z.boolean().default(false),
  /** Position notional as a fraction of portfolio equity. */
  riskFraction: z.number().gt(0).max(1).default(0.05),
  /** Exit when the position has lost this fraction of its entry price… */
  stopLoss: z.number().gt(0).max(1).default(0.02),
  /** …or gained this fraction. */
  takeProfit: z.number().gt(0).default(0.04),
  /** Exit after holding this long (0 = no time exit). */
  maxHoldingMs: durationMs.default(0),
  /** Exit when momentum turns against the position by more than the threshold. */
  exitOnReversal: z.boolean().default(true),
  /** No new entry on an instrument this long after its last exit. */
  cooldownMs: durationMs.default(60_000),
  timeInForce: z.enum(['gtc', 'ioc']).default('ioc'),
  orderTtlMs: durationMs.default(30_000),
  clientOrderIdPrefix: z.string().min(1).optional(),
});

export type MomentumConfigInput = z.input<typeof MomentumConfigSchema>;
export type MomentumConfig = z.output<typeof MomentumConfigSchema>;

/** @throws ConfigError naming each bad or unknown key. */
export function parseMomentumConfig(input?: unknown): MomentumConfig {
  return parseStrategyConfig(MomentumConfigSchema, input, 'momentum');
}
