import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseTomlConfig } from './load-toml-config.js';
import { tomlKeyLines } from './toml-locations.js';

const schema = z.strictObject({
  global: z.strictObject({ log_level: z.enum(['info', 'debug']).default('info'), refresh_secs: z.number().positive().default(60) }).default({ log_level: 'info', refresh_secs: 60 }),
  strategies: z.array(z.strictObject({ type: z.literal('momentum'), name: z.string(), threshold: z.number().min(0) })).default([]),
});

const good = `# comment
[global]
log_level = "debug"

[[strategies]]
type = "momentum"
name = "m1"
threshold = 0.01

[[strategies]]
type = "momentum"
name = "m2"
threshold = 0.02
`;

describe('TOML config loading', () => {
  it('parses a valid file with defaults', () => {
    expect(parseTomlConfig(good, schema, 'a.toml')).toEqual({
      global: { log_level: 'debug', refresh_secs: 60 },
      strategies: [{ type: 'momentum', name: 'm1', threshold: 0.01 }, { type: 'momentum', name: 'm2', threshold: 0.02 }],
    });
  });

  it('locates keys, including inside arrays of tables', () => {
    const lines = tomlKeyLines(good);
    expect(lines.get('global.log_level')).toBe(3);
    expect(lines.get('strategies.1.threshold')).toBe(13);
  });

  it('names file, line and key for a wrong type', () => {
    const bad = good.replace('threshold = 0.02', 'threshold = "high"');
    expect(() => parseTomlConfig(bad, schema, 'a.toml')).toThrow(/^a\.toml:13: strategies\[1\]\.threshold: .*number/);
  });

  it('rejects unknown keys naming them and their line', () => {
    const bad = good.replace('log_level = "debug"', 'log_level = "debug"\nrefresh_sec = 30');
    expect(() => parseTomlConfig(bad, schema, 'a.toml')).toThrow('a.toml:4: global.refresh_sec: unknown key "refresh_sec"');
  });

  it('rejects bad values with the allowed ones', () => {
    const bad = good.replace('log_level = "debug"', 'log_level = "loud"');
    expect(() => parseTomlConfig(bad, schema, 'a.toml')).toThrow(/a\.toml:3: global\.log_level: .*"info"/);
  });

  it('reports TOML syntax errors with line and column', () => {
    expect(() => parseTomlConfig('[global\nlog_level = 1', schema, 'a.toml')).toThrow(/^a\.toml:1:\d+: invalid TOML/);
  });
});
