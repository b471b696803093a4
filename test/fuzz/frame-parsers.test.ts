/**
 * Property tests of every venue frame parser (the registry's, shared by live clients and replay)
 * and the Polymarket user-channel parser: on any JSON, mutated documented frames, truncated text
 * and deep nesting they either emit well-formed events or throw ARB_PARSE_FRAME — never another
 * exception, never NaN or negative sizes — and each call returns quickly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../src/domain/market-event.js';
import type { Fill, OrderUpdate } from '../../src/domain/order.js';
import { parsePolymarketUserFrame } from '../../src/venues/polymarket/parse/parse-polymarket-user-frame.js';
import { createFrameParsers } from '../../src/venues/registry.js';
import { arbitraryFrame, eventProblems, expectParseErrorOnly, mutatedFrame, wsFixtures } from './hostile-values.js';

const RUNS = 300;
const PER_CALL_MS = 250;

describe.each([...createFrameParsers().keys()])('%s frame parser under hostile input', (venue) => {
  const fixtures = wsFixtures(venue);
  const tally = { errors: 0, emitted: 0 };

  const check = (frame: unknown): void => {
    const parser = createFrameParsers().get(venue)!;
    const events: MarketEvent[] = [];
    const start = performance.now();
    try {
      parser.parse(frame, 1_767_571_200_000, (e) => events.push(e));
    } catch (error) {
      expectParseErrorOnly(error, `${venue} parser`);
      tally.errors++;
    }
    tally.emitted += events.length;
    expect(performance.now() - start).toBeLessThan(PER_CALL_MS);
    for (const e of events) {
      const problem = eventProblems(e);
      if (problem) throw new Error(`${venue} parser emitted ${problem} from ${JSON.stringify(frame)?.slice(0, 300)}`);
    }
  };

  it('has documented frames to mutate', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  it('survives any JSON value, truncated frames, binary text and deep nesting', () => {
    fc.assert(fc.property(arbitraryFrame(fixtures), check), { numRuns: RUNS, seed: 42 });
  });

  it('survives documented frames with one value made hostile or one key removed', () => {
    tally.errors = 0;
    tally.emitted = 0;
    fc.assert(fc.property(mutatedFrame(fixtures), check), { numRuns: RUNS, seed: 7 });
    // Both paths were exercised: some mutations are refused (and would be counted), others still parse.
    expect(tally.errors).toBeGreaterThan(RUNS / 20);
    expect(tally.emitted).toBeGreaterThan(RUNS / 20);
  });
});

describe('Polymarket user-channel parser under hostile input', () => {
  const fixtures = wsFixtures('polymarket').filter((f) => JSON.stringify(f).includes('"event_type":"order"') || JSON.stringify(f).includes('"event_type":"trade"'));
  const own = (id: string): { clientOrderId: string; side: 'buy' | 'sell' } | undefined => (id.length > 0 ? { clientOrderId: `c-${id.slice(0, 6)}`, side: 'buy' } : undefined);

  const check = (frame: unknown): void => {
    const out: Array<OrderUpdate | Fill> = [];
    const start = performance.now();
    try {
      parsePolymarketUserFrame(frame, 1_767_571_200_000, own, { order: (u) => out.push(u), fill: (f) => out.push(f) });
    } catch (error) {
      expectParseErrorOnly(error, 'polymarket user parser');
    }
    expect(performance.now() - start).toBeLessThan(PER_CALL_MS);
    for (const u of out) {
      const numbers = u.kind === 'fill' ? [u.price, u.quantity, u.fee] : [u.filledQuantity, u.remainingQuantity];
      if (!numbers.every((n) => Number.isFinite(n))) throw new Error(`user parser emitted a non-finite number: ${JSON.stringify(u)}`);
      if (u.kind === 'fill' && !(u.quantity > 0 && u.price >= 0)) throw new Error(`user parser emitted a fill with quantity ${u.quantity}, price ${u.price}`);
    }
  };

  it('has documented user frames to mutate', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(2);
  });

  it('survives any JSON value and mutated order and trade frames', () => {
    fc.assert(fc.property(arbitraryFrame(fixtures), check), { numRuns: RUNS, seed: 3 });
    fc.assert(fc.property(mutatedFrame(fixtures), check), { numRuns: RUNS, seed: 5 });
  });
});
