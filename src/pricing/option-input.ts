/** Shared option types and input checks for the closed-form pricers. */
import { ArbiterError } from '../domain/errors.js';

export type OptionType = 'call' | 'put';

/**
 * A European option on a spot price. Units: `years` to expiry on ACT/365, `vol` a fraction
 * (0.6 = 60 %), `rate` and `dividend` (carry yield) continuously compounded per year, default 0.
 */
export interface OptionInput {
  readonly type: OptionType;
  readonly spot: number;
  readonly strike: number;
  readonly years: number;
  readonly vol: number;
  readonly rate?: number;
  readonly dividend?: number;
}

/**
 * Sensitivities in QuantLib's convention: `delta` per 1 unit of the underlying, `gamma` per unit²,
 * `vega` per 1.00 of vol (divide by 100 for one vol point), `theta` = dV/dt per year of calendar
 * time (divide by 365 for one day), `rho` per 1.00 of rate.
 */
export interface OptionGreeks {
  readonly delta: number;
  readonly gamma: number;
  readonly vega: number;
  readonly theta: number;
  readonly rho: number;
}

/**
 * Validates an `OptionInput` in one branch-light pass (the hot path of every pricer) and returns
 * +1 for a call, −1 for a put. Names the offending field only when something is wrong.
 * @throws ArbiterError ARB_INPUT_INVALID
 */
export function checkOptionInput(o: OptionInput): 1 | -1 {
  const sign = o.type === 'call' ? 1 : o.type === 'put' ? -1 : 0;
  const r = o.rate ?? 0;
  const q = o.dividend ?? 0;
  const ok = sign !== 0 && o.spot > 0 && o.spot < Infinity && o.strike > 0 && o.strike < Infinity &&
    o.vol >= 0 && o.vol < Infinity && o.years - o.years === 0 && r - r === 0 && q - q === 0;
  if (ok) return sign as 1 | -1;
  const checked = optionSign(o.type);
  assertPositive('spot', o.spot);
  assertPositive('strike', o.strike);
  assertFinite('years', o.years);
  assertNonNegative('vol', o.vol);
  assertFinite('rate', r);
  assertFinite('dividend', q);
  return checked;
}

/** Throws `ARB_INPUT_INVALID` unless the value is finite and positive. */
export function assertPositive(name: string, value: number): void {
  if (!(value > 0 && value < Infinity)) {
    throw new ArbiterError('ARB_INPUT_INVALID', `${name} must be a finite positive number, got ${value}`, { field: name, value });
  }
}

/** Throws `ARB_INPUT_INVALID` unless the value is finite and not negative. */
export function assertNonNegative(name: string, value: number): void {
  if (!(value >= 0 && value < Infinity)) {
    throw new ArbiterError('ARB_INPUT_INVALID', `${name} must be a finite number ≥ 0, got ${value}`, { field: name, value });
  }
}

/** Throws `ARB_INPUT_INVALID` unless the value is finite (any sign). */
export function assertFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) {
    throw new ArbiterError('ARB_INPUT_INVALID', `${name} must be a finite number, got ${value}`, { field: name, value });
  }
}

/** Throws `ARB_INPUT_INVALID` unless the type is 'call' or 'put'; returns +1 for a call, −1 for a put. */
export function optionSign(type: OptionType): 1 | -1 {
  if (type === 'call') return 1;
  if (type === 'put') return -1;
  throw new ArbiterError('ARB_INPUT_INVALID', `option type must be 'call' or 'put', got ${String(type)}`, { field: 'type' });
}
