/**
 * Uniswap v2 frames → engine events. Two frames carry pool state:
 * - the answer to the feed's `eth_call getReserves`, whose JSON-RPC id is the pair tag
 *   (`reserves:<address>:<symbol>:<baseIndex>:<decimals0>:<decimals1>:<feeBps>`, see
 *   uniswap-pairs.ts): the parser learns the pair from it and emits its state;
 * - an `eth_subscription` notification carrying a `Sync` log of a pair it has learnt.
 * Each state becomes a `book_snapshot` whose levels are exact constant-product fills
 * (`v2CurveBook`: 40 levels a side, 5 bp marginal-price steps, fee included) and a `ticker` whose
 * `mark` is the marginal price (fee excluded) and whose bid/ask are the marginal prices a seller
 * and a buyer get (g·P and P/g, g = 1 − fee). Neither frame has a venue time: `tsVenue` is null.
 * The book's sequence is blockNumber·100000 + logIndex for logs, null for reads. A log older than
 * the pair's last one is stale and dropped; a log flagged `removed` (reorg) emits nothing (the
 * feed re-reads the pair). A Sync of a pair never read is an error: its token order is unknown.
 */
import { decodeFunctionResult, type Hex } from 'viem';
import type { BookSnapshotEvent, MarketEvent, TickerEvent } from '../../../domain/market-event.js';
import { NO_GREEKS } from '../../../domain/market-event.js';
import { UNISWAP_V2_PAIR_ABI } from '../../../lab/uniswap/pool-abi.js';
import { v2CurveBook } from '../../../lab/uniswap/v2-curve-book.js';
import type { FrameParser } from '../../shared/frame-parser.js';
import { frameError, isRecord } from '../../shared/wire-values.js';
import { parsePairTag, type UniswapPairFacts } from '../catalog/uniswap-pairs.js';
import { decodeSyncLog, isSyncLog } from './sync-log.js';

export const CURVE_LEVELS = 40;
export const CURVE_STEP_BPS = 5;

interface PairState {
  readonly facts: UniswapPairFacts;
  lastSequence: number;
}

/** Reserves of one pair as the engine sees them: book + ticker. */
export function pairStateEvents(facts: UniswapPairFacts, reserve0: bigint, reserve1: bigint, sequence: number | null, tsLocal: number, emit: (e: MarketEvent) => void): void {
  const base = facts.baseIndex === 0;
  const book = v2CurveBook({
    reserveBase: base ? reserve0 : reserve1, reserveQuote: base ? reserve1 : reserve0,
    baseDecimals: base ? facts.decimals0 : facts.decimals1, quoteDecimals: base ? facts.decimals1 : facts.decimals0,
    feeBps: facts.feeBps, levels: CURVE_LEVELS, stepBps: CURVE_STEP_BPS,
  });
  const snapshot: BookSnapshotEvent = { kind: 'book_snapshot', venue: 'uniswap', symbol: facts.symbol, tsVenue: null, tsLocal, bids: book.bids, asks: book.asks, sequence };
  emit(snapshot);
  const g = 1 - facts.feeBps / 10_000;
  const quote = facts.symbol.slice(facts.symbol.indexOf('-') + 1);
  const ticker: TickerEvent = {
    kind: 'ticker', venue: 'uniswap', symbol: facts.symbol, tsVenue: null, tsLocal, priceCurrency: quote,
    bid: book.spot * g, bidSize: null, ask: book.spot / g, askSize: null, last: null, mark: book.spot,
    index: null, underlying: null, markIv: null, bidIv: null, askIv: null, greeks: NO_GREEKS, openInterest: null,
  };
  emit(ticker);
}

export class UniswapFrameParser implements FrameParser {
  readonly venue = 'uniswap' as const;
  private readonly pairs = new Map<string, PairState>();

  /** Facts learnt from reads so far, by lower-case pair address. */
  known(address: string): UniswapPairFacts | undefined {
    return this.pairs.get(address.toLowerCase())?.facts;
  }

  parse(frame: unknown, tsLocal: number, emit: (event: MarketEvent) => void): void {
    if (!isRecord(frame)) throw frameError('uniswap', 'not a JSON-RPC object');
    const facts = parsePairTag(frame.id);
    if (facts !== null) {
      this.onReserves(facts, frame, tsLocal, emit);
      return;
    }
    if (frame.method !== 'eth_subscription') return; // other answers (subscribe ids, metadata reads)
    const params = frame.params;
    if (!isRecord(params) || !('result' in params)) throw frameError('uniswap', 'eth_subscription without params.result');
    const log = params.result;
    if (!isSyncLog(log)) return; // another event or a new head: not pool state
    const sync = decodeSyncLog(log);
    if (sync.removed) return;
    const state = this.pairs.get(sync.address);
    if (state === undefined) throw frameError('uniswap', `Sync of pair ${sync.address} before its getReserves read: token order and decimals unknown`);
    const sequence = sync.blockNumber * 100_000 + sync.logIndex;
    if (sequence <= state.lastSequence) return;
    state.lastSequence = sequence;
    pairStateEvents(state.facts, sync.reserve0, sync.reserve1, sequence, tsLocal, emit);
  }

  private onReserves(facts: UniswapPairFacts, frame: Record<string, unknown>, tsLocal: number, emit: (event: MarketEvent) => void): void {
    if (frame.error !== undefined) throw frameError('uniswap', `getReserves of ${facts.address} failed: ${JSON.stringify(frame.error).slice(0, 160)}`);
    if (typeof frame.result !== 'string' || !/^0x[0-9a-fA-F]*$/.test(frame.result)) throw frameError('uniswap', `getReserves of ${facts.address}: result is not hex`);
    let decoded: readonly [bigint, bigint, number];
    try {
      decoded = decodeFunctionResult({ abi: UNISWAP_V2_PAIR_ABI, functionName: 'getReserves', data: frame.result as Hex });
    } catch {
      throw frameError('uniswap', `getReserves of ${facts.address}: result is not (uint112, uint112, uint32)`);
    }
    const existing = this.pairs.get(facts.address);
    // A read describes the chain's current state: later logs must follow it, earlier ones are gone.
    if (existing === undefined) this.pairs.set(facts.address, { facts, lastSequence: -1 });
    else if (existing.facts.symbol !== facts.symbol) this.pairs.set(facts.address, { facts, lastSequence: existing.lastSequence });
    if (decoded[0] === 0n || decoded[1] === 0n) return; // an empty pair has no price
    pairStateEvents(facts, decoded[0], decoded[1], null, tsLocal, emit);
  }
}

export function createUniswapFrameParser(): UniswapFrameParser {
  return new UniswapFrameParser();
}
