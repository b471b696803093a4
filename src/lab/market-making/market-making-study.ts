/**
 * Study `market-making`: Avellaneda–Stoikov and imbalance-skewed quoting against a seeded synthetic
 * L2 replay (`syntheticBookEvents`: zero-intelligence limit/cancel flow, Hawkes market orders) with
 * conservative queue position. Recorded L2 books are replayed through `simulateMarketMaking` directly
 * (from `replayRecordings` events); the study's series input cannot carry books, so it refuses data.
 */
import { ArbiterError } from '../../domain/errors.js';
import { resolveStudyParams } from '../report/study-params.js';
import type { Study, StudyResult } from '../studies/study.js';
import { simulateMarketMaking, type MarketMakingConfig } from './simulate-market-making.js';
import { syntheticBookEvents } from './synthetic-book.js';

function thinIdx(n: number, max: number): number[] {
  const step = Math.max(1, Math.ceil(n / max));
  const out: number[] = [];
  for (let i = 0; i < n; i += step) out.push(i);
  return out;
}

export const marketMakingStudy: Study = {
  name: 'market-making',
  title: 'Market making: Avellaneda–Stoikov and order-book imbalance',
  description: 'Inventory-aware quotes (AS 2008) and an imbalance-skewed variant, simulated against a replayed L2 book with queue position (synthetic, seeded).',
  params: [
    { key: 'seconds', label: 'Replay length (s)', kind: 'integer', default: 1800, min: 60, max: 7200 },
    { key: 'gamma', label: 'Risk aversion γ', kind: 'number', default: 0.005, min: 1e-6, max: 10 },
    { key: 'sigma', label: 'Mid vol σ (price/√s)', kind: 'number', default: 0.5, min: 0, max: 1e4 },
    { key: 'k', label: 'Fill decay k (1/price)', kind: 'number', default: 2, min: 1e-4, max: 1e4 },
    { key: 'kappa', label: 'Imbalance weight κ', kind: 'number', default: 0.8, min: 0, max: 1 },
    { key: 'quoteSize', label: 'Quote size', kind: 'number', default: 1, min: 1e-6, max: 1e6 },
    { key: 'inventoryLimit', label: 'Inventory limit', kind: 'number', default: 20, min: 1e-6, max: 1e6 },
    { key: 'makerFeeBps', label: 'Maker fee (bp, negative = rebate)', kind: 'number', default: 0, min: -10, max: 50 },
    { key: 'meanTradeSize', label: 'Mean market order size', kind: 'number', default: 2, min: 0.01, max: 1000 },
    { key: 'seed', label: 'Seed', kind: 'integer', default: 3, min: 0, max: 2 ** 31 },
  ],
  run(params, data): StudyResult {
    if (data) throw new ArbiterError('ARB_INPUT_INVALID', 'market-making: series data cannot carry L2 books; replay recordings through simulateMarketMaking instead');
    const p = resolveStudyParams(marketMakingStudy, params);
    const events = syntheticBookEvents({ seconds: Number(p.seconds), seed: Number(p.seed), meanTradeSize: Number(p.meanTradeSize) });
    const end = events[events.length - 1]!.tsLocal;
    const base: Omit<MarketMakingConfig, 'policy' | 'gamma'> = {
      sigma: Number(p.sigma), k: Number(p.k), sessionEnd: end, tick: 0.5, quoteSize: Number(p.quoteSize),
      inventoryLimit: Number(p.inventoryLimit), makerFee: Number(p.makerFeeBps) / 1e4, kappa: Number(p.kappa),
    };
    const runs = [
      ['Avellaneda–Stoikov', simulateMarketMaking(events, { ...base, policy: 'avellaneda-stoikov', gamma: Number(p.gamma) })],
      ['imbalance', simulateMarketMaking(events, { ...base, policy: 'imbalance', gamma: Number(p.gamma) })],
      ['symmetric (γ → 0)', simulateMarketMaking(events, { ...base, policy: 'avellaneda-stoikov', gamma: 1e-6 })],
    ] as const;
    const sd = (xs: number[]): number => Math.sqrt(xs.reduce((a, x) => a + x * x, 0) / Math.max(1, xs.length));
    const trades = events.filter((e) => e.kind === 'trade').length;
    return {
      summary: Object.fromEntries([
        ['events', events.length], ['trade prints', trades],
        ...runs.flatMap(([n, r]) => [[`P&L ${n}`, r.finalPnl], [`fills ${n}`, r.fills]]),
      ]),
      tables: [{ title: 'Policies on the same replay', columns: ['policy', 'final P&L', 'fills', 'volume', 'fees', 'edge per unit vs mid', 'final inventory', 'inventory RMS'],
        rows: runs.map(([n, r]) => [n, r.finalPnl, r.fills, r.volume, r.fees, r.edgePerUnit, r.finalInventory, sd(r.inventory)]) }],
      charts: [
        { title: 'Mark-to-mid P&L', xLabel: 'time', yLabel: 'P&L', timeAxis: true, series: runs.map(([n, r]) => { const ix = thinIdx(r.times.length, 1500); return { name: n, x: ix.map((i) => r.times[i]!), y: ix.map((i) => r.pnl[i]!) }; }) },
        { title: 'Inventory', xLabel: 'time', yLabel: 'base units', timeAxis: true, series: runs.map(([n, r]) => { const ix = thinIdx(r.times.length, 1500); return { name: n, x: ix.map((i) => r.times[i]!), y: ix.map((i) => r.inventory[i]!) }; }) },
      ],
    };
  },
};
