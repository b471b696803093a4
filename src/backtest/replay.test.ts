import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarketEvent } from '../domain/market-event.js';
import { ReplayClock } from '../engine/clock.js';
import { Engine } from '../engine/engine.js';
import { silentLogger } from '../engine/logger.js';
import type { Strategy } from '../engine/strategy.js';
import { createFrameParsers, priceCurrencyOf } from '../venues/registry.js';
import { replayRecordings, type ReplayOptions } from './replay.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arbiter-replay-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A v1 record line carrying a Deribit ticker notification for `symbol` received at `ts`. */
function tickerLine(ts: number, symbol: string): string {
  const frame = {
    jsonrpc: '2.0', method: 'subscription',
    params: { channel: `ticker.${symbol}.100ms`, data: { instrument_name: symbol, timestamp: ts - 1, best_bid_price: 100, best_ask_price: 101 } },
  };
  return JSON.stringify({ venue: 'deribit', tsLocal: ts, tsVenue: ts - 1, frame });
}

async function file(name: string, lines: string[], gzip = false): Promise<string> {
  const path = join(dir, name);
  const text = lines.join('\n') + '\n';
  await writeFile(path, gzip ? gzipSync(text) : text);
  return path;
}

async function run(files: string[], extra: Partial<ReplayOptions> = {}): Promise<{ events: MarketEvent[]; report: Awaited<ReturnType<typeof replayRecordings>> }> {
  const events: MarketEvent[] = [];
  const report = await replayRecordings({ files, parsers: createFrameParsers(), priceCurrencyOf, onEvent: (e) => events.push(e), ...extra });
  return { events, report };
}

const order = (events: MarketEvent[]): string[] => events.map((e) => `${e.tsLocal}/${e.symbol}`);

