/**
 * CrossMarket configuration: every key of the seed's CrossMarketConfig (engine-seed.md §7.1.1)
 * plus fees, venue sizes and quote staleness per venue, validated with zod. Unknown keys are
 * errors; each error names its key. Times are epoch-ms durations, vols and rates fractions.
 */
import { z } from 'zod';
import { parseStrategyConfig } from './validate-config.js';

const durationMs = z.number().int().min(0);
const fraction = z.number().gt(0).max(1);

function isRegex(source: string): boolean {
  try {
    new RegExp(source, 'i');
    return true;
  } catch {
    return false;
  }
}

const DeribitSchema = z.strictObject({
  /** Option/future tickers older than this (event time) are left out of the surface. */
  maxQuoteAgeMs: durationMs.default(120_000),
  /** Quotes above this IV (fraction) are treated as bad data. */
  maxIv: z.number().positive().default(5),
});

const DeriveSchema = z.strictObject({
  /** Scan Derive options at all. */
  enabled: z.boolean().default(true),
  maxQuoteAgeMs: durationMs.default(120_000),
  /** Taker fee per contract: base (USD) + rate × index, capped at feeCapFraction × premium. */
  takerFeeBaseUsd: z.number().min(0).default(0.5),
  takerFeeRateOfIndex: z.number().min(0).max(0.01).default(0.0003),
  feeCapFraction: z.number().min(0).max(1).default(0.125),
  /** Fallbacks when the catalog does not give them (contracts). */
  minSize: z.number().positive().default(0.01),
  sizeStep: z.number().positive().default(0.01),
});

const PolymarketSchema = z.strictObject({
  /** A book not updated for this long (event time) is not traded on. Books only move on changes, hence the longer default. */
  maxQuoteAgeMs: durationMs.default(600_000),
  /** Taker fee rate r: fee per share = r · min(p, 1 − p). Most markets charge none. */
  feeRate: z.number().min(0).max(0.25).default(0),
  /** Fallbacks when the catalog does not give them. */
  minSize: z.number().positive().default(5),
  tickSize: z.number().positive().max(0.1).default(0.01),
  sizeStep: z.number().positive().default(0.01),
});

export const CrossMarketConfigSchema = z
  .strictObject({
    /** Strategy name: unique per engine, prefix of client order ids. */
    name: z.string().min(1).default('cross-market'),
    /** Underlying asset code on every venue (instrument `underlying`). */
    currency: z.string().regex(/^[A-Z0-9]+$/, 'expected an upper-case asset code such as BTC').default('BTC'),
    /** Smallest edge per unit after fees, in the price currency (binaries: probability points). */
    minEdge: z.number().min(0).default(0.02),
    /** Smallest edge per unit of capital at risk. */
    minEdgeReturn: z.number().min(0).default(0),
    /** Scanner window: opportunities expire within this many years (ACT/365). */
    maxTimeToExpiryYears: z.number().positive().default(0.5),
    /** Discovery horizon: instruments expiring within this many days. */
    maxExpiryDays: z.number().positive().default(90),
    /** γ of the CRRA utility: 1 = Kelly (log), 0 = risk neutral. */
    riskAversion: z.number().min(0).max(50).default(1),
    /** Scenario count of the sizing problem. */
    scenarios: z.number().int().min(100).max(1_000_000).default(10_000),
    scenarioSeed: z.number().int().min(0).default(0),
    /** Recalculate at most this often (event time), unless an edge moves (below). */
    recalcIntervalMs: durationMs.default(60_000),
    /** An earlier recalculation is triggered when a scanned market's edge moves by at least this much. */
    edgeMoveTrigger: z.number().positive().default(0.01),
    /** …but never sooner than this after the previous one. */
    minRecalcSpacingMs: durationMs.default(5_000),
    /** Regex (case-insensitive) on the Polymarket question or its slug form ("bitcoin-above-100000-on-march-15"). */
    polymarketPattern: z.string().refine(isRegex, 'not a valid regular expression').default('bitcoin-above-\\d+'),
    /** Clock for interpolating between expiries and for the scenario driver. */
    volTime: z.enum(['calendar', 'weighted']).default('calendar'),
    /** 168 hourly vols (Monday 00:00 UTC first), required by volTime = "weighted"; the TOML config may name a file instead (`hourly_vols_file`, loaded by the CLI config). */
    hourlyVols: z.array(z.number().positive()).length(168).optional(),
    /** Largest |units × price| per asset as a fraction of wealth. */
    maxFractionPerAsset: fraction.default(0.2),
    /** Largest Σ |units × price| as a fraction of wealth. */
    maxExposure: fraction.default(0.8),
    /** Smallest order notional in USD (Polymarket rejects orders under $1). */
    minOrderUsd: z.number().min(0).default(1),
    /** Time in force of the limit orders; resting (gtc) orders are cancelled after orderTtlMs. */
    timeInForce: z.enum(['gtc', 'ioc']).default('gtc'),
    orderTtlMs: durationMs.default(30_000),
    /** Prefix of client order ids; default the name. Live runs should make it unique per run. */
    clientOrderIdPrefix: z.string().min(1).optional(),
    deribit: DeribitSchema.prefault({}),
    derive: DeriveSchema.prefault({}),
    polymarket: PolymarketSchema.prefault({}),
  })
  .superRefine((c, ctx) => {
    if (c.volTime === 'weighted' && c.hourlyVols === undefined) {
      ctx.addIssue({ code: 'custom', path: ['hourlyVols'], message: 'volTime "weighted" needs 168 hourlyVols (in TOML: hourly_vols, or hourly_vols_file naming a file written by `arbiter lab vol-weights --out`)' });
    }
  });

export type CrossMarketConfigInput = z.input<typeof CrossMarketConfigSchema>;
export type CrossMarketConfig = z.output<typeof CrossMarketConfigSchema>;

/** Validates a config (undefined = all defaults). @throws ConfigError naming each bad or unknown key. */
export function parseCrossMarketConfig(input?: unknown): CrossMarketConfig {
  return parseStrategyConfig(CrossMarketConfigSchema, input, 'cross-market');
}

/** The defaults, as parsed from an empty config. */
export const CROSS_MARKET_DEFAULTS: CrossMarketConfig = parseCrossMarketConfig({});
