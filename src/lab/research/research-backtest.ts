/**
 * The research backtester shared by the studies: N assets with one close per bar, a strategy that
 * sees prices only up to the current bar and returns target positions (signed units, shorts allowed),
 * fills at that close moved against the trade by `slippageBps`, fees as a fraction of traded notional,
 * and one mark-to-market equity point per bar. A position chosen at bar t earns the move t → t+1.
 */
import { ArbiterError } from '../../domain/errors.js';
import { performanceStats, type PerformanceStats } from './performance-stats.js';

/** Read-only, causal view of the prices: asking for a bar after `t` throws. */
export interface PriceView {
  readonly t: number;
  readonly assets: number;
  /** Close of `asset` at bar `bar` ≤ t. */
  price(asset: number, bar: number): number;
}

/** Returns the target signed units per asset after trading at bar t, or null to keep the positions. */
export type TargetFn = (view: PriceView, positions: Readonly<Float64Array>, equity: number) => ArrayLike<number> | null;

export interface ResearchBacktestOptions {
  /** One Float64Array of closes per asset, all of the same length (bars). */
  readonly prices: readonly Float64Array[];
  readonly target: TargetFn;
  readonly initialCash: number;
  /** Fee as a fraction of traded notional (0.001 = 10 bp). Default 0. */
  readonly feeRate?: number;
  /** Slippage in basis points of the price, paid on every fill. Default 0. */
  readonly slippageBps?: number;
  readonly periodsPerYear: number;
  readonly timestamps?: ArrayLike<number>;
}

export interface ResearchBacktestResult {
  /** Equity marked at each bar's close after that bar's trades. */
  readonly equity: Float64Array;
  /** Units held per asset after each bar (row-major bars × assets). */
  readonly positions: Float64Array;
  readonly stats: PerformanceStats;
  readonly feesPaid: number;
  readonly slippagePaid: number;
  /** Σ |traded notional| / mean equity, annualised (times the book is turned over per year). */
  readonly turnover: number;
  /** Fraction of bars ending with a non-zero position. */
  readonly exposure: number;
  /** Mean gross notional / equity over the bars. */
  readonly averageGrossLeverage: number;
  /** Episodes from flat to flat (or to the end): count and winners. */
  readonly trades: number;
  readonly tradeHitRate: number | null;
}

/**
 * Runs a strategy over the bars.
 * @throws ArbiterError ARB_INPUT_INVALID on ragged or non-positive prices, negative costs, a target of
 *   the wrong length or with non-finite entries, or equity that goes to zero or below.
 */
export function runResearchBacktest(options: ResearchBacktestOptions): ResearchBacktestResult {
  const { prices, target, initialCash, periodsPerYear } = options;
  const fee = options.feeRate ?? 0;
  const slip = (options.slippageBps ?? 0) / 10_000;
  const assets = prices.length;
  if (assets === 0) throw new ArbiterError('ARB_INPUT_INVALID', 'prices has no asset', {});
  const bars = prices[0]!.length;
  if (bars < 2) throw new ArbiterError('ARB_INPUT_INVALID', `need at least 2 bars, got ${bars}`, { bars });
  prices.forEach((p, a) => {
    if (p.length !== bars) throw new ArbiterError('ARB_INPUT_INVALID', `asset ${a} has ${p.length} bars, asset 0 has ${bars}`, { asset: a });
    for (let t = 0; t < bars; t++) if (!(p[t]! > 0 && Number.isFinite(p[t]!))) throw new ArbiterError('ARB_INPUT_INVALID', `price of asset ${a} at bar ${t} is ${p[t]}`, { asset: a, bar: t });
  });
  if (!(fee >= 0 && fee < 1) || !(slip >= 0 && slip < 1)) throw new ArbiterError('ARB_INPUT_INVALID', `feeRate must be in [0,1) and slippageBps in [0,10000), got ${fee} and ${slip * 10_000}`, { feeRate: fee, slippageBps: slip * 10_000 });
  if (!(initialCash > 0)) throw new ArbiterError('ARB_INPUT_INVALID', `initialCash must be positive, got ${initialCash}`, { initialCash });

  let cash = initialCash;
  const pos = new Float64Array(assets);
  const equity = new Float64Array(bars);
  const positions = new Float64Array(bars * assets);
  let feesPaid = 0;
  let slippagePaid = 0;
  let traded = 0;
  let exposed = 0;
  let grossLev = 0;
  let trades = 0;
  let wins = 0;
  let episodeStart: number | null = null;
  let now = 0;
  const view: PriceView = {
    get t() { return now; },
    assets,
    price(asset: number, bar: number): number {
      if (bar > now) throw new ArbiterError('ARB_INPUT_INVALID', `look-ahead: bar ${bar} asked at bar ${now}`, { bar, now });
      const p = prices[asset]?.[bar];
      if (p === undefined) throw new ArbiterError('ARB_INPUT_INVALID', `no price for asset ${asset} at bar ${bar}`, { asset, bar });
      return p;
    },
  };
  const markAt = (t: number): number => {
    let e = cash;
    for (let a = 0; a < assets; a++) e += pos[a]! * prices[a]![t]!;
    return e;
  };
  for (let t = 0; t < bars; t++) {
    now = t;
    const before = markAt(t);
    if (!(before > 0)) throw new ArbiterError('ARB_INPUT_INVALID', `equity fell to ${before} at bar ${t}`, { bar: t });
    const wasFlat = pos.every((q) => q === 0);
    const want = target(view, pos, before);
    if (want !== null) {
      if (want.length !== assets) throw new ArbiterError('ARB_INPUT_INVALID', `target has ${want.length} entries for ${assets} assets`, { bar: t });
      for (let a = 0; a < assets; a++) {
        const q = want[a]!;
        if (!Number.isFinite(q)) throw new ArbiterError('ARB_INPUT_INVALID', `target for asset ${a} at bar ${t} is ${q}`, { asset: a, bar: t });
        const dq = q - pos[a]!;
        if (dq === 0) continue;
        const p = prices[a]![t]!;
        const fillPx = p * (1 + Math.sign(dq) * slip);
        const notional = Math.abs(dq) * fillPx;
        cash -= dq * fillPx + fee * notional;
        feesPaid += fee * notional;
        slippagePaid += Math.abs(dq) * p * slip;
        traded += notional;
        pos[a] = q;
      }
    }
    const e = markAt(t);
    equity[t] = e;
    positions.set(pos, t * assets);
    const flat = pos.every((q) => q === 0);
    let gross = 0;
    for (let a = 0; a < assets; a++) gross += Math.abs(pos[a]!) * prices[a]![t]!;
    grossLev += gross / e;
    if (!flat) exposed++;
    if (wasFlat && !flat) episodeStart = t === 0 ? initialCash : before;
    if (!wasFlat && flat && episodeStart !== null) {
      trades++;
      if (e > episodeStart) wins++;
      episodeStart = null;
    }
  }
  if (episodeStart !== null) {
    trades++;
    if (equity[bars - 1]! > episodeStart) wins++;
  }
  let meanEq = 0;
  for (let t = 0; t < bars; t++) meanEq += equity[t]!;
  meanEq /= bars;
  const stats = performanceStats(equity, options.timestamps === undefined ? { periodsPerYear } : { periodsPerYear, timestamps: options.timestamps });
  return {
    equity,
    positions,
    stats,
    feesPaid,
    slippagePaid,
    turnover: (traded / meanEq) * (periodsPerYear / bars),
    exposure: exposed / bars,
    averageGrossLeverage: grossLev / bars,
    trades,
    tradeHitRate: trades > 0 ? wins / trades : null,
  };
}
