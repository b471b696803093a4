/**
 * MarketMonitor: watches a venue's options, perpetual and prediction-market quotes and keeps
 * what an operator looks at first — ATM implied vol per expiry, perpetual top of book rebuilt
 * from book deltas (with sequence-gap detection), trade flow, and "BTC above K" binary quotes.
 * It places no orders. Used by the interim demo and as the smallest complete strategy example.
 */
import type { OptionInstrument, OutcomeInstrument } from '../../domain/instrument.js';
import type { MarketEvent, TickerEvent } from '../../domain/market-event.js';
import type { VenueId } from '../../domain/venue.js';
import type { CatalogView, Strategy, StrategyContext, SubscriptionSpec } from '../../engine/strategy.js';
import { L2Book } from './l2-book.js';

export interface MarketMonitorConfig {
  readonly name: string;
  readonly underlying: string;
  /** Deribit perpetual whose book is rebuilt. */
  readonly perpetual: string;
  /** How often (event time) a status line is logged. */
  readonly reportEveryMs: number;
}

export interface MonitorSnapshot {
  readonly atmIvByExpiry: ReadonlyArray<{ readonly expiry: string; readonly strike: number; readonly markIv: number }>;
  readonly perpetual: { readonly bid: number | null; readonly ask: number | null; readonly levels: number; readonly gaps: number; readonly deltas: number };
  readonly trades: { readonly count: number; readonly volume: number; readonly buyShare: number | null };
  readonly binaries: ReadonlyArray<{ readonly question: string; readonly outcome: string; readonly bid: number | null; readonly ask: number | null }>;
  readonly events: number;
}

export class MarketMonitor implements Strategy {
  readonly venues: readonly VenueId[] = ['deribit', 'polymarket'];
  private options: OptionInstrument[] = [];
  private binaries: OutcomeInstrument[] = [];
  private readonly tickers = new Map<string, TickerEvent>();
  private readonly book = new L2Book();
  private lastSequence: number | null = null;
  private gaps = 0;
  private deltas = 0;
  private tradeCount = 0;
  private tradeVolume = 0;
  private buyVolume = 0;
  private events = 0;

  constructor(readonly config: MarketMonitorConfig) {}

  get name(): string {
    return this.config.name;
  }

  discoverSubscriptions(catalogs: CatalogView): readonly SubscriptionSpec[] {
    this.options = catalogs.instruments('deribit').filter((i): i is OptionInstrument => i.kind === 'option' && i.underlying === this.config.underlying);
    this.binaries = catalogs.instruments('polymarket').filter((i): i is OutcomeInstrument => i.kind === 'outcome' && i.underlying === this.config.underlying);
    return [
      ...this.options.map((o): SubscriptionSpec => ({ venue: 'deribit', symbol: o.symbol })),
      { venue: 'deribit', symbol: this.config.perpetual, channels: ['ticker', 'book', 'trades'] },
      ...this.binaries.map((b): SubscriptionSpec => ({ venue: 'polymarket', symbol: b.symbol })),
    ];
  }

  onStart(ctx: StrategyContext): void {
    ctx.setTimer('report', this.config.reportEveryMs, this.config.reportEveryMs);
  }

  onEvent(event: MarketEvent): void {
    this.events++;
    switch (event.kind) {
      case 'ticker':
        this.tickers.set(event.symbol, event);
        return;
      case 'book_snapshot':
        if (event.symbol !== this.config.perpetual) return;
        this.book.reset(event.bids, event.asks);
        this.lastSequence = event.sequence;
        return;
      case 'book_delta':
        if (event.symbol !== this.config.perpetual) return;
        this.deltas++;
        // A delta that does not follow the last change id means updates were lost.
        if (this.lastSequence !== null && event.prevSequence !== null && event.prevSequence !== this.lastSequence) this.gaps++;
        this.book.apply(event.bids, event.asks);
        this.lastSequence = event.sequence;
        return;
      case 'trade':
        this.tradeCount++;
        this.tradeVolume += event.size;
        if (event.side === 'buy') this.buyVolume += event.size;
        return;
      case 'status':
        return;
    }
  }

  onTimer(_id: string, ctx: StrategyContext): void {
    const s = this.snapshot();
    ctx.logger.info({ atm: s.atmIvByExpiry, perp: s.perpetual, trades: s.trades.count }, 'market monitor');
  }

  snapshot(): MonitorSnapshot {
    const byExpiry = new Map<number, { strike: number; markIv: number; distance: number }>();
    for (const o of this.options) {
      const t = this.tickers.get(o.symbol);
      if (!t || t.markIv === null || t.underlying === null) continue;
      const distance = Math.abs(Math.log(o.strike / t.underlying));
      const best = byExpiry.get(o.expiryMs);
      if (!best || distance < best.distance) byExpiry.set(o.expiryMs, { strike: o.strike, markIv: t.markIv, distance });
    }
    return {
      atmIvByExpiry: [...byExpiry].sort((a, b) => a[0] - b[0]).map(([expiry, v]) => ({ expiry: new Date(expiry).toISOString(), strike: v.strike, markIv: v.markIv })),
      perpetual: { bid: this.book.bestBid(), ask: this.book.bestAsk(), levels: this.book.depth, gaps: this.gaps, deltas: this.deltas },
      trades: { count: this.tradeCount, volume: this.tradeVolume, buyShare: this.tradeVolume > 0 ? this.buyVolume / this.tradeVolume : null },
      binaries: this.binaries.map((b) => {
        const t = this.tickers.get(b.symbol);
        return { question: b.question, outcome: b.outcome, bid: t?.bid ?? null, ask: t?.ask ?? null };
      }),
      events: this.events,
    };
  }
}
