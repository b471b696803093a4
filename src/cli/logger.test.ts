import { describe, expect, it } from 'vitest';
import { parseLevelSpec } from './logger.js';

describe('log level spec', () => {
  it('reads a root level and per-module levels', () => {
    const spec = parseLevelSpec('warn, deribit=debug,CrossMarket-BTC=info');
    expect(spec.root).toBe('warn');
    expect([...spec.modules]).toEqual([['deribit', 'debug'], ['CrossMarket-BTC', 'info']]);
    expect(parseLevelSpec('debug').root).toBe('debug');
  });

  it('names a bad level', () => {
    expect(() => parseLevelSpec('warn,deribit=loud')).toThrow(/log level "loud" in "warn,deribit=loud"/);
  });
});
