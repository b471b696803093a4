/**
 * The account as the engine keeps it: cash per venue and currency, positions per (venue, symbol)
 * with signed quantity, average price, realised PnL and fees; marked to market from events;
 * options and binaries settled at expiry; everything summed in USD with each venue counted once.
 * It is the `PortfolioView` strategies size against (equity, never zero while cash exists).
 * Spot pairs are currency exchanges: a fill moves the base and quote balances of the venue (buy
 * 0.1 ETHBTC: ETH +0.1, BTC −0.1 × price), and a spot book quoted in a USD stablecoin sets the
 * USD rate of its base (BTCUSDT's mid is the BTC rate), so coin balances are valued without an index.
 */
import { ArbiterError } from '../../domain/errors.js';
import type { Instrument } from '../../domain/instrument.js';
import type { MarketEvent, StatusEvent, TickerEvent } from '../../domain/market-event.js';
import type { Fill, Position } from '../../domain/order.js';
import type { VenueId } from '../../domain/venue.js';
import type { PortfolioView } from '../strategy.js';
import { applyTrade, positionValue, unrealisedPnl, type PositionState, type Valuation } from './position-accounting.js';
import { expiryOf, optionPayoff, outcomePayoffFromUnderlying, settlementCurrencyOf, settlementUnderlyingOf, valuationOf } from './settlement.js';
import { USD_PAR_CURRENCIES, UsdRates } from './usd-rates.js';

/** Where instruments come from (an engine's `catalogs` satisfies it). */
export interface InstrumentLookup {
  find(venue: VenueId, symbol: string): Instrument | undefined;
}

/** Best prices of a maintained book (the simulated venues expose theirs). */
export interface TopOfBookView {
  bestBid(venue: VenueId, symbol: string): number | null;
  bestAsk(venue: VenueId, symbol: string): number | null;
}

/** Which price marks a position: mid of the best bid and ask, the last trade, or the venue's mark. */
export type MarkSource = 'mid' | 'last' | 'mark';

export interface CashBalanceInput {
  readonly venue: VenueId;
  readonly currency: string;
  readonly amount: number;
}

export interface PortfolioOptions {
  /** Starting balances; a venue not listed starts with nothing. */
  readonly initialCash: readonly CashBalanceInput[];
  /** Instrument facts (kind, expiry, strike, settlement). */
  readonly instruments?: InstrumentLookup;
  /** Price currency of symbols the lookup does not know (venues/registry `priceCurrencyOf`). */
  readonly priceCurrencyOf?: (venue: VenueId, symbol: string) => string;
  /** Default 'mid'; when the chosen price is missing the others are tried (mid, mark, last). */
  readonly markSource?: MarkSource;
  /** Units of underlying per contract; default 1 (Deribit options, Polymarket shares, Derive options). */
  readonly contractMultiplier?: (venue: VenueId, symbol: string, instrument: Instrument | undefined) => number;
  /** Initial USD rates per currency (e.g. `{ BTC: 95000 }`); USD stablecoins are 1. */
  readonly usdRates?: Readonly<Record<string, number>>;
  /** Book tops for marking from book events (deltas need a maintained book). */
  readonly books?: TopOfBookView;
  /** Settle "above/below K" outcome tokens at expiry from the underlying's index; default true. */
  readonly settleOutcomesAtExpiry?: boolean;
}

export interface PositionSnapshot {
  readonly venue: VenueId;
  readonly symbol: string;
  readonly quantity: number;
  readonly averagePrice: number | null;
  /** Mark in the price currency; the average price when never marked. */
  readonly markPrice: number;
  /** Settlement currency (what cash moves in). */
  readonly currency: string;
  readonly valueUsd: number;
  readonly unrealisedPnlUsd: number;
  readonly realisedPnlUsd: number;
}

