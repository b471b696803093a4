/**
 * One trading-state switch over several risk gates (a paper session has one account, and so one
 * gate, per strategy): the dashboard, SIGUSR2 and `initial_state` act on all of them at once.
 */
import { TRADING_STATES, type TradingState } from './risk-limits.js';
import type { RiskGate, RiskRejection } from './risk-gate.js';

const SEVERITY: Record<TradingState, number> = { active: 0, reducing: 1, halted: 2 };

export class RiskControl {
  readonly states: readonly TradingState[] = TRADING_STATES;

  constructor(private readonly gates: () => readonly RiskGate[]) {}

  /** The most restrictive state of any gate (one gate may have halted by itself). */
  state(): TradingState {
    let out: TradingState = 'active';
    for (const g of this.gates()) if (SEVERITY[g.state()] > SEVERITY[out]) out = g.state();
    return out;
  }

  /** Sets every gate; resolves when the kill switch's cancels have been sent and answered. */
  async setState(next: TradingState, reason = 'operator'): Promise<void> {
    await Promise.all(this.gates().map((g) => g.setState(next, reason)));
  }

  /** SIGUSR2: halted ↔ active. */
  toggleHalt(reason = 'SIGUSR2'): Promise<void> {
    return this.setState(this.state() === 'halted' ? 'active' : 'halted', reason);
  }

  /** Refusals of every gate, oldest first, at most `max`. */
  recentRejections(max = 50): RiskRejection[] {
    return this.gates().flatMap((g) => g.recentRejections).sort((a, b) => a.tsLocal - b.tsLocal).slice(-max);
  }

  /** Refusals per limit across the gates. */
  rejectedBy(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const g of this.gates()) for (const [k, v] of Object.entries(g.stats.rejectedBy)) out[k] = (out[k] ?? 0) + (v ?? 0);
    return out;
  }
}
