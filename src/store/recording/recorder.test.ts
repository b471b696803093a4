import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../domain/market-event.js';
import { replayRecordings } from '../../backtest/replay.js';
import { createFrameParsers, priceCurrencyOf, venueTimestamp } from '../../venues/registry.js';
import { Recorder } from './recorder.js';

describe('Recorder', () => {
  it('records raw frames per venue, garbage included, and replays them through the same parsers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arbiter-recorder-'));
    try {
      const recorder = new Recorder({ dir, venueTimestamp, gzip: true });
      const deribit = recorder.tap('deribit');
      const poly = recorder.tap('polymarket');
      deribit('{"jsonrpc":"2.0","method":"subscription","params":{"channel":"ticker.BTC-PERPETUAL.100ms","data":{"instrument_name":"BTC-PERPETUAL","timestamp":1000,"best_bid_price":1,"best_ask_price":2}}}', 1_005);
      poly('[{"event_type":"last_trade_price","asset_id":"7","price":"0.5","size":"10","side":"SELL","timestamp":"1002"}]', 1_006);
      poly('PONG', 1_007);
      deribit('{"broken', 1_008);
      await recorder.close();
      expect(recorder.counts).toEqual({ deribit: 2, polymarket: 2 });
      expect(recorder.files).toHaveLength(2);

      const events: MarketEvent[] = [];
      const report = await replayRecordings({ files: recorder.files, parsers: createFrameParsers(), priceCurrencyOf, onEvent: (e) => events.push(e) });
      expect(report.records).toBe(4);
      expect(report.badFrames).toBe(1); // the broken Deribit frame, recorded as text, rejected by its parser on replay
      expect(events.map((e) => `${e.kind}@${e.tsLocal}/${e.tsVenue}`)).toEqual(['ticker@1005/1000', 'trade@1006/1002']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