export interface VenueSnapshot {
  readonly venue: VenueId;
  readonly cashUsd: number;
  readonly positionsValueUsd: number;
  readonly equityUsd: number;
  readonly feesUsd: number;
  /** Traded notional (|quantity| × price × multiplier) in USD. */
  readonly volumeUsd: number;
  readonly fills: number;
}

/**
 * The account at one instant, every figure in USD at the rates of that instant.
 * Invariant: `cashUsd + positionsValueUsd === equityUsd` (up to float rounding).
 */
export interface PortfolioSnapshot {
  readonly ts: number;
  readonly equityUsd: number;
  readonly cashUsd: number;
  readonly positionsValueUsd: number;
  readonly realisedPnlUsd: number;
  readonly unrealisedPnlUsd: number;
  readonly feesUsd: number;
  readonly positions: readonly PositionSnapshot[];
  readonly venues: readonly VenueSnapshot[];
  readonly cash: readonly CashBalanceInput[];
}

export interface SettlementRecord {
  readonly ts: number;
  readonly venue: VenueId;
  readonly symbol: string;
  /** Signed quantity settled. */
  readonly quantity: number;
  /** Payoff per unit in the price currency. */
  readonly price: number;
  readonly reason: 'status' | 'expiry';
  /** PnL realised by the settlement, in `currency`. */
  readonly realised: number;
  readonly currency: string;
}

interface Holding extends PositionState {
  readonly venue: VenueId;
  readonly symbol: string;
  readonly instrument: Instrument | undefined;
  readonly valuation: Valuation;
  readonly currency: string;
  readonly priceCurrency: string;
  readonly multiplier: number;
  readonly expiryMs: number | null;
}

type PerCurrency = Map<string, number>;

function add(map: PerCurrency, currency: string, amount: number): void {
  map.set(currency, (map.get(currency) ?? 0) + amount);
}

function nested<V>(map: Map<VenueId, Map<string, V>>, venue: VenueId): Map<string, V> {
  let inner = map.get(venue);
  if (!inner) {
    inner = new Map();
    map.set(venue, inner);
  }
  return inner;
}

export class Portfolio implements PortfolioView {
  private readonly rates: UsdRates;
  private readonly cash = new Map<VenueId, PerCurrency>();
  private readonly holdings = new Map<VenueId, Map<string, Holding>>();
  private readonly marks = new Map<VenueId, Map<string, number>>();
  private readonly fees = new Map<VenueId, PerCurrency>();
  private readonly volume = new Map<VenueId, PerCurrency>();
  private readonly fillCount = new Map<VenueId, number>();
  private readonly indexCurrency = new Map<string, string>();
  /** Per venue and symbol: the base currency of a spot pair quoted in a USD stablecoin, or null for any other instrument. */
  private readonly usdSpotBase = new Map<VenueId, Map<string, string | null>>();
  private readonly markSource: MarkSource;
  private nextExpiryMs = Infinity;
  /** Settlements applied so far, in order. */
  readonly settlements: SettlementRecord[] = [];

  constructor(private readonly options: PortfolioOptions) {
    this.rates = new UsdRates(options.usdRates);
    this.markSource = options.markSource ?? 'mid';
    for (const c of options.initialCash) {
      if (!Number.isFinite(c.amount)) throw new ArbiterError('ARB_CONFIG_INVALID', `initial cash for ${c.venue} ${c.currency} is not a number`, { venue: c.venue, currency: c.currency });
      add(this.cashOf(c.venue), c.currency.toUpperCase(), c.amount);
    }
  }

  /** Sets the USD value of one unit of `currency` (index prices in tickers do this automatically). */
  setUsdRate(currency: string, usdPerUnit: number): void {
    this.rates.set(currency, usdPerUnit);
  }

  usdRate(currency: string): number | undefined {
    return this.rates.get(currency);
  }

  /** Sets the mark of an instrument, in its price currency. */
  mark(venue: VenueId, symbol: string, price: number): void {
    if (Number.isFinite(price) && price >= 0) nested(this.marks, venue).set(symbol, price);
  }

