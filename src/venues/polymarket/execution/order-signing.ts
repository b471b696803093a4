/**
 * CLOB V2 order signing: the EIP-712 domain ("Polymarket CTF Exchange", version "2", Polygon)
 * and the 11-field Order struct, signed with viem. The order hash (the EIP-712 digest) is the
 * venue's order id, so it is known before the order is sent. The simulator uses
 * `recoverOrderSigner` from here to verify signatures the way the exchange does.
 */
import { hashTypedData, recoverTypedDataAddress, type Hex } from 'viem';
import type { PrivateKeyAccount } from 'viem/accounts';
import type { PolymarketSide } from './order-amounts.js';

export const POLYGON_CHAIN_ID = 137;
/** CTF Exchange V2 contracts on Polygon (docs contract table; also @polymarket/clob-client-v2 config). */
export const POLYMARKET_EXCHANGE_V2 = '0xE111180000d2663C0091e4f400237545B87B996B';
export const POLYMARKET_NEG_RISK_EXCHANGE_V2 = '0xe2222d279d744050d28e00520010520000310F59';
export const BYTES32_ZERO = '0x0000000000000000000000000000000000000000000000000000000000000000';

/** Signature types: 0 EOA, 1 Polymarket proxy, 2 Gnosis safe, 3 EIP-1271 (POLY_1271). */
export type PolymarketSignatureType = 0 | 1 | 2 | 3;

export const ORDER_TYPES = {
  Order: [
    { name: 'salt', type: 'uint256' },
    { name: 'maker', type: 'address' },
    { name: 'signer', type: 'address' },
    { name: 'tokenId', type: 'uint256' },
    { name: 'makerAmount', type: 'uint256' },
    { name: 'takerAmount', type: 'uint256' },
    { name: 'side', type: 'uint8' },
    { name: 'signatureType', type: 'uint8' },
    { name: 'timestamp', type: 'uint256' },
    { name: 'metadata', type: 'bytes32' },
    { name: 'builder', type: 'bytes32' },
  ],
} as const;

/** The order as posted in `POST /order` (`order` field), minus the signature. */
export interface UnsignedPolymarketOrder {
  readonly salt: number;
  readonly maker: string;
  readonly signer: string;
  readonly tokenId: string;
  readonly makerAmount: string;
  readonly takerAmount: string;
  readonly side: PolymarketSide;
  readonly signatureType: PolymarketSignatureType;
  /** Milliseconds, decimal string. */
  readonly timestamp: string;
  /** Unix seconds, "0" for none; sent in the payload but not signed in V2. */
  readonly expiration: string;
  readonly metadata: string;
  readonly builder: string;
}

export interface SignedPolymarketOrder extends UnsignedPolymarketOrder {
  readonly signature: string;
}

export interface ExchangeDomain {
  readonly chainId: number;
  readonly verifyingContract: string;
}

function domainOf(d: ExchangeDomain) {
  return { name: 'Polymarket CTF Exchange', version: '2', chainId: d.chainId, verifyingContract: d.verifyingContract as Hex } as const;
}

function messageOf(o: UnsignedPolymarketOrder) {
  return {
    salt: BigInt(o.salt),
    maker: o.maker as Hex,
    signer: o.signer as Hex,
    tokenId: BigInt(o.tokenId),
    makerAmount: BigInt(o.makerAmount),
    takerAmount: BigInt(o.takerAmount),
    side: o.side === 'BUY' ? 0 : 1,
    signatureType: o.signatureType,
    timestamp: BigInt(o.timestamp),
    metadata: o.metadata as Hex,
    builder: o.builder as Hex,
  } as const;
}

/** The EIP-712 digest of the order: the CLOB's order id. */
export function polymarketOrderHash(order: UnsignedPolymarketOrder, domain: ExchangeDomain): string {
  return hashTypedData({ domain: domainOf(domain), types: ORDER_TYPES, primaryType: 'Order', message: messageOf(order) });
}

export async function signPolymarketOrder(order: UnsignedPolymarketOrder, domain: ExchangeDomain, account: PrivateKeyAccount): Promise<SignedPolymarketOrder> {
  const signature = await account.signTypedData({ domain: domainOf(domain), types: ORDER_TYPES, primaryType: 'Order', message: messageOf(order) });
  return { ...order, signature };
}

/** The address that signed `order` under `domain` (throws on a malformed signature). */
export async function recoverOrderSigner(order: SignedPolymarketOrder, domain: ExchangeDomain): Promise<string> {
  return recoverTypedDataAddress({
    domain: domainOf(domain), types: ORDER_TYPES, primaryType: 'Order', message: messageOf(order), signature: order.signature as Hex,
  });
}
