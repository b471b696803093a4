/**
 * A strategy tab described as data: an ordered list of widgets, each reading one key of the
 * strategy's `state()` JSON. The page renders any schema; the three built-in strategies get
 * hand-made ones, any other strategy a generic one built from its state's shape.
 */
import type { Strategy } from '../engine/strategy.js';
import { CrossMarketStrategy } from '../strategies/cross-market/strategy.js';
import { GammaScalpStrategy } from '../strategies/gamma-scalp/strategy.js';
import { MomentumStrategy } from '../strategies/momentum/strategy.js';

/** How a value is shown: usd ($1,234.56), usd4, pct (fraction → %), num2, num4, int, time (epoch ms → UTC), text. */
export type ValueFormat = 'usd' | 'usd4' | 'pct' | 'num2' | 'num4' | 'int' | 'time' | 'date' | 'text';

export interface MetricItem {
  readonly label: string;
  /** Dotted path into the state, e.g. "universe.deribitOptions". */
  readonly path: string;
  readonly format: ValueFormat;
}

export interface TableColumn {
  readonly label: string;
  readonly key: string;
  readonly format: ValueFormat;
}

export type Widget =
  | { readonly type: 'metrics'; readonly title: string; readonly items: readonly MetricItem[] }
  | { readonly type: 'table'; readonly title: string; readonly path: string; readonly columns: readonly TableColumn[]; readonly sortBy?: string; readonly descending?: boolean }
  /** CrossMarket smiles: one chart per expiry, fitted IV as a line and market IVs as points. */
  | { readonly type: 'smiles'; readonly title: string; readonly path: string }
  /** Price quantiles per expiry as a fan chart (p05…p95). */
  | { readonly type: 'distribution'; readonly title: string; readonly path: string }
  /** A number array as a line chart. */
  | { readonly type: 'series'; readonly title: string; readonly path: string; readonly format: ValueFormat }
  /** One line chart per element of an array, from its `valuesKey` array, titled by `labelKey`. */
  | { readonly type: 'series_list'; readonly title: string; readonly path: string; readonly labelKey: string; readonly valuesKey: string }
  | { readonly type: 'log'; readonly title: string; readonly path: string; readonly maxLines: number };

export interface WidgetSchema {
  readonly widgets: readonly Widget[];
}

const LOG: Widget = { type: 'log', title: 'Activity log', path: 'log', maxLines: 100 };

const CROSS_MARKET: WidgetSchema = {
  widgets: [
    {
      type: 'metrics', title: 'Market', items: [
        { label: 'BTC spot', path: 'spot', format: 'usd' },
        { label: 'IV points', path: 'ivPoints', format: 'int' },
        { label: 'Deribit options', path: 'universe.deribitOptions', format: 'int' },
        { label: 'Derive options', path: 'universe.deriveOptions', format: 'int' },
        { label: 'Polymarket markets', path: 'universe.polymarketMarkets', format: 'int' },
        { label: 'Recalculations', path: 'recalcs', format: 'int' },
        { label: 'Last recalculation', path: 'lastRecalcMs', format: 'time' },
        { label: 'Wealth', path: 'portfolio.wealthUsd', format: 'usd' },
        { label: 'E[return]', path: 'portfolio.expectedReturn', format: 'pct' },
        { label: 'P(loss)', path: 'portfolio.probabilityOfLoss', format: 'pct' },
        { label: 'Open orders', path: 'orders.open', format: 'int' },
        { label: 'Filled orders', path: 'orders.filled', format: 'int' },
      ],
    },
    { type: 'smiles', title: 'Vol surface: smiles per expiry (line: fitted, points: market IV)', path: 'smiles' },
    { type: 'distribution', title: 'Price distribution at expiry (5/25/50/75/95 %)', path: 'distributions' },
    {
      type: 'table', title: 'Opportunities', path: 'opportunities', sortBy: 'edgeReturn', descending: true, columns: [
        { label: 'Venue', key: 'venue', format: 'text' }, { label: 'Market', key: 'description', format: 'text' },
        { label: 'Side', key: 'side', format: 'text' }, { label: 'Kind', key: 'kind', format: 'text' },
        { label: 'Strike', key: 'strike', format: 'usd' }, { label: 'Expiry', key: 'expiryMs', format: 'date' },
        { label: 'Market px', key: 'marketPrice', format: 'num4' }, { label: 'Fair', key: 'fairValue', format: 'num4' },
        { label: 'Edge', key: 'edge', format: 'num4' }, { label: 'Edge %', key: 'edgeReturn', format: 'pct' },
        { label: 'Liquidity', key: 'liquidity', format: 'num2' },
      ],
    },
    {
      type: 'table', title: 'Target vs current positions', path: 'positions', sortBy: 'target', descending: true, columns: [
        { label: 'Venue', key: 'venue', format: 'text' }, { label: 'Market', key: 'description', format: 'text' },
        { label: 'Current', key: 'current', format: 'num2' }, { label: 'Target', key: 'target', format: 'num2' },
        { label: 'Price', key: 'price', format: 'num4' }, { label: 'Fair', key: 'fairValue', format: 'num4' },
      ],
    },
    LOG,
  ],
};

