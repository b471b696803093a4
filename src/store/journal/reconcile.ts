/**
 * Reconciliation with the venues, the source of truth (on start, periodically, and after an
 * unknown outcome): per venue, fetch the open orders, then the account's fills since the last
 * journaled fill (minus an overlap), and adopt them. Missing fills are journaled with a
 * `fill_adopted` event; journaled orders the venue no longer lists are closed (`order_closed`,
 * filled if their journaled fills cover them, else canceled with the reason); open orders the
 * journal lacks are adopted; venue positions that differ from the journal's fills are recorded as
 * `position_mismatch` (spot pairs hold no position); venue balances that differ from the journal's
 * (last known balance plus the fees and spot trades journaled since) are recorded as the new known balance with `balance_mismatch` (or
 * `balance_recorded` when the journal had none). Nothing is ever invented: no offsetting fill, no
 * guessed state, and a balance never changes a fill.
 */
import type { Balance, Fill, OrderUpdate } from '../../domain/order.js';
import type { VenueId } from '../../domain/venue.js';
import type { Logger } from '../../engine/logger.js';
import type { VenueExecutionClient } from '../../engine/market-feed.js';
import type { Journal, JournalOrder, ReconciliationEvent, SpotAssets } from './journal.js';
import { positionsFromFills } from './positions-from-fills.js';

/** A venue position as the venue reports it (venue units, signed). */
export interface VenuePosition {
  readonly symbol: string;
  readonly quantity: number;
  readonly averagePrice: number | null;
}

/** What reconciliation needs beyond order entry; a client without `fillsSince` can only reconcile orders. */
export interface ReconcilableClient extends VenueExecutionClient {
  /** The account's own fills since `sinceMs` (venue time, inclusive), oldest first. */
  fillsSince?(sinceMs: number): Promise<readonly Fill[]>;
  positions?(): Promise<readonly VenuePosition[]>;
  /** The account's balance per currency as the venue reports it. */
  balances?(): Promise<readonly Balance[]>;
  /** A spot pair's assets (its fills move these balances and make no venue position); undefined for other symbols. */
  spotAssetsOf?(symbol: string): SpotAssets | undefined;
}

export interface ReconcileOptions {
  readonly journal: Journal;
  readonly clients: readonly ReconcilableClient[];
  readonly now: () => number;
  readonly logger: Logger;
  /** Orders whose submit is still waiting for an answer: never closed for being absent at the venue. */
  readonly inFlight?: ReadonlySet<string>;
  /** Fills are fetched from the last journaled fill minus this (default 60 s; duplicates are dropped). */
  readonly overlapMs?: number;
  /** Called after each fill new to the journal has been recorded (apply it to the portfolio). */
  readonly onFillAdopted?: (fill: Fill) => void;
  /** Called after an order's state was adopted or closed (tell its owner, if it is still running). */
  readonly onOrderUpdate?: (update: OrderUpdate) => void;
}

export interface VenueReconciliation {
  readonly venue: VenueId;
  readonly fillsFetched: number;
  readonly fillsAdopted: number;
  readonly ordersClosed: number;
  readonly ordersAdopted: number;
  readonly statesAdopted: number;
  readonly positionMismatches: number;
  /** Venue balances that differed from the journal's derived balance (recorded as the new known balance). */
  readonly balanceMismatches: number;
  /** Venue balances recorded for currencies the journal had no balance of. */
  readonly balancesRecorded: number;
  /** What the venue's client could not be asked (recorded as `venue_unsupported`). */
  readonly unsupported: readonly string[];
}

const DEFAULT_OVERLAP_MS = 60_000;
const QTY_EPS = 1e-9;

/**
 * Reconciles every client's venue with the journal, one venue after another.
 * @throws whatever a venue query throws (ARB_VENUE_UNKNOWN_OUTCOME, ARB_VENUE_TRANSIENT, …): the
 * journal then holds what was adopted before the failure, and the next run picks up the rest.
 */
