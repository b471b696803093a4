/**
 * Inverse (coin-settled) options as Deribit lists them: the payoff max(±(S_T − K), 0)/S_T is paid
 * in BTC, premiums are quoted in BTC, IVs are Black-76 vols on the expiry's forward
 * (Deribit's `underlying_price`), and the USD equivalent uses the index price.
 * So: price in BTC = Black-76 USD value on the forward / index price.
 */
import { black76Greeks, black76Price, type Black76Input } from './black76.js';
import { assertFinite, assertPositive } from './option-input.js';

/** A Black-76 input plus the index price used to convert USD to BTC. */
export interface InverseOptionInput extends Black76Input {
  readonly indexPrice: number;
}

/** BTC premium → USD, at the index price (USD per BTC). */
export function inverseToUsd(priceBtc: number, indexPrice: number): number {
  assertFinite('priceBtc', priceBtc);
  assertPositive('indexPrice', indexPrice);
  return priceBtc * indexPrice;
}

/** USD premium → BTC, at the index price (USD per BTC). */
export function usdToInverse(priceUsd: number, indexPrice: number): number {
  assertFinite('priceUsd', priceUsd);
  assertPositive('indexPrice', indexPrice);
  return priceUsd / indexPrice;
}

/**
 * Premium in BTC of an inverse option: black76Price(o) / indexPrice. Expired options give the
 * BTC payoff on `forward` as the settlement price, max(±(F − K), 0)/F.
 */
export function inverseOptionPrice(o: InverseOptionInput): number {
  assertPositive('indexPrice', o.indexPrice);
  const usd = black76Price(o);
  return o.years <= 0 ? usd / o.forward : usd / o.indexPrice;
}

/**
 * Delta of an inverse option in BTC per BTC of underlying, as Deribit shows it: the Black delta
 * minus the BTC premium (the premium itself is held in BTC and moves with the price).
 * Uses the forward delta of Black-76 with the index price as the hedge numeraire.
 */
export function inverseOptionDelta(o: InverseOptionInput): number {
  return black76Greeks(o).delta - inverseOptionPrice(o);
}