  /**
   * Applies one of our fills: position (open, add, reduce, flip), cash (premium or realised PnL in
   * the settlement currency), the fee in its own currency, volume.
   * @throws ArbiterError ARB_INPUT_INVALID for a non-finite or non-positive quantity, or an
   * instrument whose price currency cannot be found.
   */
  applyFill(fill: Fill): void {
    if (!(fill.quantity > 0) || !Number.isFinite(fill.quantity) || !Number.isFinite(fill.price) || !Number.isFinite(fill.fee)) {
      throw new ArbiterError('ARB_INPUT_INVALID', `fill ${fill.tradeId} has an invalid quantity, price or fee`, { venue: fill.venue, symbol: fill.symbol, tradeId: fill.tradeId });
    }
    const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    const spot = this.holdings.get(fill.venue)?.has(fill.symbol) ? undefined : this.spotInstrument(fill.venue, fill.symbol);
    if (spot) {
      this.applySpotFill(fill, spot, signed);
      return;
    }
    const h = this.holding(fill.venue, fill.symbol);
    const effect = applyTrade(h, signed, fill.price, h.valuation, h.multiplier);
    add(this.cashOf(fill.venue), h.currency, effect.cashDelta);
    const feeCurrency = fill.feeCurrency.toUpperCase();
    add(this.cashOf(fill.venue), feeCurrency, -fill.fee);
    add(nested(this.fees, fill.venue) as PerCurrency, feeCurrency, fill.fee);
    if (h.valuation === 'inverse-future') add(nested(this.volume, fill.venue), 'USD', fill.quantity * h.multiplier);
    else add(nested(this.volume, fill.venue), h.priceCurrency, fill.quantity * fill.price * h.multiplier);
    this.fillCount.set(fill.venue, (this.fillCount.get(fill.venue) ?? 0) + 1);
    if (h.quantity !== 0 && h.expiryMs !== null && h.expiryMs < this.nextExpiryMs) this.nextExpiryMs = h.expiryMs;
  }

  /** A spot fill exchanges currencies: base +signed quantity, quote −signed × price, the fee in its currency. */
  private applySpotFill(fill: Fill, spot: Extract<Instrument, { kind: 'spot' }>, signed: number): void {
    const cash = this.cashOf(fill.venue);
    const quote = spot.quote.toUpperCase();
    add(cash, spot.base.toUpperCase(), signed);
    add(cash, quote, -signed * fill.price);
    const feeCurrency = fill.feeCurrency.toUpperCase();
    add(cash, feeCurrency, -fill.fee);
    add(nested(this.fees, fill.venue) as PerCurrency, feeCurrency, fill.fee);
    add(nested(this.volume, fill.venue), quote, fill.quantity * fill.price);
    this.fillCount.set(fill.venue, (this.fillCount.get(fill.venue) ?? 0) + 1);
  }

  private spotInstrument(venue: VenueId, symbol: string): Extract<Instrument, { kind: 'spot' }> | undefined {
    const instrument = this.options.instruments?.find(venue, symbol);
    return instrument?.kind === 'spot' ? instrument : undefined;
  }

  /** The base currency when `symbol` is a spot pair quoted in a USD stablecoin (cached once the catalog knows it). */
  private usdQuotedBase(venue: VenueId, symbol: string): string | null {
    const byVenue = nested(this.usdSpotBase, venue);
    const known = byVenue.get(symbol);
    if (known !== undefined) return known;
    const instrument = this.options.instruments?.find(venue, symbol);
    if (instrument === undefined) return null;
    const base = instrument.kind === 'spot' && USD_PAR_CURRENCIES.includes(instrument.quote.toUpperCase()) ? instrument.base.toUpperCase() : null;
    byVenue.set(symbol, base);
    return base;
  }

