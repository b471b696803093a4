import { describe, expect, it } from 'vitest';
import { formatOrderFilledLine, parseOrderFilledLine, type OrderFilledFill } from './order-filled.js';
import { reconstructTrade, type ReconstructResult } from './reconstruct-trade.js';
import { tradeFrames } from './trade-frames.js';

const EX = '0x4bfb41d5b3570defd03c39a9a4d8de6bd8b8982e';
const NEG_EX_V2 = '0xe2222d279d744050d28e00520010520000310f59';
const T = `0x${'a'.repeat(40)}`;
const M1 = `0x${'b'.repeat(40)}`;
const M2 = `0x${'c'.repeat(40)}`;
const M3 = `0x${'d'.repeat(40)}`;
const YES = '111';
const NO = '222';
const TX = `0x${'1'.repeat(64)}`;
let vid = 0;

const usd = (x: number): string => String(Math.round(x * 1e6));

/** A fill where `maker` gives `give` of `giveAsset` and receives `get` of `getAsset` (amounts in whole units). */
function fill(maker: string, taker: string, giveAsset: string, give: number | string, getAsset: string, get: number | string): OrderFilledFill {
  vid++;
  return {
    transaction_hash: TX, timestamp: 1_700_000_000, maker, taker, maker_asset_id: giveAsset, taker_asset_id: getAsset,
    maker_amount_filled: typeof give === 'string' ? give : usd(give), taker_amount_filled: typeof get === 'string' ? get : usd(get),
    fee: '0', order_hash: `0x${vid.toString(16).padStart(64, '0')}`, id: `${TX}_${vid}`, vid: String(vid), _gs_gid: null, _gs_chain: null, block_range: null,
  };
}

/** The liquidity taker's own event (taker = exchange): it pays `usdc` for `shares` (bought) or the reverse (sold). */
const takerBuys = (shares: number, usdc: number, outcome = YES, ex = EX): OrderFilledFill => fill(T, ex, '0', usdc, outcome, shares);
const takerSells = (shares: number, usdc: number, outcome = YES): OrderFilledFill => fill(T, EX, outcome, shares, '0', usdc);
const makerSells = (m: string, shares: number, usdc: number, outcome = YES): OrderFilledFill => fill(m, T, outcome, shares, '0', usdc);
const makerBuys = (m: string, shares: number, usdc: number, outcome = NO): OrderFilledFill => fill(m, T, '0', usdc, outcome, shares);

function failure(r: ReconstructResult): { rule: string; message: string } {
  if (r.ok) throw new Error('expected a failure');
  return { rule: r.rule, message: r.message };
}

