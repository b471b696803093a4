/**
 * The dashboard's view of a running session: strategies with their accounts, venue health from
 * the shared feeds, positions, orders and fills, and a kill switch that pauses every strategy
 * and cancels its open orders. Works for paper sessions (one account per strategy) and for a
 * live session (one account for all strategies).
 */
import { ArbiterError, NotSupportedError } from '../../domain/errors.js';
import type { VenueId } from '../../domain/venue.js';
import type { Engine } from '../../engine/engine.js';
import type { Logger } from '../../engine/logger.js';
import type { MarketFeed } from '../../engine/market-feed.js';
import type { Portfolio } from '../../engine/portfolio/portfolio.js';
import type { Strategy } from '../../engine/strategy.js';
import type { DashboardSource, FillView, OrderView, PositionView, StrategySummaryView, VenueHealthView } from '../../dashboard/dashboard-source.js';
import type { TradingControl, TradingState } from '../../dashboard/trading-control.js';
import type { OrderJournal } from './order-journal.js';

/** One account: the strategies trading it, their engine, its portfolio and order entry. */
export interface DashboardAccount {
  readonly name: string;
  readonly strategies: readonly Strategy[];
  readonly engine: Engine;
  readonly portfolio: Portfolio;
  readonly journal: OrderJournal;
  readonly router: { cancel(venue: VenueId, clientOrderId: string): Promise<void> };
  readonly orders: number;
  readonly fills: number;
}

export interface SessionDashboardOptions {
  readonly mode: string;
  /** Read on every call, so accounts added after start appear. */
  readonly accounts: () => readonly DashboardAccount[];
  readonly venues: () => readonly VenueId[];
  readonly traffic: (venue: VenueId) => { events: number; lastEventMs: number | null };
  readonly feed: (venue: VenueId) => MarketFeed | undefined;
  readonly onActivity: (listener: () => void) => () => void;
  readonly logger: Logger;
  readonly now?: () => number;
  /**
   * The kill switch. A session with risk gates passes them (active/reducing/halted, automatic
   * halts shown); without, the session pauses strategies and cancels their orders itself.
   */
  readonly control?: TradingControl;
}

/** A counter a venue feed exposes (as a field or in `counters`), or null when it has none. */
function counter(feed: MarketFeed | undefined, key: string): number | null {
  if (!feed) return null;
  const f = feed as unknown as Record<string, unknown> & { counters?: Record<string, unknown> };
  const value = f.counters?.[key] ?? f[key];
  return typeof value === 'number' ? value : null;
}

function connectedOf(feed: MarketFeed | undefined): boolean | null {
  if (!feed) return null;
  const f = feed as unknown as Record<string, unknown>;
  const value = f.isOpen ?? f.connected;
  return typeof value === 'boolean' ? value : null;
}

/** Pauses every strategy and cancels their open orders; resumes the ones that were enabled. */
class SessionTradingControl implements TradingControl {
  readonly states: readonly TradingState[] = ['active', 'halted'];
  private current: TradingState = 'active';
  private resume: Array<{ engine: Engine; name: string }> = [];

  constructor(private readonly source: SessionDashboardOptions) {}

  state(): TradingState {
    return this.current;
  }

  async setState(next: TradingState): Promise<void> {
    if (!this.states.includes(next)) {
      throw new NotSupportedError(`trading state "${next}" needs the risk engine (reduce-only order checks); this session can be active or halted`, { state: next });
    }
    if (next === this.current) return;
    if (next === 'halted') {
      this.current = 'halted';
      this.resume = [];
      const cancels: Array<Promise<void>> = [];
      for (const a of this.source.accounts()) {
        for (const s of a.strategies) {
          if (a.engine.isStrategyEnabled(s.name)) this.resume.push({ engine: a.engine, name: s.name });
          a.engine.setStrategyEnabled(s.name, false);
        }
        for (const o of a.journal.openOrders()) {
          cancels.push(a.router.cancel(o.venue, o.clientOrderId).catch((error: unknown) => {
            this.source.logger.warn({ venue: o.venue, clientOrderId: o.clientOrderId, err: error }, 'kill switch: cancel failed');
          }));
        }
      }
      await Promise.all(cancels);
      this.source.logger.warn({ cancelled: cancels.length, paused: this.resume.length }, 'kill switch: trading halted');
      return;
    }
    for (const r of this.resume) r.engine.setStrategyEnabled(r.name, true);
    this.source.logger.warn({ resumed: this.resume.length }, 'trading resumed');
    this.resume = [];
    this.current = 'active';
  }
}