  /**
   * Takes what the account needs from a market event: USD rates from index prices, marks from
   * tickers, books and (with markSource 'last') trades, settlement from `settled` status events;
   * then settles whatever has expired by the event's receive time.
   */
  onMarketEvent(event: MarketEvent): void {
    switch (event.kind) {
      case 'ticker':
        this.onTicker(event);
        break;
      case 'book_snapshot':
      case 'book_delta': {
        const books = this.options.books;
        const bid = books ? books.bestBid(event.venue, event.symbol) : event.kind === 'book_snapshot' ? (event.bids[0] ?? null) : null;
        const ask = books ? books.bestAsk(event.venue, event.symbol) : event.kind === 'book_snapshot' ? (event.asks[0] ?? null) : null;
        if (this.markSource !== 'last' || !this.hasMark(event.venue, event.symbol)) {
          const mid = bid !== null && ask !== null ? (bid + ask) / 2 : (bid ?? ask);
          if (mid !== null) this.mark(event.venue, event.symbol, mid);
        }
        if (bid !== null && ask !== null) this.spotRate(event.venue, event.symbol, (bid + ask) / 2);
        break;
      }
      case 'trade':
        if (this.markSource === 'last') this.mark(event.venue, event.symbol, event.price);
        break;
      case 'status':
        this.onStatus(event);
        break;
    }
    if (event.tsLocal >= this.nextExpiryMs) this.settleExpired(event.tsLocal);
  }

  /**
   * Settles every open position whose instrument expired at or before `nowMs`: options at
   * intrinsic value against the underlying's latest index, futures at that index, outcome tokens
   * of "above/below K" markets 1/0 from it. Positions whose settlement price is unknown stay open.
   */
  settleExpired(nowMs: number): void {
    let next = Infinity;
    for (const bySymbol of this.holdings.values()) {
      for (const h of bySymbol.values()) {
        if (h.quantity === 0 || h.expiryMs === null) continue;
        if (h.expiryMs > nowMs) {
          if (h.expiryMs < next) next = h.expiryMs;
          continue;
        }
        const payoff = this.expiryPayoff(h);
        if (payoff === null) {
          if (h.expiryMs < next) next = h.expiryMs;
          continue;
        }
        this.settleHolding(h, payoff, nowMs, 'expiry');
      }
    }
    this.nextExpiryMs = next;
  }

  /** Closes the position at `payoff` per unit (price currency), e.g. a venue's settlement. */
  settle(venue: VenueId, symbol: string, payoff: number, ts: number, reason: 'status' | 'expiry' = 'status'): void {
    const h = this.holdings.get(venue)?.get(symbol);
    if (h && h.quantity !== 0) this.settleHolding(h, payoff, ts, reason);
  }

  /** Marked equity in USD: cash plus positions, each venue once. */
  equityUsd(): number {
    return this.snapshot(0).equityUsd;
  }

  /** For a spot pair (booked as cash) the position is the venue's balance of its base currency. */
  position(venue: VenueId, symbol: string): Position | undefined {
    if (!this.holdings.get(venue)?.has(symbol)) {
      const spot = this.spotInstrument(venue, symbol);
      if (spot) return { venue, symbol, quantity: this.balance(venue, spot.base), averagePrice: null, realizedPnl: 0 };
    }
    const h = this.holdings.get(venue)?.get(symbol);
    return h ? { venue, symbol, quantity: h.quantity, averagePrice: h.averagePrice, realizedPnl: h.realised } : undefined;
  }

  /** Open (non-flat) positions; spot pairs are balances (`balance`), not listed here. */
  positions(): readonly Position[] {
    const out: Position[] = [];
    for (const bySymbol of this.holdings.values()) {
      for (const h of bySymbol.values()) {
        if (h.quantity !== 0) out.push({ venue: h.venue, symbol: h.symbol, quantity: h.quantity, averagePrice: h.averagePrice, realizedPnl: h.realised });
      }
    }
    return out;
  }

