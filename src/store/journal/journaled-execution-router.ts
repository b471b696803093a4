/**
 * An ExecutionRouter that journals before it acts: the intent is committed before the order is
 * sent (under a fresh client order id `<strategy key>-<sequence>` that no run has used), the ack
 * or failure after; venue updates and fills are committed before anyone hears of them, and a fill
 * whose (venue, trade id) is already journaled is dropped. Strategies keep their own ids: the
 * router translates between them and the journal's ids for orders of this run; updates for
 * orders of earlier runs reach the account (`owned` false) but no strategy. A lost answer
 * (ARB_VENUE_UNKNOWN_OUTCOME) leaves the order pending and triggers a reconciliation.
 */
import { ArbiterError, NotSupportedError, type ErrorCode } from '../../domain/errors.js';
import type { Fill, OrderRequest, OrderUpdate } from '../../domain/order.js';
import type { VenueId } from '../../domain/venue.js';
import type { Logger } from '../../engine/logger.js';
import type { ExecutionRouter, OrderAmendment } from '../../engine/market-feed.js';
import type { OrderAck } from '../../engine/strategy.js';
import type { Journal } from './journal.js';
import { reconcile, type ReconcilableClient, type VenueReconciliation } from './reconcile.js';

export interface JournaledExecutionRouterOptions {
  readonly journal: Journal;
  readonly clients: readonly ReconcilableClient[];
  readonly logger: Logger;
  /** Every update and every new fill, after it is journaled. `owned`: the order was placed in this run, and ids are the strategy's own. */
  readonly onUpdate: (update: OrderUpdate | Fill, owned: boolean) => void;
  readonly now?: () => number;
  /** Reconciliation after an unknown outcome waits this long for the venue to settle (default 1000 ms). */
  readonly reconcileDelayMs?: number;
  readonly overlapMs?: number;
}

export interface JournaledRouterStats {
  submitted: number;
  rejected: number;
  unknownOutcomes: number;
  fills: number;
  duplicateFills: number;
  updates: number;
  unknownUpdates: number;
  reconciliations: number;
  reconcileFailures: number;
}

/** Failures that prove the order never reached the venue (or the venue refused it); anything else is an unknown outcome. */
const NOT_SENT: ReadonlySet<ErrorCode> = new Set(['ARB_VENUE_REJECTED', 'ARB_INPUT_INVALID', 'ARB_NOT_SUPPORTED', 'ARB_VENUE_TRANSIENT', 'ARB_CONFIG_INVALID']);

