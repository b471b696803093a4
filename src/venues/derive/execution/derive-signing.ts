/**
 * Derive's two signatures (docs.derive.xyz "Session Login" and "Action Signing"):
 * - login: EIP-191 `personal_sign` of the current time in milliseconds as a decimal string, by the
 *   wallet or one of its session keys;
 * - actions (orders): EIP-712 over an `Action` struct
 *   `Action(uint256 subaccountId,uint256 nonce,address module,bytes data,uint256 expiry,address owner,address signer)`,
 *   digest `keccak256(0x1901 ‖ DOMAIN_SEPARATOR ‖ actionHash)`, signed with the session key. For
 *   orders `data` is the Trade module tuple
 *   `(address asset, uint subId, int limitPrice, int amount, uint maxFee, uint recipientId, bool isBid)`
 *   with decimals as 1e18 fixed point.
 * The protocol constants differ per environment and are passed in, never hard-wired.
 */
import { concat, encodeAbiParameters, getAddress, keccak256, recoverAddress, recoverMessageAddress, type Address, type Hex } from 'viem';
import { privateKeyToAccount, sign } from 'viem/accounts';
import { ArbiterError } from '../../../domain/errors.js';

/** DOMAIN_SEPARATOR, ACTION_TYPEHASH and the Trade module address of one Derive environment. */
export interface DeriveProtocolConstants {
  readonly domainSeparator: Hex;
  readonly actionTypehash: Hex;
  readonly tradeModule: Address;
}

/** keccak256 of the Action type string; identical on every network. */
export const DERIVE_ACTION_TYPEHASH: Hex = '0x4d7a9f27c403ff9c0f19bce61d76d82f9aa29f8d6d4b0c5474607d9770d1af17';

/**
 * v3 mainnet (Ethereum chain 1) and testnet (Sepolia 11155111), per docs.derive.xyz
 * "Action Signing" as carried by NautilusTrader's `nautilus_derive::common::consts` (the same
 * Trade module on both networks). Override them in config if Derive redeploys.
 */
export const DERIVE_V3_MAINNET: DeriveProtocolConstants = {
  domainSeparator: '0xda616dfabb88681b08e1592820a41d55ddc62d68de110e327ae99d734506fe19',
  actionTypehash: DERIVE_ACTION_TYPEHASH,
  tradeModule: '0xB8D20c2B7a1Ad2EE33Bc50eF10876eD3035b5e7b',
};
export const DERIVE_V3_TESTNET: DeriveProtocolConstants = {
  domainSeparator: '0x24d674cd5f2b9d564691c51e9d88f649b99246a2244dd74ce27b96578d773e85',
  actionTypehash: DERIVE_ACTION_TYPEHASH,
  tradeModule: '0xB8D20c2B7a1Ad2EE33Bc50eF10876eD3035b5e7b',
};

/** The published constants for a Derive host, or null (loopback simulators and v2 hosts must be configured). */
export function deriveConstantsForUrl(url: string): DeriveProtocolConstants | null {
  const host = new URL(url).hostname;
  if (host === 'api.derive.xyz') return DERIVE_V3_MAINNET;
  if (host === 'testnet.api.derive.xyz') return DERIVE_V3_TESTNET;
  return null;
}

export interface DeriveTradeModuleData {
  readonly asset: Address;
  readonly subId: bigint;
  /** 1e18 fixed point. */
  readonly limitPrice: bigint;
  readonly amount: bigint;
  readonly maxFee: bigint;
  readonly recipientId: bigint;
  readonly isBid: boolean;
}

export interface DeriveAction {
  readonly subaccountId: bigint;
  readonly nonce: bigint;
  readonly module: Address;
  /** ABI-encoded module data (hashed into the action). */
  readonly data: Hex;
  readonly expirySec: bigint;
  readonly owner: Address;
  readonly signer: Address;
}

const E18 = 10n ** 18n;

/**
 * A decimal string (or finite number) → 1e18 fixed point, exactly.
 * @throws ArbiterError ARB_INPUT_INVALID when it has more than 18 decimals or is not a decimal.
 */
export function toE18(value: string | number): bigint {
  const text = typeof value === 'number' ? numberToPlain(value) : value.trim();
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new ArbiterError('ARB_INPUT_INVALID', `"${text}" is not a decimal`, { venue: 'derive' });
  const frac = m[3] ?? '';
  if (frac.length > 18) throw new ArbiterError('ARB_INPUT_INVALID', `"${text}" has more than 18 decimals`, { venue: 'derive' });
  const n = BigInt(m[2]!) * E18 + BigInt((frac + '0'.repeat(18)).slice(0, 18));
  return m[1] ? -n : n;
}

/** 1e18 fixed point → a plain decimal string without trailing zeros. */
export function fromE18(value: bigint): string {
  const neg = value < 0n;
  const abs = neg ? -value : value;
  const whole = abs / E18;
  const frac = (abs % E18).toString().padStart(18, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

function numberToPlain(n: number): string {
  if (!Number.isFinite(n)) throw new ArbiterError('ARB_INPUT_INVALID', `${n} is not finite`, { venue: 'derive' });
  // toFixed(18) can expose binary noise; 15 significant digits round-trip a double's decimal intent.
  const s = Number(n.toPrecision(15)).toString();
  if (!/e/i.test(s)) return s;
  return n.toFixed(18).replace(/\.?0+$/, '');
}

export function encodeTradeModuleData(d: DeriveTradeModuleData): Hex {
  return encodeAbiParameters(
    [{ type: 'address' }, { type: 'uint256' }, { type: 'int256' }, { type: 'int256' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'bool' }],
    [getAddress(d.asset), d.subId, d.limitPrice, d.amount, d.maxFee, d.recipientId, d.isBid],
  );
}

export function deriveActionHash(a: DeriveAction, actionTypehash: Hex): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'address' }, { type: 'bytes32' }, { type: 'uint256' }, { type: 'address' }, { type: 'address' }],
      [actionTypehash, a.subaccountId, a.nonce, getAddress(a.module), keccak256(a.data), a.expirySec, getAddress(a.owner), getAddress(a.signer)],
    ),
  );
}

/** The EIP-712 digest the session key signs. */
export function deriveTypedDataHash(a: DeriveAction, c: DeriveProtocolConstants): Hex {
  return keccak256(concat(['0x1901', c.domainSeparator, deriveActionHash(a, c.actionTypehash)]));
}

export async function signDeriveAction(a: DeriveAction, c: DeriveProtocolConstants, privateKey: Hex): Promise<Hex> {
  return sign({ hash: deriveTypedDataHash(a, c), privateKey, to: 'hex' });
}

/** The address that produced `signature` over the action (what the venue compares with `signer`). */
export function recoverDeriveActionSigner(a: DeriveAction, c: DeriveProtocolConstants, signature: Hex): Promise<Address> {
  return recoverAddress({ hash: deriveTypedDataHash(a, c), signature });
}

/** `public/login` params (and the REST headers' values): the wallet, now in ms, and its EIP-191 signature. */
export async function signDeriveLogin(privateKey: Hex, wallet: Address, nowMs: number): Promise<{ wallet: Address; timestamp: number; signature: Hex }> {
  const timestamp = Math.floor(nowMs);
  const signature = await privateKeyToAccount(privateKey).signMessage({ message: String(timestamp) });
  return { wallet, timestamp, signature };
}

export function recoverDeriveLoginSigner(timestamp: number | string, signature: Hex): Promise<Address> {
  return recoverMessageAddress({ message: String(timestamp), signature });
}