  /**
   * Trading PnL in USD after fees of a snapshot of this account (`snapshot`/`trySnapshot`): its
   * marked equity minus the starting cash valued at today's rates, so holding the starting coins is
   * not counted as profit and spot trades (booked as cash) are. Null for a null snapshot or while a
   * starting currency has no USD rate yet.
   */
  tradingPnlUsd(snapshot: PortfolioSnapshot | null): number | null {
    if (snapshot === null) return null;
    let startUsd = 0;
    for (const c of this.options.initialCash) {
      if (c.amount === 0) continue;
      if (this.rates.get(c.currency) === undefined) return null;
      startUsd += this.rates.toUsd(c.amount, c.currency);
    }
    return snapshot.equityUsd - startUsd;
  }

  /** Cash balance of a venue in a currency. */
  balance(venue: VenueId, currency: string): number {
    return this.cash.get(venue)?.get(currency.toUpperCase()) ?? 0;
  }

  /** Like `snapshot`, but null while a held currency has no USD rate yet (any other error throws). */
  trySnapshot(ts: number): PortfolioSnapshot | null {
    try {
      return this.snapshot(ts);
    } catch (error) {
      if (error instanceof ArbiterError && error.code === 'ARB_ENGINE_STATE') return null;
      throw error;
    }
  }

  /**
   * The account at `ts` in USD at the current rates.
   * @throws ArbiterError ARB_ENGINE_STATE when a non-zero balance or position is in a currency
   * with no USD rate yet.
   */
  snapshot(ts: number): PortfolioSnapshot {
    const venues = new Set<VenueId>([...this.cash.keys(), ...this.holdings.keys()]);
    const perVenue: VenueSnapshot[] = [];
    const positions: PositionSnapshot[] = [];
    const cash: CashBalanceInput[] = [];
    let cashUsd = 0;
    let positionsValueUsd = 0;
    let realisedPnlUsd = 0;
    let unrealisedPnlUsd = 0;
    let feesUsd = 0;
    for (const venue of venues) {
      let vCash = 0;
      for (const [currency, amount] of this.cash.get(venue) ?? []) {
        vCash += this.rates.toUsd(amount, currency);
        cash.push({ venue, currency, amount });
      }
      let vPos = 0;
      for (const h of this.holdings.get(venue)?.values() ?? []) {
        const realisedUsd = this.rates.toUsd(h.realised, h.currency);
        realisedPnlUsd += realisedUsd;
        if (h.quantity === 0) continue;
        const mark = this.marks.get(venue)?.get(h.symbol) ?? h.averagePrice!;
        const valueUsd = this.rates.toUsd(positionValue(h, mark, h.valuation, h.multiplier), h.currency);
        const upnlUsd = this.rates.toUsd(unrealisedPnl(h, mark, h.valuation, h.multiplier), h.currency);
        vPos += valueUsd;
        unrealisedPnlUsd += upnlUsd;
        positions.push({ venue, symbol: h.symbol, quantity: h.quantity, averagePrice: h.averagePrice, markPrice: mark, currency: h.currency, valueUsd, unrealisedPnlUsd: upnlUsd, realisedPnlUsd: realisedUsd });
      }
      let vFees = 0;
      for (const [currency, amount] of this.fees.get(venue) ?? []) vFees += this.rates.toUsd(amount, currency);
      let vVolume = 0;
      for (const [currency, amount] of this.volume.get(venue) ?? []) vVolume += this.rates.toUsd(amount, currency);
      cashUsd += vCash;
      positionsValueUsd += vPos;
      feesUsd += vFees;
      perVenue.push({ venue, cashUsd: vCash, positionsValueUsd: vPos, equityUsd: vCash + vPos, feesUsd: vFees, volumeUsd: vVolume, fills: this.fillCount.get(venue) ?? 0 });
    }
    return { ts, equityUsd: cashUsd + positionsValueUsd, cashUsd, positionsValueUsd, realisedPnlUsd, unrealisedPnlUsd, feesUsd, positions, venues: perVenue, cash };
  }

