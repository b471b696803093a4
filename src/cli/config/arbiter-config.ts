/**
 * The `arbiter` TOML configuration: logging and refresh, venue endpoints, the paper/backtest
 * account, strategies and the dashboard. Keys are snake_case in TOML; strategy sections are
 * validated by each strategy's own schema, and every error names the file, line and key.
 */
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../domain/errors.js';
import { VENUES } from '../../domain/venue.js';
import type { RiskLimits } from '../../engine/risk/risk-limits.js';
import type { Strategy } from '../../engine/strategy.js';
import {
  CrossMarketConfigSchema, GammaScalpConfigSchema, MarketMakingConfigSchema, MomentumConfigSchema, PairsTradingConfigSchema, TriangularArbitrageConfigSchema,
  createCrossMarketStrategy, createGammaScalpStrategy, createMarketMakingStrategy, createMomentumStrategy, createPairsTradingStrategy, createTriangularArbitrageStrategy,
  DexCexArbitrageConfigSchema, createDexCexArbitrageStrategy,
} from '../../strategies/index.js';
import { camelToSnake, convertKeys, snakeToCamel } from './case-keys.js';
import { formatPath, parseTomlConfig } from './load-toml-config.js';
import { readHourlyVolsFile } from '../../lab/vol-weights/hourly-vols-file.js';
import { lineOf, tomlKeyLines } from './toml-locations.js';

const url = z.string().url();
// user_url: the private WebSocket of signed order entry (Binance WS API, Coinbase user channel,
// Kraken ws-auth, Polymarket user channel); omitted, the production one.
const venueEndpoint = z.strictObject({ url: url.optional(), rest_url: url.optional(), user_url: url.optional() });

const limit = z.union([z.number().positive(), z.literal(Infinity)]);
const riskSchema = z.strictObject({
  initial_state: z.enum(['active', 'reducing', 'halted']).default('active'),
  max_order_usd: limit.default(25_000),
  max_order_quantity: limit.default(Infinity),
  max_instrument_exposure_usd: limit.default(100_000),
  max_venue_exposure_usd: limit.default(250_000),
  max_total_exposure_usd: limit.default(500_000),
  max_orders_per_sec: limit.default(5),
  order_burst: z.number().int().min(1).default(20),
  price_band_fraction: limit.default(0.1),
  price_band_ticks: z.number().min(0).default(5),
  max_quote_age_ms: limit.default(10_000),
  max_drawdown_fraction: z.number().positive().max(1).default(0.2),
  venue_error_limit: z.number().int().min(1).default(5),
  venue_error_window_secs: z.number().positive().default(60),
  cancel_on_halt: z.boolean().default(true),
  venues: z.partialRecord(z.enum(VENUES), z.strictObject({ max_order_quantity: limit.optional(), max_venue_exposure_usd: limit.optional() })).default({}),
});

export const STRATEGY_TYPES = {
  cross_market: { schema: CrossMarketConfigSchema, create: createCrossMarketStrategy },
  gamma_scalp: { schema: GammaScalpConfigSchema, create: createGammaScalpStrategy },
  momentum: { schema: MomentumConfigSchema, create: createMomentumStrategy },
  triangular_arbitrage: { schema: TriangularArbitrageConfigSchema, create: createTriangularArbitrageStrategy },
  market_making: { schema: MarketMakingConfigSchema, create: createMarketMakingStrategy },
  pairs_trading: { schema: PairsTradingConfigSchema, create: createPairsTradingStrategy },
  dex_cex_arbitrage: { schema: DexCexArbitrageConfigSchema, create: createDexCexArbitrageStrategy },
} as const;

export type StrategyType = keyof typeof STRATEGY_TYPES;

const strategyEntry = z.looseObject({ type: z.enum(Object.keys(STRATEGY_TYPES) as [StrategyType, ...StrategyType[]]), enabled: z.boolean().default(true) });

export const arbiterConfigSchema = z.strictObject({
  global: z.strictObject({
    log_level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Catalog refresh and re-discovery period. */
    refresh_secs: z.number().positive().default(60),
    /** Catalogs older than this are refreshed from the venue. */
    catalog_stale_secs: z.number().positive().default(3_600),
    /** Durable state (catalog history); relative to the working directory. */
    state_dir: z.string().min(1).default('.arbiter'),
  }).prefault({}),
  venues: z.strictObject({
    deribit: venueEndpoint.optional(), derive: venueEndpoint.optional(), polymarket: venueEndpoint.optional(),
    binance: venueEndpoint.optional(), coinbase: venueEndpoint.optional(), kraken: venueEndpoint.optional(), uniswap: venueEndpoint.optional(),
  }).prefault({}),
  paper: z.strictObject({
    seed: z.number().int().min(0).default(1),
    entry_latency_ms: z.number().min(0).default(25),
    response_latency_ms: z.number().min(0).default(25),
    latency_sigma: z.number().min(0).default(0.3),
    history_period_secs: z.number().positive().default(60),
    cash: z.array(z.strictObject({ venue: z.enum(VENUES), currency: z.string().min(1), amount: z.number().min(0) })).default([
      { venue: 'deribit', currency: 'BTC', amount: 1 },
      { venue: 'derive', currency: 'USDC', amount: 25_000 },
      { venue: 'polymarket', currency: 'USD', amount: 25_000 },
      { venue: 'binance', currency: 'USDT', amount: 25_000 },
      { venue: 'coinbase', currency: 'USD', amount: 25_000 },
      { venue: 'kraken', currency: 'USD', amount: 25_000 },
      { venue: 'uniswap', currency: 'USDC', amount: 25_000 },
    ]),
  }).prefault({}),
  /** Real trading (`arbiter live --execute`): the capital Arbiter may use, declared per venue. */
  live: z.strictObject({
    cash: z.array(z.strictObject({ venue: z.enum(VENUES), currency: z.string().min(1), amount: z.number().min(0) })).min(1),
  }).optional(),
  strategies: z.array(strategyEntry).default([]),
  /** The risk gate in front of every venue (docs/risk.md); `inf` turns a limit off. */
  risk: riskSchema.prefault({}),
  dashboard: z.strictObject({
    port: z.number().int().min(0).max(65_535).default(8079),
    bind: z.string().default('127.0.0.1'),
  }).prefault({}),
});