export class JournaledExecutionRouter implements ExecutionRouter {
  readonly stats: JournaledRouterStats = { submitted: 0, rejected: 0, unknownOutcomes: 0, fills: 0, duplicateFills: 0, updates: 0, unknownUpdates: 0, reconciliations: 0, reconcileFailures: 0 };
  private readonly clients = new Map<VenueId, ReconcilableClient>();
  private readonly strategyIdOf = new Map<string, string>(); // journal id → the strategy's id (this run)
  private readonly journalIdOf = new Map<string, string>(); // venue + strategy id → journal id (this run)
  private readonly inFlight = new Set<string>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly now: () => number;
  private running: Promise<VenueReconciliation[]> | null = null;
  private again = false;
  private periodic: NodeJS.Timeout | null = null;
  private delayed: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: JournaledExecutionRouterOptions) {
    this.now = options.now ?? Date.now;
    for (const c of options.clients) {
      if (this.clients.has(c.venue)) throw new ArbiterError('ARB_CONFIG_INVALID', `two execution clients for ${c.venue}`, { venue: c.venue });
      this.clients.set(c.venue, c);
      c.onUpdate((u) => this.fromVenue(u));
    }
  }

  /**
   * Journals the intent, sends it under the journal's client order id, journals the outcome.
   * @throws NotSupportedError when no client serves the venue (nothing journaled); whatever the
   * client throws, after journaling it (a rejection closes the order, an unknown outcome leaves it
   * pending and schedules a reconciliation).
   */
  async submit(request: OrderRequest): Promise<OrderAck> {
    const client = this.client(request.venue);
    const id = this.options.journal.recordIntent(request, this.now());
    this.strategyIdOf.set(id, request.clientOrderId);
    this.journalIdOf.set(`${request.venue}\u0000${request.clientOrderId}`, id);
    this.inFlight.add(id);
    this.stats.submitted++;
    const sending = client.submit({ ...request, clientOrderId: id });
    this.pending.add(sending);
    try {
      const ack = await sending;
      this.options.journal.recordAck(id, ack.venueOrderId, this.now());
      return { clientOrderId: request.clientOrderId, venueOrderId: ack.venueOrderId };
    } catch (error) {
      const unknown = !(error instanceof ArbiterError) || !NOT_SENT.has(error.code);
      this.options.journal.recordSubmitFailure(id, error instanceof Error ? error.message : String(error), unknown, this.now());
      if (unknown) {
        this.stats.unknownOutcomes++;
        this.reconcileSoon();
      } else this.stats.rejected++;
      throw error;
    } finally {
      this.inFlight.delete(id);
      this.pending.delete(sending);
    }
  }

  /** Waits (at most `timeoutMs`) for the orders being sent to be answered; true when none is left. */
  async settle(timeoutMs: number): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (this.pending.size > 0) {
      const left = end - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...this.pending]), new Promise((resolve) => (timer = setTimeout(resolve, left)))]);
      clearTimeout(timer);
    }
    return true;
  }

  /** Journals the request and its outcome; `clientOrderId` is the strategy's id (or a journal id from an earlier run). */
  async cancel(venue: VenueId, clientOrderId: string): Promise<void> {
    const client = this.client(venue);
    const id = this.journalIdOf.get(`${venue}\u0000${clientOrderId}`) ?? clientOrderId;
    const { journal } = this.options;
    journal.recordCancel(id, venue, 'requested', null, this.now());
    try {
      await client.cancel(id);
      journal.recordCancel(id, venue, 'done', null, this.now());
    } catch (error) {
      journal.recordCancel(id, venue, 'failed', error instanceof Error ? error.message : String(error), this.now());
      throw error;
    }
  }

  /**
   * Journals the request (with the change) before it is sent and its outcome after: `done` also
   * sets the journal order's quantity and price; a refusal or a send that cannot have left is
   * `failed`; a lost answer is `unknown` and schedules a reconciliation (the venue's updates carry
   * what the order holds). Whatever the client throws is rethrown.
   * @throws NotSupportedError naming the venue when it has no client or its client cannot amend (nothing journaled).
   */
  async amend(venue: VenueId, clientOrderId: string, change: OrderAmendment): Promise<void> {
    const client = this.client(venue);
    if (!client.amend) throw new NotSupportedError(`${venue} execution cannot amend orders; cancel and replace instead`, { venue, clientOrderId });
    const id = this.journalIdOf.get(`${venue}\u0000${clientOrderId}`) ?? clientOrderId;
    const { journal } = this.options;
    journal.recordAmend(id, venue, change, 'requested', null, this.now());
    try {
      await client.amend(id, change);
      journal.recordAmend(id, venue, change, 'done', null, this.now());
    } catch (error) {
      const unknown = !(error instanceof ArbiterError) || !NOT_SENT.has(error.code);
      journal.recordAmend(id, venue, change, unknown ? 'unknown' : 'failed', error instanceof Error ? error.message : String(error), this.now());
      if (unknown) {
        this.stats.unknownOutcomes++;
        this.reconcileSoon();
      }
      throw error;
    }
  }

  /**
   * Reconciles every venue with the journal (see reconcile.ts). Calls made while one runs share
   * one follow-up run.
   * @throws what the venue queries throw; the journal keeps what was adopted before.
   */
  reconcile(): Promise<VenueReconciliation[]> {
    if (this.running !== null) {
      this.again = true;
      return this.running;
    }
    const run = async (): Promise<VenueReconciliation[]> => {
      try {
        let result: VenueReconciliation[];
        do {
          this.again = false;
          result = await reconcile({
            journal: this.options.journal, clients: [...this.clients.values()], now: this.now, logger: this.options.logger, inFlight: this.inFlight,
            overlapMs: this.options.overlapMs,
            onFillAdopted: (fill) => this.deliver(fill),
            onOrderUpdate: (update) => this.deliver(update),
          });
          this.stats.reconciliations++;
        } while (this.again && !this.closed);
        return result;
      } finally {
        this.running = null;
      }
    };
    this.running = run();
    return this.running;
  }

  /** Reconciles every `intervalMs` until `close()`; failures are logged and counted. */
  startPeriodic(intervalMs: number): void {
    if (this.periodic) clearInterval(this.periodic);
    this.periodic = setInterval(() => this.reconcileLogged(), intervalMs);
    this.periodic.unref();
  }

  /** Stops periodic and pending reconciliations (the clients are closed by their owner). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.periodic) clearInterval(this.periodic);
    if (this.delayed) clearTimeout(this.delayed);
    await this.running?.catch(() => undefined);
  }

  private reconcileSoon(): void {
    if (this.delayed !== null || this.closed) return;
    this.delayed = setTimeout(() => {
      this.delayed = null;
      this.reconcileLogged();
    }, this.options.reconcileDelayMs ?? 1000);
    this.delayed.unref();
  }

  private reconcileLogged(): void {
    if (this.closed) return;
    this.reconcile().catch((error: unknown) => {
      this.stats.reconcileFailures++;
      this.options.logger.warn({ err: error }, 'reconciliation failed; retried at the next period');
    });
  }

  private fromVenue(u: OrderUpdate | Fill): void {
    const { journal } = this.options;
    if (u.kind === 'fill') {
      if (!journal.recordFill(u, 'live', this.clients.get(u.venue)?.spotAssetsOf?.(u.symbol))) {
        this.stats.duplicateFills++;
        return;
      }
      this.stats.fills++;
      this.deliver(u);
      return;
    }
    let update = u;
    if (!journal.recordUpdate(update)) {
      const known = update.venueOrderId !== null ? journal.orderByVenueId(update.venue, update.venueOrderId) : undefined;
      if (known === undefined) {
        // Not ours as far as the journal knows: the next reconciliation adopts it if it is open.
        this.stats.unknownUpdates++;
        this.options.logger.debug({ venue: update.venue, clientOrderId: update.clientOrderId, venueOrderId: update.venueOrderId }, 'update for an order the journal does not hold');
        return;
      }
      update = { ...update, clientOrderId: known.clientOrderId };
      journal.recordUpdate(update);
    }
    this.stats.updates++;
    this.deliver(update);
  }

  /** Hands an already journaled update or fill on, under the strategy's id when the order is from this run. */
  private deliver(u: OrderUpdate | Fill): void {
    const strategyId = this.strategyIdOf.get(u.clientOrderId);
    this.options.onUpdate(strategyId === undefined ? u : { ...u, clientOrderId: strategyId }, strategyId !== undefined);
  }

  private client(venue: VenueId): ReconcilableClient {
    const c = this.clients.get(venue);
    if (!c) throw new NotSupportedError(`no execution client for ${venue}; orders there cannot be placed`, { venue });
    return c;
  }
}
