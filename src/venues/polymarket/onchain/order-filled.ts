/**
 * One exported Polymarket `OrderFilled` event (a Goldsky subgraph row exported from DynamoDB as a
 * line `{"Item":{"maker":{"S":"0x…"},"maker_amount_filled":{"N":"1000000"},"transaction_hash":{"B":"<base64>"},…}}`)
 * → a flat, validated fill. Amounts stay exact: decimal integer strings in the token's 6-decimal
 * units (micro-USDC or micro-shares), turned into bigint only where they are compared.
 */
import { isRecord } from '../../shared/wire-values.js';

/** A validated OrderFilled row. Addresses and hashes are lower-case `0x` hex. */
export interface OrderFilledFill {
  readonly transaction_hash: string;
  /** Block time, epoch seconds, as the event carries it. */
  readonly timestamp: number;
  readonly maker: string;
  readonly taker: string;
  /** ERC-1155 position id as a decimal string; `"0"` is the collateral (USDC). */
  readonly maker_asset_id: string;
  readonly taker_asset_id: string;
  /** Integer amounts in 6-decimal units, decimal strings. */
  readonly maker_amount_filled: string;
  readonly taker_amount_filled: string;
  readonly fee: string | null;
  readonly order_hash: string;
  /** Subgraph row id and insertion order (vid); used only to order fills within a transaction. */
  readonly id: string | null;
  readonly vid: string | null;
  readonly _gs_gid: string | null;
  readonly _gs_chain: string | null;
  readonly block_range: string | null;
}

/** A fill with the market (condition id) its outcome token belongs to; the unit the pipeline moves around. */
export interface MarketFill extends OrderFilledFill {
  readonly condition_id: string;
}

