/**
 * CLOB and Gamma market objects → OutcomeInstrument per outcome token. Both APIs are validated
 * with zod at the boundary (numbers may come as JSON numbers or decimal strings; Gamma writes
 * `outcomes` and `clobTokenIds` as JSON-encoded arrays). "<asset> above $K on <date>" questions
 * get strike, comparison and expiry; the market's end date anchors the year.
 */
import { z } from 'zod';
import { ArbiterError } from '../../../domain/errors.js';
import type { OutcomeInstrument } from '../../../domain/instrument.js';
import { isPolymarketTokenId, parsePolymarketQuestion } from './parse-market-question.js';

const numeric = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `not a number: ${String(v)}` });
    return z.NEVER;
  }
  return n;
});

export const ClobMarketSchema = z.object({
  condition_id: z.string(),
  question: z.string(),
  market_slug: z.string().optional().default(''),
  end_date_iso: z.string().nullable().optional(),
  minimum_tick_size: numeric.optional(),
  minimum_order_size: numeric.optional(),
  active: z.boolean().optional(),
  closed: z.boolean().optional(),
  accepting_orders: z.boolean().optional(),
  enable_order_book: z.boolean().optional(),
  neg_risk: z.boolean().optional(),
  tokens: z.array(z.object({ token_id: z.string(), outcome: z.string() })),
});
export type ClobMarket = z.infer<typeof ClobMarketSchema>;

export const ClobMarketsPageSchema = z.object({
  next_cursor: z.string(),
  data: z.array(z.unknown()),
  limit: z.number().optional(),
  count: z.number().optional(),
});

const jsonStringArray = z.union([z.array(z.string()), z.string()]).transform((v, ctx) => {
  if (Array.isArray(v)) return v;
  try {
    const parsed: unknown = JSON.parse(v);
    if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) return parsed as string[];
  } catch {
    // fall through to the issue below
  }
  ctx.addIssue({ code: 'custom', message: 'not a JSON array of strings' });
  return z.NEVER;
});

export const GammaMarketSchema = z.object({
  conditionId: z.string(),
  question: z.string(),
  slug: z.string().optional().default(''),
  endDate: z.string().nullable().optional(),
  outcomes: jsonStringArray,
  clobTokenIds: jsonStringArray,
  orderPriceMinTickSize: numeric.optional(),
  orderMinSize: numeric.optional(),
  active: z.boolean().optional(),
  closed: z.boolean().optional(),
  enableOrderBook: z.boolean().optional(),
  negRisk: z.boolean().optional(),
});
export type GammaMarket = z.infer<typeof GammaMarketSchema>;

/** What the execution client needs per token beyond the instrument itself. */
export interface PolymarketTokenInfo {
  readonly conditionId: string;
  readonly tickSize: number;
  readonly minSize: number;
  readonly negRisk: boolean;
}

/** Venue-neutral view of one market, whichever API it came from. */
export interface PolymarketMarket {
  readonly conditionId: string;
  readonly question: string;
  readonly slug: string;
  readonly endDate: string | null;
  readonly tickSize: number;
  readonly minSize: number;
  readonly negRisk: boolean;
  readonly closed: boolean;
  readonly tokens: ReadonlyArray<{ readonly tokenId: string; readonly outcome: string }>;
}

function invalid(what: string, error: z.ZodError): ArbiterError {
  return new ArbiterError('ARB_PARSE_FRAME', `polymarket ${what}: ${error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 200)}`, { venue: 'polymarket' });
}

/** @throws ArbiterError ARB_PARSE_FRAME when the object lacks the market fields. */
export function fromClobMarket(raw: unknown): PolymarketMarket {
  const r = ClobMarketSchema.safeParse(raw);
  if (!r.success) throw invalid('CLOB market', r.error);
  const m = r.data;
  return {
    conditionId: m.condition_id, question: m.question, slug: m.market_slug, endDate: m.end_date_iso ?? null,
    tickSize: m.minimum_tick_size ?? 0.01, minSize: m.minimum_order_size ?? 0, negRisk: m.neg_risk ?? false,
    closed: m.closed === true || m.active === false || m.enable_order_book === false || m.accepting_orders === false,
    tokens: m.tokens.map((t) => ({ tokenId: t.token_id, outcome: t.outcome })),
  };
}

/** @throws ArbiterError ARB_PARSE_FRAME when the object lacks the market fields or outcomes and token ids differ in length. */
export function fromGammaMarket(raw: unknown): PolymarketMarket {
  const r = GammaMarketSchema.safeParse(raw);
  if (!r.success) throw invalid('Gamma market', r.error);
  const m = r.data;
  if (m.outcomes.length !== m.clobTokenIds.length) {
    throw new ArbiterError('ARB_PARSE_FRAME', `polymarket Gamma market ${m.slug}: ${m.outcomes.length} outcomes but ${m.clobTokenIds.length} token ids`, { venue: 'polymarket' });
  }
  return {
    conditionId: m.conditionId, question: m.question, slug: m.slug, endDate: m.endDate ?? null,
    tickSize: m.orderPriceMinTickSize ?? 0.01, minSize: m.orderMinSize ?? 0, negRisk: m.negRisk ?? false,
    closed: m.closed === true || m.active === false || m.enableOrderBook === false,
    tokens: m.clobTokenIds.map((tokenId, i) => ({ tokenId, outcome: m.outcomes[i]! })),
  };
}

/** One OutcomeInstrument per token with a valid uint256 id. */
export function toOutcomeInstruments(market: PolymarketMarket): OutcomeInstrument[] {
  const parsed = parsePolymarketQuestion(market.question, { endDate: market.endDate });
  const out: OutcomeInstrument[] = [];
  for (const t of market.tokens) {
    if (!isPolymarketTokenId(t.tokenId)) continue;
    out.push({
      kind: 'outcome', venue: 'polymarket', symbol: t.tokenId, priceCurrency: 'USD', tickSize: market.tickSize, minSize: market.minSize, sizeStep: 0.01,
      marketId: market.conditionId, question: market.question, outcome: t.outcome,
      ...(parsed === null ? {} : { underlying: parsed.underlying, comparison: parsed.comparison, strike: parsed.strike, expiryMs: parsed.expiryMs }),
    });
  }
  return out;
}