export async function reconcile(options: ReconcileOptions): Promise<VenueReconciliation[]> {
  const out: VenueReconciliation[] = [];
  for (const client of options.clients) out.push(await reconcileVenue(client, options));
  return out;
}

async function reconcileVenue(client: ReconcilableClient, o: ReconcileOptions): Promise<VenueReconciliation> {
  const { journal, now, logger } = o;
  const venue = client.venue;
  const record = (e: Omit<ReconciliationEvent, 'venue' | 'tsLocal'>): void => journal.recordReconciliation({ ...e, venue, tsLocal: now() });
  const unsupported: string[] = [];
  // Orders in flight or created after this instant may be missing from the venue's answer.
  const asOf = now();
  const inFlightAtStart = new Set(o.inFlight ?? []);
  const open = await client.openOrders();

  let fillsFetched = 0;
  let fillsAdopted = 0;
  if (client.fillsSince) {
    // From the newest journaled fill (less an overlap for fills that arrived out of order); a new
    // journal starts at its creation (every intent is journaled before it is sent).
    const last = journal.lastFillMs(venue);
    const since = last === null ? journal.createdMs : last - (o.overlapMs ?? DEFAULT_OVERLAP_MS);
    const fills = await client.fillsSince(since);
    fillsFetched = fills.length;
    for (const venueFill of fills) {
      const fill = withJournalOrderId(journal, venueFill);
      if (!journal.recordFill(fill, 'reconcile', client.spotAssetsOf?.(fill.symbol))) continue;
      fillsAdopted++;
      record({ kind: 'fill_adopted', clientOrderId: fill.clientOrderId || null, tradeId: fill.tradeId, detail: { symbol: fill.symbol, side: fill.side, quantity: fill.quantity, price: fill.price } });
      o.onFillAdopted?.(fill);
    }
  } else {
    unsupported.push('fills');
    record({ kind: 'venue_unsupported', clientOrderId: null, tradeId: null, detail: { what: 'fillsSince', note: 'the client cannot list past fills; fills missed while down are not recovered' } });
  }

  let ordersAdopted = 0;
  let statesAdopted = 0;
  const seen = new Set<string>();
  for (const update of open) {
    const known = (update.clientOrderId !== '' ? journal.order(update.clientOrderId) : undefined)
      ?? (update.venueOrderId !== null ? journal.orderByVenueId(venue, update.venueOrderId) : undefined);
    if (known === undefined) {
      const id = journal.adoptVenueOrder(update);
      seen.add(id);
      ordersAdopted++;
      record({ kind: 'order_adopted', clientOrderId: id, tradeId: null, detail: { symbol: update.symbol, venueOrderId: update.venueOrderId, status: update.status, note: 'open at the venue, unknown to the journal' } });
      continue;
    }
    seen.add(known.clientOrderId);
    if (known.status !== update.status || Math.abs(known.filledQuantity - update.filledQuantity) > QTY_EPS || known.venueOrderId !== update.venueOrderId) {
      journal.recordUpdate({ ...update, clientOrderId: known.clientOrderId });
      statesAdopted++;
      record({ kind: 'order_state_adopted', clientOrderId: known.clientOrderId, tradeId: null, detail: { from: known.status, to: update.status, filled: update.filledQuantity } });
      o.onOrderUpdate?.({ ...update, clientOrderId: known.clientOrderId });
    }
  }

  let ordersClosed = 0;
  for (const order of journal.liveOrders(venue)) {
    if (seen.has(order.clientOrderId) || order.createdMs > asOf || inFlightAtStart.has(order.clientOrderId) || o.inFlight?.has(order.clientOrderId)) continue;
    const update = closeAbsent(journal, order, now());
    ordersClosed++;
    record({ kind: 'order_closed', clientOrderId: order.clientOrderId, tradeId: null, detail: { from: order.status, to: update.status, filled: update.filledQuantity, quantity: order.quantity, reason: update.reason } });
    o.onOrderUpdate?.(update);
  }

  let positionMismatches = 0;
  if (client.positions) {
    const venuePositions = await client.positions();
    // Spot pairs settle into balances (compared below), not venue positions.
    const ours = new Map(positionsFromFills(journal.fills(venue).filter((f) => client.spotAssetsOf?.(f.symbol) === undefined)).map((p) => [p.symbol, p.quantity]));
    const theirs = new Map(venuePositions.map((p) => [p.symbol, p.quantity]));
    for (const symbol of new Set([...ours.keys(), ...theirs.keys()])) {
      const a = ours.get(symbol) ?? 0;
      const b = theirs.get(symbol) ?? 0;
      if (Math.abs(a - b) <= QTY_EPS * Math.max(1, Math.abs(b))) continue;
      positionMismatches++;
      record({ kind: 'position_mismatch', clientOrderId: null, tradeId: null, detail: { symbol, journal: a, venue: b, note: 'the venue is right; fills outside the journal (before it, or another client) explain the difference' } });
    }
  } else unsupported.push('positions');

  let balanceMismatches = 0;
  let balancesRecorded = 0;
  if (client.balances) {
    for (const b of await client.balances()) {
      const ours = journal.derivedBalance(venue, b.currency);
      if (ours !== undefined && Math.abs(ours - b.total) <= QTY_EPS * Math.max(1, Math.abs(b.total))) continue;
      journal.recordBalance(venue, b.currency, b.total, 'reconciled: venue balance', now());
      if (ours === undefined) balancesRecorded++;
      else balanceMismatches++;
      record({
        kind: ours === undefined ? 'balance_recorded' : 'balance_mismatch', clientOrderId: null, tradeId: null,
        detail: {
          currency: b.currency, journal: ours ?? null, venue: b.total, available: b.available,
          note: ours === undefined ? 'first balance the journal holds for this currency' : 'the venue is right; derivatives PnL, premiums, funding and transfers are not journaled as balance changes',
        },
      });
    }
  } else unsupported.push('balances');

  const result = { venue, fillsFetched, fillsAdopted, ordersClosed, ordersAdopted, statesAdopted, positionMismatches, balanceMismatches, balancesRecorded, unsupported };
  if (fillsAdopted + ordersClosed + ordersAdopted + statesAdopted + positionMismatches + balanceMismatches > 0) logger.warn(result, 'reconciliation adopted the venue state');
  else logger.info(result, 'reconciled: journal and venue agree');
  return result;
}

