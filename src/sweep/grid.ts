/**
 * Sweep grids: `--grid KEY=SPEC` axes and their cartesian product. SPEC is a range
 * `FROM..TO:STEP` (inclusive, numbers) or a comma list of numbers, booleans or strings.
 */
import { ConfigError } from '../domain/errors.js';

export type GridValue = number | string | boolean;

export interface GridAxis {
  /** `key` (every strategy that has it) or `strategy-name.key` (one strategy). */
  readonly key: string;
  readonly values: readonly GridValue[];
}

/** One grid point: axis key → value, in axis order. */
export type GridPoint = Readonly<Record<string, GridValue>>;

/** Most cells one sweep may hold; a typo in a step should not queue a million backtests. */
export const MAX_GRID_CELLS = 10_000;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function parseScalar(text: string): GridValue {
  const t = text.trim();
  if (NUMBER.test(t)) return Number(t);
  if (t === 'true') return true;
  if (t === 'false') return false;
  return t;
}

/** Rounds away binary noise from repeated float steps (0.1 + 0.2) without hiding real precision. */
function clean(x: number): number {
  return Number(x.toPrecision(12));
}

/** Parses one `--grid` argument; every error names the argument and what is wrong. */
export function parseGridAxis(arg: string): GridAxis {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new ConfigError(`--grid "${arg}": expected KEY=VALUES (e.g. min_edge=0.01..0.05:0.01 or risk_aversion=1,2,5)`);
  const key = arg.slice(0, eq).trim();
  const spec = arg.slice(eq + 1).trim();
  if (!/^[A-Za-z0-9_.-]+$/.test(key)) throw new ConfigError(`--grid "${arg}": key "${key}" may hold only letters, digits, "_", "-" and "."`);
  if (spec.length === 0) throw new ConfigError(`--grid "${arg}": no values after "="`);
  const range = /^(.+)\.\.(.+):(.+)$/.exec(spec);
  if (range) {
    const [from, to, step] = [range[1]!, range[2]!, range[3]!].map((s) => s.trim());
    for (const [name, v] of [['start', from], ['end', to], ['step', step]] as const) {
      if (!NUMBER.test(v!)) throw new ConfigError(`--grid "${arg}": range ${name} "${v}" is not a number (range syntax: FROM..TO:STEP)`);
    }
    const a = Number(from);
    const b = Number(to);
    const s = Number(step);
    if (!(s > 0)) throw new ConfigError(`--grid "${arg}": step must be positive, got ${step}`);
    if (b < a) throw new ConfigError(`--grid "${arg}": range end ${to} is below its start ${from}`);
    const n = Math.floor((b - a) / s + 1e-9) + 1;
    if (n > MAX_GRID_CELLS) throw new ConfigError(`--grid "${arg}": ${n} values; at most ${MAX_GRID_CELLS}`);
    return { key, values: Array.from({ length: n }, (_, i) => clean(a + i * s)) };
  }
  if (spec.includes('..')) throw new ConfigError(`--grid "${arg}": a range needs a step: FROM..TO:STEP (e.g. 0.01..0.05:0.01)`);
  const parts = spec.split(',');
  if (parts.some((p) => p.trim().length === 0)) throw new ConfigError(`--grid "${arg}": empty value in the list "${spec}"`);
  const values = parts.map(parseScalar);
  const seen = new Set(values.map((v) => JSON.stringify(v)));
  if (seen.size !== values.length) throw new ConfigError(`--grid "${arg}": a value is listed twice`);
  return { key, values };
}

/** All grid points, the last axis varying fastest. Throws when an axis repeats or the grid is too large. */
export function expandGrid(axes: readonly GridAxis[]): GridPoint[] {
  const keys = new Set<string>();
  for (const a of axes) {
    if (keys.has(a.key)) throw new ConfigError(`--grid: key "${a.key}" is given twice; put all its values in one --grid`);
    keys.add(a.key);
  }
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  if (total > MAX_GRID_CELLS) throw new ConfigError(`--grid: ${total} cells; at most ${MAX_GRID_CELLS} per sweep`);
  let points: Array<Record<string, GridValue>> = [{}];
  for (const axis of axes) {
    points = points.flatMap((p) => axis.values.map((v) => ({ ...p, [axis.key]: v })));
  }
  return points;
}