const INTEGER = /^[0-9]+$/;
const BASE64_32 = /^[A-Za-z0-9+/]{43}=$/;
const HEX_HASH = /^0x[0-9a-fA-F]{64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** What went wrong with a line; the caller adds the file and line. */
export class OrderFilledLineError extends Error {}

function attribute(item: Record<string, unknown>, name: string, type: 'S' | 'N' | 'B', required: true): string;
function attribute(item: Record<string, unknown>, name: string, type: 'S' | 'N' | 'B', required: false): string | null;
function attribute(item: Record<string, unknown>, name: string, type: 'S' | 'N' | 'B', required: boolean): string | null {
  const typed = item[name];
  if (typed === undefined || typed === null) {
    if (required) throw new OrderFilledLineError(`missing ${name}`);
    return null;
  }
  if (!isRecord(typed)) throw new OrderFilledLineError(`${name} is not a DynamoDB typed value`);
  const value = typed[type];
  if (typeof value !== 'string') throw new OrderFilledLineError(`${name} is not of DynamoDB type ${type}`);
  return value;
}

/** DynamoDB binary (base64) or an already hex-encoded 32-byte hash → lower-case 0x hex. */
function hash32(item: Record<string, unknown>, name: string): string {
  const typed = item[name];
  const raw = isRecord(typed) ? (typeof typed.B === 'string' ? typed.B : typed.S) : undefined;
  if (typeof raw !== 'string') throw new OrderFilledLineError(`${name} is missing or not a DynamoDB B/S value`);
  if (BASE64_32.test(raw)) return `0x${Buffer.from(raw, 'base64').toString('hex')}`;
  if (HEX_HASH.test(raw)) return raw.toLowerCase();
  throw new OrderFilledLineError(`${name} is not a 32-byte hash (base64 or 0x hex): ${raw.slice(0, 80)}`);
}

function address(item: Record<string, unknown>, name: string): string {
  const value = attribute(item, name, 'S', true);
  if (!ADDRESS.test(value)) throw new OrderFilledLineError(`${name} is not an address: ${value.slice(0, 80)}`);
  return value.toLowerCase();
}

function integer(item: Record<string, unknown>, name: string, required: true): string;
function integer(item: Record<string, unknown>, name: string, required: false): string | null;
function integer(item: Record<string, unknown>, name: string, required: boolean): string | null {
  const value = required ? attribute(item, name, 'N', true) : attribute(item, name, 'N', false);
  if (value === null) return null;
  if (!INTEGER.test(value)) throw new OrderFilledLineError(`${name} is not a non-negative integer: ${value.slice(0, 80)}`);
  return canonical(value);
}

/** A decimal integer without leading zeros (the form token ids and amounts are compared in). */
function canonical(digits: string): string {
  return digits.length > 1 && digits.charCodeAt(0) === 48 ? digits.replace(/^0+(?=[0-9])/, '') : digits;
}

function tokenId(item: Record<string, unknown>, name: string): string {
  const value = attribute(item, name, 'S', true);
  if (!INTEGER.test(value)) throw new OrderFilledLineError(`${name} is not a decimal token id: ${value.slice(0, 80)}`);
  return canonical(value);
}

/**
 * Parses one export line.
 * @throws OrderFilledLineError naming the field when the line is not an OrderFilled item.
 */
export function parseOrderFilledLine(line: string): OrderFilledFill {
  let decoded: unknown;
  try {
    decoded = JSON.parse(line);
  } catch {
    throw new OrderFilledLineError('not valid JSON');
  }
  if (!isRecord(decoded) || !isRecord(decoded.Item)) throw new OrderFilledLineError('not a {"Item":{…}} line');
  const item = decoded.Item;
  const timestamp = Number(integer(item, 'timestamp', true));
  if (!Number.isSafeInteger(timestamp)) throw new OrderFilledLineError('timestamp out of range');
  return {
    transaction_hash: hash32(item, 'transaction_hash'),
    timestamp,
    maker: address(item, 'maker'),
    taker: address(item, 'taker'),
    maker_asset_id: tokenId(item, 'maker_asset_id'),
    taker_asset_id: tokenId(item, 'taker_asset_id'),
    maker_amount_filled: integer(item, 'maker_amount_filled', true),
    taker_amount_filled: integer(item, 'taker_amount_filled', true),
    fee: integer(item, 'fee', false),
    order_hash: hash32(item, 'order_hash'),
    id: attribute(item, 'id', 'S', false),
    vid: integer(item, 'vid', false),
    _gs_gid: attribute(item, '_gs_gid', 'S', false),
    _gs_chain: attribute(item, '_gs_chain', 'S', false),
    block_range: attribute(item, 'block_range', 'S', false),
  };
}

/** The outcome token a fill trades: the maker's asset unless it is collateral ("0"), else the taker's. */
export function fillToken(fill: OrderFilledFill): string {
  return fill.maker_asset_id !== '0' ? fill.maker_asset_id : fill.taker_asset_id;
}

/** The inverse of `parseOrderFilledLine`: a fill as a DynamoDB export line (hashes as base64 `B`). Used to build test and benchmark inputs. */
export function formatOrderFilledLine(fill: OrderFilledFill): string {
  const b64 = (hex: string): string => Buffer.from(hex.slice(2), 'hex').toString('base64');
  const item: Record<string, Record<string, string>> = {
    _gs_gid: { S: fill._gs_gid ?? '' },
    maker: { S: fill.maker },
    maker_amount_filled: { N: fill.maker_amount_filled },
    maker_asset_id: { S: fill.maker_asset_id },
    fee: { N: fill.fee ?? '0' },
    timestamp: { N: String(fill.timestamp) },
    taker_asset_id: { S: fill.taker_asset_id },
    transaction_hash: { B: b64(fill.transaction_hash) },
    taker_amount_filled: { N: fill.taker_amount_filled },
    taker: { S: fill.taker },
    block_range: { S: fill.block_range ?? '' },
    order_hash: { B: b64(fill.order_hash) },
    _gs_chain: { S: fill._gs_chain ?? 'matic' },
    id: { S: fill.id ?? '' },
    vid: { N: fill.vid ?? '0' },
  };
  return JSON.stringify({ Item: item });
}
