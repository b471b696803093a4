import { describe, expect, it } from 'vitest';
import { parseArbiterConfig } from './arbiter-config.js';
import { DEFAULT_CONFIG_TOML } from './default-config.js';

describe('arbiter config', () => {
  it('accepts the documented default and builds its strategies', () => {
    const { config, strategies } = parseArbiterConfig(DEFAULT_CONFIG_TOML);
    expect(strategies.map((s) => [s.type, s.name])).toEqual([
      ['cross_market', 'CrossMarket-BTC'], ['gamma_scalp', 'GammaScalp-BTC'], ['momentum', 'Momentum-BTC'],
      ['triangular_arbitrage', 'TriArb-Binance'], ['market_making', 'MarketMaker-Coinbase'], ['pairs_trading', 'Pairs-ETH-BTC'],
      ['dex_cex_arbitrage', 'DexCex-ETH'],
    ]);
    expect(strategies.map((s) => s.create().name)).toEqual(['CrossMarket-BTC', 'GammaScalp-BTC', 'Momentum-BTC', 'TriArb-Binance', 'MarketMaker-Coinbase', 'Pairs-ETH-BTC', 'DexCex-ETH']);
    expect(config.paper.cash).toHaveLength(7);
    expect(parseArbiterConfig('').config.paper.cash).toEqual(config.paper.cash);
    expect(config.dashboard).toEqual({ port: 8079, bind: '127.0.0.1' });
  });

  it('names file, line and snake_case key of a bad strategy setting, all at once', () => {
    const bad = DEFAULT_CONFIG_TOML.replace('min_edge = 0.02 ', 'min_edge = -1 ').replace('threshold = 0.01', 'threshold = 0.01\nlookback = 3');
    let message = '';
    try {
      parseArbiterConfig(bad, 'my.toml');
    } catch (e) {
      message = (e as Error).message;
    }
    const lines = bad.split('\n');
    const minEdgeLine = lines.findIndex((l) => l.startsWith('min_edge')) + 1;
    const lookbackLine = lines.findIndex((l) => l.startsWith('lookback =')) + 1;
    expect(message).toContain(`my.toml:${minEdgeLine}: strategies[0].min_edge:`);
    expect(message).toContain(`my.toml:${lookbackLine}: strategies[2].lookback: unknown key "lookback"`);
  });

  it('rejects unknown strategy types, unknown sections and duplicate names', () => {
    expect(() => parseArbiterConfig('[[strategies]]\ntype = "arbitrage"\n', 'a.toml')).toThrow(/a\.toml:2: strategies\[0\]\.type/);
    expect(() => parseArbiterConfig('[globals]\nlog_level = "info"\n', 'a.toml')).toThrow(/a\.toml:1: globals: unknown key "globals"/);
    expect(() => parseArbiterConfig('[[strategies]]\ntype = "momentum"\nname = "m"\n[[strategies]]\ntype = "momentum"\nname = "m"\n', 'a.toml')).toThrow(/two strategies are named "m"/);
  });
});