const GAMMA_SCALP: WidgetSchema = {
  widgets: [
    {
      type: 'metrics', title: 'Position', items: [
        { label: 'Phase', path: 'phase', format: 'text' }, { label: 'Entry IV', path: 'entryIv', format: 'pct' },
        { label: 'Option delta', path: 'optionDelta', format: 'num4' }, { label: 'Net delta', path: 'netDelta', format: 'num4' },
        { label: 'Band', path: 'band', format: 'num4' }, { label: 'Hedges', path: 'hedges', format: 'int' },
        { label: 'Signals', path: 'signalCount', format: 'int' }, { label: 'Hedge position', path: 'hedge.position', format: 'num4' },
        { label: 'Open orders', path: 'orders.open', format: 'int' }, { label: 'Last exit', path: 'lastExitReason', format: 'text' },
      ],
    },
    { type: 'series', title: 'Net delta (recent)', path: 'deltaHistory', format: 'num4' },
    {
      type: 'table', title: 'Legs', path: 'legs', columns: [
        { label: 'Symbol', key: 'symbol', format: 'text' }, { label: 'Position', key: 'position', format: 'num2' },
        { label: 'Delta', key: 'delta', format: 'num4' }, { label: 'Mark IV', key: 'markIv', format: 'pct' },
      ],
    },
    LOG,
  ],
};

const MOMENTUM: WidgetSchema = {
  widgets: [
    {
      type: 'metrics', title: 'Signals', items: [
        { label: 'Lookback (ticks)', path: 'lookbackTicks', format: 'int' }, { label: 'Threshold', path: 'threshold', format: 'pct' },
        { label: 'Signals', path: 'signalCount', format: 'int' }, { label: 'Last signal', path: 'lastSignal.symbol', format: 'text' },
        { label: 'Open orders', path: 'orders.open', format: 'int' }, { label: 'Rejected', path: 'orders.rejected', format: 'int' },
      ],
    },
    {
      type: 'table', title: 'Instruments', path: 'instruments', columns: [
        { label: 'Venue', key: 'venue', format: 'text' }, { label: 'Symbol', key: 'symbol', format: 'text' },
        { label: 'Momentum', key: 'momentum', format: 'pct' }, { label: 'Signal', key: 'lastSignal', format: 'text' },
        { label: 'Position', key: 'position', format: 'num4' }, { label: 'Entry', key: 'entryPrice', format: 'num2' },
        { label: 'Unrealised', key: 'unrealizedReturn', format: 'pct' },
      ],
    },
    { type: 'series_list', title: 'Prices', path: 'instruments', labelKey: 'symbol', valuesKey: 'priceHistory' },
    LOG,
  ],
};

/** A schema from the state's shape: scalar fields as metrics, arrays of objects as tables, number arrays as charts, `log` as the log. */
export function genericSchema(state: unknown): WidgetSchema {
  if (typeof state !== 'object' || state === null) return { widgets: [] };
  const items: MetricItem[] = [];
  const rest: Widget[] = [];
  for (const [key, value] of Object.entries(state)) {
    if (key === 'log' && Array.isArray(value)) continue;
    if (typeof value === 'number') items.push({ label: key, path: key, format: 'num4' });
    else if (typeof value === 'string' || typeof value === 'boolean') items.push({ label: key, path: key, format: 'text' });
    else if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number')) rest.push({ type: 'series', title: key, path: key, format: 'num4' });
    else if (Array.isArray(value) && value.length > 0 && typeof value[0] === 'object' && value[0] !== null) {
      const columns = Object.entries(value[0] as Record<string, unknown>)
        .filter(([, v]) => v === null || typeof v !== 'object')
        .map(([k, v]) => ({ label: k, key: k, format: (typeof v === 'number' ? 'num4' : 'text') as ValueFormat }));
      rest.push({ type: 'table', title: key, path: key, columns });
    }
  }
  const widgets: Widget[] = items.length > 0 ? [{ type: 'metrics', title: 'State', items }, ...rest] : rest;
  if (Array.isArray((state as { log?: unknown }).log)) widgets.push(LOG);
  return { widgets };
}

/** The state a strategy reports for its tab, or null when it has no `state()`. */
export function strategyState(strategy: Strategy): unknown {
  const s = strategy as Strategy & { state?: () => unknown };
  return typeof s.state === 'function' ? s.state() : null;
}

/** The tab layout for a running strategy. */
export function schemaFor(strategy: Strategy): WidgetSchema {
  if (strategy instanceof CrossMarketStrategy) return CROSS_MARKET;
  if (strategy instanceof GammaScalpStrategy) return GAMMA_SCALP;
  if (strategy instanceof MomentumStrategy) return MOMENTUM;
  return genericSchema(strategyState(strategy));
}
