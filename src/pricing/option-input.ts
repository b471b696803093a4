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
export interface Greeks {
  readonly delta: number;
  readonly gamma: number;
  readonly vega: number;
  readonly theta: number;
  readonly rho: number;
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
