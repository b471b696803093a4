/**
 * Property tests of the TOML configuration loader: any text, and the documented default with one
 * line damaged, either loads or fails with one ConfigError that names the file (and, for a bad
 * value, the line and the key) — never another exception. Plus the `[risk]` section's own errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArbiterError } from '../../src/domain/errors.js';
import { parseArbiterConfig, riskLimitsOf } from '../../src/cli/config/arbiter-config.js';
import { DEFAULT_CONFIG_TOML } from '../../src/cli/config/default-config.js';

function load(text: string): ArbiterError | null {
  try {
    parseArbiterConfig(text, 'fuzz.toml');
    return null;
  } catch (error) {
    if (error instanceof ArbiterError && error.code === 'ARB_CONFIG_INVALID') return error;
    throw new Error(`config loading threw something other than ARB_CONFIG_INVALID: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, { cause: error });
  }
}

const defaultLines = DEFAULT_CONFIG_TOML.split('\n');
const valueLines = defaultLines.map((l, i) => [l, i] as const).filter(([l]) => /^\s*[a-z_]+\s*=/.test(l)).map(([, i]) => i);
const hostileValue = fc.oneof(
  fc.constantFrom('-1', '0', 'nan', 'inf', '-inf', '1e400', '"text"', '[]', '{}', 'true', '""', '9007199254740993', '0x7f', '1979-05-27T07:32:00Z', '"\\u0000"', '[[[[[[[[1]]]]]]]]'),
  fc.string({ maxLength: 30 }).map((s) => JSON.stringify(s)),
  fc.double().map(String),
);

describe('TOML config loader under hostile input', () => {
  it('any text loads or fails with a ConfigError naming the file', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.constant('['.repeat(10_000)), fc.constant(`a = ${'['.repeat(5_000)}`)), (text) => {
      const e = load(text);
      if (e) expect(e.message.startsWith('fuzz.toml')).toBe(true);
    }), { numRuns: 300, seed: 4 });
  });

  it('the default config with one value damaged loads or names the file, line and key', () => {
    let failures = 0;
    fc.assert(fc.property(fc.constantFrom(...valueLines), hostileValue, (lineNo, value) => {
      const lines = [...defaultLines];
      const key = lines[lineNo]!.split('=')[0]!.trim();
      lines[lineNo] = `${key} = ${value}`;
      const e = load(lines.join('\n'));
      if (e) {
        failures++;
        expect(e.message).toMatch(/^fuzz\.toml(:\d+){0,2}: /);
        if (!/TOML|syntax|parse/i.test(e.message)) expect(e.message).toContain(key);
      }
    }), { numRuns: 300, seed: 9 });
    expect(failures).toBeGreaterThan(30);
  });
});

describe('[risk] configuration', () => {
  it('defaults to the documented limits and turns a limit off with inf', () => {
    const { config } = parseArbiterConfig('[risk]\nmax_order_usd = inf\ninitial_state = "halted"\n[risk.venues.deribit]\nmax_order_quantity = 1000\n');
    const limits = riskLimitsOf(config.risk);
    expect(limits).toMatchObject({ maxOrderNotionalUsd: Infinity, initialState: 'halted', maxQuoteAgeMs: 10_000, venueErrorWindowMs: 60_000, venues: { deribit: { maxOrderQuantity: 1000 } } });
    expect(riskLimitsOf(parseArbiterConfig(DEFAULT_CONFIG_TOML).config.risk)).toEqual(riskLimitsOf(parseArbiterConfig('').config.risk));
  });

  it('names the file, line and key of a bad risk value', () => {
    expect(() => parseArbiterConfig('[risk]\nmax_order_usd = -5\n', 'a.toml')).toThrow(/a\.toml:2: risk\.max_order_usd: Too small/);
    expect(() => parseArbiterConfig('[risk]\ninitial_state = "paused"\n', 'a.toml')).toThrow(/a\.toml:2: risk\.initial_state: .*active.*reducing.*halted/);
    expect(() => parseArbiterConfig('[risk]\nmax_drawdown = 0.1\n', 'a.toml')).toThrow(/a\.toml:2: risk\.max_drawdown: unknown key/);
  });
});
