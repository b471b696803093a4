/** Plain input and output types of the opportunity scanner, independent of any venue adapter. */
import type { OptionRight } from '../domain/instrument.js';
import type { OrderSide } from '../domain/order.js';

export interface BookLevel {
  readonly price: number;
  /** Units offered at `price` (shares or contracts). */
  readonly size: number;
}

/** One side-by-side book: bids best (highest) first, asks best (lowest) first. */
export interface BookQuote {
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
}

/** A binary prediction market with a YES and a NO token (Polymarket: one condition id). */
export interface BinaryMarketQuote {
  readonly marketId: string;
  readonly yesTokenId: string;
  readonly noTokenId: string;
  readonly description?: string;
  readonly strike: number;
  readonly expiryMs: number;
  /** YES pays 1 when the underlying ends above (default) or below the strike. */
  readonly comparison?: 'above' | 'below';
  readonly yes: BookQuote;
  readonly no: BookQuote;
  readonly tickSize: number;
  /** Smallest order in shares (Polymarket: usually 5). */
  readonly minSize: number;
  /** Taker fee rate r: fee per share = r · min(price, 1 − price) (Polymarket's fee curve). */
  readonly feeRate: number;
}

/** A vanilla option book (Deribit, Derive) in the option's price currency per unit of underlying. */
export interface VanillaOptionQuote {
  readonly instrumentId: string;
  readonly right: OptionRight;
  readonly strike: number;
  readonly expiryMs: number;
  readonly book: BookQuote;
  /** Taker fee per contract in the price currency, before the cap (Deribit: 0.0003 · index). */
  readonly feePerUnit: number;
  /** Fee cap as a fraction of the option price (Deribit: 0.125); default none. */
  readonly feeCapFraction?: number;
  /** Whether the venue lets this account sell (write) the option. */
  readonly canSell: boolean;
  readonly tickSize?: number;
  readonly minSize?: number;
}

/** Model values the scanner compares prices against (from the pricing module's surface and distribution). */
export interface ScannerModel {
  /** Risk-neutral P(S_T > strike) at `years`; null when the model has no view. */
  probabilityAbove(strike: number, years: number): number | null;
  /** Model call value per unit at `years`; null when unavailable. */
  callPrice?(strike: number, years: number): number | null;
  /** Model put value per unit at `years`; null when unavailable. */
  putPrice?(strike: number, years: number): number | null;
}

export interface ScannerConfig {
  /** Scan time, epoch ms. */
  readonly nowMs: number;
  /** Smallest edge per unit after fees, in the price currency (binaries: probability points). Default 0.02. */
  readonly minEdge?: number;
  /** Smallest edge per unit of capital at risk (edge / cost). Default 0. */
  readonly minEdgeReturn?: number;
  /** Smallest liquidity in units at prices that clear the thresholds. Default: any (> 0). */
  readonly minLiquidity?: number;
  /** Expiry window in years (ACT/365): minYears < T ≤ maxYears. Defaults 0 and 1. */
  readonly minYears?: number;
  readonly maxYears?: number;
}

export type OpportunityKind = 'binary-yes' | 'binary-no' | 'call' | 'put';

export interface Opportunity {
  /** `<marketId>:<kind>:<side>`, unique per scan; all parts are also fields, never parse it back. */
  readonly id: string;
  readonly kind: OpportunityKind;
  readonly side: OrderSide;
  /** Binary: the market (condition) id; option: the instrument id. */
  readonly marketId: string;
  /** What to trade: the YES/NO token id, or the option instrument id. */
  readonly instrumentId: string;
  readonly description: string;
  readonly strike: number;
  readonly expiryMs: number;
  /** Time to expiry in years, ACT/365. */
  readonly years: number;
  /** Model value per unit. */
  readonly fairValue: number;
  /** Best price on the side we trade: the ask for a buy, the bid for a sell. */
  readonly marketPrice: number;
  /** Volume-weighted price over `liquidity`. */
  readonly averagePrice: number;
  /** Half the quoted spread (ask − bid)/2 on this book, NaN-free: 0 when one side is empty. */
  readonly halfSpread: number;
  /** Fee per unit at `marketPrice`. */
  readonly fee: number;
  /** Expected profit per unit at `marketPrice` after the fee: fair − ask − fee (buy), bid − fee − fair (sell). */
  readonly edge: number;
  /** edge / capital at risk per unit. */
  readonly edgeReturn: number;
  /** Per unit, after the fee; Infinity when unbounded (a long call). */
  readonly maxProfit: number;
  /** Per unit, after the fee; Infinity when unbounded (a short call). */
  readonly maxLoss: number;
  /** Units available at prices whose edge still clears the thresholds. */
  readonly liquidity: number;
  /** Binary: the model probability that this token pays. */
  readonly modelProbability?: number;
  readonly minSize?: number;
  readonly tickSize?: number;
}
