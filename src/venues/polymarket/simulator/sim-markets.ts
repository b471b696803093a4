/**
 * The simulator's markets: a handful of "Bitcoin above $K on <date>?" binaries (YES and NO
 * tokens, uint256 decimal ids) quoted around BtcMarketModel.probabilityAbove with noise, a
 * spread, persistent level sizes and occasional mispricings; plus a closed BTC market and two
 * unrelated markets so catalog filters have something to drop. Prices are kept in integer
 * thousandths (0.57 → 570) so every tick of 0.01 or 0.001 is exact.
 */
import { keccak256, toHex } from 'viem';
import type { BtcMarketModel } from '../../shared/simulator/btc-market-model.js';
import { zonedTimeToEpochMs } from '../../../domain/time-zone.js';

export const MILLI = 1000;
const LEVELS = 5;
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export interface SimToken {
  readonly tokenId: string;
  readonly outcome: 'Yes' | 'No';
  readonly market: SimMarket;
  /** Price in thousandths → size in shares. */
  readonly bids: Map<number, number>;
  readonly asks: Map<number, number>;
  /** Tick in thousandths (10 = 0.01, 1 = 0.001). */
  tick: number;
  lastTradePrice: number | null;
}

export interface SimMarket {
  readonly conditionId: string;
  readonly question: string;
  readonly slug: string;
  readonly endDateIso: string;
  readonly strike: number;
  readonly expiryMs: number;
  readonly closed: boolean;
  /** Quoted (BTC binaries) or static (the unrelated markets). */
  readonly quoted: boolean;
  readonly minSize: number;
  readonly negRisk: boolean;
  readonly tokens: readonly [SimToken, SimToken];
  /** Current deviation of the quotes from the model value (decays; jumps now and then). */
  mispricing: number;
}

/** One level change in a book, in the order it was applied, with the top of book after it. */
export interface LevelChange {
  readonly token: SimToken;
  readonly side: 'BUY' | 'SELL';
  readonly price: number;
  readonly size: number;
  readonly bestBid: number | null;
  readonly bestAsk: number | null;
}

export function priceText(milli: number): string {
  return String(milli / MILLI);
}

export function sizeText(size: number): string {
  return String(Math.round(size * 100) / 100);
}

export function bestBid(t: SimToken): number | null {
  let best: number | null = null;
  for (const p of t.bids.keys()) if (best === null || p > best) best = p;
  return best;
}

export function bestAsk(t: SimToken): number | null {
  let best: number | null = null;
  for (const p of t.asks.keys()) if (best === null || p < best) best = p;
  return best;
}

/** Best bid/ask as the venue writes them: an empty bid is "0", an empty ask "1". */
export function topText(t: SimToken): { best_bid: string; best_ask: string } {
  const b = bestBid(t);
  const a = bestAsk(t);
  return { best_bid: b === null ? '0' : priceText(b), best_ask: a === null ? '1' : priceText(a) };
}

/** Sets one level and records the change with the resulting top of book. */
export function setLevel(token: SimToken, side: 'BUY' | 'SELL', price: number, size: number, out: LevelChange[]): void {
  const levels = side === 'BUY' ? token.bids : token.asks;
  const rounded = Math.round(size * 100) / 100;
  if (rounded > 0) levels.set(price, rounded);
  else levels.delete(price);
  out.push({ token, side, price, size: rounded > 0 ? rounded : 0, bestBid: bestBid(token), bestAsk: bestAsk(token) });
}

function idOf(text: string): string {
  return keccak256(toHex(text));
}

function tokenIdOf(text: string): string {
  return BigInt(keccak256(toHex(text))).toString(10);
}

function makeMarket(question: string, slug: string, endDateIso: string, strike: number, expiryMs: number, closed: boolean, quoted: boolean): SimMarket {
  const tokens: SimToken[] = [];
  const market = { conditionId: idOf(slug), question, slug, endDateIso, strike, expiryMs, closed, quoted, minSize: 5, negRisk: false, tokens: tokens as unknown as readonly [SimToken, SimToken], mispricing: 0 };
  for (const outcome of ['Yes', 'No'] as const) {
    tokens.push({ tokenId: tokenIdOf(`${slug}:${outcome}`), outcome, market, bids: new Map(), asks: new Map(), tick: 10, lastTradePrice: null });
  }
  return market;
}

