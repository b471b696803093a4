import { OrderBuilder, Side, SignatureTypeV2, createL2Headers } from '@polymarket/clob-client-v2';
import { createWalletClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import { describe, expect, it } from 'vitest';
import { limitOrderAmounts, marketOrderAmounts, roundPriceToTick, impliedPriceAndSize } from './order-amounts.js';
import { l2Headers, polyHmacSignature, verifyPolyHmac } from './l2-auth.js';
import {
  BYTES32_ZERO, POLYGON_CHAIN_ID, POLYMARKET_EXCHANGE_V2, polymarketOrderHash, recoverOrderSigner, signPolymarketOrder, type SignedPolymarketOrder,
} from './order-signing.js';

// Anvil's first well-known development key: never holds funds.
const KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const account = privateKeyToAccount(KEY);
const TOKEN = '71321045679252212594626385532706912750332728571942532289631379312455583992563';
const DOMAIN = { chainId: POLYGON_CHAIN_ID, verifyingContract: POLYMARKET_EXCHANGE_V2 };

describe('order amounts', () => {
  it('rounds buys down and sells up to the tick, sizes down to cents', () => {
    expect(roundPriceToTick(0.567, 0.01, 'BUY').toString()).toBe('0.56');
    expect(roundPriceToTick(0.561, 0.01, 'SELL').toString()).toBe('0.57');
    expect(roundPriceToTick(0.57, 0.01, 'BUY').toString()).toBe('0.57'); // no binary-noise step down
    expect(roundPriceToTick(0.1234, 0.0025, 'BUY').toString()).toBe('0.1225');
    const buy = limitOrderAmounts('BUY', 10.129, 0.57, '0.01');
    expect(buy).toEqual({ side: 'BUY', price: '0.57', size: '10.12', makerAmount: '5768400', takerAmount: '10120000' });
    const sell = limitOrderAmounts('SELL', 100, 0.455, '0.001');
    expect(sell).toEqual({ side: 'SELL', price: '0.455', size: '100.00', makerAmount: '100000000', takerAmount: '45500000' });
    expect(impliedPriceAndSize('SELL', sell.makerAmount, sell.takerAmount).price.toString()).toBe('0.455');
  });

  it('rejects prices outside [tick, 1 − tick] and sizes that round to nothing', () => {
    expect(() => limitOrderAmounts('BUY', 10, 0.995, 0.01)).not.toThrow(); // rounds down to 0.99
    expect(() => limitOrderAmounts('SELL', 10, 0.995, 0.01)).toThrow(/outside/);
    expect(() => limitOrderAmounts('BUY', 10, 0.004, 0.01)).toThrow(/outside/);
    expect(() => limitOrderAmounts('BUY', 0.004, 0.5, 0.01)).toThrow(/rounds to zero/);
  });

  it('agrees with the official V2 client on limit and market amounts', async () => {
    const signer = createWalletClient({ account, chain: polygon, transport: http('http://127.0.0.1:9') });
    const builder = new OrderBuilder(signer as never, 137, SignatureTypeV2.EOA);
    for (const [side, price, size, tick] of [['BUY', 0.57, 10.12, '0.01'], ['SELL', 0.455, 33.3, '0.001'], ['BUY', 0.1225, 7, '0.0001']] as const) {
      const sdk = await builder.buildOrder({ tokenID: TOKEN, price, size, side: side === 'BUY' ? Side.BUY : Side.SELL }, { tickSize: tick, negRisk: false }, 2);
      const ours = limitOrderAmounts(side, size, price, tick);
      expect([ours.makerAmount, ours.takerAmount]).toEqual([sdk.makerAmount, sdk.takerAmount]);
    }
    const sdkMarket = await builder.buildMarketOrder({ tokenID: TOKEN, price: 0.6, amount: 12, side: Side.BUY }, { tickSize: '0.01', negRisk: false }, 2);
    const ours = marketOrderAmounts('BUY', 20, 0.6, '0.01'); // 20 shares at ≤ 0.60 = 12.00 pUSD
    expect([ours.makerAmount, ours.takerAmount]).toEqual([sdkMarket.makerAmount, sdkMarket.takerAmount]);
  });
});

describe('EIP-712 order signing (CLOB V2)', () => {
  it('signs an order the official client verifies the same way, and recovers the signer', async () => {
    const signer = createWalletClient({ account, chain: polygon, transport: http('http://127.0.0.1:9') });
    const builder = new OrderBuilder(signer as never, 137, SignatureTypeV2.EOA);
    const sdk = await builder.buildOrder({ tokenID: TOKEN, price: 0.5, size: 10, side: Side.BUY }, { tickSize: '0.01', negRisk: false }, 2);
    // The SDK's signature over its own order recovers to our account under our typed data.
    const asOurs: SignedPolymarketOrder = {
      salt: Number(sdk.salt), maker: sdk.maker, signer: sdk.signer, tokenId: sdk.tokenId, makerAmount: sdk.makerAmount, takerAmount: sdk.takerAmount,
      side: 'BUY', signatureType: 0, timestamp: (sdk as { timestamp: string }).timestamp, expiration: '0',
      metadata: (sdk as { metadata: string }).metadata, builder: (sdk as { builder: string }).builder, signature: sdk.signature,
    };
    expect(await recoverOrderSigner(asOurs, DOMAIN)).toBe(account.address);
    // And our signature of the same order is byte-identical (RFC 6979 deterministic ECDSA).
    const mine = await signPolymarketOrder(asOurs, DOMAIN, account);
    expect(mine.signature).toBe(sdk.signature);
  });

  it('a tampered amount or another exchange recovers a different address', async () => {
    const order = {
      salt: 12345, maker: account.address, signer: account.address, tokenId: TOKEN, makerAmount: '5000000', takerAmount: '10000000',
      side: 'BUY' as const, signatureType: 0 as const, timestamp: '1767225600000', expiration: '0', metadata: BYTES32_ZERO, builder: BYTES32_ZERO,
    };
    const signed = await signPolymarketOrder(order, DOMAIN, account);
    expect(await recoverOrderSigner({ ...signed, makerAmount: '5000001' }, DOMAIN)).not.toBe(account.address);
    expect(await recoverOrderSigner(signed, { ...DOMAIN, verifyingContract: '0xe2222d279d744050d28e00520010520000310F59' })).not.toBe(account.address);
    expect(polymarketOrderHash(order, DOMAIN)).toMatch(/^0x[0-9a-f]{64}$/);
  });
});

describe('L2 HMAC headers', () => {
  const creds = { key: '00000000-0000-4000-8000-000000000001', secret: Buffer.from('not-a-real-secret-32-bytes-long!').toString('base64url'), passphrase: 'pass' };

  it('match the official client byte for byte', async () => {
    const fakeSigner = { _signTypedData: async () => '0x', getAddress: async () => account.address };
    const body = JSON.stringify({ orderID: '0xabc' });
    const sdk = await createL2Headers(fakeSigner as never, creds, { method: 'DELETE', requestPath: '/order', body }, 1767225600);
    expect(l2Headers(account.address, creds, 'DELETE', '/order', body, 1767225600)).toEqual(sdk);
  });

  it('verifies only the exact request', () => {
    const sig = polyHmacSignature(creds.secret, 1767225600, 'GET', '/data/orders');
    expect(verifyPolyHmac(creds.secret, 1767225600, 'GET', '/data/orders', undefined, sig)).toBe(true);
    expect(verifyPolyHmac(creds.secret, 1767225601, 'GET', '/data/orders', undefined, sig)).toBe(false);
    expect(verifyPolyHmac(creds.secret, 1767225600, 'GET', '/data/order', undefined, sig)).toBe(false);
  });
});
