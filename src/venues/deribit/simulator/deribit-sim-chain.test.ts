import { describe, expect, it } from 'vitest';
import { black76Greeks, black76Price } from '../../../pricing/index.js';
import { BtcMarketModel } from '../../shared/simulator/btc-market-model.js';
import { parseDeribitInstrument } from '../catalog/parse-deribit-instrument.js';
import { SimBook } from './deribit-sim-book.js';
import { buildChain, deribitExpiryCode, instrumentJson, onTick, quoteOf } from './deribit-sim-chain.js';

const START = Date.UTC(2026, 0, 5, 12);

describe('simulated Deribit chain', () => {
  const model = new BtcMarketModel({ seed: 11, startMs: START });
  const chain = buildChain(model, START);

  it('lists options over four Friday 08:00 UTC expiries, BTC-PERPETUAL and a dated future, all readable by the catalog parser', () => {
    const expiries = new Set(chain.filter((i) => i.kind === 'option').map((i) => i.expiryMs));
    expect(expiries.size).toBe(4);
    for (const e of expiries) expect([new Date(e).getUTCDay(), new Date(e).getUTCHours()]).toEqual([5, 8]);
    expect(chain.map((i) => i.name)).toContain('BTC-PERPETUAL');
    expect(deribitExpiryCode(Date.UTC(2026, 0, 9, 8))).toBe('9JAN26');
    for (const inst of chain) expect(parseDeribitInstrument(instrumentJson(inst))?.symbol).toBe(inst.name);
  });

  it('quotes options in BTC (Black-76 USD value / index), IVs in percent, vega per 1 % and theta per day in USD, on tick', () => {
    const call = chain.find((i) => i.kind === 'option' && i.right === 'call')!;
    const q = quoteOf(call, model);
    const forward = model.forward(call.expiryMs);
    const years = model.yearsTo(call.expiryMs);
    const vol = model.impliedVol(call.strike!, call.expiryMs);
    expect(q.mark).toBeCloseTo(black76Price({ type: 'call', forward, strike: call.strike!, years, vol }) / model.spot, 7);
    expect(q.markIvPct).toBeCloseTo(vol * 100, 1);
    const g = black76Greeks({ type: 'call', forward, strike: call.strike!, years, vol });
    expect(q.greeks!.vega).toBeCloseTo(g.vega / 100, 4);
    expect(q.greeks!.theta).toBeCloseTo(g.theta / 365, 4);
    expect(q.underlying).toBeCloseTo(forward, 6);
    expect(q.asks.length).toBe(5);
    for (const [p] of [...q.bids, ...q.asks]) expect(onTick(call, p)).toBe(true);
    if (q.bids.length > 0) expect(q.bids[0]![0]).toBeLessThan(q.asks[0]![0]);
  });

  it('quotes the perpetual in USD around spot with amounts in multiples of 10', () => {
    const perp = chain.find((i) => i.perpetual)!;
    const q = quoteOf(perp, model);
    expect(Math.abs(q.bids[0]![0] / model.spot - 1)).toBeLessThan(0.01);
    for (const [, a] of [...q.bids, ...q.asks]) expect(a % 10).toBe(0);
  });
});

describe('SimBook', () => {
  it('chains change ids, sends only differences, and on request skips an id with a change the client never sees', () => {
    const book = new SimBook('X', 100);
    expect(book.update([[10, 1]], [[11, 1]], 1)).toMatchObject({ prev_change_id: 100, change_id: 101, bids: [['new', 10, 1]], asks: [['new', 11, 1]] });
    expect(book.update([[10, 1]], [[11, 1]], 2)).toBeNull();
    expect(book.update([[10, 2]], [[12, 1]], 3)).toMatchObject({ prev_change_id: 101, change_id: 102, bids: [['change', 10, 2]], asks: [['new', 12, 1], ['delete', 11, 0]] });
    book.requestGap();
    const c = book.update([[10, 3], [9, 1]], [[12, 1]], 4)!;
    expect(c.prev_change_id).toBe(103);
    expect(c.change_id).toBe(104);
    expect(c.bids).toEqual([['new', 9, 1]]); // the change of 10 → 3 went into the skipped id
    expect(book.snapshot(5)).toMatchObject({ type: 'snapshot', change_id: 104, bids: [['new', 10, 3], ['new', 9, 1]], asks: [['new', 12, 1]] });
  });
});
