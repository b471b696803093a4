/**
 * CrossMarket: Deribit option IVs are the source of truth. The strategy keeps a live vol surface
 * and distribution, prices Polymarket "BTC above $K" binaries (smile-consistent probability at any
 * expiry) and Derive options against it, scans for edges after fees at executable prices, sizes a
 * Kelly/CRRA portfolio against the account's equity and trades the difference to target with
 * limit orders. Recalculation runs off the event path, at most every `recalcIntervalMs` of event
 * time, or sooner when a watched edge moves. See docs/strategies.md.
 */
import type { MarketEvent } from '../../domain/market-event.js';
import type { Fill, OrderUpdate } from '../../domain/order.js';
import type { VenueId } from '../../domain/venue.js';
import type { CatalogView, Strategy, StrategyContext, SubscriptionSpec } from '../../engine/strategy.js';
import type { VolTime } from '../../pricing/index.js';
import { ActivityLog, type ActivityLevel } from './activity-log.js';
import { buildSurface, volTimeOf, type SurfaceBuild } from './build-surface.js';
import { parseCrossMarketConfig, type CrossMarketConfig, type CrossMarketConfigInput } from './config.js';
import { discoverUniverse, EMPTY_UNIVERSE, universeSubscriptions, type CrossMarketUniverse } from './discovery.js';
import { limitPriceFor } from './level-book.js';
import { OrderTracker, type OrderIntent } from './order-tracker.js';
import { QuoteStore } from './quote-store.js';
import { scanMarkets, type ScanResult, type WatchedBook } from './scan-markets.js';
import { sizePortfolio, type SizingAsset, type SizingResult } from './size-portfolio.js';
import type { CrossMarketState, DistributionRow, OpportunityRow, PortfolioRow, PositionRow, SmileRow } from './state.js';

const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95];
const PROBE_MONEYNESS = [0.9, 0.95, 1, 1.05, 1.1];
const QTY_EPS = 1e-9;

const usd0 = (x: number): string => `$${x.toFixed(0)}`;
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const pct = (x: number, digits = 1): string => `${(x * 100).toFixed(digits)}%`;

/** Rounds a quantity to its step without floating noise (0.1 + 0.2 style). */
function roundQty(q: number, step: number): number {
  const n = step > 0 ? Math.round(q / step) * step : q;
  return Number(n.toFixed(10));
}

interface LastRecalc {
  readonly atMs: number;
  readonly build: SurfaceBuild;
  readonly scan: ScanResult;
  readonly sizing: SizingResult | null;
  readonly wealth: number | null;
  readonly smiles: readonly SmileRow[];
  readonly distributions: readonly DistributionRow[];
}

export class CrossMarketStrategy implements Strategy {
  readonly config: CrossMarketConfig;
  readonly venues: readonly VenueId[];
  private universe: CrossMarketUniverse = EMPTY_UNIVERSE;
  private readonly store = new QuoteStore();
  private readonly orders: OrderTracker;
  private readonly activity = new ActivityLog(200);
  private readonly volTime: VolTime;
  private lastSeenMs: number | null = null;
  private nextRecalcDueMs = -Infinity;
  private lastRecalcRequestMs = -Infinity;
  private recalcs = 0;
  private watched = new Map<string, WatchedBook>();
  private last: LastRecalc | null = null;
  private portfolioMissingLogged = false;

  constructor(config: CrossMarketConfig) {
    this.config = config;
    this.venues = config.derive.enabled ? ['deribit', 'derive', 'polymarket'] : ['deribit', 'polymarket'];
    this.orders = new OrderTracker(config.clientOrderIdPrefix ?? config.name);
    this.volTime = volTimeOf(config);
  }

  get name(): string {
    return this.config.name;
  }

