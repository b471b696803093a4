/**
 * Generates a synthetic multi-venue recording (format v1) from a seeded model: BTC as a random
 * walk, a Deribit option chain with a smile (tickers with IVs and greeks), perpetual tickers,
 * book changes with consecutive change ids and trades, and Polymarket "BTC above K" books and
 * price changes. Frames have the venues' documented shapes, so they exercise the real parsers.
 * Used by the benchmarks and the interim demo; every file it writes says it is synthetic.
 */
import { SeededRandom } from '../optimizer/seeded-random.js';
import { MS_PER_DAY } from '../domain/time.js';
import type { RecordedFrame } from '../store/recording/recording-format.js';
import { RecordingWriter } from '../store/recording/recording-writer.js';
import type { Instrument, OutcomeInstrument } from '../domain/instrument.js';
import { parseDeribitInstrumentName } from '../venues/deribit/catalog/parse-instrument-name.js';
import { parsePolymarketQuestion } from '../venues/polymarket/catalog/parse-market-question.js';

export interface SyntheticRecordingOptions {
  readonly startMs: number;
  readonly seed: number;
  /** Mean gap between records in ms (exponential). Default 2. */
  readonly meanGapMs?: number;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function deribitExpiryCode(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()}${MONTHS[d.getUTCMonth()]}${String(d.getUTCFullYear() % 100).padStart(2, '0')}`;
}

function tokenId(rng: SeededRandom): string {
  let s = String(1 + rng.nextInt(9));
  while (s.length < 77) s += String(rng.nextInt(10));
  return s;
}

export interface SyntheticUniverse {
  readonly deribit: readonly string[];
  readonly polymarket: readonly string[];
}

export class SyntheticMarket {
  readonly universe: SyntheticUniverse;
  private readonly rng: SeededRandom;
  private readonly options: Array<{ symbol: string; strike: number; years: number; call: boolean }> = [];
  private readonly tokens: string[] = [];
  private t: number;
  private spot = 95_000;
  private changeId = 1_000_000;
  private tradeId = 5_000_000;
  private readonly bookBids = new Map<number, number>();
  private readonly bookAsks = new Map<number, number>();

  constructor(private readonly opts: SyntheticRecordingOptions) {
    this.rng = new SeededRandom(opts.seed);
    this.t = opts.startMs;
    const day0 = Math.floor(opts.startMs / MS_PER_DAY) * MS_PER_DAY + 8 * 3_600_000;
    for (const days of [1, 7, 28]) {
      const expiry = day0 + days * MS_PER_DAY;
      for (let k = -5; k <= 5; k++) {
        const strike = 95_000 + k * 2_500;
        for (const call of [true, false]) {
          this.options.push({ symbol: `BTC-${deribitExpiryCode(expiry)}-${strike}-${call ? 'C' : 'P'}`, strike, years: days / 365, call });
        }
      }
    }
    for (let i = 0; i < 10; i++) this.tokens.push(tokenId(this.rng));
    this.universe = { deribit: [...this.options.map((o) => o.symbol), 'BTC-PERPETUAL'], polymarket: this.tokens };
  }

  /**
   * The catalog a venue would list for this universe: Deribit names parsed by the real parser,
   * Polymarket outcome tokens of "Bitcoin above K on <date>?" markets (YES then NO per market).
   */
  catalog(): { deribit: Instrument[]; polymarket: Instrument[] } {
    const date = new Date(this.opts.startMs + 2 * MS_PER_DAY);
    const day = date.toLocaleString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
    const polymarket: Instrument[] = [];
    for (let i = 0; i < 5; i++) {
      const question = `Bitcoin above ${(85_000 + i * 2_500).toLocaleString('en-US')} on ${day}?`;
      const parsed = parsePolymarketQuestion(question);
      for (const [k, outcome] of [[0, 'Yes'], [1, 'No']] as const) {
        const token: OutcomeInstrument = {
          venue: 'polymarket', symbol: this.tokens[2 * i + k]!, kind: 'outcome', priceCurrency: 'USD', tickSize: 0.01, minSize: 5,
          marketId: `0x${(i + 1).toString(16).padStart(64, '0')}`, question, outcome,
          ...(parsed ? { underlying: parsed.underlying, comparison: parsed.comparison, strike: parsed.strike, expiryMs: parsed.expiryMs } : {}),
        };
        polymarket.push(token);
      }
    }
    return { deribit: this.universe.deribit.map(parseDeribitInstrumentName), polymarket };
  }

  private gauss(): number {
    return this.rng.nextGaussian();
  }

  private round(x: number, step: number): number {
    return Math.round(x / step) * step;
  }

  /** The next frame record. */
  next(): RecordedFrame {
    this.t += Math.max(0, Math.round(-Math.log(1 - this.rng.nextFloat()) * (this.opts.meanGapMs ?? 2)));
    // About 60 % annualised at the default 2 ms between records.
    this.spot *= Math.exp(0.000006 * this.gauss());
    const tsVenue = this.t - 1 - this.rng.nextInt(20);
    const pick = this.rng.nextFloat();
    if (pick < 0.4) return { venue: 'deribit', tsLocal: this.t, tsVenue, frame: this.optionTicker(tsVenue) };
    if (pick < 0.5) return { venue: 'deribit', tsLocal: this.t, tsVenue, frame: this.perpTicker(tsVenue) };
    if (pick < 0.7) return { venue: 'deribit', tsLocal: this.t, tsVenue, frame: this.bookChange(tsVenue) };
    if (pick < 0.8) return { venue: 'deribit', tsLocal: this.t, tsVenue, frame: this.trades(tsVenue) };
    if (pick < 0.95) return { venue: 'polymarket', tsLocal: this.t, tsVenue, frame: this.priceChange(tsVenue) };
    return { venue: 'polymarket', tsLocal: this.t, tsVenue, frame: this.polyBook(tsVenue) };
  }

  private optionTicker(ts: number): unknown {
    const o = this.options[this.rng.nextInt(this.options.length)]!;
    const m = Math.log(o.strike / this.spot);
    const iv = 0.5 + 0.3 * m * m - 0.1 * m + 0.01 * this.gauss();
    const intrinsic = Math.max(0, o.call ? this.spot - o.strike : o.strike - this.spot) / this.spot;
    const mark = this.round(intrinsic + 0.4 * iv * Math.sqrt(o.years) * Math.exp(-m * m * 8) + 0.0001, 0.0001);
    return {
      jsonrpc: '2.0', method: 'subscription',
      params: {
        channel: `ticker.${o.symbol}.100ms`,
        data: {
          timestamp: ts, state: 'open', instrument_name: o.symbol, underlying_index: 'SYN', underlying_price: this.round(this.spot * 1.0003, 0.01),
          index_price: this.round(this.spot, 0.01), mark_price: mark, mark_iv: this.round(iv * 100, 0.01), bid_iv: this.round(iv * 98, 0.01), ask_iv: this.round(iv * 102, 0.01),
          best_bid_price: Math.max(0.0001, this.round(mark - 0.0005, 0.0001)), best_bid_amount: 1 + this.rng.nextInt(50), best_ask_price: this.round(mark + 0.0005, 0.0001), best_ask_amount: 1 + this.rng.nextInt(50),
          last_price: mark, open_interest: 100 + this.rng.nextInt(900), interest_rate: 0, settlement_price: mark,
          greeks: { delta: this.round(o.call ? 0.5 - m : -0.5 - m, 0.00001), gamma: 0.00002, vega: 40.1, theta: -60.2, rho: 5.3 },
          stats: { volume: 12.3, price_change: 1.2, low: mark * 0.9, high: mark * 1.1 },
        },
      },
    };
  }

  private perpTicker(ts: number): unknown {
    const mid = this.round(this.spot, 0.5);
    return {
      jsonrpc: '2.0', method: 'subscription',
      params: {
        channel: 'ticker.BTC-PERPETUAL.100ms',
        data: {
          timestamp: ts, state: 'open', instrument_name: 'BTC-PERPETUAL', index_price: this.round(this.spot, 0.01), mark_price: mid, last_price: mid,
          best_bid_price: mid - 0.5, best_bid_amount: 10 * (1 + this.rng.nextInt(500)), best_ask_price: mid, best_ask_amount: 10 * (1 + this.rng.nextInt(500)),
          open_interest: 502097590, current_funding: 0.00012, funding_8h: 0.00017, stats: { volume: 41641.5, price_change: 2.5, low: 90000, high: 99000 },
        },
      },
    };
  }

  /**
   * A book.BTC-PERPETUAL change that keeps the synthetic book consistent: levels that the moving
   * mid crosses or leaves more than 20 ticks behind are deleted, and one or two levels near the
   * touch change size. The first call sends a snapshot.
   */
  private bookChange(ts: number): unknown {
    const tick = 0.5;
    const mid = this.round(this.spot, tick);
    const bids: unknown[] = [];
    const asks: unknown[] = [];
    const first = this.bookBids.size === 0 && this.bookAsks.size === 0;
    for (const [side, book, out] of [[-1, this.bookBids, bids], [1, this.bookAsks, asks]] as const) {
      for (const price of [...book.keys()]) {
        const away = (price - mid) * side;
        if (away <= 0 || away > 20 * tick) {
          book.delete(price);
          out.push(['delete', price, 0]);
        }
      }
      const changes = first ? 10 : 1 + this.rng.nextInt(2);
      for (let k = 0; k < changes; k++) {
        const price = mid + side * tick * (1 + (first ? k : this.rng.nextInt(10)));
        const size = !first && this.rng.nextFloat() < 0.2 ? 0 : 10 * (1 + this.rng.nextInt(300));
        if (size === 0) {
          if (!book.delete(price)) continue;
          out.push(['delete', price, 0]);
        } else {
          out.push([book.has(price) ? 'change' : 'new', price, size]);
          book.set(price, size);
        }
      }
    }
    const prev = this.changeId;
    this.changeId += 1;
    const data = first
      ? { type: 'snapshot', timestamp: ts, change_id: this.changeId, instrument_name: 'BTC-PERPETUAL', bids, asks }
      : { type: 'change', timestamp: ts, prev_change_id: prev, change_id: this.changeId, instrument_name: 'BTC-PERPETUAL', bids, asks };
    return { jsonrpc: '2.0', method: 'subscription', params: { channel: 'book.BTC-PERPETUAL.100ms', data } };
  }

  private trades(ts: number): unknown {
    const n = 1 + this.rng.nextInt(2);
    const data = [];
    for (let i = 0; i < n; i++) {
      this.tradeId++;
      data.push({
        trade_seq: this.tradeId, trade_id: String(this.tradeId), timestamp: ts, tick_direction: this.rng.nextInt(4), price: this.round(this.spot, 0.5),
        mark_price: this.round(this.spot, 0.01), instrument_name: 'BTC-PERPETUAL', index_price: this.round(this.spot, 0.01),
        direction: this.rng.nextFloat() < 0.5 ? 'buy' : 'sell', amount: 10 * (1 + this.rng.nextInt(100)),
      });
    }
    return { jsonrpc: '2.0', method: 'subscription', params: { channel: 'trades.BTC-PERPETUAL.100ms', data } };
  }

  private yesPrice(i: number): number {
    const strike = 85_000 + i * 2_500;
    const z = Math.log(this.spot / strike) / 0.05;
    return Math.min(0.99, Math.max(0.01, 0.5 * (1 + Math.tanh(z))));
  }

  private priceChange(ts: number): unknown {
    const i = this.rng.nextInt(5);
    const p = this.yesPrice(i);
    const bid = Math.max(0.01, this.round(p - 0.01, 0.01));
    const ask = Math.min(0.99, this.round(p + 0.01, 0.01));
    const change = (asset: string, side: string, price: number, bb: number, ba: number): unknown => ({
      asset_id: asset, price: price.toFixed(2), size: String(this.rng.nextInt(2000)), side, hash: (0x10000000 + this.rng.nextUint32()).toString(16), best_bid: bb.toFixed(2), best_ask: ba.toFixed(2),
    });
    return {
      market: `0x${(i + 1).toString(16).padStart(64, '0')}`,
      price_changes: [change(this.tokens[2 * i]!, 'BUY', bid, bid, ask), change(this.tokens[2 * i + 1]!, 'SELL', this.round(1 - bid, 0.01), this.round(1 - ask, 0.01), this.round(1 - bid, 0.01))],
      timestamp: String(ts), event_type: 'price_change',
    };
  }

  private polyBook(ts: number): unknown {
    const i = this.rng.nextInt(10);
    const p = this.yesPrice(i >> 1);
    const mid = i % 2 === 0 ? p : 1 - p;
    const levels = (dir: number): unknown[] => [1, 2, 3].map((k) => ({ price: Math.min(0.99, Math.max(0.01, this.round(mid + dir * 0.01 * k, 0.01))).toFixed(2), size: String(10 + this.rng.nextInt(500)) }));
    return {
      event_type: 'book', asset_id: this.tokens[i]!, market: `0x${((i >> 1) + 1).toString(16).padStart(64, '0')}`,
      bids: levels(-1).reverse(), asks: levels(1), timestamp: String(ts), hash: `0x${this.rng.nextUint32().toString(16)}`,
    };
  }
}

/** Writes `records` synthetic frames to `path` (gzip when it ends in .gz); returns the universe. */
export async function writeSyntheticRecording(path: string, records: number, options: SyntheticRecordingOptions): Promise<SyntheticUniverse> {
  const market = new SyntheticMarket(options);
  const writer = await RecordingWriter.open({ path, source: `synthetic generator (seed ${options.seed}); not market data`, nowMs: () => options.startMs });
  try {
    for (let i = 0; i < records; i++) {
      writer.write(market.next());
      if (i % 50_000 === 49_999) await writer.drained();
    }
  } finally {
    await writer.close();
  }
  return market.universe;
}
