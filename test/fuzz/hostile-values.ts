/**
 * Generators of hostile input for the fuzz tests: any JSON, fixture frames with one value swapped
 * for something nasty or one key removed, truncated and deeply nested text, and a check that the
 * events a parser emitted carry only finite numbers and non-negative sizes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { MarketEvent } from '../../src/domain/market-event.js';
import { ArbiterError } from '../../src/domain/errors.js';

export const ROOT = new URL('../../', import.meta.url).pathname;

/** Every `ws-*.json` fixture of a venue (whole frames as documented). */
export function wsFixtures(venue: string): unknown[] {
  const dir = join(ROOT, 'src', 'venues', venue, 'fixtures');
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith('ws-') && n.endsWith('.json'));
  } catch {
    return [];
  }
  return names.map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')) as unknown);
}

export const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, '', 'NaN', 'Infinity', '-Infinity', '1e400', '-1', '0x10', ' 1 ', '١٢', '__proto__', 'constructor'),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -1, -0, 0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 5e-324),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 20 }),
  fc.constant('x'.repeat(100_000)),
  fc.constant({}),
  fc.constant([]),
  fc.constant([[[[[[[[[[1]]]]]]]]]]),
);

type Path = Array<string | number>;

function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (out.length > 2_000) return out;
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  out.push(prefix);
  return out;
}

function setAt(root: unknown, path: Path, replacement: unknown, remove: boolean): unknown {
  if (path.length === 0) return remove ? undefined : replacement;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (let i = 0; i < path.length - 1; i++) node = node[path[i]!] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = replacement;
  return copy;
}

/** A fixture with one value replaced by a hostile one, or one key or element removed. */
export function mutatedFrame(fixtures: readonly unknown[]): fc.Arbitrary<unknown> {
  return fc.integer({ min: 0, max: Math.max(0, fixtures.length - 1) }).chain((k) => {
    const base = fixtures[k];
    const all = paths(base);
    return fc.tuple(fc.integer({ min: 0, max: all.length - 1 }), hostileScalar, fc.boolean()).map(([p, v, remove]) => setAt(base, all[p]!, v, remove));
  });
}

/** Any JSON value, frames truncated as text, and very deep nesting. */
export function arbitraryFrame(fixtures: readonly unknown[]): fc.Arbitrary<unknown> {
  const texts = fixtures.map((f) => JSON.stringify(f));
  const truncated = texts.length === 0 ? fc.string() : fc.integer({ min: 0, max: texts.length - 1 }).chain((k) => fc.integer({ min: 0, max: texts[k]!.length }).map((n) => texts[k]!.slice(0, n)));
  const reparsed = truncated.map((t) => {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return t; // live clients pass text that is not JSON through as a string
    }
  });
  const deep = fc.integer({ min: 100, max: 5_000 }).map((n) => JSON.parse('['.repeat(n) + ']'.repeat(n)) as unknown);
  const deepObject = fc.integer({ min: 100, max: 5_000 }).map((n) => JSON.parse('{"a":'.repeat(n) + '1' + '}'.repeat(n)) as unknown);
  return fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 6 }) },
    { weight: 2, arbitrary: reparsed },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: deepObject },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  );
}

/** Only ParseError-like ArbiterErrors may escape a parser. */
export function expectParseErrorOnly(error: unknown, what: string): void {
  if (error instanceof ArbiterError && error.code === 'ARB_PARSE_FRAME') return;
  throw new Error(`${what} threw something other than ARB_PARSE_FRAME: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, { cause: error });
}

/** Emitted events must hold finite numbers only, non-negative sizes, and no undefined. */
export function eventProblems(e: MarketEvent): string | null {
  const bad = (x: unknown): boolean => x === undefined || (typeof x === 'number' && !Number.isFinite(x));
  for (const [k, v] of Object.entries(e)) {
    if (bad(v)) return `${e.kind}.${k} is ${String(v)}`;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i] as unknown;
        if (typeof x !== 'number' || !Number.isFinite(x)) return `${e.kind}.${k}[${i}] is ${String(x)}`;
        if (i % 2 === 1 && x < 0) return `${e.kind}.${k}[${i}] is a negative size ${x}`;
      }
    }
  }
  if (e.kind === 'trade' && !(e.size >= 0)) return `trade size ${e.size}`;
  return null;
}
