/**
 * The test accounts of `arbiter simulate binance|coinbase|kraken --accounts FILE`: one JSON file,
 * one entry per venue, holding what each simulator needs to verify signed orders and the starting
 * balances. Key files are read relative to the accounts file.
 *
 *   {
 *     "binance":  [{ "api_key": "simKey0001", "api_secret": "…", "spot": { "USDT": 25000 }, "futures_usdt": 10000 }],
 *     "coinbase": { "keys": [{ "name": "organizations/o/apiKeys/k", "private_key_file": "cb.pem" }], "balances": { "USD": 25000 } },
 *     "kraken":   [{ "key": "…", "secret": "<base64>", "balances": { "USD": 25000, "BTC": 1 } }],
 *     "uniswap":  [{ "address": "0x…", "eth": 2, "tokens": { "USDC": 50000, "WETH": 5 } }]
 *   }
 *
 * A uniswap account is the address its transactions are signed from (the simulator recovers the
 * sender from each signature; the key stays with the trader), with ETH for gas and the simulator's
 * tokens in display units.
 *
 * A Coinbase key is given as `public_key` (PEM text), `public_key_file` or `private_key_file`
 * (the public key is derived from it; the simulator never keeps the private one).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { ConfigError } from '../../domain/errors.js';
import type { BinanceSimAccountConfig } from '../../venues/binance/index.js';
import type { KrakenSimAccountConfig } from '../../venues/kraken/index.js';
import { MAINNET_USDC, MAINNET_WETH, type UniswapSimAccount } from '../../venues/uniswap/index.js';

/** The accounts one simulator is started with. */
export type SimulatorAccounts =
  | { readonly venue: 'binance'; readonly accounts: readonly BinanceSimAccountConfig[] }
  | { readonly venue: 'coinbase'; readonly keys: ReadonlyArray<{ readonly name: string; readonly publicKey: KeyObject }>; readonly balances?: Readonly<Record<string, number>> }
  | { readonly venue: 'kraken'; readonly accounts: readonly KrakenSimAccountConfig[] }
  | { readonly venue: 'uniswap'; readonly accounts: readonly UniswapSimAccount[] };

export type AccountVenue = SimulatorAccounts['venue'];
export const ACCOUNT_VENUES: readonly AccountVenue[] = ['binance', 'coinbase', 'kraken', 'uniswap'];

const amount = z.number().finite().nonnegative();
const balances = z.record(z.string(), amount).superRefine((b, ctx) => {
  for (const asset of Object.keys(b)) if (!/^[A-Z0-9]{2,12}$/.test(asset)) ctx.addIssue({ code: 'custom', path: [asset], message: `"${asset}" is not an asset code such as USDT or BTC` });
});
const binanceAccount = z.strictObject({
  api_key: z.string().regex(/^[A-Za-z0-9]{8,128}$/, 'Binance API keys are 8–128 letters and digits'),
  api_secret: z.string().min(1),
  spot: balances.optional(),
  futures_usdt: amount.optional(),
});
const coinbaseKey = z.strictObject({
  name: z.string().min(1),
  public_key: z.string().optional(),
  public_key_file: z.string().optional(),
  private_key_file: z.string().optional(),
});
const coinbaseAccounts = z.strictObject({ keys: z.array(coinbaseKey).min(1), balances: balances.optional() });
const krakenAccount = z.strictObject({
  key: z.string().min(1),
  secret: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'the base64 private key Kraken issues'),
  balances,
  tier: z.enum(['starter', 'intermediate', 'pro']).optional(),
});
const uniswapAccount = z.strictObject({
  address: z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'an Ethereum address: 0x and 40 hex digits'),
  eth: amount,
  tokens: z.strictObject({ USDC: amount.optional(), WETH: amount.optional() }).optional(),
});
// Only the entry of the simulator being started is checked, so one file can serve every venue while
// another venue's entry is still being filled in.
const accountsFile = z.strictObject({ binance: z.unknown().optional(), coinbase: z.unknown().optional(), kraken: z.unknown().optional(), uniswap: z.unknown().optional() });
const entrySchemas = { binance: z.array(binanceAccount).min(1), coinbase: coinbaseAccounts, kraken: z.array(krakenAccount).min(1), uniswap: z.array(uniswapAccount).min(1) } as const;

function problemsOf(error: z.ZodError, prefix?: string): string {
  return error.issues.map((i) => `${[prefix, ...i.path.map(String)].filter((p) => p !== undefined).join('.') || '(top level)'}: ${i.message}`).join('; ');
}

