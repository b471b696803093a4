import { describe, expect, it } from 'vitest';
import { fillToken, formatOrderFilledLine, parseOrderFilledLine, type OrderFilledFill } from './order-filled.js';

const TX = `0x${'ab'.repeat(32)}`;
const FILL: OrderFilledFill = {
  transaction_hash: TX, timestamp: 1_700_000_000, maker: `0x${'a'.repeat(40)}`, taker: '0x4bfb41d5b3570defd03c39a9a4d8de6bd8b8982e',
  maker_asset_id: '0', taker_asset_id: '52114319501245915516055106046884209969926127482827954674443846427813813222426',
  maker_amount_filled: '6000000', taker_amount_filled: '10000000', fee: '0', order_hash: `0x${'cd'.repeat(32)}`,
  id: `${TX}_0x1`, vid: '42', _gs_gid: 'g', _gs_chain: 'matic', block_range: '[50000000,)',
};

describe('parseOrderFilledLine', () => {
  it('reads DynamoDB-typed attributes, base64 hashes and exact integer amounts', () => {
    const line = formatOrderFilledLine(FILL);
    expect(JSON.parse(line).Item.transaction_hash.B).toBe(Buffer.from('ab'.repeat(32), 'hex').toString('base64'));
    expect(parseOrderFilledLine(line)).toEqual(FILL);
    expect(fillToken(FILL)).toBe(FILL.taker_asset_id);
    expect(fillToken({ ...FILL, maker_asset_id: '7', taker_asset_id: '0' })).toBe('7');
  });

  it('canonicalises integers with leading zeros', () => {
    const line = formatOrderFilledLine({ ...FILL, maker_amount_filled: '0006000000', taker_asset_id: '00111', vid: '0' });
    expect(parseOrderFilledLine(line)).toMatchObject({ maker_amount_filled: '6000000', taker_asset_id: '111', vid: '0' });
  });

  it('lower-cases addresses and accepts hex hashes', () => {
    const line = formatOrderFilledLine(FILL).replace(`"S":"0x${'a'.repeat(40)}"`, `"S":"0x${'A'.repeat(40)}"`).replace(/"transaction_hash":\{"B":"[^"]+"\}/, `"transaction_hash":{"S":"${TX.toUpperCase().replace('0X', '0x')}"}`);
    const f = parseOrderFilledLine(line);
    expect(f.maker).toBe(`0x${'a'.repeat(40)}`);
    expect(f.transaction_hash).toBe(TX);
  });

  it('names the field of a bad line', () => {
    const item = (patch: Record<string, unknown>): string => JSON.stringify({ Item: { ...JSON.parse(formatOrderFilledLine(FILL)).Item, ...patch } });
    expect(() => parseOrderFilledLine('nope')).toThrow('not valid JSON');
    expect(() => parseOrderFilledLine('{"foo":1}')).toThrow('not a {"Item":{…}} line');
    expect(() => parseOrderFilledLine(item({ maker: undefined }))).toThrow('missing maker');
    expect(() => parseOrderFilledLine(item({ maker_amount_filled: { N: '1.5' } }))).toThrow('maker_amount_filled is not a non-negative integer: 1.5');
    expect(() => parseOrderFilledLine(item({ maker_amount_filled: { S: '15' } }))).toThrow('maker_amount_filled is not of DynamoDB type N');
    expect(() => parseOrderFilledLine(item({ order_hash: { B: 'AAAA' } }))).toThrow('order_hash is not a 32-byte hash');
    expect(() => parseOrderFilledLine(item({ taker: { S: '0x12' } }))).toThrow('taker is not an address: 0x12');
    expect(() => parseOrderFilledLine(item({ taker_asset_id: { S: 'abc' } }))).toThrow('taker_asset_id is not a decimal token id');
  });
});
