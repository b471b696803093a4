/** Strict readers for Finnhub payload values: a wrong type, NaN or a negative price is a ParseError naming the field. */
import { ParseError } from '../../../domain/errors.js';

export function finnhubFrameError(why: string): ParseError {
  return new ParseError('ARB_PARSE_FRAME', `finnhub: ${why}`, { source: 'finnhub' });
}

export function finiteNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw finnhubFrameError(`${field} must be a finite number, got ${JSON.stringify(value) ?? String(value)}`);
  return value;
}

export function positiveNumber(value: unknown, field: string): number {
  const n = finiteNumber(value, field);
  if (!(n > 0)) throw finnhubFrameError(`${field} must be > 0, got ${n}`);
  return n;
}

export function nonNegative(value: unknown, field: string): number {
  const n = finiteNumber(value, field);
  if (n < 0) throw finnhubFrameError(`${field} must be ≥ 0, got ${n}`);
  return n;
}

export function optionalFinite(value: unknown, field: string): number | null {
  return value === undefined || value === null ? null : finiteNumber(value, field);
}

export function numberArray(value: unknown, field: string, length?: number): number[] {
  if (!Array.isArray(value)) throw finnhubFrameError(`${field} must be an array`);
  if (length !== undefined && value.length !== length) throw finnhubFrameError(`${field} has ${value.length} entries, expected ${length} (as many as t)`);
  return value.map((v, i) => finiteNumber(v, `${field}[${i}]`));
}