/** Reads the `venue` entry of an accounts file; every problem is a ConfigError naming the entry. */
export function readSimulatorAccounts(file: string, venue: AccountVenue): SimulatorAccounts {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${file}: cannot read the accounts file (${(error as Error).message})`, { file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file}: not JSON (${(error as Error).message})`, { file });
  }
  return simulatorAccountsOf(json, venue, file);
}

/** The `venue` entry of parsed accounts JSON; `file` names the source in errors and anchors key files. */
export function simulatorAccountsOf(json: unknown, venue: AccountVenue, file: string): SimulatorAccounts {
  const top = accountsFile.safeParse(json);
  if (!top.success) throw new ConfigError(`${file}: ${problemsOf(top.error)} (the file has test accounts per venue: ${ACCOUNT_VENUES.join(', ')})`, { file });
  if (top.data[venue] === undefined) missing(file, venue);
  const entry = entrySchemas[venue].safeParse(top.data[venue]);
  if (!entry.success) throw new ConfigError(`${file}: ${problemsOf(entry.error, venue)}`, { file, venue });
  switch (venue) {
    case 'binance': {
      const accounts = entry.data as z.infer<typeof entrySchemas.binance>;
      unique(file, 'binance', accounts.map((a) => a.api_key));
      return { venue, accounts: accounts.map((a) => ({ apiKey: a.api_key, apiSecret: a.api_secret, spot: a.spot, futuresUsdt: a.futures_usdt })) };
    }
    case 'coinbase': {
      const { keys, balances: start } = entry.data as z.infer<typeof entrySchemas.coinbase>;
      unique(file, 'coinbase.keys', keys.map((k) => k.name));
      return { venue, keys: keys.map((k, i) => ({ name: k.name, publicKey: coinbasePublicKey(k, `${file}: coinbase.keys.${i}`, dirname(file)) })), balances: start };
    }
    case 'kraken': {
      const accounts = entry.data as z.infer<typeof entrySchemas.kraken>;
      unique(file, 'kraken', accounts.map((a) => a.key));
      return { venue, accounts: accounts.map((a) => ({ key: a.key, secret: a.secret, balances: a.balances, tier: a.tier })) };
    }
    case 'uniswap': {
      const accounts = entry.data as z.infer<typeof entrySchemas.uniswap>;
      unique(file, 'uniswap', accounts.map((a) => a.address.toLowerCase()));
      const raw = (v: number, decimals: number): bigint => BigInt(new Decimal(v).times(new Decimal(10).pow(decimals)).floor().toFixed(0));
      return {
        venue,
        accounts: accounts.map((a) => ({
          address: a.address, eth: raw(a.eth, 18),
          tokens: { [MAINNET_USDC]: raw(a.tokens?.USDC ?? 0, 6), [MAINNET_WETH]: raw(a.tokens?.WETH ?? 0, 18) },
        })),
      };
    }
  }
}

function missing(file: string, venue: AccountVenue): never {
  throw new ConfigError(`${file}: no "${venue}" entry (the file has test accounts per venue: ${ACCOUNT_VENUES.join(', ')})`, { file, venue });
}

function unique(file: string, where: string, keys: readonly string[]): void {
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dup !== undefined) throw new ConfigError(`${file}: ${where}: the key "${dup}" is given twice`, { file });
}

function coinbasePublicKey(k: z.infer<typeof coinbaseKey>, where: string, base: string): KeyObject {
  const given = [k.public_key, k.public_key_file, k.private_key_file].filter((v) => v !== undefined).length;
  if (given !== 1) throw new ConfigError(`${where} (${k.name}): give exactly one of public_key, public_key_file, private_key_file`);
  let pem = k.public_key;
  const path = k.public_key_file ?? k.private_key_file;
  if (path !== undefined) {
    try {
      pem = readFileSync(resolve(base, path), 'utf8');
    } catch (error) {
      throw new ConfigError(`${where} (${k.name}): cannot read ${path} (${(error as Error).message})`);
    }
  }
  let key: KeyObject;
  try {
    key = createPublicKey((pem ?? '').trim().replace(/\\n/g, '\n'));
  } catch {
    throw new ConfigError(`${where} (${k.name}): not a PEM key node:crypto can read`);
  }
  const ok = key.asymmetricKeyType === 'ed25519' || (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1');
  if (!ok) throw new ConfigError(`${where} (${k.name}): Coinbase keys are ECDSA P-256 or Ed25519, got ${key.asymmetricKeyType ?? 'unknown'} ${key.asymmetricKeyDetails?.namedCurve ?? ''}`.trim());
  return key;
}
