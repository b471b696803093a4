/**
 * Opportunity scanner: compares model values with executable book prices after fees, keeps what
 * clears the edge thresholds inside the expiry window, sizes the liquidity from the book levels that
 * still clear them, and never proposes both sides of one market.
 */
import { MS_PER_YEAR } from '../domain/time.js';
import type {
  BinaryMarketQuote,
  BookLevel,
  BookQuote,
  Opportunity,
  OpportunityKind,
  ScannerConfig,
  ScannerModel,
  VanillaOptionQuote,
} from './opportunity-types.js';

interface Candidate {
  readonly kind: OpportunityKind;
  readonly side: 'buy' | 'sell';
  readonly fair: number;
  /** Levels we would trade against: asks for a buy, bids for a sell. */
  readonly levels: readonly BookLevel[];
  readonly fee: (price: number) => number;
  readonly halfSpread: number;
  readonly maxProfit: (price: number, fee: number) => number;
  readonly maxLoss: (price: number, fee: number) => number;
}

/**
 * Scans binary markets (buy YES or buy NO; a NO buy is the way to sell an overpriced YES) and
 * vanilla options (buy, or sell where `canSell`). Returns opportunities sorted by edge return.
 *
 * @example
 * const found = scanOpportunities({ binaries: [market], options: [] }, model, { nowMs: Date.UTC(2025, 0, 1) });
 */
export function scanOpportunities(
  quotes: { readonly binaries?: readonly BinaryMarketQuote[]; readonly options?: readonly VanillaOptionQuote[] },
  model: ScannerModel,
  config: ScannerConfig,
): Opportunity[] {
  const found: Opportunity[] = [];
  for (const market of quotes.binaries ?? []) {
    const best = scanBinaryMarket(market, model, config);
    if (best) found.push(best);
  }
  for (const option of quotes.options ?? []) {
    const best = scanVanillaOption(option, model, config);
    if (best) found.push(best);
  }
  return found.sort((a, b) => b.edgeReturn - a.edgeReturn);
}

/** Years to expiry if inside the window, else null. */
function yearsInWindow(expiryMs: number, config: ScannerConfig): number | null {
  const years = (expiryMs - config.nowMs) / MS_PER_YEAR;
  const min = config.minYears ?? 0;
  const max = config.maxYears ?? 1;
  return years > min && years <= max ? years : null;
}

/** The better of buying YES and buying NO of one market, or null. */
export function scanBinaryMarket(market: BinaryMarketQuote, model: ScannerModel, config: ScannerConfig): Opportunity | null {
  const years = yearsInWindow(market.expiryMs, config);
  if (years === null) return null;
  const above = model.probabilityAbove(market.strike, years);
  if (above === null || !(above >= 0 && above <= 1)) return null;
  const pYes = market.comparison === 'below' ? 1 - above : above;
  const fee = (price: number): number => market.feeRate * Math.min(price, 1 - price);
  const side = (kind: OpportunityKind, book: BookQuote, p: number): Candidate => ({
    kind,
    side: 'buy',
    fair: p,
    levels: book.asks,
    fee,
    halfSpread: halfSpread(book),
    maxProfit: (price, f) => 1 - price - f,
    maxLoss: (price, f) => price + f,
  });
  const yes = evaluate(side('binary-yes', market.yes, pYes), config);
  const no = evaluate(side('binary-no', market.no, 1 - pYes), config);
  const best = pickBetter(yes, no);
  if (!best) return null;
  const isYes = best.candidate.kind === 'binary-yes';
  return finish(best, {
    marketId: market.marketId,
    instrumentId: isYes ? market.yesTokenId : market.noTokenId,
    description: `${market.description ?? market.marketId} - ${isYes ? 'YES' : 'NO'}`,
    strike: market.strike,
    expiryMs: market.expiryMs,
    years,
    modelProbability: best.candidate.fair,
    minSize: market.minSize,
    tickSize: market.tickSize,
  });
}

