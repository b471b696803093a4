/**
 * Which Uniswap v2 pairs Arbiter trades and how each is named: the instrument symbol is
 * `BASE-QUOTE` from the tokens' ERC-20 symbols (`WETH-USDC`), the quote being the stablecoin side
 * unless the configuration names the base. Every fact the parser needs about a pair (symbol, which
 * token is the base, both decimals, the fee) travels in the id of the `getReserves` request the
 * feed sends (`pairTag`), so the response frame itself says which pair it describes and a
 * recording replays without any outside catalog.
 */
import { ArbiterError } from '../../../domain/errors.js';

/** A pair to watch; `base` names the base token's ERC-20 symbol when the default guess is wrong. */
export interface UniswapPairConfig {
  readonly address: string;
  readonly base?: string;
}

/** What the parser must know to turn reserves into prices. */
export interface UniswapPairFacts {
  /** Lower-case 0x address. */
  readonly address: string;
  readonly symbol: string;
  /** 0 when token0 is the base, 1 when token1 is. */
  readonly baseIndex: 0 | 1;
  readonly decimals0: number;
  readonly decimals1: number;
  readonly feeBps: number;
}

/** Mainnet Uniswap v2 USDC/WETH pair (token0 USDC, 6 decimals; token1 WETH, 18): the default, and what the simulator serves. */
export const MAINNET_WETH_USDC_PAIR = '0xb4e16d0168e52d35cacd2c6185b44281ec28c9dc';
export const MAINNET_USDC = '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48';
export const MAINNET_WETH = '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2';
export const DEFAULT_UNISWAP_PAIRS: readonly UniswapPairConfig[] = [{ address: MAINNET_WETH_USDC_PAIR }];

const STABLES = new Set(['USDC', 'USDT', 'DAI', 'USDS', 'FRAX', 'PYUSD', 'USDE', 'LUSD', 'TUSD']);
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const SYMBOL = /^[A-Za-z0-9.]+$/;

/** @throws ArbiterError ARB_CONFIG_INVALID when `address` is not a 20-byte hex address. */
export function normalizePairAddress(address: string): string {
  if (!ADDRESS.test(address)) throw new ArbiterError('ARB_CONFIG_INVALID', `uniswap pair address must be 0x and 40 hex digits, got "${address}"`, { venue: 'uniswap', address });
  return address.toLowerCase();
}

/**
 * The instrument name and base side of a pair from its tokens' symbols.
 * @throws ArbiterError ARB_CONFIG_INVALID when `base` names neither token, or a symbol cannot be part of a name.
 */
export function pairNaming(symbol0: string, symbol1: string, base?: string): { symbol: string; baseIndex: 0 | 1 } {
  for (const s of [symbol0, symbol1]) {
    if (!SYMBOL.test(s)) throw new ArbiterError('ARB_CONFIG_INVALID', `uniswap token symbol "${s}" has characters an instrument name cannot carry`, { venue: 'uniswap', symbol: s });
  }
  let baseIndex: 0 | 1;
  if (base !== undefined) {
    if (base === symbol0) baseIndex = 0;
    else if (base === symbol1) baseIndex = 1;
    else throw new ArbiterError('ARB_CONFIG_INVALID', `uniswap pair base "${base}" is neither token (${symbol0}, ${symbol1})`, { venue: 'uniswap', base });
  } else {
    baseIndex = STABLES.has(symbol0.toUpperCase()) && !STABLES.has(symbol1.toUpperCase()) ? 1 : 0;
  }
  const [b, q] = baseIndex === 0 ? [symbol0, symbol1] : [symbol1, symbol0];
  return { symbol: `${b}-${q}`, baseIndex };
}

const TAG_PREFIX = 'reserves';

/** The JSON-RPC id of a pair's `getReserves` call: `reserves:<address>:<symbol>:<baseIndex>:<decimals0>:<decimals1>:<feeBps>`. */
export function pairTag(f: UniswapPairFacts): string {
  return [TAG_PREFIX, f.address, f.symbol, f.baseIndex, f.decimals0, f.decimals1, f.feeBps].join(':');
}

/** The pair facts in a response id, or null when the id is not a pair tag (other responses). */
export function parsePairTag(id: unknown): UniswapPairFacts | null {
  if (typeof id !== 'string' || !id.startsWith(`${TAG_PREFIX}:`)) return null;
  const [, address, symbol, baseIndex, d0, d1, fee] = id.split(':');
  const decimals0 = Number(d0);
  const decimals1 = Number(d1);
  const feeBps = Number(fee);
  const ok = address !== undefined && ADDRESS.test(address) && symbol !== undefined && /^[A-Za-z0-9.]+-[A-Za-z0-9.]+$/.test(symbol)
    && (baseIndex === '0' || baseIndex === '1') && [decimals0, decimals1].every((d) => Number.isInteger(d) && d >= 0 && d <= 36)
    && Number.isInteger(feeBps) && feeBps >= 0 && feeBps < 10_000;
  if (!ok) return null;
  return { address: address.toLowerCase(), symbol, baseIndex: baseIndex === '0' ? 0 : 1, decimals0, decimals1, feeBps };
}