  discoverSubscriptions(catalogs: CatalogView): readonly SubscriptionSpec[] {
    this.universe = discoverUniverse(catalogs, this.config, this.lastSeenMs);
    this.store.retain(this.universe);
    const u = this.universe;
    this.note(
      'info',
      `discovered ${u.deribitOptions.size} Deribit options, ${u.deribitFutures.size} futures, ${u.deriveOptions.size} Derive options, ${u.binaries.size} Polymarket markets`,
    );
    return universeSubscriptions(u);
  }

  onStart(ctx: StrategyContext): void {
    this.lastSeenMs = ctx.now();
    if (this.config.timeInForce === 'gtc') ctx.setTimer('cancel-stale-orders', this.config.orderTtlMs, this.config.orderTtlMs);
  }

  onEvent(event: MarketEvent, ctx: StrategyContext): void {
    const now = ctx.now();
    this.lastSeenMs = now;
    const changed = this.store.apply(event, this.universe, now);
    if (now >= this.nextRecalcDueMs) {
      this.requestRecalc(ctx, now);
      return;
    }
    if (changed === null || now - this.lastRecalcRequestMs < this.config.minRecalcSpacingMs) return;
    const watched = this.watched.get(changed);
    if (!watched) return;
    const state = this.store.books.get(changed);
    const ask = state?.book.bestAsk() ?? null;
    const edge = ask === null ? Number.NaN : watched.fair - ask - watched.fee(ask);
    const moved = Number.isNaN(edge) !== Number.isNaN(watched.edge) || Math.abs(edge - watched.edge) >= this.config.edgeMoveTrigger;
    if (moved) this.requestRecalc(ctx, now);
  }

  onTimer(timerId: string, ctx: StrategyContext): Promise<void> | void {
    if (timerId === 'cancel-stale-orders') return this.cancelStale(ctx);
  }

  onOrderUpdate(update: OrderUpdate, ctx: StrategyContext): void {
    const order = this.orders.onOrderUpdate(update);
    if (!order) return;
    if (update.status === 'rejected') this.note('warn', `order ${update.clientOrderId} rejected: ${update.reason ?? 'no reason given'}`, ctx.now());
  }

  onFill(fill: Fill, ctx: StrategyContext): void {
    if (this.orders.onFill(fill) === 0) return;
    this.note('trade', `filled ${fill.side} ${fill.quantity} ${fill.venue}:${fill.symbol} @ ${fill.price}`, ctx.now());
  }

  /** The instruments discovered at the last catalog refresh. */
  get discovered(): CrossMarketUniverse {
    return this.universe;
  }

  private note(level: ActivityLevel, message: string, timeMs = this.lastSeenMs ?? 0): void {
    this.activity.add(timeMs, level, message);
  }

  private requestRecalc(ctx: StrategyContext, now: number): void {
    this.lastRecalcRequestMs = now;
    this.nextRecalcDueMs = now + this.config.recalcIntervalMs;
    ctx.runOffPath('recalc', () => this.recalculate(ctx));
  }

  private async cancelStale(ctx: StrategyContext): Promise<void> {
    const n = await this.orders.cancelStale(ctx, this.config.orderTtlMs, (error, order) =>
      ctx.logger.warn({ err: error, clientOrderId: order.clientOrderId }, 'cancel of a stale order failed'),
    );
    if (n > 0) this.note('info', `cancelled ${n} stale order(s)`, ctx.now());
  }

