/**
 * Shared pieces of the fault tests: a probe that keeps trying to trade one instrument through the
 * risk gate, a router behind the gate that checks — independently of the gate, from the feed's
 * own state and the events the test saw — that nothing is sent on stale, disconnected or
 * resynchronising data, and a wait-with-deadline.
 */
import type { MarketEvent } from '../../src/domain/market-event.js';
import type { OrderRequest } from '../../src/domain/order.js';
import type { VenueId } from '../../src/domain/venue.js';
import { silentLogger } from '../../src/engine/logger.js';
import type { ExecutionRouter } from '../../src/engine/market-feed.js';
import { DEFAULT_RISK_LIMITS, MarketWatch, RiskGate, RiskRejectedError, feedStatusOf, type RiskLimits } from '../../src/engine/risk/index.js';
import type { OrderAck } from '../../src/engine/strategy.js';

export async function until(what: string, cond: () => boolean, timeoutMs = 5_000): Promise<number> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return Date.now() - start;
}

/** What the oracle reads off the real feed. */
export interface FeedProbe {
  connected(): boolean;
  connections(): number;
  /** False while the feed's own book of the symbol is being rebuilt; undefined when it keeps none. */
  bookUsable(symbol: string): boolean | undefined;
}

export interface HarnessOptions {
  readonly venue: VenueId;
  readonly symbol: string;
  /** The real feed: the gate reads its connection state as the sessions do (feedStatusOf). */
  readonly feed: object;
  /** The oracle's own reading of the same feed. */
  readonly probe: FeedProbe;
  readonly limits?: Partial<RiskLimits>;
  /** The real order entry behind the gate; without one, orders stop at the recording router. */
  readonly inner?: ExecutionRouter;
}

/** A gate in front of a recording router, plus the sink the feed should push to. */
export class FaultHarness {
  readonly watch: MarketWatch;
  readonly gate: RiskGate;
  /** Orders that reached the venue side, with the time they were sent. */
  readonly sent: Array<{ at: number; request: OrderRequest }> = [];
  /** Orders the oracle found sent on data it would not trade on. */
  readonly violations: string[] = [];
  readonly problems = new Map<string, number>();
  readonly maxAgeMs: number;
  private lastEventAt = new Map<string, { at: number; conn: number }>();
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;

  constructor(private readonly options: HarnessOptions) {
    const limits = { ...DEFAULT_RISK_LIMITS, maxOrdersPerSec: 1_000, orderBurst: 1_000, priceBandFraction: 0.5, maxOrderNotionalUsd: Infinity, maxInstrumentExposureUsd: Infinity, maxVenueExposureUsd: Infinity, maxTotalExposureUsd: Infinity, maxQuoteAgeMs: 1_000, ...options.limits };
    this.maxAgeMs = limits.maxQuoteAgeMs;
    const feed = options.feed;
    this.watch = new MarketWatch(feedStatusOf(() => feed));
    const router: ExecutionRouter = {
      submit: async (request: OrderRequest): Promise<OrderAck> => {
        this.audit(request);
        this.sent.push({ at: Date.now(), request });
        return options.inner ? options.inner.submit(request) : { clientOrderId: request.clientOrderId, venueOrderId: null };
      },
      cancel: async (venue, id) => options.inner?.cancel(venue, id),
    };
    this.gate = new RiskGate({ inner: router, limits, market: this.watch, notionalUsd: (_v, _s, q, p) => Math.abs(q) * p, now: Date.now, logger: silentLogger });
  }

  /** The feed's sink: the watch sees every event; the oracle notes when each symbol last had data. */
  readonly sink = (event: MarketEvent): void => {
    this.watch.onMarketEvent(event);
    if (event.symbol === this.options.symbol && event.kind !== 'trade' && event.kind !== 'status') {
      this.lastEventAt.set(event.symbol, { at: Date.now(), conn: this.options.probe.connections() });
    }
  };

  /** Tries to buy one unit at the best bid every `everyMs`. */
  startProbing(everyMs = 5): void {
    this.timer = setInterval(() => void this.tryOrder(), everyMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  get lastSentAt(): number {
    return this.sent.at(-1)?.at ?? -Infinity;
  }

  /** Submits one order through the gate, at the best bid unless `price` is given. */
  order(overrides: Partial<OrderRequest> = {}): Promise<OrderAck> {
    const top = this.watch.top(this.options.venue, this.options.symbol);
    return this.gate.submit({
      clientOrderId: `manual-${++this.seq}`, venue: this.options.venue, symbol: this.options.symbol, side: 'buy', type: 'limit', quantity: 1, price: top?.bid ?? top?.ask ?? 1,
      timeInForce: 'gtc', postOnly: false, reduceOnly: false, expireAtMs: null, ...overrides,
    });
  }

  private async tryOrder(): Promise<void> {
    const top = this.watch.top(this.options.venue, this.options.symbol);
    const price = top?.bid ?? top?.ask ?? 1;
    try {
      await this.gate.submit({
        clientOrderId: `probe-${++this.seq}`, venue: this.options.venue, symbol: this.options.symbol, side: 'buy', type: 'limit', quantity: 1, price,
        timeInForce: 'gtc', postOnly: false, reduceOnly: false, expireAtMs: null,
      });
    } catch (error) {
      if (!(error instanceof RiskRejectedError)) throw error;
      const key = String(error.context.problem ?? error.limit);
      this.problems.set(key, (this.problems.get(key) ?? 0) + 1);
    }
  }

  private audit(request: OrderRequest): void {
    const feed = this.options.probe;
    const seen = this.lastEventAt.get(request.symbol);
    const now = Date.now();
    if (!feed.connected()) this.violations.push(`${request.clientOrderId} sent while the feed was disconnected`);
    if (feed.bookUsable(request.symbol) === false) this.violations.push(`${request.clientOrderId} sent while the book was resynchronising`);
    if (!seen) this.violations.push(`${request.clientOrderId} sent before any data`);
    else {
      if (now - seen.at > this.maxAgeMs) this.violations.push(`${request.clientOrderId} sent on data ${now - seen.at} ms old`);
      if (seen.conn !== feed.connections()) this.violations.push(`${request.clientOrderId} sent on data from before a reconnect`);
    }
  }
}