/** The better of buying and (where allowed) selling one option, or null. */
export function scanVanillaOption(option: VanillaOptionQuote, model: ScannerModel, config: ScannerConfig): Opportunity | null {
  const years = yearsInWindow(option.expiryMs, config);
  if (years === null) return null;
  const value = option.right === 'call' ? model.callPrice?.(option.strike, years) : model.putPrice?.(option.strike, years);
  if (value === null || value === undefined || !(value >= 0) || !Number.isFinite(value)) return null;
  const cap = option.feeCapFraction ?? Infinity;
  const fee = (price: number): number => Math.min(option.feePerUnit, cap * price);
  const isCall = option.right === 'call';
  const spread = halfSpread(option.book);
  const buy = evaluate(
    {
      kind: option.right,
      side: 'buy',
      fair: value,
      levels: option.book.asks,
      fee,
      halfSpread: spread,
      maxProfit: (price, f) => (isCall ? Infinity : option.strike - price - f),
      maxLoss: (price, f) => price + f,
    },
    config,
  );
  const sell = option.canSell
    ? evaluate(
        {
          kind: option.right,
          side: 'sell',
          fair: value,
          levels: option.book.bids,
          fee,
          halfSpread: spread,
          maxProfit: (price, f) => price - f,
          maxLoss: (price, f) => (isCall ? Infinity : option.strike - price + f),
        },
        config,
      )
    : null;
  const best = pickBetter(buy, sell);
  if (!best) return null;
  return finish(best, {
    marketId: option.instrumentId,
    instrumentId: option.instrumentId,
    description: `${best.candidate.side === 'buy' ? 'Buy' : 'Sell'} ${option.instrumentId}`,
    strike: option.strike,
    expiryMs: option.expiryMs,
    years,
    minSize: option.minSize,
    tickSize: option.tickSize,
  });
}

interface Evaluated {
  readonly candidate: Candidate;
  readonly price: number;
  readonly fee: number;
  readonly edge: number;
  readonly edgeReturn: number;
  readonly liquidity: number;
  readonly averagePrice: number;
}

/** Walks the levels from the best price while the edge clears the thresholds. */
function evaluate(c: Candidate, config: ScannerConfig): Evaluated | null {
  const minEdge = config.minEdge ?? 0.02;
  const minReturn = config.minEdgeReturn ?? 0;
  let liquidity = 0;
  let notional = 0;
  let first: { price: number; fee: number; edge: number; edgeReturn: number } | null = null;
  for (const level of c.levels) {
    if (!(level.size > 0 && level.price > 0 && Number.isFinite(level.price))) continue;
    const fee = c.fee(level.price);
    const edge = c.side === 'buy' ? c.fair - level.price - fee : level.price - fee - c.fair;
    const capital = c.side === 'buy' ? level.price + fee : finiteOr(c.maxLoss(level.price, fee), level.price);
    const edgeReturn = capital > 0 ? edge / capital : 0;
    if (edge < minEdge || edgeReturn < minReturn) break;
    first ??= { price: level.price, fee, edge, edgeReturn };
    liquidity += level.size;
    notional += level.size * level.price;
  }
  if (!first || liquidity < (config.minLiquidity ?? Number.MIN_VALUE)) return null;
  return { candidate: c, ...first, liquidity, averagePrice: notional / liquidity };
}

function pickBetter(a: Evaluated | null, b: Evaluated | null): Evaluated | null {
  if (!a) return b;
  if (!b) return a;
  return b.edge * b.liquidity > a.edge * a.liquidity ? b : a;
}

function finish(
  e: Evaluated,
  rest: Pick<Opportunity, 'marketId' | 'instrumentId' | 'description' | 'strike' | 'expiryMs' | 'years' | 'modelProbability' | 'minSize' | 'tickSize'>,
): Opportunity {
  const c = e.candidate;
  const opportunity: Opportunity = {
    id: `${rest.marketId}:${c.kind}:${c.side}`,
    kind: c.kind,
    side: c.side,
    ...rest,
    fairValue: c.fair,
    marketPrice: e.price,
    averagePrice: e.averagePrice,
    halfSpread: c.halfSpread,
    fee: e.fee,
    edge: e.edge,
    edgeReturn: e.edgeReturn,
    maxProfit: c.maxProfit(e.price, e.fee),
    maxLoss: c.maxLoss(e.price, e.fee),
    liquidity: e.liquidity,
  };
  return Object.fromEntries(Object.entries(opportunity).filter(([, v]) => v !== undefined)) as unknown as Opportunity;
}

function halfSpread(book: BookQuote): number {
  const bid = book.bids.find((l) => l.size > 0)?.price;
  const ask = book.asks.find((l) => l.size > 0)?.price;
  return bid !== undefined && ask !== undefined && ask >= bid ? (ask - bid) / 2 : 0;
}

function finiteOr(v: number, fallback: number): number {
  return Number.isFinite(v) ? v : fallback;
}
