/**
 * The trading journal: every order intent, acknowledgement, update, fill, cancel, balance change
 * and reconciliation event in an embedded SQLite database (WAL, `synchronous=FULL`, so a commit
 * has reached the disk before the engine acts on what it records). Client order ids are
 * `<strategy key>-<sequence>`, the sequence continuing from the journal after a restart, so an id
 * is never reused; fills are unique per (venue, venue trade id), so a fill seen twice (answer and
 * channel, or live and reconciliation) is recorded once.
 */
import Database from 'better-sqlite3';
import { ArbiterError } from '../../domain/errors.js';
import { TERMINAL_ORDER_STATUSES, type Fill, type OrderRequest, type OrderSide, type OrderStatus, type OrderUpdate } from '../../domain/order.js';
import { parseVenueId, type VenueId } from '../../domain/venue.js';

export const JOURNAL_SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS orders (
  client_order_id TEXT PRIMARY KEY,
  strategy_key TEXT NOT NULL,
  seq INTEGER NOT NULL,
  strategy_order_id TEXT,
  origin TEXT NOT NULL CHECK (origin IN ('intent', 'venue')),
  venue TEXT NOT NULL, symbol TEXT NOT NULL, side TEXT, type TEXT,
  quantity REAL NOT NULL, price REAL, time_in_force TEXT, post_only INTEGER NOT NULL, reduce_only INTEGER NOT NULL, expire_at_ms INTEGER,
  created_ms INTEGER NOT NULL,
  status TEXT NOT NULL, venue_order_id TEXT, filled_quantity REAL NOT NULL DEFAULT 0, reason TEXT, updated_ms INTEGER NOT NULL,
  UNIQUE (strategy_key, seq)
);
CREATE INDEX IF NOT EXISTS orders_open ON orders (venue, status);
CREATE TABLE IF NOT EXISTS order_events (
  id INTEGER PRIMARY KEY, client_order_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('intent', 'ack', 'update', 'rejected', 'unknown_outcome')),
  status TEXT, venue_order_id TEXT, filled_quantity REAL, remaining_quantity REAL, average_price REAL, reason TEXT,
  ts_venue INTEGER, ts_local INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS fills (
  id INTEGER PRIMARY KEY, venue TEXT NOT NULL, trade_id TEXT NOT NULL, client_order_id TEXT NOT NULL, venue_order_id TEXT,
  symbol TEXT NOT NULL, side TEXT NOT NULL, price REAL NOT NULL, quantity REAL NOT NULL, fee REAL NOT NULL, fee_currency TEXT NOT NULL,
  liquidity TEXT NOT NULL, ts_venue INTEGER, ts_local INTEGER NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('live', 'reconcile')),
  UNIQUE (venue, trade_id)
);
CREATE TABLE IF NOT EXISTS cancels (
  id INTEGER PRIMARY KEY, client_order_id TEXT NOT NULL, venue TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('requested', 'done', 'failed')), error TEXT, ts_local INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS amends (
  id INTEGER PRIMARY KEY, client_order_id TEXT NOT NULL, venue TEXT NOT NULL, price REAL, quantity REAL,
  outcome TEXT NOT NULL CHECK (outcome IN ('requested', 'done', 'failed', 'unknown')), error TEXT, ts_local INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS balance_changes (
  id INTEGER PRIMARY KEY, venue TEXT NOT NULL, currency TEXT NOT NULL, delta REAL NOT NULL, balance REAL,
  reason TEXT NOT NULL, ref TEXT, ts_local INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS reconciliation_events (
  id INTEGER PRIMARY KEY, venue TEXT NOT NULL, kind TEXT NOT NULL, client_order_id TEXT, trade_id TEXT, detail TEXT NOT NULL, ts_local INTEGER NOT NULL
);
`;

/** An order as the journal holds it: the intent plus its latest known state. */
export interface JournalOrder {
  readonly clientOrderId: string;
  readonly strategyKey: string;
  readonly seq: number;
  /** The id the strategy used (within its run); null for orders adopted from the venue. */
  readonly strategyOrderId: string | null;
  readonly origin: 'intent' | 'venue';
  readonly venue: VenueId;
  readonly symbol: string;
  /** Null for an adopted venue order whose report does not say. */
  readonly side: OrderSide | null;
  readonly quantity: number;
  readonly price: number | null;
  readonly createdMs: number;
  readonly status: OrderStatus;
  readonly venueOrderId: string | null;
  readonly filledQuantity: number;
  readonly reason: string | null;
  readonly updatedMs: number;
}

export type ReconciliationKind =
  | 'fill_adopted' | 'order_closed' | 'order_adopted' | 'order_state_adopted' | 'position_mismatch' | 'balance_mismatch' | 'balance_recorded' | 'venue_unsupported';

export interface ReconciliationEvent {
  readonly venue: VenueId;
  readonly kind: ReconciliationKind;
  readonly clientOrderId: string | null;
  readonly tradeId: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly tsLocal: number;
}

/** The assets a spot pair's fills move (`BTCUSDT` → BTC, USDT), as the venue names them in its balances. */
export interface SpotAssets {
  readonly base: string;
  readonly quote: string;
}

/** How an amend request ended: `unknown` when its answer was lost. */
export type AmendOutcome = 'requested' | 'done' | 'failed' | 'unknown';

export interface JournalAmend {
  readonly price: number | null;
  readonly quantity: number | null;
  readonly outcome: AmendOutcome;
  readonly error: string | null;
  readonly tsLocal: number;
}

export interface JournalCounts {
  readonly orders: number;
  readonly orderEvents: number;
  readonly fills: number;
  readonly cancels: number;
  readonly amends: number;
  readonly balanceChanges: number;
  readonly reconciliationEvents: number;
}

const ORDER_ID = /^(.*\S)-(\d+)$/;

/** The strategy part of a strategy's client order id: `momentum-12` → `momentum`; an id without a trailing number is its own key. */
export function strategyKeyOf(strategyOrderId: string): string {
  const m = ORDER_ID.exec(strategyOrderId);
  return m === null ? strategyOrderId : m[1]!;
}

interface OrderRow {
  client_order_id: string; strategy_key: string; seq: number; strategy_order_id: string | null; origin: 'intent' | 'venue';
  venue: string; symbol: string; side: OrderSide | null; quantity: number; price: number | null; created_ms: number;
  status: OrderStatus; venue_order_id: string | null; filled_quantity: number; reason: string | null; updated_ms: number;
}

interface FillRow {
  venue: string; trade_id: string; client_order_id: string; venue_order_id: string | null; symbol: string; side: OrderSide; price: number; quantity: number;
  fee: number; fee_currency: string; liquidity: 'maker' | 'taker'; ts_venue: number | null; ts_local: number;
}

export class Journal {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly s: ReturnType<Journal['prepare']>;

  /**
   * Opens (or creates) the journal at `path` (`:memory:` for tests).
   * @throws ArbiterError ARB_STORE_JOURNAL when the file is not a database, holds a journal of
   * another schema version, or is held by another process.
   */
  constructor(path: string, now: () => number = Date.now) {
    this.path = path;
    try {
      this.db = new Database(path);
    } catch (error) {
      throw new ArbiterError('ARB_STORE_JOURNAL', `cannot open the journal ${path}: ${error instanceof Error ? error.message : String(error)}`, { file: path }, { cause: error });
    }
    try {
      // One process per journal: the exclusive lock is held until close (the OS drops it if the process dies).
      this.db.pragma('locking_mode = EXCLUSIVE');
      this.db.pragma('busy_timeout = 2000');
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.exec('BEGIN EXCLUSIVE; COMMIT;');
      this.db.exec(SCHEMA);
    } catch (error) {
      this.db.close();
      const message = error instanceof Error ? error.message : String(error);
      const busy = /locked|busy/i.test(message);
      throw new ArbiterError('ARB_STORE_JOURNAL', busy ? `the journal ${path} is in use by another process (one engine per state_dir)` : `cannot open the journal ${path}: ${message}`, { file: path }, { cause: error });
    }
    const version = this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get('schema_version') as string | undefined;
    if (version === undefined) {
      this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?), (?, ?)').run('schema_version', String(JOURNAL_SCHEMA_VERSION), 'created_ms', String(now()));
    } else if (Number(version) !== JOURNAL_SCHEMA_VERSION) {
      this.db.close();
      throw new ArbiterError('ARB_STORE_JOURNAL', `the journal ${path} has schema version ${version}; this Arbiter reads version ${JOURNAL_SCHEMA_VERSION}`, { file: path, version });
    }
    this.s = this.prepare();
  }

  private prepare() {
    const db = this.db;
    return {
      maxSeq: db.prepare('SELECT MAX(seq) FROM orders WHERE strategy_key = ?').pluck(),
      exists: db.prepare('SELECT 1 FROM orders WHERE client_order_id = ?').pluck(),
      insertOrder: db.prepare(`INSERT INTO orders (client_order_id, strategy_key, seq, strategy_order_id, origin, venue, symbol, side, type, quantity, price, time_in_force,
        post_only, reduce_only, expire_at_ms, created_ms, status, venue_order_id, filled_quantity, reason, updated_ms)
        VALUES (@clientOrderId, @strategyKey, @seq, @strategyOrderId, @origin, @venue, @symbol, @side, @type, @quantity, @price, @timeInForce,
        @postOnly, @reduceOnly, @expireAtMs, @ts, @status, @venueOrderId, @filledQuantity, @reason, @ts)`),
      insertEvent: db.prepare(`INSERT INTO order_events (client_order_id, kind, status, venue_order_id, filled_quantity, remaining_quantity, average_price, reason, ts_venue, ts_local)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      order: db.prepare('SELECT * FROM orders WHERE client_order_id = ?'),
      orderByVenueId: db.prepare('SELECT * FROM orders WHERE venue = ? AND venue_order_id = ?'),
      setState: db.prepare('UPDATE orders SET status = ?, venue_order_id = COALESCE(?, venue_order_id), filled_quantity = MAX(filled_quantity, ?), reason = COALESCE(?, reason), updated_ms = ? WHERE client_order_id = ?'),
      setVenueId: db.prepare('UPDATE orders SET venue_order_id = ?, status = CASE WHEN status = \'pending_new\' THEN \'open\' ELSE status END, updated_ms = ? WHERE client_order_id = ?'),
      live: db.prepare(`SELECT * FROM orders WHERE venue = ? AND status IN ('pending_new', 'open', 'partially_filled') ORDER BY created_ms, seq`),
      insertFill: db.prepare(`INSERT OR IGNORE INTO fills (venue, trade_id, client_order_id, venue_order_id, symbol, side, price, quantity, fee, fee_currency, liquidity, ts_venue, ts_local, source)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      fills: db.prepare('SELECT * FROM fills ORDER BY id'),
      fillsOf: db.prepare('SELECT * FROM fills WHERE venue = ? ORDER BY id'),
      filledOf: db.prepare('SELECT COALESCE(SUM(quantity), 0) FROM fills WHERE venue = ? AND client_order_id = ?').pluck(),
      lastFillTs: db.prepare('SELECT MAX(COALESCE(ts_venue, ts_local)) FROM fills WHERE venue = ?').pluck(),
      insertCancel: db.prepare('INSERT INTO cancels (client_order_id, venue, outcome, error, ts_local) VALUES (?, ?, ?, ?, ?)'),
      insertAmend: db.prepare('INSERT INTO amends (client_order_id, venue, price, quantity, outcome, error, ts_local) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      amendOrder: db.prepare('UPDATE orders SET quantity = COALESCE(?, quantity), price = COALESCE(?, price), updated_ms = ? WHERE client_order_id = ?'),
      amends: db.prepare('SELECT * FROM amends WHERE client_order_id = ? ORDER BY id'),
      lastBalance: db.prepare('SELECT balance FROM balance_changes WHERE venue = ? AND currency = ? AND balance IS NOT NULL ORDER BY id DESC LIMIT 1').pluck(),
      lastKnown: db.prepare('SELECT id, balance FROM balance_changes WHERE venue = ? AND currency = ? AND balance IS NOT NULL ORDER BY id DESC LIMIT 1'),
      deltasAfter: db.prepare('SELECT COALESCE(SUM(delta), 0) FROM balance_changes WHERE venue = ? AND currency = ? AND id > ? AND balance IS NULL').pluck(),
      insertBalance: db.prepare('INSERT INTO balance_changes (venue, currency, delta, balance, reason, ref, ts_local) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      insertRecon: db.prepare('INSERT INTO reconciliation_events (venue, kind, client_order_id, trade_id, detail, ts_local) VALUES (?, ?, ?, ?, ?, ?)'),
      recon: db.prepare('SELECT * FROM reconciliation_events ORDER BY id'),
      meta: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
      count: (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck(),
    };
  }

  /** When this journal was created (epoch ms). */
  get createdMs(): number {
    return Number(this.s.meta.get('created_ms'));
  }

  /**
   * Records an order intent before it is sent and returns the client order id to send:
   * `<strategy key>-<next sequence>`, the sequence continuing after every id the journal holds.
   * @throws ArbiterError ARB_INPUT_INVALID for a non-positive or non-finite quantity or price.
   */
  recordIntent(request: OrderRequest, tsLocal: number): string {
    if (!(request.quantity > 0) || !Number.isFinite(request.quantity)) {
      throw new ArbiterError('ARB_INPUT_INVALID', `order ${request.clientOrderId}: quantity ${request.quantity} must be positive`, { clientOrderId: request.clientOrderId });
    }
    if (request.price !== null && !Number.isFinite(request.price)) {
      throw new ArbiterError('ARB_INPUT_INVALID', `order ${request.clientOrderId}: price ${request.price} is not a number`, { clientOrderId: request.clientOrderId });
    }
    const key = strategyKeyOf(request.clientOrderId);
    return this.db.transaction(() => {
      let seq = ((this.s.maxSeq.get(key) as number | null) ?? 0) + 1;
      while (this.s.exists.get(`${key}-${seq}`) !== undefined) seq++;
      const clientOrderId = `${key}-${seq}`;
      this.s.insertOrder.run({
        clientOrderId, strategyKey: key, seq, strategyOrderId: request.clientOrderId, origin: 'intent', venue: request.venue, symbol: request.symbol, side: request.side,
        type: request.type, quantity: request.quantity, price: request.price, timeInForce: request.timeInForce, postOnly: request.postOnly ? 1 : 0,
        reduceOnly: request.reduceOnly ? 1 : 0, expireAtMs: request.expireAtMs, ts: tsLocal, status: 'pending_new', venueOrderId: null, filledQuantity: 0, reason: null,
      });
      this.s.insertEvent.run(clientOrderId, 'intent', 'pending_new', null, 0, request.quantity, null, null, null, tsLocal);
      return clientOrderId;
    })();
  }

  /** The venue accepted the order (its id may be null when the venue answers without one). */
  recordAck(clientOrderId: string, venueOrderId: string | null, tsLocal: number): void {
    this.db.transaction(() => {
      this.s.insertEvent.run(clientOrderId, 'ack', null, venueOrderId, null, null, null, null, null, tsLocal);
      if (venueOrderId !== null) this.s.setVenueId.run(venueOrderId, tsLocal, clientOrderId);
    })();
  }

  /**
   * The send failed. `unknownOutcome` keeps the order pending (reconciliation decides); otherwise
   * the order is rejected, with the reason.
   */
  recordSubmitFailure(clientOrderId: string, reason: string, unknownOutcome: boolean, tsLocal: number): void {
    this.db.transaction(() => {
      this.s.insertEvent.run(clientOrderId, unknownOutcome ? 'unknown_outcome' : 'rejected', unknownOutcome ? null : 'rejected', null, null, null, null, reason, null, tsLocal);
      if (!unknownOutcome) {
        const row = this.s.order.get(clientOrderId) as OrderRow | undefined;
        if (row !== undefined && !TERMINAL_ORDER_STATUSES.has(row.status)) this.s.setState.run('rejected', null, 0, reason, tsLocal, clientOrderId);
      }
    })();
  }

  /**
   * An order update from the venue. A terminal order is never reopened by a late update.
   * @returns false when the journal has no order with this client order id.
   */
  recordUpdate(update: OrderUpdate): boolean {
    return this.db.transaction(() => {
      const row = this.s.order.get(update.clientOrderId) as OrderRow | undefined;
      if (row === undefined) return false;
      this.s.insertEvent.run(update.clientOrderId, 'update', update.status, update.venueOrderId, update.filledQuantity, update.remainingQuantity, update.averageFillPrice, update.reason, update.tsVenue, update.tsLocal);
      if (!(TERMINAL_ORDER_STATUSES.has(row.status) && !TERMINAL_ORDER_STATUSES.has(update.status))) {
        this.s.setState.run(update.status, update.venueOrderId, update.filledQuantity, update.reason, update.tsLocal, update.clientOrderId);
      }
      return true;
    })();
  }

  /**
   * Adopts an order the venue reports that the journal does not hold (placed elsewhere, or before
   * the journal): its id, symbol, state and size; side, type and price stay unknown (null).
   */
  adoptVenueOrder(update: OrderUpdate): string {
    return this.db.transaction(() => {
      const key = `venue:${update.venue}`;
      const clientOrderId = update.clientOrderId !== '' && this.s.exists.get(update.clientOrderId) === undefined ? update.clientOrderId : `${key}:${update.venueOrderId ?? update.tsLocal}`;
      const seq = ((this.s.maxSeq.get(key) as number | null) ?? 0) + 1;
      this.s.insertOrder.run({
        clientOrderId, strategyKey: key, seq, strategyOrderId: null, origin: 'venue', venue: update.venue, symbol: update.symbol, side: null, type: null,
        quantity: update.filledQuantity + update.remainingQuantity, price: null, timeInForce: null, postOnly: 0, reduceOnly: 0, expireAtMs: null, ts: update.tsLocal, status: update.status, venueOrderId: update.venueOrderId,
        filledQuantity: update.filledQuantity, reason: null,
      });
      this.s.insertEvent.run(clientOrderId, 'update', update.status, update.venueOrderId, update.filledQuantity, update.remainingQuantity, update.averageFillPrice, null, update.tsVenue, update.tsLocal);
      return clientOrderId;
    })();
  }

  /** Closes an order the venue no longer lists, with the reason; never touches its fills. */
  closeOrder(clientOrderId: string, status: OrderStatus, filledQuantity: number, reason: string, tsLocal: number): void {
    this.db.transaction(() => {
      this.s.insertEvent.run(clientOrderId, 'update', status, null, filledQuantity, 0, null, reason, null, tsLocal);
      this.s.setState.run(status, null, filledQuantity, reason, tsLocal, clientOrderId);
    })();
  }

  /**
   * Records a fill once per (venue, trade id), with its fee as a balance change. A spot pair's
   * fill (`spot`: its assets) also moves the base (± quantity) and quote (∓ price × quantity)
   * balances, which is all a spot trade changes at the venue.
   * @returns true when the fill is new, false for a duplicate.
   */
  recordFill(fill: Fill, source: 'live' | 'reconcile', spot?: SpotAssets): boolean {
    return this.db.transaction(() => {
      const r = this.s.insertFill.run(fill.venue, fill.tradeId, fill.clientOrderId, fill.venueOrderId, fill.symbol, fill.side, fill.price, fill.quantity, fill.fee, fill.feeCurrency,
        fill.liquidity, fill.tsVenue, fill.tsLocal, source);
      if (r.changes === 0) return false;
      if (spot !== undefined) {
        const sign = fill.side === 'buy' ? 1 : -1;
        this.s.insertBalance.run(fill.venue, spot.base, sign * fill.quantity, null, 'trade', fill.tradeId, fill.tsLocal);
        this.s.insertBalance.run(fill.venue, spot.quote, -sign * fill.quantity * fill.price, null, 'trade', fill.tradeId, fill.tsLocal);
      }
      if (fill.fee !== 0) this.s.insertBalance.run(fill.venue, fill.feeCurrency, -fill.fee, null, 'fee', fill.tradeId, fill.tsLocal);
      return true;
    })();
  }

  recordCancel(clientOrderId: string, venue: VenueId, outcome: 'requested' | 'done' | 'failed', error: string | null, tsLocal: number): void {
    this.s.insertCancel.run(clientOrderId, venue, outcome, error, tsLocal);
  }

  /**
   * An amend request (before it is sent) and its outcome. `done` (the venue accepted it) also
   * sets the order's quantity and price, so reconciliation judges a vanished order against the
   * amended size; `failed` (refused or never sent) and `unknown` (the answer was lost) leave the
   * order as it was: the venue's updates and the next reconciliation tell what it holds.
   */
  recordAmend(clientOrderId: string, venue: VenueId, change: { readonly price?: number; readonly quantity?: number }, outcome: AmendOutcome, error: string | null, tsLocal: number): void {
    this.db.transaction(() => {
      this.s.insertAmend.run(clientOrderId, venue, change.price ?? null, change.quantity ?? null, outcome, error, tsLocal);
      if (outcome === 'done') this.s.amendOrder.run(change.quantity ?? null, change.price ?? null, tsLocal, clientOrderId);
    })();
  }

  /** The amend requests and outcomes of an order, oldest first. */
  amendsOf(clientOrderId: string): JournalAmend[] {
    return (this.s.amends.all(clientOrderId) as Array<Omit<JournalAmend, 'tsLocal'> & { ts_local: number }>)
      .map((r) => ({ price: r.price, quantity: r.quantity, outcome: r.outcome, error: r.error, tsLocal: r.ts_local }));
  }

  /**
   * A known balance (declared capital, or what the venue reports); the delta is against the
   * derived balance (the last known one plus the fee changes since), so deltas sum to the balance.
   */
  recordBalance(venue: VenueId, currency: string, balance: number, reason: string, tsLocal: number): void {
    this.db.transaction(() => {
      this.s.insertBalance.run(venue, currency, balance - (this.derivedBalance(venue, currency) ?? 0), balance, reason, null, tsLocal);
    })();
  }

  /**
   * The balance the journal implies: the last known balance of a currency on a venue plus the
   * changes journaled after it (fees of fills, spot trades' base and quote); undefined when no
   * balance was ever recorded. Derivatives' trading PnL and premiums are not balance changes here
   * (the portfolio derives them from fills).
   */
  derivedBalance(venue: VenueId, currency: string): number | undefined {
    const last = this.s.lastKnown.get(venue, currency) as { id: number; balance: number } | undefined;
    if (last === undefined) return undefined;
    return last.balance + (this.s.deltasAfter.get(venue, currency, last.id) as number);
  }

  /** The last known balance of a currency on a venue, or undefined when none was recorded. */
  lastBalance(venue: VenueId, currency: string): number | undefined {
    return this.s.lastBalance.get(venue, currency) as number | undefined;
  }

  recordReconciliation(event: ReconciliationEvent): void {
    this.s.insertRecon.run(event.venue, event.kind, event.clientOrderId, event.tradeId, JSON.stringify(event.detail), event.tsLocal);
  }

  order(clientOrderId: string): JournalOrder | undefined {
    const row = this.s.order.get(clientOrderId) as OrderRow | undefined;
    return row === undefined ? undefined : toOrder(row);
  }

  orderByVenueId(venue: VenueId, venueOrderId: string): JournalOrder | undefined {
    const row = this.s.orderByVenueId.get(venue, venueOrderId) as OrderRow | undefined;
    return row === undefined ? undefined : toOrder(row);
  }

  /** Orders not yet in a terminal state on `venue`, oldest first. */
  liveOrders(venue: VenueId): JournalOrder[] {
    return (this.s.live.all(venue) as OrderRow[]).map(toOrder);
  }

  /** All fills (of one venue when given) in the order they were journaled. */
  fills(venue?: VenueId): Fill[] {
    const rows = (venue === undefined ? this.s.fills.all() : this.s.fillsOf.all(venue)) as FillRow[];
    return rows.map((r) => ({
      kind: 'fill', venue: parseVenueId(r.venue), symbol: r.symbol, clientOrderId: r.client_order_id, venueOrderId: r.venue_order_id, tradeId: r.trade_id, side: r.side,
      price: r.price, quantity: r.quantity, fee: r.fee, feeCurrency: r.fee_currency, liquidity: r.liquidity, tsVenue: r.ts_venue, tsLocal: r.ts_local,
    }));
  }

  /** Sum of the journaled fills of one order. */
  filledQuantity(venue: VenueId, clientOrderId: string): number {
    return this.s.filledOf.get(venue, clientOrderId) as number;
  }

  /** Venue time of the newest journaled fill on `venue` (local time when the venue gave none). */
  lastFillMs(venue: VenueId): number | null {
    return (this.s.lastFillTs.get(venue) as number | null) ?? null;
  }

  reconciliationEvents(): ReconciliationEvent[] {
    return (this.s.recon.all() as Array<{ venue: string; kind: ReconciliationKind; client_order_id: string | null; trade_id: string | null; detail: string; ts_local: number }>).map((r) => ({
      venue: parseVenueId(r.venue), kind: r.kind, clientOrderId: r.client_order_id, tradeId: r.trade_id, detail: JSON.parse(r.detail) as Record<string, unknown>, tsLocal: r.ts_local,
    }));
  }

  counts(): JournalCounts {
    const c = (t: string): number => this.s.count(t).get() as number;
    return {
      orders: c('orders'), orderEvents: c('order_events'), fills: c('fills'), cancels: c('cancels'), amends: c('amends'), balanceChanges: c('balance_changes'), reconciliationEvents: c('reconciliation_events'),
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function toOrder(r: OrderRow): JournalOrder {
  return {
    clientOrderId: r.client_order_id, strategyKey: r.strategy_key, seq: r.seq, strategyOrderId: r.strategy_order_id, origin: r.origin, venue: parseVenueId(r.venue),
    symbol: r.symbol, side: r.side, quantity: r.quantity, price: r.price, createdMs: r.created_ms, status: r.status, venueOrderId: r.venue_order_id,
    filledQuantity: r.filled_quantity, reason: r.reason, updatedMs: r.updated_ms,
  };
}
