/**
 * Uniswap v2 `Sync(uint112 reserve0, uint112 reserve1)` logs as `eth_subscribe` `logs`
 * notifications deliver them: `topics[0]` is the event's keccak-256 selector and `data` the two
 * reserves ABI-encoded as 32-byte words (the event has no indexed arguments).
 */
import { toEventSelector } from 'viem';
import { frameError, isRecord, requiredString } from '../../shared/wire-values.js';

export const SYNC_EVENT = 'Sync(uint112,uint112)';
/** keccak256("Sync(uint112,uint112)"). */
export const SYNC_TOPIC: string = toEventSelector(SYNC_EVENT);

export interface SyncLog {
  /** Lower-case pair address. */
  readonly address: string;
  readonly reserve0: bigint;
  readonly reserve1: bigint;
  readonly blockNumber: number;
  readonly logIndex: number;
  readonly transactionHash: string;
  /** True when a reorg took the log's block off the chain (the node resends it so flagged). */
  readonly removed: boolean;
}

const HEX_QUANTITY = /^0x[0-9a-fA-F]{1,16}$/;
const SYNC_DATA = /^0x[0-9a-fA-F]{128}$/;
const UINT112_MAX = (1n << 112n) - 1n;

function quantity(value: unknown, field: string): number {
  if (typeof value !== 'string' || !HEX_QUANTITY.test(value)) throw frameError('uniswap', `${field} is not a hex quantity (${JSON.stringify(value)?.slice(0, 40)})`);
  return Number.parseInt(value.slice(2), 16);
}

/** Whether a log object is a Sync event (by its first topic). */
export function isSyncLog(log: unknown): boolean {
  return isRecord(log) && Array.isArray(log.topics) && typeof log.topics[0] === 'string' && log.topics[0].toLowerCase() === SYNC_TOPIC;
}

/**
 * Decodes one Sync log object.
 * @throws ParseError (ARB_PARSE_FRAME) on a missing field, a wrong topic, or data that is not two uint112 words.
 */
export function decodeSyncLog(log: unknown): SyncLog {
  if (!isRecord(log)) throw frameError('uniswap', 'log is not an object');
  if (!isSyncLog(log)) throw frameError('uniswap', `log topic is not ${SYNC_EVENT}`);
  const data = requiredString(log.data, 'uniswap', 'log.data');
  if (!SYNC_DATA.test(data)) throw frameError('uniswap', `Sync data must be two 32-byte words, got ${data.length} characters`);
  const reserve0 = BigInt(`0x${data.slice(2, 66)}`);
  const reserve1 = BigInt(`0x${data.slice(66, 130)}`);
  if (reserve0 > UINT112_MAX || reserve1 > UINT112_MAX) throw frameError('uniswap', 'Sync reserve exceeds uint112');
  const address = requiredString(log.address, 'uniswap', 'log.address').toLowerCase();
  return {
    address, reserve0, reserve1,
    blockNumber: quantity(log.blockNumber, 'log.blockNumber'),
    logIndex: quantity(log.logIndex, 'log.logIndex'),
    transactionHash: requiredString(log.transactionHash, 'uniswap', 'log.transactionHash'),
    removed: log.removed === true,
  };
}
