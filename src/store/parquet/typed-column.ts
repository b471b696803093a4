/**
 * Zero-copy access to a DuckDB result column of a fixed-width type (DOUBLE, INTEGER, UTINYINT,
 * ENUM): its values as the typed array DuckDB filled and its validity mask as bytes. The
 * library's per-item `getItem` tests validity with BigInt arithmetic, which dominates a replay;
 * this reads the same memory directly. It relies on the vector layout of @duckdb/node-api 1.x and
 * fails loudly if that layout changes.
 */
import type { DuckDBVector } from '@duckdb/node-api';
import { ArbiterError } from '../../domain/errors.js';

export interface TypedColumn {
  /** Values, or dictionary indices for an ENUM. */
  readonly items: ArrayLike<number>;
  /** Bit i (little-endian within each byte) is set when row i is not null; null when no row is null. */
  readonly valid: Uint8Array | null;
  /** An ENUM's dictionary, else null. */
  readonly dictionary: readonly string[] | null;
}

interface VectorInternals {
  readonly items?: unknown;
  readonly validity?: { readonly data?: unknown };
  readonly enumType?: { readonly values?: unknown };
}

/** @throws ArbiterError `ARB_INPUT_INVALID` when the vector is not a fixed-width column of the known layout. */
export function typedColumn(vector: DuckDBVector, name: string): TypedColumn {
  const v = vector as unknown as VectorInternals;
  const items = v.items;
  const data = v.validity?.data;
  const isTyped = items instanceof Float64Array || items instanceof Int32Array || items instanceof Uint8Array || items instanceof Uint16Array || items instanceof Uint32Array;
  if (!isTyped || (data !== null && !(data instanceof BigUint64Array))) {
    throw new ArbiterError('ARB_INPUT_INVALID', `column ${name}: unexpected DuckDB vector layout (${vector.type.toString()}); the @duckdb/node-api version may have changed`);
  }
  const values = v.enumType?.values;
  return {
    items: items as ArrayLike<number>,
    valid: data === null ? null : new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    dictionary: Array.isArray(values) ? (values as string[]) : null,
  };
}

export function isValid(column: TypedColumn, row: number): boolean {
  const valid = column.valid;
  return valid === null || (valid[row >> 3]! & (1 << (row & 7))) !== 0;
}

/** The number in `row`, or null. */
export function numberAt(column: TypedColumn, row: number): number | null {
  return isValid(column, row) ? column.items[row]! : null;
}

/** The ENUM text in `row`, or null. */
export function textAt(column: TypedColumn, row: number): string | null {
  return isValid(column, row) ? column.dictionary![column.items[row]!]! : null;
}
