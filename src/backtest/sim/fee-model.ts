/**
 * Trading fees per fill. Each venue gets a model; the fee is charged in the currency it names
 * (negative amounts are rebates). Rates as published:
 * - Deribit (support.deribit.com "Fees"): BTC/ETH options 0.03 % of the underlying, i.e. 0.0003
 *   coin per contract, maker and taker, capped at 12.5 % of the option price; inverse futures and
 *   perpetuals maker 0 %, taker 0.05 % of the notional, charged in the coin; USDC linear options
 *   0.0001 (maker) / 0.0005 (taker) × index, capped at 12.5 % of the premium; USDC perpetuals
 *   maker 0 %, taker 0.05 %.
 * - Polymarket: makers pay nothing; takers pay `shares × rate × p × (1 − p)` on markets with a fee
 *   schedule (the rate depends on the market's category). The default rate is 0 unless configured.
 * Base (lowest-volume) tiers of the CEX schedules, without discounts (BNB, VIP, rebates):
 * - Binance spot (binance.com/en/fee/schedule, "Regular User"): maker 0.1 %, taker 0.1 %, charged
 *   in the asset received (a buy pays in the base, a sell in the quote).
 * - Binance USDⓈ-M futures (binance.com/en/fee/futureFee, "Regular User"): maker 0.02 %, taker
 *   0.05 % of the notional, in the margin asset (the price currency, USDT).
 * - Coinbase Advanced (help.coinbase.com "Coinbase Advanced fees", lowest tier $0–1K 30-day
 *   volume): maker 0.60 %, taker 1.20 % of the notional, in the quote currency.
 * - Kraken Pro spot (kraken.com/features/fee-schedule, lowest tier $0–10K 30-day volume):
 *   maker 0.25 %, taker 0.40 %, in the quote currency (Kraken's default fee currency).
 */
import type { Instrument } from '../../domain/instrument.js';
import type { OrderSide } from '../../domain/order.js';

export interface FeeInput {
  readonly instrument: Instrument | undefined;
  readonly priceCurrency: string;
  /** Currency cash settles in (the coin for inverse futures). */
  readonly settlementCurrency: string;
  readonly price: number;
  readonly quantity: number;
  readonly multiplier: number;
  readonly liquidity: 'maker' | 'taker';
  /** Latest index price of the underlying in USD, when known. */
  readonly indexPrice: number | null;
  /** Our side of the fill (spot fees charged on the asset received need it). */
  readonly side?: OrderSide;
}

export interface FeeCharge {
  readonly amount: number;
  readonly currency: string;
}

export interface FeeModel {
  fee(fill: FeeInput): FeeCharge;
}

/** No fees (Polymarket fee-free markets, or when a venue's schedule is not modelled). */
export class ZeroFeeModel implements FeeModel {
  fee(fill: FeeInput): FeeCharge {
    return { amount: 0, currency: fill.settlementCurrency };
  }
}

/** A fraction of the traded notional `price × quantity × multiplier`, in the price currency. */
export class NotionalFeeModel implements FeeModel {
  constructor(private readonly makerRate: number, private readonly takerRate: number) {}

  fee(fill: FeeInput): FeeCharge {
    const rate = fill.liquidity === 'maker' ? this.makerRate : this.takerRate;
    return { amount: rate * fill.price * fill.quantity * fill.multiplier, currency: fill.priceCurrency };
  }
}

/** Polymarket: `shares × rate × p × (1 − p)` in USD; makers at `makerRate` (0 unless configured). */
export class PolymarketFeeModel implements FeeModel {
  constructor(private readonly takerRate = 0, private readonly makerRate = 0) {}

  fee(fill: FeeInput): FeeCharge {
    const rate = fill.liquidity === 'maker' ? this.makerRate : this.takerRate;
    return { amount: fill.quantity * rate * fill.price * (1 - fill.price), currency: fill.priceCurrency };
  }
}

export interface DeribitFeeRates {
  /** Coin per option contract (0.0003). */
  readonly optionPerContract: number;
  /** Cap as a fraction of the option price (0.125). */
  readonly optionCap: number;
  readonly futureMaker: number;
  readonly futureTaker: number;
  readonly linearOptionMaker: number;
  readonly linearOptionTaker: number;
}

