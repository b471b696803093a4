import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BookSnapshotEvent, MarketEvent, TickerEvent } from '../../../domain/market-event.js';
import { uniswapV2Quote } from '../../../lab/uniswap/v2-quote.js';
import { pairNaming, pairTag, parsePairTag } from '../catalog/uniswap-pairs.js';
import { createUniswapFrameParser } from './parse-uniswap-frame.js';
import { decodeSyncLog, SYNC_TOPIC } from './sync-log.js';

const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

function collect(frames: unknown[]): MarketEvent[] {
  const parser = createUniswapFrameParser();
  const out: MarketEvent[] = [];
  for (const f of frames) parser.parse(f, 1_000, (e) => out.push(e));
  return out;
}

describe('Sync logs', () => {
  it('has the keccak-256 topic of Sync(uint112,uint112)', () => {
    expect(SYNC_TOPIC).toBe('0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1');
  });

  it('decodes reserves, block, log index and hash from a notification', () => {
    const log = (fixture('ws-eth-subscription-sync.json').params as { result: unknown }).result;
    const s = decodeSyncLog(log);
    expect(s).toEqual({
      address: '0xb4e16d0168e52d35cacd2c6185b44281ec28c9dc', reserve0: 6_800_000_000_000n, reserve1: 2000n * 10n ** 18n,
      blockNumber: 0x29e87, logIndex: 3, transactionHash: '0xe044554a0a55067caafd07f8020ab9f2af60bdfe337e395ecd84b4877a3d1ab4', removed: false,
    });
  });

  it('rejects short data, reserves beyond uint112 and a bad block number', () => {
    const log = (fixture('ws-eth-subscription-sync.json').params as { result: Record<string, unknown> }).result;
    expect(() => decodeSyncLog({ ...log, data: '0x1234' })).toThrow(/two 32-byte words/);
    expect(() => decodeSyncLog({ ...log, data: `0x${'f'.repeat(128)}` })).toThrow(/uint112/);
    expect(() => decodeSyncLog({ ...log, blockNumber: 12 })).toThrow(/blockNumber/);
    expect(() => decodeSyncLog({ ...log, topics: ['0x00'] })).toThrow(/not Sync/);
  });
});

describe('pair tags and naming', () => {
  it('round-trips the facts through the request id and rejects other ids', () => {
    const facts = { address: '0xb4e16d0168e52d35cacd2c6185b44281ec28c9dc', symbol: 'WETH-USDC', baseIndex: 1 as const, decimals0: 6, decimals1: 18, feeBps: 30 };
    expect(parsePairTag(pairTag(facts))).toEqual(facts);
    expect(parsePairTag(7)).toBeNull();
    expect(parsePairTag('reserves:0x12:WETH-USDC:1:6:18:30')).toBeNull();
    expect(parsePairTag('reserves:0xb4e16d0168e52d35cacd2c6185b44281ec28c9dc:WETH-USDC:2:6:18:30')).toBeNull();
  });

  it('makes the stablecoin the quote unless the base is named', () => {
    expect(pairNaming('USDC', 'WETH')).toEqual({ symbol: 'WETH-USDC', baseIndex: 1 });
    expect(pairNaming('WBTC', 'WETH')).toEqual({ symbol: 'WBTC-WETH', baseIndex: 0 });
    expect(pairNaming('WBTC', 'WETH', 'WETH')).toEqual({ symbol: 'WETH-WBTC', baseIndex: 1 });
    expect(() => pairNaming('USDC', 'WETH', 'DAI')).toThrow(/neither token/);
    expect(() => pairNaming('US:DC', 'WETH')).toThrow(/characters/);
  });
});

describe('UniswapFrameParser', () => {
  const read = fixture('ws-eth-call-get-reserves.json');
  const sync = fixture('ws-eth-subscription-sync.json');

  it('emits a curve book and a ticker from the getReserves answer, then from each Sync', () => {
    const events = collect([read, sync]);
    expect(events.map((e) => e.kind)).toEqual(['book_snapshot', 'ticker', 'book_snapshot', 'ticker']);
    const first = events[0] as BookSnapshotEvent;
    expect(first.symbol).toBe('WETH-USDC');
    expect(first.sequence).toBeNull();
    expect(first.tsVenue).toBeNull();
    const ticker = events[1] as TickerEvent;
    expect(ticker.mark).toBeCloseTo(6_900_000 / 2_000, 9); // USDC per WETH
    expect(ticker.priceCurrency).toBe('USDC');
    expect(ticker.bid! / ticker.mark!).toBeCloseTo(0.997, 12);
    const second = events[2] as BookSnapshotEvent;
    expect(second.sequence).toBe(0x29e87 * 100_000 + 3);
    // Selling the first bid level into the pair pays what the contract pays for that WETH.
    const [price, size] = [second.bids[0]!, second.bids[1]!];
    const wei = BigInt(Math.round(size * 1e9)) * 10n ** 9n;
    const out = uniswapV2Quote({ amountIn: wei, reserveIn: 2000n * 10n ** 18n, reserveOut: 6_800_000_000_000n, feeBps: 30 }).amountOut;
    expect(price * size).toBeCloseTo(Number(out) / 1e6, 3);
  });

  it('drops stale and removed logs and ignores logs of other events', () => {
    const removed = fixture('ws-eth-subscription-sync-removed.json');
    expect(collect([read, sync, sync]).length).toBe(4);
    expect(collect([read, removed]).length).toBe(2);
    expect(collect([read, fixture('ws-eth-subscription-log.json'), fixture('ws-eth-subscribe-result.json'), fixture('ws-eth-unsubscribe-result.json')]).length).toBe(2);
  });

  it('refuses a Sync of a pair never read, a failed read and garbage', () => {
    expect(() => collect([sync])).toThrow(/before its getReserves read/);
    expect(() => collect([fixture('ws-eth-call-reverted.json')])).toThrow(/getReserves of .* failed/);
    expect(() => collect([{ ...read, result: '0x1234' }])).toThrow(/not \(uint112/);
    expect(() => collect(['not json'])).toThrow(/JSON-RPC object/);
    expect(() => collect([{ jsonrpc: '2.0', method: 'eth_subscription', params: {} }])).toThrow(/params.result/);
  });
});
