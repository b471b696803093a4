import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSimulatorAccounts, simulatorAccountsOf } from './simulator-accounts.js';

const dir = mkdtempSync(join(tmpdir(), 'arbiter-sim-accounts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed = generateKeyPairSync('ed25519');
const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
writeFileSync(join(dir, 'cb.pem'), ec.privateKey.export({ type: 'sec1', format: 'pem' }));
writeFileSync(join(dir, 'rsa.pem'), rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }));

const GOOD = {
  binance: [{ api_key: 'simKey0001', api_secret: 's3cret', spot: { USDT: 1000, BTC: 0.5 }, futures_usdt: 200 }],
  coinbase: {
    keys: [
      { name: 'organizations/o/apiKeys/ec', private_key_file: 'cb.pem' },
      { name: 'organizations/o/apiKeys/ed', public_key: ed.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    ],
    balances: { USD: 5000 },
  },
  kraken: [{ key: 'kraken-key', secret: Buffer.from('x'.repeat(64)).toString('base64'), balances: { USD: 100, BTC: 1 }, tier: 'pro' }],
};
const file = join(dir, 'accts.json');
writeFileSync(file, JSON.stringify(GOOD));

describe('simulator test accounts', () => {
  it('reads each venue entry into the simulator options, deriving Coinbase public keys', () => {
    expect(readSimulatorAccounts(file, 'binance')).toEqual({ venue: 'binance', accounts: [{ apiKey: 'simKey0001', apiSecret: 's3cret', spot: { USDT: 1000, BTC: 0.5 }, futuresUsdt: 200 }] });
    expect(readSimulatorAccounts(file, 'kraken')).toEqual({ venue: 'kraken', accounts: [{ key: 'kraken-key', secret: GOOD.kraken[0]!.secret, balances: { USD: 100, BTC: 1 }, tier: 'pro' }] });
    const cb = readSimulatorAccounts(file, 'coinbase');
    if (cb.venue !== 'coinbase') throw new Error('expected coinbase');
    expect(cb.balances).toEqual({ USD: 5000 });
    expect(cb.keys.map((k) => [k.name, k.publicKey.type, k.publicKey.asymmetricKeyType])).toEqual([
      ['organizations/o/apiKeys/ec', 'public', 'ec'], ['organizations/o/apiKeys/ed', 'public', 'ed25519'],
    ]);
    expect(cb.keys[0]!.publicKey.export({ type: 'spki', format: 'der' })).toEqual(ec.publicKey.export({ type: 'spki', format: 'der' }));
  });

  it('names the bad entry', () => {
    const bad = (json: unknown, venue: 'binance' | 'coinbase' | 'kraken'): string => {
      try {
        simulatorAccountsOf(json, venue, file);
      } catch (error) {
        expect(error).toMatchObject({ code: 'ARB_CONFIG_INVALID' });
        return (error as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(bad({ okx: [] }, 'binance')).toMatch(/Unrecognized key: "okx"/);
    expect(bad({ kraken: GOOD.kraken }, 'binance')).toMatch(/no "binance" entry/);
    expect(bad({ binance: [{ api_key: 'short', api_secret: 'x' }] }, 'binance')).toMatch(/binance\.0\.api_key: Binance API keys are 8–128 letters and digits/);
    expect(bad({ binance: [{ api_key: 'simKey0001', api_secret: 'x', spot: { usdt: 1 } }] }, 'binance')).toMatch(/binance\.0\.spot\.usdt: "usdt" is not an asset code/);
    expect(bad({ binance: [GOOD.binance[0], GOOD.binance[0]] }, 'binance')).toMatch(/binance: the key "simKey0001" is given twice/);
    expect(bad({ kraken: [{ ...GOOD.kraken[0], secret: 'not base64!' }] }, 'kraken')).toMatch(/kraken\.0\.secret: the base64 private key/);
    expect(bad({ kraken: [{ ...GOOD.kraken[0], balances: { USD: -1 } }] }, 'kraken')).toMatch(/kraken\.0\.balances\.USD/);
    expect(bad({ coinbase: { keys: [{ name: 'k' }] } }, 'coinbase')).toMatch(/coinbase\.keys\.0 \(k\): give exactly one of public_key, public_key_file, private_key_file/);
    expect(bad({ coinbase: { keys: [{ name: 'k', private_key_file: 'missing.pem' }] } }, 'coinbase')).toMatch(/coinbase\.keys\.0 \(k\): cannot read missing\.pem/);
    expect(bad({ coinbase: { keys: [{ name: 'k', public_key: 'hello' }] } }, 'coinbase')).toMatch(/not a PEM key/);
    expect(bad({ coinbase: { keys: [{ name: 'k', private_key_file: 'rsa.pem' }] } }, 'coinbase')).toMatch(/ECDSA P-256 or Ed25519, got rsa/);
    // Another venue's unfinished entry does not stop this one.
    expect(simulatorAccountsOf({ binance: GOOD.binance, kraken: [{ key: 'k' }] }, 'binance', file).venue).toBe('binance');
  });

  it('reads uniswap accounts into raw units (wei, USDC 6 decimals, WETH 18) and names a bad entry', () => {
    const address = '0x2D96aAA1A12c4E623811d81CD390546Af6b55434';
    expect(simulatorAccountsOf({ uniswap: [{ address, eth: 1.5, tokens: { USDC: 1234.567891, WETH: 0.1 } }] }, 'uniswap', file)).toEqual({
      venue: 'uniswap',
      accounts: [{ address, eth: 1_500_000_000_000_000_000n, tokens: { '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48': 1_234_567_891n, '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2': 100_000_000_000_000_000n } }],
    });
    const bad = (json: unknown): string => {
      try {
        simulatorAccountsOf(json, 'uniswap', file);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(bad({ uniswap: [{ address: '0x12', eth: 1 }] })).toMatch(/uniswap\.0\.address: an Ethereum address/);
    expect(bad({ uniswap: [{ address, eth: 1, tokens: { DAI: 5 } }] })).toMatch(/uniswap\.0\.tokens: Unrecognized key: "DAI"/);
    expect(bad({ uniswap: [{ address, eth: 1 }, { address: address.toLowerCase(), eth: 2 }] })).toMatch(/uniswap: the key "0x2d96.*" is given twice/);
  });

  it('reports an unreadable or non-JSON file', () => {
    expect(() => readSimulatorAccounts(join(dir, 'none.json'), 'binance')).toThrow(/cannot read the accounts file/);
    writeFileSync(join(dir, 'broken.json'), '{ "binance": ');
    expect(() => readSimulatorAccounts(join(dir, 'broken.json'), 'binance')).toThrow(/broken\.json: not JSON/);
  });
});
