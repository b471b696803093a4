import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { roundOrder } from '../../shared/symbol-rules.js';
import { KrakenPairTable, krakenAssetName } from './kraken-pairs.js';

const assetPairs = JSON.parse(readFileSync(new URL('../fixtures/http-get-asset-pairs.json', import.meta.url), 'utf8')) as unknown;

describe('Kraken pairs from AssetPairs', () => {
  const { table, skipped } = KrakenPairTable.fromAssetPairs(assetPairs);

  it('indexes pairs by v2 symbol and by REST key and altname', () => {
    expect(skipped).toBe(0);
    const btc = table.symbol('BTC/USD');
    expect(btc).toMatchObject({ restKey: 'XXBTZUSD', altname: 'XBTUSD', base: 'BTC', quote: 'USD' });
    expect(table.rest('XXBTZUSD')).toBe(btc);
    expect(table.rest('XBTUSD')).toBe(btc);
    expect(table.symbol('DOGE/USD').altname).toBe('XDGUSD');
    expect(() => table.symbol('BTC/XYZ')).toThrow(/no pair BTC\/XYZ/);
  });

  it('takes tick, step and minimums from tick_size, lot_decimals, ordermin and costmin', () => {
    expect(table.symbol('BTC/USD').rules).toMatchObject({ tickSize: 0.1, stepSize: 1e-8, minQuantity: 0.0001, minNotional: 0.5 });
    expect(table.symbol('DOGE/USD').rules).toMatchObject({ tickSize: 0.0000001, minQuantity: 30 });
    const rounded = roundOrder(table.symbol('BTC/USD').rules, 'buy', 0.123456789, 50_000.17);
    expect(rounded).toMatchObject({ priceText: '50000.1', quantityText: '0.12345678' });
    expect(() => roundOrder(table.symbol('BTC/USD').rules, 'buy', 0.00005, 50_000)).toThrow(/below the minimum 0.0001/);
    expect(() => roundOrder(table.symbol('BTC/USD').rules, 'sell', 0.0001, 1000)).toThrow(/notional .* below the minimum 0.5/);
  });

  it('fails the whole answer on a Kraken error array', () => {
    expect(() => KrakenPairTable.fromAssetPairs({ error: ['EGeneral:Invalid arguments'], result: {} })).toThrow(/EGeneral:Invalid arguments/);
  });
});

describe('krakenAssetName', () => {
  it('spells legacy REST codes the v2 way and leaves newer codes alone', () => {
    expect(['XXBT', 'ZUSD', 'XETH', 'XXDG', 'ZEUR', 'USDT', 'DOT', 'XBT.F', 'XTZ'].map(krakenAssetName)).toEqual(['BTC', 'USD', 'ETH', 'DOGE', 'EUR', 'USDT', 'DOT', 'BTC.F', 'XTZ']);
  });
});