  /** One recalculation: surface → distribution → scan → sizing → orders. Public for tests and tools. */
  async recalculate(ctx: StrategyContext): Promise<void> {
    const now = ctx.now();
    const started = performance.now();
    const { config, universe, store } = this;
    this.recalcs++;
    let build: SurfaceBuild | null;
    try {
      build = buildSurface(store, universe, config, now, this.volTime);
    } catch (error) {
      ctx.logger.warn({ err: error }, 'vol surface could not be built from the current quotes');
      build = null;
    }
    if (!build) {
      // Retry soon rather than a whole interval later: quotes are still arriving.
      this.nextRecalcDueMs = now + config.minRecalcSpacingMs;
      ctx.logger.debug({ deribitQuotes: store.deribit.size }, 'Recalc: no fresh Deribit quotes with IVs (or no index) yet');
      return;
    }
    const { surface, spot } = build;
    ctx.logger.info({ spot, expiries: build.smiles.length, ivPoints: build.ivPoints, stale: build.stale }, `VOL SURFACE: spot=${usd0(spot)}, ${build.smiles.length} expiries, ${build.ivPoints} iv_points`);
    const smiles: SmileRow[] = build.smiles.map((s) => {
      ctx.logger.debug({ expiryMs: s.expiryMs, atmVol: s.atmVol }, `Expiry ${day(s.expiryMs)}: ATM IV = ${s.atmVol.toFixed(4)} (${pct(s.atmVol)})`);
      return { ...s, points: s.market.map((p) => ({ strike: p.strike, right: p.right, marketIv: p.iv, modelIv: surface.vol(p.strike, s.years) })) };
    });
    const distributions: DistributionRow[] = build.smiles.map((s) => {
      const d = surface.distribution(s.years);
      return {
        expiryMs: s.expiryMs,
        forward: s.forward,
        quantiles: QUANTILES.map((p) => ({ p, price: d.ppf(p) })),
        probabilityAbove: PROBE_MONEYNESS.map((m) => ({ strike: spot * m, p: d.probabilityAbove(spot * m) })),
      };
    });
    ctx.logger.info({ expiries: distributions.length }, `DISTRIBUTION: ${distributions.length} expiries available`);
    const first = distributions[0];
    if (first) {
      const q = (p: number): number => first.quantiles.find((x) => x.p === p)?.price ?? Number.NaN;
      ctx.logger.info(
        { expiryMs: first.expiryMs, quantiles: first.quantiles, probabilityAbove: first.probabilityAbove },
        `DISTRIBUTION (expiry ${day(first.expiryMs)}): 5%-95% ${usd0(q(0.05))} - ${usd0(q(0.95))}, median ${usd0(q(0.5))}, ATM IV=${build.smiles[0]!.atmVol.toFixed(4)}; ` +
          first.probabilityAbove.map((x) => `P(S > ${usd0(x.strike)}) = ${x.p.toFixed(5)}`).join(', '),
      );
    }

    const scan = scanMarkets(store, universe, surface, spot, config, now);
    this.watched = scan.watched;
    const c = scan.counts;
    ctx.logger.info(
      { ...c, opportunities: scan.opportunities.length, tookMs: performance.now() - started },
      `SCAN SUMMARY (took ${(performance.now() - started).toFixed(1)} ms): PM=${c.polymarket} Derive=${c.derive} | stale=${c.stale} invalid_price=${c.invalidPrice} no_model=${c.noModel} | opportunities=${scan.opportunities.length}`,
    );
    for (const o of scan.opportunities) {
      ctx.logger.info(
        { id: o.id, venue: venueOf(o.kind), edge: o.edge, edgeReturn: o.edgeReturn, fair: o.fairValue, market: o.marketPrice, fee: o.fee, liquidity: o.liquidity },
        `  OPPORTUNITY: ${venueOf(o.kind)} | edge=${o.edge.toFixed(4)} (${pct(o.edgeReturn)} of cost) | fair=${o.fairValue.toFixed(3)} vs market=${o.marketPrice.toFixed(3)} | liquidity=${o.liquidity} | ${o.description}`,
      );
    }

    let wealth: number | null = null;
    try {
      wealth = ctx.portfolio.equityUsd();
    } catch (error) {
      if (!this.portfolioMissingLogged) ctx.logger.warn({ err: error }, 'no portfolio in this run: opportunities are scanned and logged, nothing is sized or traded');
      this.portfolioMissingLogged = true;
    }
    let sizing: SizingResult | null = null;
    if (wealth !== null && !(wealth > 0)) ctx.logger.warn({ wealth }, 'portfolio equity is not positive; nothing is traded');
    else if (wealth !== null) {
      const assets = this.assets(ctx, scan, now);
      if (assets.length > 0) {
        sizing = sizePortfolio({
          assets, surface, nowMs: now, wealth, riskAversion: config.riskAversion, scenarios: config.scenarios, seed: config.scenarioSeed,
          maxFractionPerAsset: config.maxFractionPerAsset, maxExposure: config.maxExposure,
        });
      }
    }
    this.last = { atMs: now, build, scan, sizing, wealth, smiles, distributions };
    if (config.timeInForce === 'gtc') await this.cancelStale(ctx);
    const sent = sizing ? await this.trade(ctx, sizing) : 0;
    const a = sizing?.allocation;
    const message = `Recalc: ${scan.opportunities.length} opps, equity=${wealth === null ? 'n/a' : `$${wealth.toFixed(2)}`}` +
      (a ? `, E[return]=${pct(a.expectedReturn, 2)}, P(loss)=${pct(a.probabilityOfLoss)}` : '') + `, ${sent} order(s)`;
    this.note('info', message, now);
    ctx.logger.info({ opportunities: scan.opportunities.length, wealth, orders: sent, tookMs: performance.now() - started }, message);
  }