  private onTicker(t: TickerEvent): void {
    if (t.index !== null) {
      let currency = this.indexCurrency.get(t.symbol);
      if (currency === undefined) {
        const instrument = this.options.instruments?.find(t.venue, t.symbol);
        currency = settlementUnderlyingOf(instrument) ?? t.symbol.split(/[-_]/)[0]!;
        this.indexCurrency.set(t.symbol, currency);
      }
      this.rates.set(currency, t.index);
    }
    const mid = t.bid !== null && t.ask !== null ? (t.bid + t.ask) / 2 : null;
    let price: number | null;
    if (this.markSource === 'last') price = t.last ?? mid ?? t.mark;
    else if (this.markSource === 'mark') price = t.mark ?? mid ?? t.last;
    else price = mid ?? t.mark ?? t.last;
    if (price !== null) this.mark(t.venue, t.symbol, price);
    if (mid !== null) this.spotRate(t.venue, t.symbol, mid);
  }

  private spotRate(venue: VenueId, symbol: string, mid: number): void {
    const base = this.usdQuotedBase(venue, symbol);
    if (base !== null) this.rates.set(base, mid);
  }

  private onStatus(s: StatusEvent): void {
    if (s.state !== 'settled' || s.settlementPrice === null) return;
    const h = this.holdings.get(s.venue)?.get(s.symbol);
    if (!h || h.quantity === 0) return;
    const inst = h.instrument;
    let payoff: number;
    if (inst?.kind === 'option') payoff = optionPayoff(inst, s.settlementPrice);
    else payoff = s.settlementPrice;
    this.settleHolding(h, payoff, s.tsLocal, 'status');
  }

  private expiryPayoff(h: Holding): number | null {
    const inst = h.instrument;
    const underlying = settlementUnderlyingOf(inst);
    const s = underlying === null ? undefined : this.rates.get(underlying);
    if (inst === undefined || s === undefined) return null;
    if (inst.kind === 'option') return optionPayoff(inst, s);
    if (inst.kind === 'future') return s;
    if (inst.kind === 'outcome' && this.options.settleOutcomesAtExpiry !== false) return outcomePayoffFromUnderlying(inst, s);
    return null;
  }

  private settleHolding(h: Holding, payoff: number, ts: number, reason: 'status' | 'expiry'): void {
    const quantity = h.quantity;
    const effect = applyTrade(h, -quantity, payoff, h.valuation, h.multiplier);
    add(this.cashOf(h.venue), h.currency, effect.cashDelta);
    this.mark(h.venue, h.symbol, payoff);
    this.settlements.push({ ts, venue: h.venue, symbol: h.symbol, quantity, price: payoff, reason, realised: effect.realised, currency: h.currency });
  }

  private hasMark(venue: VenueId, symbol: string): boolean {
    return this.marks.get(venue)?.has(symbol) ?? false;
  }

  private cashOf(venue: VenueId): PerCurrency {
    return nested(this.cash, venue);
  }

  private holding(venue: VenueId, symbol: string): Holding {
    const bySymbol = nested(this.holdings, venue);
    let h = bySymbol.get(symbol);
    if (h) return h;
    const instrument = this.options.instruments?.find(venue, symbol);
    const priceCurrency = (instrument?.priceCurrency ?? this.options.priceCurrencyOf?.(venue, symbol))?.toUpperCase();
    if (priceCurrency === undefined) {
      throw new ArbiterError('ARB_INPUT_INVALID', `cannot account a fill on ${venue}:${symbol}: unknown instrument and no priceCurrencyOf`, { venue, symbol });
    }
    h = {
      venue, symbol, instrument, quantity: 0, averagePrice: null, realised: 0,
      valuation: valuationOf(instrument),
      currency: settlementCurrencyOf(instrument, priceCurrency).toUpperCase(),
      priceCurrency,
      multiplier: this.options.contractMultiplier?.(venue, symbol, instrument) ?? 1,
      expiryMs: expiryOf(instrument),
    };
    bySymbol.set(symbol, h);
    return h;
  }
}