const SEVERITY: Readonly<Record<TradingState, number>> = { active: 0, reducing: 1, halted: 2 };

/**
 * The kill switch of a session with risk gates: the gates enforce the state on every order
 * (reducing: only position-reducing orders; halted: open orders cancelled, nothing new) and may
 * halt by themselves; halting also pauses the strategies, and resuming restores them.
 */
class RiskBackedTradingControl implements TradingControl {
  readonly states: readonly TradingState[] = ['active', 'reducing', 'halted'];

  constructor(private readonly risk: TradingControl, private readonly pause: SessionTradingControl) {}

  state(): TradingState {
    const a = this.risk.state();
    const b = this.pause.state();
    return SEVERITY[a] >= SEVERITY[b] ? a : b;
  }

  async setState(next: TradingState): Promise<void> {
    await this.risk.setState(next);
    await this.pause.setState(next === 'halted' ? 'halted' : 'active');
  }
}

export function createSessionDashboardSource(options: SessionDashboardOptions): DashboardSource {
  const now = options.now ?? Date.now;
  const pause = new SessionTradingControl(options);
  const control = options.control ? new RiskBackedTradingControl(options.control, pause) : pause;
  const find = (name: string): { account: DashboardAccount; strategy: Strategy; index: number } | undefined => {
    for (const account of options.accounts()) {
      const index = account.strategies.findIndex((s) => s.name === name);
      if (index >= 0) return { account, strategy: account.strategies[index]!, index };
    }
    return undefined;
  };
  return {
    mode: options.mode,
    control,
    onActivity: options.onActivity,
    strategies(): StrategySummaryView[] {
      const ts = now();
      return options.accounts().flatMap((a) => {
        const snap = a.portfolio.trySnapshot(ts);
        const exposure = snap ? snap.positions.reduce((sum, p) => sum + Math.abs(p.valueUsd), 0) : null;
        return a.strategies.map((s, i) => {
          const stats = a.engine.stats.strategies[i]!;
          return {
            name: s.name, enabled: a.engine.isStrategyEnabled(s.name), venues: s.venues, events: stats.events, errors: stats.errors, lastError: stats.lastError,
            orders: a.orders, fills: a.fills, equityUsd: snap?.equityUsd ?? null, pnlUsd: snap ? snap.realisedPnlUsd + snap.unrealisedPnlUsd : null,
            feesUsd: snap?.feesUsd ?? null, exposureUsd: exposure,
          };
        });
      });
    },
    strategy: (name) => find(name)?.strategy,
    setStrategyEnabled(name, enabled) {
      const hit = find(name);
      if (!hit) throw new ArbiterError('ARB_INPUT_INVALID', `no strategy named "${name}" runs in this session`, { strategy: name });
      if (enabled && control.state() === 'halted') {
        throw new ArbiterError('ARB_ENGINE_STATE', `trading is halted; resume trading before enabling ${name}`, { strategy: name });
      }
      hit.account.engine.setStrategyEnabled(name, enabled);
    },
    venues(): VenueHealthView[] {
      return options.venues().map((venue) => {
        const feed = options.feed(venue);
        const traffic = options.traffic(venue);
        return {
          venue, connected: connectedOf(feed), events: traffic.events, lastEventMs: traffic.lastEventMs,
          badFrames: counter(feed, 'badFrames'), reconnects: counter(feed, 'reconnects'), gaps: counter(feed, 'gaps'), resyncs: counter(feed, 'resyncs'),
        };
      });
    },
    positions(): PositionView[] {
      const ts = now();
      return options.accounts().flatMap((a) => (a.portfolio.trySnapshot(ts)?.positions ?? []).map((p) => ({
        account: a.name, venue: p.venue, symbol: p.symbol, quantity: p.quantity, averagePrice: p.averagePrice, markPrice: p.markPrice,
        valueUsd: p.valueUsd, unrealisedPnlUsd: p.unrealisedPnlUsd, realisedPnlUsd: p.realisedPnlUsd,
      })));
    },
    orders(): OrderView[] {
      const all = options.accounts().map((a) => a.journal.orders());
      const open = all.flatMap((list) => list.filter((o) => o.status === 'pending_new' || o.status === 'open' || o.status === 'partially_filled'));
      const done = all.flatMap((list) => list.filter((o) => !open.includes(o))).sort((x, y) => y.updatedMs - x.updatedMs);
      return [...open, ...done.slice(0, 300)];
    },
    fills(): FillView[] {
      return options.accounts().flatMap((a) => a.journal.fills()).sort((x, y) => y.tsLocal - x.tsLocal).slice(0, 300);
    },
  };
}