  /** Opportunities to buy (unless the other side of the market is held) and holdings that may be kept or reduced. */
  private assets(ctx: StrategyContext, scan: ScanResult, now: number): SizingAsset[] {
    const { config, universe } = this;
    const held = (venue: VenueId, symbol: string): number => ctx.portfolio.position(venue, symbol)?.quantity ?? 0;
    const assets: SizingAsset[] = [];
    const taken = new Set<string>();
    for (const o of scan.opportunities) {
      if (o.side !== 'buy') continue;
      const venue = venueOf(o.kind);
      if (venue === 'polymarket') {
        const token = universe.tokens.get(o.instrumentId);
        const other = token && (token.outcome === 'yes' ? token.market.no : token.market.yes);
        // Never both sides of one market: holding the other token, the way out is to reduce it (below).
        if (other && held('polymarket', other.symbol) > QTY_EPS) continue;
      }
      const h = Math.max(0, held(venue, o.instrumentId));
      const step = venue === 'polymarket' ? config.polymarket.sizeStep : universe.deriveOptions.get(o.instrumentId)?.sizeStep ?? config.derive.sizeStep;
      const price = o.averagePrice + o.fee;
      assets.push({
        venue, symbol: o.instrumentId, kind: o.kind, strike: o.strike, expiryMs: o.expiryMs, comparison: this.comparisonOf(o.instrumentId),
        price, held: h, maxUnits: h + o.liquidity, minUnits: this.minUnits(venue, o.minSize, price, step), unitStep: step,
        opportunity: o, description: o.description, fair: o.fairValue,
      });
      taken.add(`${venue}:${o.instrumentId}`);
    }
    let positions: ReturnType<StrategyContext['portfolio']['positions']> = [];
    try {
      positions = ctx.portfolio.positions();
    } catch {
      positions = [];
    }
    for (const p of positions) {
      const key = `${p.venue}:${p.symbol}`;
      if (taken.has(key) || !(p.quantity > QTY_EPS)) continue;
      const asset = this.holdingAsset(p.venue, p.symbol, p.quantity, now);
      if (asset) assets.push(asset);
    }
    return assets;
  }

  private comparisonOf(symbol: string): 'above' | 'below' {
    return this.universe.tokens.get(symbol)?.market.comparison ?? 'above';
  }

  private minUnits(venue: VenueId, minSize: number | undefined, price: number, step: number): number {
    const venueMin = minSize ?? (venue === 'polymarket' ? this.config.polymarket.minSize : this.config.derive.minSize);
    const byNotional = price > 0 ? this.config.minOrderUsd / price : 0;
    const units = Math.max(venueMin, byNotional);
    return step > 0 ? roundQty(Math.ceil(units / step - 1e-9) * step, step) : units;
  }

