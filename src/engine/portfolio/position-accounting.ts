/**
 * Position arithmetic for one instrument: open, add, reduce and flip, with the realised PnL and
 * the cash movement of each trade, for the three ways an instrument can be valued.
 *
 * - `premium`: options, outcome tokens, spot. Buying pays `q·p·m` in cash; the position is worth
 *   `q·mark·m`.
 * - `linear-future`: linear futures and perpetuals. No premium changes hands; cash moves by the
 *   realised PnL `q·(exit − avg)·m`; the position is worth its unrealised PnL.
 * - `inverse-future`: coin-settled futures sized in USD (Deribit BTC-PERPETUAL). PnL is in the
 *   coin, `q·m·(1/avg − 1/exit)`; average entry is the harmonic mean of fill prices.
 */

export type Valuation = 'premium' | 'linear-future' | 'inverse-future';

/** Mutable state of one position, in the currency its cash settles in. */
export interface PositionState {
  /** Signed quantity in venue units; negative is short. */
  quantity: number;
  /** Average entry price of the open quantity, null when flat. */
  averagePrice: number | null;
  /** Realised PnL so far, in the settlement currency. */
  realised: number;
}

export interface TradeEffect {
  /** PnL realised by the closing part of the trade, in the settlement currency. */
  readonly realised: number;
  /** Change of the cash balance in the settlement currency (fees excluded). */
  readonly cashDelta: number;
}

/** PnL per unit of a long position entered at `entry` and valued at `exit`. */
function pnlPerUnit(entry: number, exit: number, valuation: Valuation): number {
  return valuation === 'inverse-future' ? 1 / entry - 1 / exit : exit - entry;
}

/** Quantities within this relative distance of zero after a trade are flat (float noise). */
const FLAT_EPS = 1e-12;

/**
 * Applies a trade of signed quantity `signedQty` at `price` to `p` (mutated) and returns what it
 * realised and how cash moves. `multiplier` is the contract size (units of underlying per contract).
 */
export function applyTrade(p: PositionState, signedQty: number, price: number, valuation: Valuation, multiplier: number): TradeEffect {
  const before = p.quantity;
  let realised = 0;
  const reducing = before !== 0 && Math.sign(before) !== Math.sign(signedQty);
  if (reducing) {
    const closed = Math.min(Math.abs(signedQty), Math.abs(before));
    realised = Math.sign(before) * closed * multiplier * pnlPerUnit(p.averagePrice!, price, valuation);
  }
  let after = before + signedQty;
  if (Math.abs(after) <= FLAT_EPS * Math.max(1, Math.abs(before), Math.abs(signedQty))) after = 0;

  if (after === 0) {
    p.averagePrice = null;
  } else if (before === 0 || Math.sign(after) !== Math.sign(before)) {
    // Opened, or flipped: the new open quantity was all entered at this price.
    p.averagePrice = price;
  } else if (!reducing) {
    const avg = p.averagePrice!;
    const a = Math.abs(before);
    const b = Math.abs(signedQty);
    p.averagePrice = valuation === 'inverse-future' ? (a + b) / (a / avg + b / price) : (a * avg + b * price) / (a + b);
  }
  // Reducing without flipping keeps the average price.
  p.quantity = after;
  p.realised += realised;
  const cashDelta = valuation === 'premium' ? -signedQty * price * multiplier : realised;
  return { realised, cashDelta };
}

/** What the position adds to equity at `mark`, in its settlement currency. */
export function positionValue(p: PositionState, mark: number, valuation: Valuation, multiplier: number): number {
  if (p.quantity === 0) return 0;
  if (valuation === 'premium') return p.quantity * mark * multiplier;
  return p.quantity * multiplier * pnlPerUnit(p.averagePrice!, mark, valuation);
}

/** Unrealised PnL at `mark`, in the settlement currency. */
export function unrealisedPnl(p: PositionState, mark: number, valuation: Valuation, multiplier: number): number {
  if (p.quantity === 0) return 0;
  return p.quantity * multiplier * pnlPerUnit(p.averagePrice!, mark, valuation);
}