/**
 * A venue fill under the journal's client order id: a venue that carries no label (Polymarket), or
 * an order this process did not place, names the order by its venue id; the journal knows it by
 * that id when the order was acknowledged.
 */
function withJournalOrderId(journal: Journal, fill: Fill): Fill {
  if (fill.clientOrderId !== '' && journal.order(fill.clientOrderId) !== undefined) return fill;
  const known = fill.venueOrderId === null ? undefined : journal.orderByVenueId(fill.venue, fill.venueOrderId);
  return known === undefined ? fill : { ...fill, clientOrderId: known.clientOrderId };
}

/** The venue no longer lists the order: filled when the journaled fills cover it, else canceled (never a guessed fill). */
function closeAbsent(journal: Journal, order: JournalOrder, tsLocal: number): OrderUpdate {
  const filled = journal.filledQuantity(order.venue, order.clientOrderId);
  const full = filled >= order.quantity - QTY_EPS;
  const reason = full
    ? 'reconciled: filled, not open at the venue'
    : order.venueOrderId === null && order.status === 'pending_new'
      ? `reconciled: not open at the venue and never acknowledged (${filled} of ${order.quantity} filled); the send may not have reached it`
      : `reconciled: no longer open at the venue (${filled} of ${order.quantity} filled)`;
  const status = full ? 'filled' : 'canceled';
  journal.closeOrder(order.clientOrderId, status, filled, reason, tsLocal);
  return {
    kind: 'order_update', venue: order.venue, symbol: order.symbol, clientOrderId: order.clientOrderId, venueOrderId: order.venueOrderId, status,
    filledQuantity: filled, remainingQuantity: 0, averageFillPrice: null, reason, tsVenue: null, tsLocal,
  };
}