  /** A held position without a buy opportunity: the optimizer may keep or reduce it (sold at the bid). */
  private holdingAsset(venue: VenueId, symbol: string, quantity: number, now: number): SizingAsset | null {
    const { universe, config } = this;
    const watched = this.watched.get(`${venue}:${symbol}`);
    if (!watched) return null;
    let kind: SizingAsset['kind'];
    let strike: number;
    let expiryMs: number;
    let comparison: 'above' | 'below' = 'above';
    let step: number;
    let minSize: number | undefined;
    if (venue === 'polymarket') {
      const token = universe.tokens.get(symbol);
      if (!token) return null;
      kind = token.outcome === 'yes' ? 'binary-yes' : 'binary-no';
      ({ strike, expiryMs, comparison } = token.market);
      step = config.polymarket.sizeStep;
      minSize = token.market.yes.minSize;
    } else if (venue === 'derive') {
      const o = universe.deriveOptions.get(symbol);
      if (!o) return null;
      kind = o.right;
      ({ strike, expiryMs } = o);
      step = o.sizeStep ?? config.derive.sizeStep;
      minSize = o.minSize;
    } else return null;
    if (!(expiryMs > now)) return null;
    const bid = this.store.bookOf(venue, symbol)?.book.bestBid() ?? null;
    const price = bid !== null && bid - watched.fee(bid) > 0 ? bid - watched.fee(bid) : watched.fair;
    if (!(price > 0)) return null;
    const description = venue === 'polymarket' ? `${universe.tokens.get(symbol)!.market.question} - ${kind === 'binary-yes' ? 'YES' : 'NO'} (held)` : `${symbol} (held)`;
    return {
      venue, symbol, kind, strike, expiryMs, comparison, price, held: quantity, maxUnits: quantity, minUnits: this.minUnits(venue, minSize, price, step),
      unitStep: step, opportunity: null, description, fair: watched.fair,
    };
  }

  /** Sends the difference to target per asset; an instrument with a working order that no longer fits is cancelled first and re-planned next time. */
  private async trade(ctx: StrategyContext, sizing: SizingResult): Promise<number> {
    const { assets, allocation } = sizing;
    const intents: OrderIntent[] = [];
    const cancels: Promise<void>[] = [];
    const onError = (error: unknown, order: { clientOrderId: string }): void => {
      ctx.logger.warn({ err: error, clientOrderId: order.clientOrderId }, 'order request failed');
      this.note('warn', `order ${order.clientOrderId} failed: ${error instanceof Error ? error.message : String(error)}`, ctx.now());
    };
    for (let j = 0; j < assets.length; j++) {
      const a = assets[j]!;
      const trade = roundQty(allocation.units[j]! - a.held, a.unitStep);
      const intent = this.intentFor(a, trade);
      const working = this.orders.openFor(a.venue, a.symbol);
      if (working.length > 0) {
        const o = working[0]!;
        const fits = working.length === 1 && intent !== null && o.intent.side === intent.side && o.intent.price === intent.price &&
          Math.abs(o.intent.quantity - o.filled - intent.quantity) <= a.unitStep + QTY_EPS;
        if (!fits) for (const w of working) cancels.push(this.orders.cancel(ctx, w, onError));
        continue;
      }
      if (intent) intents.push(intent);
    }
    await Promise.all(cancels);
    let sent = 0;
    for (const intent of intents) {
      const order = await this.orders.submit(ctx, intent, onError);
      if (!order) continue;
      sent++;
      this.note('trade', `${intent.side.toUpperCase()} ${intent.quantity} ${intent.venue}:${intent.symbol} @ ${intent.price} (${intent.purpose}) [${order.clientOrderId}]`, ctx.now());
    }
    return sent;
  }

