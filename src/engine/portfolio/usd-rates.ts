/**
 * USD value of one unit of each currency the account holds: USD stablecoins at par, coins (BTC,
 * ETH, …) at the latest index price a venue reported. Converting a BTC amount is `amount × index`,
 * the same as pricing's `inverseToUsd` (the engine may not import pricing; see test/layering).
 */
import { ArbiterError } from '../../domain/errors.js';

/** Currencies valued at 1 USD. */
export const USD_PAR_CURRENCIES: readonly string[] = ['USD', 'USDC', 'USDT', 'PUSD', 'USDE', 'DAI'];

export class UsdRates {
  private readonly rates = new Map<string, number>();

  constructor(initial: Readonly<Record<string, number>> = {}) {
    for (const c of USD_PAR_CURRENCIES) this.rates.set(c, 1);
    for (const [c, r] of Object.entries(initial)) this.set(c, r);
  }

  /** Sets USD per unit of `currency` (case-insensitive). Ignores non-finite or non-positive rates. */
  set(currency: string, usdPerUnit: number): void {
    if (!Number.isFinite(usdPerUnit) || usdPerUnit <= 0) return;
    this.rates.set(currency.toUpperCase(), usdPerUnit);
  }

  get(currency: string): number | undefined {
    return this.rates.get(currency.toUpperCase());
  }

  /**
   * `amount` of `currency` in USD.
   * @throws ArbiterError ARB_ENGINE_STATE when a non-zero amount has no rate yet (never a silent 0).
   */
  toUsd(amount: number, currency: string): number {
    if (amount === 0) return 0;
    const rate = this.get(currency);
    if (rate === undefined) {
      throw new ArbiterError('ARB_ENGINE_STATE', `no USD rate for ${currency} yet; give an initial rate or wait for an index price`, { currency });
    }
    return amount * rate;
  }
}
