/**
 * Turns fresh Polymarket and Derive books into scanner inputs, prices them against the surface
 * (binaries with the smile-consistent P(S_T > K) at any expiry, Derive options with surface prices)
 * and runs the opportunity scanner: edge after fees at the executable price, liquidity from the
 * book, at most one side per market. Also returns the model value of every scanned book, so the
 * strategy can watch edges move between recalculations.
 */
import { MS_PER_YEAR } from '../../domain/time.js';
import {
  scanOpportunities,
  type BinaryMarketQuote,
  type BookQuote,
  type Opportunity,
  type ScannerModel,
  type VanillaOptionQuote,
} from '../../optimizer/index.js';
import type { VolSurface } from '../../pricing/index.js';
import type { CrossMarketConfig } from './config.js';
import type { CrossMarketUniverse } from './discovery.js';
import type { BookState, QuoteStore } from './quote-store.js';

export interface ScanCounts {
  /** Polymarket markets and Derive options looked at. */
  polymarket: number;
  derive: number;
  /** Skipped: no fresh book on either side, no model value, or outside the expiry window. */
  stale: number;
  noModel: number;
  invalidPrice: number;
}

/** Model value per unit and fee rule of one watched book ("venue:symbol"). */
export interface WatchedBook {
  readonly fair: number;
  /** Fee per unit at a price. */
  readonly fee: (price: number) => number;
  /** Buy edge at the last scan (fair − ask − fee), NaN when there was no ask. */
  readonly edge: number;
}

export interface ScanResult {
  readonly opportunities: Opportunity[];
  readonly counts: ScanCounts;
  readonly watched: Map<string, WatchedBook>;
}

const EMPTY_BOOK: BookQuote = { bids: [], asks: [] };

function fresh(state: BookState | undefined, nowMs: number, maxAgeMs: number): state is BookState {
  return state !== undefined && state.open && nowMs - state.updatedMs <= maxAgeMs;
}

function buyEdge(book: BookQuote, fair: number, fee: (p: number) => number): number {
  const ask = book.asks[0]?.price;
  return ask === undefined ? Number.NaN : fair - ask - fee(ask);
}

export function surfaceModel(surface: VolSurface): ScannerModel {
  return {
    probabilityAbove: (strike, years) => surface.probabilityAbove(strike, years),
    callPrice: (strike, years) => surface.price('call', strike, years),
    putPrice: (strike, years) => surface.price('put', strike, years),
  };
}

export function scanMarkets(store: QuoteStore, universe: CrossMarketUniverse, surface: VolSurface, spot: number, config: CrossMarketConfig, nowMs: number): ScanResult {
  const counts: ScanCounts = { polymarket: 0, derive: 0, stale: 0, noModel: 0, invalidPrice: 0 };
  const watched = new Map<string, WatchedBook>();
  const maxYears = config.maxTimeToExpiryYears;
  const binaries: BinaryMarketQuote[] = [];
  const pm = config.polymarket;
  const pmFee = (price: number): number => pm.feeRate * Math.min(price, 1 - price);
  for (const m of universe.binaries.values()) {
    counts.polymarket++;
    const years = (m.expiryMs - nowMs) / MS_PER_YEAR;
    if (!(years > 0 && years <= maxYears)) continue;
    const yesState = store.bookOf('polymarket', m.yes.symbol);
    const noState = store.bookOf('polymarket', m.no.symbol);
    const yesFresh = fresh(yesState, nowMs, pm.maxQuoteAgeMs);
    const noFresh = fresh(noState, nowMs, pm.maxQuoteAgeMs);
    if (!yesFresh && !noFresh) {
      counts.stale++;
      continue;
    }
    const yes = yesFresh ? yesState.book.quote() : EMPTY_BOOK;
    const no = noFresh ? noState.book.quote() : EMPTY_BOOK;
    if ([...yes.asks, ...yes.bids, ...no.asks, ...no.bids].some((l) => !(l.price > 0 && l.price < 1))) {
      counts.invalidPrice++;
      continue;
    }
    const above = surface.probabilityAbove(m.strike, years);
    if (!(above >= 0 && above <= 1)) {
      counts.noModel++;
      continue;
    }
    const pYes = m.comparison === 'below' ? 1 - above : above;
    watched.set(`polymarket:${m.yes.symbol}`, { fair: pYes, fee: pmFee, edge: buyEdge(yes, pYes, pmFee) });
    watched.set(`polymarket:${m.no.symbol}`, { fair: 1 - pYes, fee: pmFee, edge: buyEdge(no, 1 - pYes, pmFee) });
    binaries.push({
      marketId: m.marketId, yesTokenId: m.yes.symbol, noTokenId: m.no.symbol, description: m.question, strike: m.strike, expiryMs: m.expiryMs,
      comparison: m.comparison, yes, no, tickSize: m.yes.tickSize ?? pm.tickSize, minSize: m.yes.minSize ?? pm.minSize, feeRate: pm.feeRate,
    });
  }
  const options: VanillaOptionQuote[] = [];
  const dv = config.derive;
  for (const o of universe.deriveOptions.values()) {
    counts.derive++;
    const years = (o.expiryMs - nowMs) / MS_PER_YEAR;
    if (!(years > 0 && years <= maxYears)) continue;
    const state = store.bookOf('derive', o.symbol);
    if (!fresh(state, nowMs, dv.maxQuoteAgeMs)) {
      counts.stale++;
      continue;
    }
    const index = state.ticker?.index ?? spot;
    const feePerUnit = dv.takerFeeBaseUsd + dv.takerFeeRateOfIndex * index;
    const fee = (price: number): number => Math.min(feePerUnit, dv.feeCapFraction * price);
    const fair = surface.price(o.right, o.strike, years);
    if (!(fair >= 0 && Number.isFinite(fair))) {
      counts.noModel++;
      continue;
    }
    const book = state.book.quote();
    watched.set(`derive:${o.symbol}`, { fair, fee, edge: buyEdge(book, fair, fee) });
    options.push({
      instrumentId: o.symbol, right: o.right, strike: o.strike, expiryMs: o.expiryMs, book, feePerUnit, feeCapFraction: dv.feeCapFraction,
      canSell: false, tickSize: o.tickSize, minSize: o.minSize ?? dv.minSize,
    });
  }
  const opportunities = scanOpportunities({ binaries, options }, surfaceModel(surface), {
    nowMs, minEdge: config.minEdge, minEdgeReturn: config.minEdgeReturn, maxYears, minYears: 0,
  });
  return { opportunities, counts, watched };
}
