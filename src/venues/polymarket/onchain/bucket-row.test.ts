import { describe, expect, it } from 'vitest';
import { decodeBucketRow, encodeBucketRow } from './bucket-row.js';
import type { MarketFill } from './order-filled.js';

const FILL: MarketFill = {
  transaction_hash: `0x${'1'.repeat(64)}`, timestamp: 1_750_000_000, maker: `0x${'a'.repeat(40)}`, taker: `0x${'b'.repeat(40)}`, maker_asset_id: '0', taker_asset_id: '123',
  maker_amount_filled: '6000000', taker_amount_filled: '10000000', fee: null, order_hash: `0x${'2'.repeat(64)}`, id: null, vid: '7', _gs_gid: 'g', _gs_chain: null,
  block_range: '[1,)', condition_id: `0x${'3'.repeat(64)}`,
};

describe('bucket rows', () => {
  it('round-trips every field, nulls included', () => {
    expect(decodeBucketRow(encodeBucketRow(FILL))).toEqual(FILL);
  });
  it('rejects a line that is not a row', () => {
    expect(() => decodeBucketRow('[1,2]')).toThrow('not a 16-field bucket row');
    expect(() => decodeBucketRow('{"a":1}')).toThrow('not a 16-field bucket row');
    expect(() => decodeBucketRow('half a row')).toThrow(SyntaxError);
  });
});