export type ArbiterConfig = z.infer<typeof arbiterConfigSchema>;

export interface StrategyPlan {
  readonly type: StrategyType;
  readonly name: string;
  readonly enabled: boolean;
  /** camelCase config for the strategy factory. */
  readonly config: Record<string, unknown>;
  create(): Strategy;
}

/** Validates the TOML text and every strategy section; throws one ConfigError listing all problems. */
export function parseArbiterConfig(source: string, file = 'arbiter.toml'): { config: ArbiterConfig; strategies: StrategyPlan[] } {
  const config = parseTomlConfig(source, arbiterConfigSchema, file);
  const locations = tomlKeyLines(source);
  const problems: string[] = [];
  const strategies: StrategyPlan[] = [];
  config.strategies.forEach((entry, i) => {
    const { type, enabled, ...rest } = entry;
    const input = convertKeys(rest, snakeToCamel) as Record<string, unknown>;
    if (type === 'cross_market' && input.hourlyVolsFile !== undefined) {
      // hourly_vols_file: the 168 numbers of `arbiter lab vol-weights --out`, relative to this config file.
      const line = lineOf(locations, ['strategies', i, 'hourly_vols_file']);
      const where = `${file}${line === undefined ? '' : `:${line}`}: ${formatPath(['strategies', i, 'hourly_vols_file'])}`;
      if (typeof input.hourlyVolsFile !== 'string' || input.hourlyVolsFile === '') { problems.push(`${where}: expected a file name`); return; }
      if (input.hourlyVols !== undefined) { problems.push(`${where}: give hourly_vols or hourly_vols_file, not both`); return; }
      try {
        input.hourlyVols = readHourlyVolsFile(resolve(dirname(file), input.hourlyVolsFile));
      } catch (error) {
        problems.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      delete input.hourlyVolsFile;
    }
    const spec = STRATEGY_TYPES[type];
    const result = spec.schema.safeParse(input);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const keys = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
        const path = ['strategies', i, ...keys.map((k) => (typeof k === 'string' ? camelToSnake(k) : k))].map((p) => (typeof p === 'symbol' ? String(p) : p));
        const line = lineOf(locations, path.map(String));
        const message = issue.code === 'unrecognized_keys' ? `unknown key "${camelToSnake(issue.keys[0]!)}"` : issue.message;
        problems.push(`${file}${line === undefined ? '' : `:${line}`}: ${formatPath(path)}: ${message}`);
      }
      return;
    }
    const parsed = result.data as Record<string, unknown> & { name: string };
    strategies.push({ type, name: parsed.name, enabled, config: input, create: () => spec.create(input as never) });
  });
  const names = new Set<string>();
  for (const s of strategies) {
    if (names.has(s.name)) problems.push(`${file}: strategies: two strategies are named "${s.name}"; names must be unique`);
    names.add(s.name);
  }
  if (problems.length > 0) throw new ConfigError(problems.join('\n'), { file, problems: problems.length });
  return { config, strategies };
}

/** The risk gate's limits from the validated `[risk]` section. */
export function riskLimitsOf(risk: ArbiterConfig['risk']): RiskLimits {
  const venues: RiskLimits['venues'] = Object.fromEntries(Object.entries(risk.venues).map(([v, l]) => [v, { maxOrderQuantity: l?.max_order_quantity, maxVenueExposureUsd: l?.max_venue_exposure_usd }]));
  return {
    initialState: risk.initial_state, maxOrderNotionalUsd: risk.max_order_usd, maxOrderQuantity: risk.max_order_quantity,
    maxInstrumentExposureUsd: risk.max_instrument_exposure_usd, maxVenueExposureUsd: risk.max_venue_exposure_usd, maxTotalExposureUsd: risk.max_total_exposure_usd,
    maxOrdersPerSec: risk.max_orders_per_sec, orderBurst: risk.order_burst, priceBandFraction: risk.price_band_fraction, priceBandTicks: risk.price_band_ticks,
    maxQuoteAgeMs: risk.max_quote_age_ms, maxDrawdownFraction: risk.max_drawdown_fraction, venueErrorLimit: risk.venue_error_limit,
    venueErrorWindowMs: risk.venue_error_window_secs * 1000, cancelOnHalt: risk.cancel_on_halt, venues,
  };
}
