/**
 * The kill switch seen from the dashboard: the account's trading state and a way to change it.
 * The paper/live sessions implement it by pausing strategies and cancelling their open orders;
 * the risk engine (src/engine/risk, ACTIVE/REDUCING/HALTED) will implement the same interface.
 */

/** `active`: strategies trade; `reducing`: only orders that shrink positions; `halted`: no new orders, open ones cancelled. */
export type TradingState = 'active' | 'reducing' | 'halted';

export const TRADING_STATES: readonly TradingState[] = ['active', 'reducing', 'halted'];

export interface TradingControl {
  /** The current state. */
  state(): TradingState;
  /** The states `setState` accepts here (a session without a risk engine cannot enforce `reducing`). */
  readonly states: readonly TradingState[];
  /**
   * Moves to `next`. `halted` stops every strategy and cancels their open orders before it
   * resolves; `active` resumes the strategies that were enabled when trading halted.
   * @throws NotSupportedError for a state not in `states`.
   */
  setState(next: TradingState): Promise<void>;
}
