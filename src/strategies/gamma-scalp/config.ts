/**
 * GammaScalp configuration: which option to own (structure, tenor, size), how tightly to hedge
 * its delta with the perpetual (band, spacing), and when to get out (expiry approach, vol drop).
 * Unknown keys are errors naming the key.
 */
import { z } from 'zod';
import { VENUES } from '../../domain/venue.js';
import { parseStrategyConfig } from '../cross-market/validate-config.js';

const durationMs = z.number().int().min(0);

export const GammaScalpConfigSchema = z
  .strictObject({
    name: z.string().min(1).default('gamma-scalp'),
    underlying: z.string().regex(/^[A-Z0-9]+$/).default('BTC'),
    /** Venue of the long option(s). */
    optionVenue: z.enum(['deribit', 'derive']).default('deribit'),
    /** The perpetual (or future) that hedges the delta. */
    hedge: z.strictObject({ venue: z.enum(VENUES), symbol: z.string().min(1) }).prefault({ venue: 'deribit', symbol: 'BTC-PERPETUAL' }),
    /** Long ATM call, put, or both (straddle). */
    structure: z.enum(['straddle', 'call', 'put']).default('straddle'),
    /** Entry picks the expiry closest to this tenor… */
    targetDaysToExpiry: z.number().positive().default(30),
    /** …among those at least this far out. */
    minDaysToExpiryAtEntry: z.number().min(0).default(7),
    /** Close everything when expiry is this close. */
    exitDaysBeforeExpiry: z.number().min(0).default(2),
    /** Fixed size in contracts per leg; default: sized from equity (premiumBudgetFraction). */
    contracts: z.number().positive().optional(),
    /** Premium paid at entry as a fraction of portfolio equity. */
    premiumBudgetFraction: z.number().gt(0).max(1).default(0.05),
    /** No entry when the ATM implied vol is above this (fraction). */
    maxEntryIv: z.number().positive().default(1.5),
    /** Close when the implied vol has fallen this much (absolute) below the entry vol. */
    volDropExit: z.number().positive().default(0.1),
    /** Hedge when |net delta| exceeds this many coins per option contract held. */
    deltaBandPerContract: z.number().positive().default(0.1),
    /** No two hedges closer than this (event time). */
    minRebalanceIntervalMs: durationMs.default(30_000),
    /** Option and hedge quotes older than this are not acted on. */
    maxQuoteAgeMs: durationMs.default(60_000),
    /** After an exit, wait this long before a new entry. */
    reentryCooldownMs: durationMs.default(3_600_000),
    timeInForce: z.enum(['gtc', 'ioc']).default('ioc'),
    orderTtlMs: durationMs.default(30_000),
    clientOrderIdPrefix: z.string().min(1).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.exitDaysBeforeExpiry >= c.minDaysToExpiryAtEntry && c.minDaysToExpiryAtEntry > 0) {
      ctx.addIssue({ code: 'custom', path: ['exitDaysBeforeExpiry'], message: 'must be below minDaysToExpiryAtEntry, or every entry exits at once' });
    }
  });

export type GammaScalpConfigInput = z.input<typeof GammaScalpConfigSchema>;
export type GammaScalpConfig = z.output<typeof GammaScalpConfigSchema>;

/** @throws ConfigError naming each bad or unknown key. */
export function parseGammaScalpConfig(input?: unknown): GammaScalpConfig {
  return parseStrategyConfig(GammaScalpConfigSchema, input, 'gamma-scalp');
}