/** The listed markets: `count` BTC binaries over two expiries, one closed BTC market, two unrelated ones. */
export function createSimMarkets(model: BtcMarketModel, count: number): SimMarket[] {
  const markets: SimMarket[] = [];
  const spot = model.spot;
  const day = new Date(model.nowMs);
  for (let i = 0; i < count; i++) {
    const daysAhead = 1 + (i % 2);
    const d = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + daysAhead));
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1;
    const dd = d.getUTCDate();
    const expiryMs = zonedTimeToEpochMs('America/New_York', y, m, dd, 12);
    const offset = (i - Math.floor(count / 2)) * 2_000;
    const strike = Math.round((spot + offset) / 1_000) * 1_000;
    const monthName = MONTH_NAMES[m - 1]!;
    const question = `Bitcoin above $${strike.toLocaleString('en-US')} on ${monthName} ${dd}?`;
    const slug = `bitcoin-above-${strike}-on-${monthName.toLowerCase()}-${dd}`;
    markets.push(makeMarket(question, slug, new Date(expiryMs).toISOString(), strike, expiryMs, false, true));
  }
  const past = new Date(model.nowMs - 3 * 86_400_000);
  const pastName = MONTH_NAMES[past.getUTCMonth()]!;
  const pastStrike = Math.round(spot / 1_000) * 1_000;
  markets.push(makeMarket(`Bitcoin above $${pastStrike.toLocaleString('en-US')} on ${pastName} ${past.getUTCDate()}?`, `bitcoin-above-${pastStrike}-on-${pastName.toLowerCase()}-${past.getUTCDate()}`,
    past.toISOString(), pastStrike, past.getTime(), true, false));
  const later = new Date(model.nowMs + 30 * 86_400_000).toISOString();
  markets.push(makeMarket('Will it rain in London tomorrow?', 'will-it-rain-in-london-tomorrow', later, 0, 0, false, false));
  markets.push(makeMarket('Will Bitcoin reach $150,000 by December 31?', 'will-bitcoin-reach-150000-by-december-31', later, 0, 0, false, false));
  return markets;
}

/**
 * Re-quotes one token around `fair` (0–1): a spread of 1–3 ticks each side of fair, LEVELS levels
 * a cent apart, sizes kept with probability 0.8 per level. Appends the changes to `out`.
 */
export function requote(token: SimToken, fair: number, uniform: () => number, out: LevelChange[]): void {
  const tick = token.tick;
  const step = Math.max(tick, 10);
  const f = Math.min(0.999, Math.max(0.001, fair)) * MILLI;
  const half = tick * (1 + Math.floor(uniform() * 3));
  let topBid = Math.floor((f - half) / tick) * tick;
  let topAsk = Math.ceil((f + half) / tick) * tick;
  topBid = Math.max(tick, Math.min(MILLI - 2 * tick, topBid));
  topAsk = Math.min(MILLI - tick, Math.max(topBid + tick, topAsk));
  const targetBids = new Map<number, number>();
  const targetAsks = new Map<number, number>();
  for (let i = 0; i < LEVELS; i++) {
    const b = topBid - i * step;
    if (b >= tick) targetBids.set(b, sizeFor(token.bids.get(b), uniform));
    const a = topAsk + i * step;
    if (a <= MILLI - tick) targetAsks.set(a, sizeFor(token.asks.get(a), uniform));
  }
  // Removals on both sides first, so no intermediate state is crossed when the quotes move.
  for (const p of [...token.bids.keys()]) if (!targetBids.has(p)) setLevel(token, 'BUY', p, 0, out);
  for (const p of [...token.asks.keys()]) if (!targetAsks.has(p)) setLevel(token, 'SELL', p, 0, out);
  for (const [p, s] of targetBids) if (token.bids.get(p) !== s) setLevel(token, 'BUY', p, s, out);
  for (const [p, s] of targetAsks) if (token.asks.get(p) !== s) setLevel(token, 'SELL', p, s, out);
}

function sizeFor(current: number | undefined, uniform: () => number): number {
  if (current !== undefined && uniform() < 0.8) return current;
  return Math.round((10 + uniform() * 490) * 100) / 100;
}