describe('replayRecordings', () => {
  it('merges files by receive time (the seed integration case)', async () => {
    const f1 = await file('f1.jsonl', [tickerLine(100, 'F1-1'), tickerLine(300, 'F1-2'), tickerLine(500, 'F1-3')]);
    const f2 = await file('f2.jsonl', [tickerLine(200, 'F2-1'), tickerLine(400, 'F2-2')]);
    const { events, report } = await run([f1, f2]);
    expect(order(events)).toEqual(['100/F1-1', '200/F2-1', '300/F1-2', '400/F2-2', '500/F1-3']);
    expect(report).toMatchObject({ records: 5, events: 5, malformedLines: 0, badFrames: 0, outOfOrder: 0, firstTs: 100, lastTs: 500 });
  });

  it('breaks equal timestamps by file order, then line order', async () => {
    const a = await file('eq-a.jsonl', [tickerLine(100, 'A1'), tickerLine(100, 'A2'), tickerLine(200, 'A3')]);
    const b = await file('eq-b.jsonl', [tickerLine(100, 'B1'), tickerLine(200, 'B2')]);
    const c = await file('eq-c.jsonl', [tickerLine(100, 'C1')]);
    const { events } = await run([b, a, c]);
    expect(order(events)).toEqual(['100/B1', '100/A1', '100/A2', '100/C1', '200/B2', '200/A3']);
  });

  it('keeps a file\'s own order when its timestamps go backwards, counts it, and never moves the clock back', async () => {
    const a = await file('ooo-a.jsonl', [tickerLine(100, 'A1'), tickerLine(300, 'A2'), tickerLine(200, 'A3'), tickerLine(400, 'A4')]);
    const b = await file('ooo-b.jsonl', [tickerLine(250, 'B1')]);
    const clock = new ReplayClock(0);
    const seenClock: number[] = [];
    const { events, report } = await run([a, b], { clock, onEvent: () => seenClock.push(clock.now()) });
    expect(report.outOfOrder).toBe(1);
    expect(seenClock).toEqual([100, 250, 300, 300, 400]);
    expect(events).toEqual([]);
  });

  it('reads gzip files (by magic bytes, whatever the name) merged with plain ones', async () => {
    const gz = await file('g.jsonl.gz', [tickerLine(10, 'G1'), tickerLine(30, 'G2')], true);
    const odd = await file('g-noext', [tickerLine(20, 'N1')], true);
    const plain = await file('p.jsonl', [tickerLine(25, 'P1')]);
    const { events } = await run([gz, odd, plain]);
    expect(order(events)).toEqual(['10/G1', '20/N1', '25/P1', '30/G2']);
  });

  it('counts malformed lines with file:line and skips them', async () => {
    const path = await file('bad.jsonl', [
      tickerLine(1, 'OK1'),
      '{not json',
      '',
      '[1,2]',
      JSON.stringify({ venue: 'nasdaq', tsLocal: 2, frame: {} }),
      JSON.stringify({ venue: 'deribit', tsLocal: 'soon', frame: {} }),
      JSON.stringify({ hello: 'world' }),
      tickerLine(3, 'OK2'),
    ]);
    const { events, report } = await run([path]);
    expect(order(events)).toEqual(['1/OK1', '3/OK2']);
    expect(report.malformedLines).toBe(5);
    expect(report.issues.map((i) => `${i.line}`)).toEqual(['2', '4', '5', '6', '7']);
    expect(report.issues[0]!.file).toBe(path);
    expect(report.issues[2]!.reason).toMatch(/unknown venue "nasdaq"/);
    expect(report.issues[3]!.reason).toMatch(/tsLocal/);
  });

  it('makes a malformed line fatal under strict, naming file and line', async () => {
    const path = await file('strict.jsonl', [tickerLine(1, 'OK'), 'garbage']);
    await expect(run([path], { strict: true })).rejects.toThrow(`${path}:2: not valid JSON`);
  });

  it('counts frames its venue parser rejects, with file:line, and goes on', async () => {
    const garbage = JSON.stringify({ venue: 'deribit', tsLocal: 2, tsVenue: null, frame: { method: 'subscription', params: { channel: 'ticker.X.100ms', data: 7 } } });
    const path = await file('frames.jsonl', [tickerLine(1, 'A'), garbage, tickerLine(3, 'B')]);
    const { events, report } = await run([path]);
    expect(events).toHaveLength(2);
    expect(report.badFrames).toBe(1);
    expect(report.issues[0]).toMatchObject({ file: path, line: 2 });
    await expect(run([path], { strict: true })).rejects.toMatchObject({ code: 'ARB_PARSE_FRAME' });
  });

  it('reports frames of venues without a parser instead of dropping them silently', async () => {
    // Every venue has a parser today; a run given parsers for some venues only reports the rest.
    const path = await file('uniswap.jsonl', [JSON.stringify({ venue: 'uniswap', tsLocal: 1, tsVenue: 1, frame: { e: 'swap' } })]);
    const parsers = createFrameParsers();
    parsers.delete('uniswap');
    const { report } = await run([path], { parsers });
    expect(report.unparsed).toEqual({ uniswap: 1 });
  });

  it('imports the seed engine format (capitalised exchange tags, seconds in demo data)', async () => {
    const seed = await file('seed.jsonl', [
      '{"timestamp":1703782800000,"instrument":{"exchange":"Deribit","symbol":"BTC-29MAR24-60000-C"},"best_bid":0.052,"best_ask":0.054,"delta":0.55,"mark_iv":0.655,"bid_iv":0.64,"ask_iv":0.67,"underlying_price":43250.5}',
      '{"timestamp":1703782800412,"instrument":{"exchange":"Deribit","symbol":"BTC-PERPETUAL"},"best_bid":43250.5,"best_ask":43251.0,"delta":null,"mark_iv":null,"bid_iv":null,"ask_iv":null,"underlying_price":43249.8}',
      '{"timestamp":1703782801000,"instrument":{"exchange":"Polymarket","symbol":"21742633143463906290569050155826241533067272736897614950488156847949938836455"},"best_bid":0.45,"best_ask":0.46,"delta":null,"mark_iv":null,"bid_iv":null,"ask_iv":null,"underlying_price":null}',
      '{"timestamp":1735286400000,"instrument":{"exchange":"Derive","symbol":"BTC-20251226-100000-C"},"best_bid":1520.0,"best_ask":1580.0,"delta":0.41,"mark_iv":0.52,"bid_iv":0.5,"ask_iv":0.54,"underlying_price":95120.0}',
    ]);
    const demo = await file('seed-demo.jsonl', ['{"timestamp":1703782800,"instrument":{"exchange":"Polymarket","symbol":"demo_yes_token"},"best_bid":0.35,"best_ask":0.36,"delta":null,"mark_iv":null,"bid_iv":null,"ask_iv":null,"underlying_price":null}']);
    const { events } = await run([seed, demo]);
    expect(events.map((e) => `${e.venue}:${e.symbol}@${e.tsLocal}`)).toEqual([
      'deribit:BTC-29MAR24-60000-C@1703782800000',
      'polymarket:demo_yes_token@1703782800000',
      'deribit:BTC-PERPETUAL@1703782800412',
      'polymarket:21742633143463906290569050155826241533067272736897614950488156847949938836455@1703782801000',
      'derive:BTC-20251226-100000-C@1735286400000',
    ]);
    expect(events[0]).toMatchObject({ kind: 'ticker', priceCurrency: 'BTC', bid: 0.052, ask: 0.054, markIv: 0.655, underlying: 43250.5, greeks: { delta: 0.55 } });
    expect(events[2]).toMatchObject({ priceCurrency: 'USD', greeks: null });
    expect(events[4]).toMatchObject({ priceCurrency: 'USDC', bidIv: 0.5 });
  });

  it('fails before replaying anything when a file is missing', async () => {
    const ok = await file('ok.jsonl', [tickerLine(1, 'A')]);
    const events: MarketEvent[] = [];
    await expect(replayRecordings({ files: [ok, join(dir, 'nope.jsonl')], parsers: createFrameParsers(), priceCurrencyOf, onEvent: (e) => events.push(e) }))
      .rejects.toMatchObject({ code: 'ARB_INPUT_FILE', message: expect.stringContaining('nope.jsonl: no such file') });
    expect(events).toEqual([]);
    await expect(run([dir])).rejects.toThrow(/not a regular file/);
    await expect(run([])).rejects.toThrow(/no recording files/);
  });

  it('skips header lines, rejects newer versions, reads CRLF and a last line without newline', async () => {
    const header = JSON.stringify({ format: 'arbiter-recording', version: 1, createdAtMs: 0 });
    const path = join(dir, 'crlf.jsonl');
    await writeFile(path, `${header}\r\n${tickerLine(1, 'A')}\r\n${tickerLine(2, 'B')}`);
    const { events, report } = await run([path]);
    expect(order(events)).toEqual(['1/A', '2/B']);
    expect(report.malformedLines).toBe(0);
    const future = await file('future.jsonl', [JSON.stringify({ format: 'arbiter-recording', version: 99, createdAtMs: 0 })]);
    await expect(run([future])).rejects.toThrow(/version 99 is newer/);
  });

  it('keeps lines intact across read-chunk boundaries, multi-byte text included', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 2_000; i++) lines.push(tickerLine(i, `SYM-${i}-ß€😀`));
    const path = await file('chunks.jsonl', lines);
    const events: MarketEvent[] = [];
    const report = await replayRecordings({ files: [path], parsers: createFrameParsers(), priceCurrencyOf, onEvent: (e) => events.push(e) });
    expect(report.records).toBe(2_000);
    expect(events[1_999]!.symbol).toBe('SYM-1999-ß€😀');
  });

  it('filters by receive-time window', async () => {
    const path = await file('window.jsonl', [tickerLine(1, 'A'), tickerLine(5, 'B'), tickerLine(9, 'C')]);
    const { events, report } = await run([path], { fromMs: 2, toMs: 8 });
    expect(order(events)).toEqual(['5/B']);
    expect(report.skipped).toBe(2);
  });

  it('drives an engine: strategies get routed events, timers fire between records, heavy work is awaited', async () => {
    const a = await file('eng-a.jsonl', [tickerLine(1_000, 'A'), tickerLine(1_250, 'A'), tickerLine(1_600, 'B')]);
    const log: string[] = [];
    const s: Strategy = {
      name: 's', venues: ['deribit'],
      discoverSubscriptions: () => [{ venue: 'deribit', symbol: 'A' }],
      onStart: (ctx) => ctx.setTimer('t', 1_100, 200),
      onEvent: (e, ctx) => {
        log.push(`event ${e.symbol}@${ctx.now()}`);
        ctx.runOffPath('work', async () => {
          await new Promise((r) => setTimeout(r, 5));
          log.push(`work done for ${e.tsLocal}`);
        });
      },
      onTimer: (id, ctx) => { log.push(`timer ${id}@${ctx.now()}`); },
    };
    const clock = new ReplayClock(0);
    const engine = new Engine({ strategies: [s], clock, logger: silentLogger, refreshIntervalMs: 1e12 });
    await engine.start();
    const report = await replayRecordings({ files: [a], parsers: createFrameParsers(), priceCurrencyOf, onEvent: (e) => engine.dispatch(e), clock, quiescent: engine });
    expect(log).toEqual(['event A@1000', 'work done for 1000', 'timer t@1100', 'event A@1250', 'work done for 1250', 'timer t@1300', 'timer t@1500']);
    expect(report.events).toBe(3);
    expect(engine.stats).toMatchObject({ events: 3, unrouted: 1 });
  });
});
