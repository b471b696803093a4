import { hashDomain, hashTypedData, keccak256, toHex, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import {
  DERIVE_ACTION_TYPEHASH, deriveTypedDataHash, encodeTradeModuleData, fromE18, recoverDeriveActionSigner, recoverDeriveLoginSigner,
  signDeriveAction, signDeriveLogin, toE18, type DeriveAction,
} from './derive-signing.js';

const KEY: Hex = '0x2ae8be44db8a590d20bffbe3b6872df9b569147d3bf6801a35a28281a4816bbd';
const account = privateKeyToAccount(KEY);
const domain = { name: 'Matching', version: '1.0', chainId: 31337, verifyingContract: '0x1111111111111111111111111111111111111111' } as const;
const constants = {
  domainSeparator: hashDomain({ domain: { ...domain, chainId: BigInt(domain.chainId) }, types: { EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'version', type: 'string' }, { name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }] } }),
  actionTypehash: DERIVE_ACTION_TYPEHASH,
  tradeModule: '0xB8D20c2B7a1Ad2EE33Bc50eF10876eD3035b5e7b',
} as const;

const action: DeriveAction = {
  subaccountId: 30769n,
  nonce: 1_751_558_400_000_000_007n,
  module: constants.tradeModule,
  data: encodeTradeModuleData({ asset: '0x4BB4C3CDc7562f08e9910A0C7D8bB7e108861eB4', subId: 39614082760370722398570160768n, limitPrice: toE18('2410.5'), amount: toE18('0.25'), maxFee: toE18('90'), recipientId: 30769n, isBid: true }),
  expirySec: 1_780_000_000n,
  owner: '0x9135BA0f495244dc0A5F029b25CDE95157Db89AD',
  signer: account.address,
};

describe('Derive signing', () => {
  it('ACTION_TYPEHASH is keccak256 of the Action type string', () => {
    expect(keccak256(toHex('Action(uint256 subaccountId,uint256 nonce,address module,bytes data,uint256 expiry,address owner,address signer)'))).toBe(DERIVE_ACTION_TYPEHASH);
  });

  it('the manual digest equals viem hashTypedData of the Action struct, and signatures match signTypedData', async () => {
    const types = {
      Action: [
        { name: 'subaccountId', type: 'uint256' }, { name: 'nonce', type: 'uint256' }, { name: 'module', type: 'address' }, { name: 'data', type: 'bytes' },
        { name: 'expiry', type: 'uint256' }, { name: 'owner', type: 'address' }, { name: 'signer', type: 'address' },
      ],
    } as const;
    const message = { subaccountId: action.subaccountId, nonce: action.nonce, module: action.module, data: action.data, expiry: action.expirySec, owner: action.owner, signer: action.signer };
    expect(deriveTypedDataHash(action, constants)).toBe(hashTypedData({ domain, types, primaryType: 'Action', message }));
    const signature = await signDeriveAction(action, constants, KEY);
    expect(signature).toBe(await account.signTypedData({ domain, types, primaryType: 'Action', message }));
    expect(await recoverDeriveActionSigner(action, constants, signature)).toBe(account.address);
  });

  it('a change to any signed field changes the recovered signer', async () => {
    const signature = await signDeriveAction(action, constants, KEY);
    const tampered = { ...action, data: encodeTradeModuleData({ asset: '0x4BB4C3CDc7562f08e9910A0C7D8bB7e108861eB4', subId: 39614082760370722398570160768n, limitPrice: toE18('2410.6'), amount: toE18('0.25'), maxFee: toE18('90'), recipientId: 30769n, isBid: true }) };
    expect(await recoverDeriveActionSigner(tampered, constants, signature)).not.toBe(account.address);
  });

  it('login signs the millisecond timestamp with EIP-191', async () => {
    const login = await signDeriveLogin(KEY, '0x9135BA0f495244dc0A5F029b25CDE95157Db89AD', 1_751_558_400_123.7);
    expect(login.timestamp).toBe(1_751_558_400_123);
    expect(await recoverDeriveLoginSigner(login.timestamp, login.signature)).toBe(account.address);
  });

  it('converts decimals to and from 1e18 fixed point exactly', () => {
    expect(toE18('2410.5')).toBe(2_410_500_000_000_000_000_000n);
    expect(toE18(0.1)).toBe(100_000_000_000_000_000n);
    expect(toE18(1e-7)).toBe(100_000_000_000n);
    expect(toE18('-1')).toBe(-(10n ** 18n));
    expect(fromE18(2_410_500_000_000_000_000_000n)).toBe('2410.5');
    expect(fromE18(-(10n ** 18n))).toBe('-1');
    expect(() => toE18('1e5')).toThrow();
    expect(() => toE18('0.1234567890123456789')).toThrow(/18 decimals/);
  });
});