  private intentFor(a: SizingAsset, trade: number): OrderIntent | null {
    if (Math.abs(trade) < Math.max(a.unitStep / 2, QTY_EPS)) return null;
    const quantity = Math.abs(trade);
    const closesAll = trade < 0 && Math.abs(quantity - a.held) <= QTY_EPS;
    if (quantity < a.minUnits - QTY_EPS && !closesAll) return null;
    const book = this.store.bookOf(a.venue, a.symbol)?.book.quote();
    if (!book) return null;
    const price = limitPriceFor(trade > 0 ? book.asks : book.bids, quantity);
    if (price === null) return null;
    if (quantity * price < this.config.minOrderUsd - 1e-9 && !closesAll) return null;
    return {
      venue: a.venue, symbol: a.symbol, side: trade > 0 ? 'buy' : 'sell', quantity, price, timeInForce: this.config.timeInForce,
      reduceOnly: trade < 0 && a.venue !== 'polymarket', purpose: trade > 0 ? (a.held > 0 ? 'add' : 'open') : closesAll ? 'close' : 'reduce',
    };
  }

  /** Dashboard state: spot, smiles with market IVs, distribution quantiles, opportunities, target vs current, activity. */
  state(): CrossMarketState {
    const last = this.last;
    const u = this.universe;
    const opportunities: OpportunityRow[] = (last?.scan.opportunities ?? []).map((o) => ({
      id: o.id, venue: venueOf(o.kind), symbol: o.instrumentId, kind: o.kind, side: o.side, description: o.description, strike: o.strike,
      expiryMs: o.expiryMs, fairValue: o.fairValue, marketPrice: o.marketPrice, fee: o.fee, edge: o.edge, edgeReturn: o.edgeReturn, liquidity: o.liquidity,
    }));
    const positions: PositionRow[] = last?.sizing
      ? last.sizing.assets.map((a, j) => ({
          venue: a.venue as PositionRow['venue'], symbol: a.symbol, description: a.description, current: a.held,
          target: last.sizing!.allocation.units[j]!, price: a.price, fairValue: a.fair,
        }))
      : [];
    const alloc = last?.sizing?.allocation;
    const portfolio: PortfolioRow | null = alloc && last.wealth !== null
      ? {
          wealthUsd: last.wealth, status: alloc.status, expectedReturn: alloc.expectedReturn, probabilityOfLoss: alloc.probabilityOfLoss,
          cvar5: alloc.cvar5, budgetUsed: alloc.budgetUsed, exposureUsed: alloc.exposureUsed,
        }
      : null;
    return {
      name: this.name,
      asOfMs: this.lastSeenMs,
      spot: last?.build.spot ?? null,
      lastRecalcMs: last?.atMs ?? null,
      recalcs: this.recalcs,
      universe: { deribitOptions: u.deribitOptions.size, deribitFutures: u.deribitFutures.size, deriveOptions: u.deriveOptions.size, polymarketMarkets: u.binaries.size },
      ivPoints: last?.build.ivPoints ?? 0,
      smiles: last?.smiles ?? [],
      distributions: last?.distributions ?? [],
      scan: last?.scan.counts ?? null,
      opportunities,
      positions,
      portfolio,
      orders: { open: this.orders.open().length, submitted: this.orders.submitted, rejected: this.orders.rejected, filled: this.orders.filledOrders },
      log: this.activity.list(),
    };
  }
}

function venueOf(kind: SizingAsset['kind']): 'polymarket' | 'derive' {
  return kind === 'binary-yes' || kind === 'binary-no' ? 'polymarket' : 'derive';
}

/** Builds a CrossMarket strategy from a config (validated; undefined = all defaults). @throws ConfigError naming each bad key. */
export function createCrossMarketStrategy(config?: CrossMarketConfigInput): CrossMarketStrategy {
  return new CrossMarketStrategy(parseCrossMarketConfig(config));
}