export const DERIBIT_FEES: DeribitFeeRates = {
  optionPerContract: 0.0003, optionCap: 0.125, futureMaker: 0, futureTaker: 0.0005, linearOptionMaker: 0.0001, linearOptionTaker: 0.0005,
};

/** Deribit's schedule by instrument kind and settlement (see the module comment). */
export class DeribitFeeModel implements FeeModel {
  constructor(private readonly rates: DeribitFeeRates = DERIBIT_FEES) {}

  fee(fill: FeeInput): FeeCharge {
    const r = this.rates;
    const inst = fill.instrument;
    const units = fill.quantity * fill.multiplier;
    if (inst?.kind === 'option') {
      if (inst.settlement === 'inverse') {
        // Per contract: min(0.0003 coin, 12.5 % of the option price), in the coin.
        return { amount: units * Math.min(r.optionPerContract, r.optionCap * fill.price), currency: fill.priceCurrency };
      }
      const rate = fill.liquidity === 'maker' ? r.linearOptionMaker : r.linearOptionTaker;
      const perUnit = fill.indexPrice === null ? r.optionCap * fill.price : Math.min(rate * fill.indexPrice, r.optionCap * fill.price);
      return { amount: units * perUnit, currency: fill.priceCurrency };
    }
    if (inst?.kind === 'spot') return { amount: 0, currency: fill.priceCurrency };
    const rate = fill.liquidity === 'maker' ? r.futureMaker : r.futureTaker;
    if ((inst?.kind === 'future' || inst?.kind === 'perpetual') && inst.settlement === 'inverse') {
      // Quantity is USD notional; the fee is a fraction of it in coin at the trade price.
      return { amount: (rate * units) / fill.price, currency: fill.settlementCurrency };
    }
    return { amount: rate * units * fill.price, currency: fill.priceCurrency };
  }
}

export interface MakerTakerRates {
  readonly maker: number;
  readonly taker: number;
}

export const BINANCE_SPOT_FEES: MakerTakerRates = { maker: 0.001, taker: 0.001 };
export const BINANCE_USDM_FEES: MakerTakerRates = { maker: 0.0002, taker: 0.0005 };
export const COINBASE_ADVANCED_FEES: MakerTakerRates = { maker: 0.006, taker: 0.012 };
export const KRAKEN_SPOT_FEES: MakerTakerRates = { maker: 0.0025, taker: 0.004 };

/**
 * A spot venue's maker/taker rates as a fraction of the notional, charged in the quote currency
 * (`in: 'quote'`, Coinbase, Kraken) or in the asset received (`in: 'received'`, Binance: a buy
 * pays `rate × quantity` of the base). Derivatives on the venue pay `derivatives` rates on the
 * notional in the price currency.
 */
export class SpotFeeModel implements FeeModel {
  constructor(
    private readonly spot: MakerTakerRates,
    private readonly chargedIn: 'quote' | 'received',
    private readonly derivatives: MakerTakerRates = spot,
  ) {}

  fee(fill: FeeInput): FeeCharge {
    const inst = fill.instrument;
    const derivative = inst !== undefined && inst.kind !== 'spot';
    const rates = derivative ? this.derivatives : this.spot;
    const rate = fill.liquidity === 'maker' ? rates.maker : rates.taker;
    const units = fill.quantity * fill.multiplier;
    if (!derivative && this.chargedIn === 'received' && fill.side === 'buy' && inst?.kind === 'spot') return { amount: rate * units, currency: inst.base.toUpperCase() };
    return { amount: rate * units * fill.price, currency: fill.priceCurrency };
  }
}

/** Binance: spot 0.1 % on the asset received, USDⓈ-M 0.02 % / 0.05 % in USDT (module comment). */
export const binanceFeeModel = (): SpotFeeModel => new SpotFeeModel(BINANCE_SPOT_FEES, 'received', BINANCE_USDM_FEES);
/** Coinbase Advanced: 0.60 % / 1.20 % in the quote currency. */
export const coinbaseFeeModel = (): SpotFeeModel => new SpotFeeModel(COINBASE_ADVANCED_FEES, 'quote');
/** Kraken Pro: 0.25 % / 0.40 % in the quote currency. */
export const krakenFeeModel = (): SpotFeeModel => new SpotFeeModel(KRAKEN_SPOT_FEES, 'quote');
