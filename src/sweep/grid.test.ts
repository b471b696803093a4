import { describe, expect, it } from 'vitest';
import { expandGrid, parseGridAxis } from './grid.js';
import { canonicalJson } from './cell-spec.js';

describe('parseGridAxis', () => {
  it('expands an inclusive range without float drift', () => {
    expect(parseGridAxis('min_edge=0.01..0.05:0.01')).toEqual({ key: 'min_edge', values: [0.01, 0.02, 0.03, 0.04, 0.05] });
  });
  it('parses lists of numbers, booleans and strings', () => {
    expect(parseGridAxis('CrossMarket-BTC.risk_aversion=1,2,5').values).toEqual([1, 2, 5]);
    expect(parseGridAxis('vol_time=calendar,weighted').values).toEqual(['calendar', 'weighted']);
    expect(parseGridAxis('x=true,false').values).toEqual([true, false]);
  });
  it('names the problem in bad input', () => {
    expect(() => parseGridAxis('min_edge')).toThrow(/expected KEY=VALUES/);
    expect(() => parseGridAxis('min_edge=0.01..0.05')).toThrow(/needs a step/);
    expect(() => parseGridAxis('min_edge=0.05..0.01:0.01')).toThrow(/below its start/);
    expect(() => parseGridAxis('min_edge=0.01..0.05:0')).toThrow(/step must be positive/);
    expect(() => parseGridAxis('min_edge=a..0.05:0.01')).toThrow(/start "a" is not a number/);
    expect(() => parseGridAxis('k=1,,2')).toThrow(/empty value/);
    expect(() => parseGridAxis('k=1,1')).toThrow(/listed twice/);
  });
});

describe('expandGrid', () => {
  it('is the cartesian product, last axis fastest', () => {
    expect(expandGrid([{ key: 'a', values: [1, 2] }, { key: 'b', values: ['x', 'y'] }])).toEqual([{ a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 2, b: 'x' }, { a: 2, b: 'y' }]);
  });
  it('refuses a repeated key and oversized grids', () => {
    expect(() => expandGrid([{ key: 'a', values: [1] }, { key: 'a', values: [2] }])).toThrow(/given twice/);
    const big = Array.from({ length: 200 }, (_, i) => i);
    expect(() => expandGrid([{ key: 'a', values: big }, { key: 'b', values: big }])).toThrow(/40000 cells/);
  });
});

describe('canonicalJson', () => {
  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
  });
});
