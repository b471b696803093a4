/**
 * Pairs-trading configuration (lab-seed.md §6.5, made tradeable): the two instruments (y and x of
 * ln y = α + β ln x), the sampling period, the rolling windows of the hedge ratio and of the
 * spread's z-score, entry / exit / stop levels (fixed, or Bertram's OU-optimal levels from a
 * fitted OU), and the notional of the y leg. Unknown keys are errors naming the key.
 */
import { z } from 'zod';
import { VENUES } from '../../domain/venue.js';
import { parseStrategyConfig } from '../cross-market/validate-config.js';

const instrument = z.strictObject({ venue: z.enum(VENUES), symbol: z.string().min(1) });
const durationMs = z.number().int().min(0);

export const PairsTradingConfigSchema = z.strictObject({
  name: z.string().min(1).default('pairs-trading'),
  /** The dependent leg y (bought when the spread is cheap). */
  legY: instrument.default({ venue: 'binance', symbol: 'ETHUSDT' }),
  /** The hedge leg x, traded β × the y notional the other way. */
  legX: instrument.default({ venue: 'binance', symbol: 'BTCUSDT' }),
  /** One sample of both mids at most this often (event time). */
  sampleIntervalMs: durationMs.min(1).default(1_000),
  /** Samples in the rolling OLS of ln y on ln x (the hedge ratio uses only earlier samples). */
  hedgeWindow: z.number().int().min(5).max(100_000).default(60),
  /** Earlier spreads the z-score's mean and standard deviation come from. */
  zWindow: z.number().int().min(5).max(100_000).default(30),
  /** 'fixed': entryZ / exitZ below; 'bertram': OU fit of the spread window, Bertram's optimal symmetric levels. */
  thresholds: z.enum(['fixed', 'bertram']).default('fixed'),
  /** Enter when |z| ≥ entryZ (short the spread above, long below). */
  entryZ: z.number().positive().default(2),
  /** Leave when z is back within exitZ of the mean (fixed thresholds). */
  exitZ: z.number().min(0).default(0.5),
  /** Close at once when |z| reaches this (the spread blew out), then wait `stopCooldownMs`. */
  stopZ: z.number().positive().default(4),
  stopCooldownMs: durationMs.default(60_000),
  /** Notional of the y leg in its price currency (USDT for Binance's USDT pairs). */
  notional: z.number().positive().default(1_000),
  /** IOC limits may trade this far through the touch (bp). */
  slippageBps: z.number().min(0).default(5),
  /** Round-trip cost in spread (log) units for the Bertram levels: fees of four fills. */
  roundTripCost: z.number().min(0).default(0.004),
  clientOrderIdPrefix: z.string().min(1).optional(),
}).refine((c) => c.stopZ > c.entryZ, { message: 'stopZ must exceed entryZ', path: ['stopZ'] })
  .refine((c) => c.exitZ < c.entryZ, { message: 'exitZ must be below entryZ', path: ['exitZ'] });

export type PairsTradingConfigInput = z.input<typeof PairsTradingConfigSchema>;
export type PairsTradingConfig = z.output<typeof PairsTradingConfigSchema>;

/** @throws ConfigError naming each bad or unknown key. */
export function parsePairsTradingConfig(input?: unknown): PairsTradingConfig {
  return parseStrategyConfig(PairsTradingConfigSchema, input, 'pairs_trading');
}
