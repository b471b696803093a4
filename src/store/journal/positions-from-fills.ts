/**
 * Net positions rebuilt from fills alone (the journal's, or a venue's trade history): signed
 * quantity, average entry price of the open quantity, and realized PnL in price × quantity units
 * (a linear contract's PnL; fees are summed apart). Reducing fills realize against the average
 * entry; a fill through zero opens the rest at its own price. Nothing here invents a fill.
 */
import type { Fill } from '../../domain/order.js';
import type { VenueId } from '../../domain/venue.js';

export interface FillPosition {
  readonly venue: VenueId;
  readonly symbol: string;
  /** Signed: negative is short. */
  readonly quantity: number;
  /** Average price of the open quantity; null when flat. */
  readonly averagePrice: number | null;
  /** Σ closed quantity × (exit − entry) × direction, in the instrument's price units. */
  readonly realizedPnl: number;
  /** Σ fee per fee currency. */
  readonly fees: Readonly<Record<string, number>>;
  readonly fills: number;
}

const EPS = 1e-12;

/** Positions per (venue, symbol), in the order the instruments were first traded. Fills are applied in the given order. */
export function positionsFromFills(fills: readonly Fill[]): FillPosition[] {
  const byKey = new Map<string, { venue: VenueId; symbol: string; quantity: number; average: number; realized: number; fees: Record<string, number>; fills: number }>();
  for (const f of fills) {
    const key = `${f.venue}\u0000${f.symbol}`;
    let p = byKey.get(key);
    if (p === undefined) byKey.set(key, (p = { venue: f.venue, symbol: f.symbol, quantity: 0, average: 0, realized: 0, fees: {}, fills: 0 }));
    const signed = f.side === 'buy' ? f.quantity : -f.quantity;
    const before = p.quantity;
    const after = Number((before + signed).toFixed(10));
    if (Math.abs(before) < EPS || Math.sign(before) === Math.sign(signed)) {
      p.average = (p.average * Math.abs(before) + f.price * Math.abs(signed)) / Math.abs(after);
      p.quantity = after;
    } else {
      const closed = Math.min(Math.abs(signed), Math.abs(before));
      p.realized += closed * (f.price - p.average) * Math.sign(before);
      if (Math.abs(after) < EPS) {
        p.quantity = 0;
        p.average = 0;
      } else if (Math.sign(after) === Math.sign(before)) p.quantity = after;
      else {
        p.quantity = after;
        p.average = f.price;
      }
    }
    p.fees[f.feeCurrency] = (p.fees[f.feeCurrency] ?? 0) + f.fee;
    p.fills++;
  }
  return [...byKey.values()].map((p) => ({
    venue: p.venue, symbol: p.symbol, quantity: p.quantity, averagePrice: Math.abs(p.quantity) < EPS ? null : p.average, realizedPnl: p.realized, fees: p.fees, fills: p.fills,
  }));
}