describe('reconstructTrade', () => {
  it('reads a taker buy against a seller of the same outcome, from each maker\'s perspective', () => {
    const r = reconstructTrade([makerSells(M1, 100, 60), takerBuys(100, 60)]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.trade.timestamp).toBe(1_700_000_000_000);
    expect(r.trade.transaction_hash).toBe(TX);
    expect(r.trade.taker).toMatchObject({ user: T, action: 'bought', shares: 100, outcome: YES, usdc: 60, price: 0.6 });
    expect(r.trade.makers).toEqual([expect.objectContaining({ user: M1, action: 'sold', shares: 100, outcome: YES, usdc: 60, price: 0.6 })]);
    expect(r.trade.taker.order_hash).not.toBe(r.trade.makers[0]!.order_hash);
  });

  it('reads a taker sell (maker asset is the outcome) the other way round', () => {
    const r = reconstructTrade([takerSells(50, 20), makerBuys(M1, 50, 20, YES)]);
    expect(r.ok && r.trade.taker).toMatchObject({ action: 'sold', shares: 50, usdc: 20, price: 0.4, outcome: YES });
    expect(r.ok && r.trade.makers[0]).toMatchObject({ user: M1, action: 'bought', shares: 50, usdc: 20, outcome: YES });
  });

  it('accepts minting: a buyer of the complementary outcome pays 1 − p (cash = shares − usdc)', () => {
    // Taker buys 100 YES for 60: 40 from a YES seller at 0.60, 60 minted with a NO buyer paying 0.40.
    const r = reconstructTrade([takerBuys(100, 60, YES, NEG_EX_V2), makerSells(M1, 40, 24), makerBuys(M2, 60, 24, NO)]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.trade.makers.map((m) => [m.action, m.outcome, m.shares, m.price])).toEqual([['sold', YES, 40, 0.6], ['bought', NO, 60, 0.4]]);
    const frames = tradeFrames(r.trade, `0x${'9'.repeat(64)}`);
    expect(frames.map((f) => [f.asset_id, f.side, f.price, f.size])).toEqual([[YES, 'BUY', '0.6', '40'], [YES, 'BUY', '0.6', '60']]);
  });

  it('accepts merging: a taker selling YES against a seller of NO receives shares − usdc', () => {
    const r = reconstructTrade([takerSells(100, 30), makerSells(M2, 100, 70, NO)]);
    expect(r.ok).toBe(true);
    expect(r.ok && tradeFrames(r.trade, 'm')[0]).toMatchObject({ asset_id: YES, side: 'SELL', price: '0.3', size: '100' });
  });

  it('compares addresses case-insensitively: a USDC party in mixed case is caught (the seed tool missed it)', () => {
    const line = formatOrderFilledLine(makerSells(M1, 100, 60)).replace(M1, '0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174');
    const r = reconstructTrade([takerBuys(100, 60), parseOrderFilledLine(line)]);
    expect(failure(r)).toEqual({ rule: 'contract-party', message: expect.stringMatching(/USDC\.e contract as maker or taker/) });
    const adapter = { ...makerSells(M1, 1, 1), taker: '0xd91e80cf2e7be2e162c6513ced06f1dd0da35296' };
    expect(failure(reconstructTrade([takerBuys(1, 1), adapter])).message).toMatch(/Neg Risk Adapter/);
    const ctf = { ...makerSells(M1, 1, 1), maker: '0x4d97dcd97ec945f40cf65f87097ace5ea0476045' };
    expect(failure(reconstructTrade([takerBuys(1, 1), ctf])).message).toMatch(/Conditional Tokens/);
  });

  it('names every structural rule', () => {
    expect(failure(reconstructTrade([makerSells(M1, 100, 60)]))).toEqual({ rule: 'no-special-fill', message: expect.stringMatching(/^No special fill found/) });
    expect(failure(reconstructTrade([]))).toMatchObject({ rule: 'no-special-fill' });
    expect(failure(reconstructTrade([takerBuys(100, 60), takerBuys(100, 60)]))).toEqual({ rule: 'multiple-special-fills', message: 'Multiple special fills found (2)' });
    const reversed = fill(EX, T, YES, 100, '0', 60);
    expect(failure(reconstructTrade([reversed, makerSells(M1, 100, 60)]))).toEqual({ rule: 'special-taker', message: `Special fill's taker ${T} is not an exchange contract` });
    expect(failure(reconstructTrade([takerBuys(100, 60), fill(M1, T, NO, 100, YES, 100)]))).toMatchObject({ rule: 'no-collateral-leg', message: expect.stringMatching(/neither is collateral/) });
    expect(failure(reconstructTrade([fill(T, EX, NO, 100, YES, 100), makerSells(M1, 100, 60)]))).toMatchObject({ rule: 'no-collateral-leg' });
    expect(failure(reconstructTrade([takerBuys(100, 60), fill(T, T, YES, 100, '0', 60)]))).toMatchObject({ rule: 'maker-is-taker', message: expect.stringMatching(/is the liquidity taker/) });
    expect(failure(reconstructTrade([takerBuys(100, 60), fill(M1, M2, YES, 100, '0', 60)]))).toEqual({ rule: 'maker-taker-mismatch', message: expect.stringContaining(`taker ${M2} is not the liquidity taker ${T}`) });
  });

  it('names the pair rules: too many pairs and mismatches A–D', () => {
    const three = reconstructTrade([takerBuys(90, 54), makerSells(M1, 30, 18), makerBuys(M2, 30, 12, NO), makerBuys(M3, 30, 18, YES)]);
    expect(failure(three)).toEqual({ rule: 'too-many-pairs', message: 'Makers show 3 distinct (action, outcome) pairs; at most 2 are possible' });
    const a = reconstructTrade([takerBuys(100, 60), makerSells(M1, 50, 30, YES), makerSells(M2, 50, 20, NO)]);
    expect(failure(a)).toMatchObject({ rule: 'mismatch-a', message: expect.stringMatching(/^Mismatch A: .*share the action "sold"/) });
    const b = reconstructTrade([takerBuys(100, 60), makerSells(M1, 50, 30, YES), makerBuys(M2, 50, 30, YES)]);
    expect(failure(b)).toMatchObject({ rule: 'mismatch-b', message: expect.stringMatching(/^Mismatch B: .*share the outcome 111/) });
    const c = reconstructTrade([takerBuys(100, 60), makerBuys(M1, 100, 60, YES)]);
    expect(failure(c)).toMatchObject({ rule: 'mismatch-c', message: expect.stringMatching(/^Mismatch C: a maker bought the taker's outcome 111/) });
    const d = reconstructTrade([takerBuys(100, 60), makerSells(M1, 100, 40, NO)]);
    expect(failure(d)).toMatchObject({ rule: 'mismatch-d', message: expect.stringMatching(/^Mismatch D: a maker sold outcome 222 while the taker bought 111/) });
  });

  it('checks shares and cash exactly in micro-units, within the tolerance', () => {
    expect(failure(reconstructTrade([takerBuys(100, 60), makerSells(M1, 90, 54)]))).toEqual({ rule: 'shares', message: 'Maker shares 90 ≠ taker shares 100' });
    expect(failure(reconstructTrade([takerBuys(100, 60), makerSells(M1, 100, 50)]))).toEqual({ rule: 'cash', message: 'Taker cash 60 ≠ 50 implied by the makers' });
    // Minting with the wrong complementary price: 100 − 45 = 55 ≠ 60.
    expect(failure(reconstructTrade([takerBuys(100, 60), makerBuys(M2, 100, 45, NO)]))).toMatchObject({ rule: 'cash' });
    const within = reconstructTrade([fill(T, EX, '0', '60000009', YES, '100000000'), makerSells(M1, 100, 60)]);
    expect(within.ok).toBe(true);
    const outside = reconstructTrade([fill(T, EX, '0', '60000010', YES, '100000000'), makerSells(M1, 100, 60)]);
    expect(failure(outside)).toEqual({ rule: 'cash', message: 'Taker cash 60.00001 ≠ 60 implied by the makers' });
    expect(reconstructTrade([fill(T, EX, '0', '60000001', YES, '100000000'), makerSells(M1, 100, 60)], { toleranceMicro: 0n }).ok).toBe(false);
  });

  it('makes no replay frame for a maker that moved no shares', () => {
    const r = reconstructTrade([takerBuys(100, 60), makerSells(M1, 100, 60), makerSells(M2, 0, 0)]);
    expect(r.ok && r.trade.makers.map((m) => [m.shares, m.price])).toEqual([[100, 0.6], [0, 0]]);
    expect(r.ok && tradeFrames(r.trade, 'm').map((f) => f.size)).toEqual(['100']);
  });

  it('keeps huge amounts exact (beyond 2^53 micro-units)', () => {
    const big = '9007199254740993000'; // 9,007,199,254,740.993 shares
    const r = reconstructTrade([fill(T, EX, '0', big, YES, big), fill(M1, T, YES, big, '0', big)]);
    expect(r.ok).toBe(true);
    const off = reconstructTrade([fill(T, EX, '0', big, YES, big), fill(M1, T, YES, '9007199254740992990', '0', big)]);
    expect(failure(off).rule).toBe('shares');
  });
});
