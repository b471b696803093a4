/** What a trading session has done so far, per strategy: events, orders, fills, equity and PnL. */
import type { TradingSession } from './trading-session.js';

export interface StrategySummary {
  readonly name: string;
  readonly events: number;
  readonly errors: number;
  readonly orders: number;
  readonly fills: number;
  readonly equityUsd: number | null;
  /** Equity minus the starting cash at today's rates (after fees; spot trades included). */
  readonly pnlUsd: number | null;
  readonly feesUsd: number | null;
  readonly opportunities: number | null;
  readonly positions: number;
}

export interface SessionSummary {
  readonly strategies: readonly StrategySummary[];
  readonly recordedFiles: readonly string[];
}

export function summarizeSession(session: TradingSession): SessionSummary {
  return {
    strategies: session.accounts.map((a) => {
      const snap = a.portfolio.trySnapshot(Date.now());
      const state = (a.strategy as { state?: () => unknown }).state?.() as { opportunities?: readonly unknown[] } | undefined;
      const stats = a.engine.stats.strategies[0]!;
      return {
        name: a.strategy.name, events: stats.events, errors: stats.errors, orders: a.orders, fills: a.fills,
        equityUsd: snap?.equityUsd ?? null, pnlUsd: a.portfolio.tradingPnlUsd(snap), feesUsd: snap?.feesUsd ?? null,
        opportunities: Array.isArray(state?.opportunities) ? state.opportunities.length : null,
        positions: snap?.positions.length ?? 0,
      };
    }),
    recordedFiles: session.recordedFiles,
  };
}

export function formatSessionSummary(summary: SessionSummary, oneLine: boolean): string {
  const money = (x: number | null): string => (x === null ? '—' : `$${x.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 })}`);
  if (oneLine) {
    return summary.strategies.map((s) => `${s.name}: ${s.events} events, ${s.orders} orders, ${s.fills} fills, equity ${money(s.equityUsd)}`).join(' | ');
  }
  const lines = ['strategy             events   orders   fills   opps   positions        equity           PnL        fees   errors'];
  for (const s of summary.strategies) {
    lines.push(`${s.name.padEnd(18)} ${String(s.events).padStart(8)} ${String(s.orders).padStart(8)} ${String(s.fills).padStart(7)} ${String(s.opportunities ?? '—').padStart(6)} ${String(s.positions).padStart(11)} ${money(s.equityUsd).padStart(13)} ${money(s.pnlUsd).padStart(13)} ${money(s.feesUsd).padStart(11)} ${String(s.errors).padStart(8)}`);
  }
  if (summary.recordedFiles.length > 0) lines.push(`recorded: ${summary.recordedFiles.join(', ')}`);
  return lines.join('\n');
}
