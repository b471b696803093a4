import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayRecordings } from '../../src/backtest/replay.js';
import { startRecording, recordConfigSchema } from '../../src/cli/commands/record.js';
import { startSimulator, type RunningSimulator } from '../../src/cli/commands/simulate.js';
import { parseTomlConfig } from '../../src/cli/config/load-toml-config.js';
import type { MarketEvent } from '../../src/domain/market-event.js';
import { silentLogger } from '../../src/engine/logger.js';
import { createFrameParsers, priceCurrencyOf } from '../../src/venues/registry.js';

let dir: string;
const sims: RunningSimulator[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arbiter-record-'));
  for (const venue of ['deribit', 'derive', 'polymarket'] as const) sims.push(await startSimulator(venue, { seed: 5, tickIntervalMs: 50 }));
});
afterAll(async () => {
  await Promise.all(sims.map((s) => s.stop()));
  await rm(dir, { recursive: true, force: true });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('arbiter record against the three simulators', () => {
  it('records raw frames of every venue that replay into events through the same parsers', async () => {
    const [deribit, derive, polymarket] = sims as [RunningSimulator, RunningSimulator, RunningSimulator];
    const toml = `
[record]
gzip = true

[[record.feeds]]
venue = "deribit"
url = "${deribit.url}"
rest_url = "${deribit.restUrl}"
symbols = ["BTC-PERPETUAL"]
channels = ["ticker", "book", "trades"]

[[record.feeds]]
venue = "derive"
url = "${derive.url}"
rest_url = "${derive.restUrl}"
match = "^BTC-PERP$"
channels = ["ticker"]

[[record.feeds]]
venue = "polymarket"
url = "${polymarket.url}"
rest_url = "${polymarket.restUrl}"
match = "[Bb]itcoin above"
`;
    const config = parseTomlConfig(toml, recordConfigSchema, 'record.toml');
    const session = await startRecording(config, join(dir, 'out'), silentLogger);
    await until(() => (session.recorder.counts.deribit ?? 0) > 20 && (session.recorder.counts.derive ?? 0) > 5 && (session.recorder.counts.polymarket ?? 0) > 5);
    await session.stop();
    expect(session.recorder.files.length).toBe(3);

    const events: MarketEvent[] = [];
    const report = await replayRecordings({ files: session.recorder.files, parsers: createFrameParsers(), priceCurrencyOf, onEvent: (e) => events.push(e) });
    expect(report.malformedLines).toBe(0);
    expect(report.badFrames).toBe(0);
    const venues = new Set(events.map((e) => e.venue));
    expect([...venues].sort()).toEqual(['deribit', 'derive', 'polymarket']);
    expect(events.some((e) => e.venue === 'deribit' && e.kind === 'book_snapshot')).toBe(true);
    expect(events.some((e) => e.venue === 'polymarket' && e.kind === 'book_snapshot')).toBe(true);
  });

  it('rejects a config with an unknown key or a bad regex, naming the line', () => {
    expect(() => parseTomlConfig('[record]\ngzip = true\n[[record.feeds]]\nvenue = "deribit"\nsymbol = ["X"]\n', recordConfigSchema, 'r.toml')).toThrow('r.toml:5: record.feeds[0].symbol: unknown key "symbol"');
    expect(() => parseTomlConfig('[record]\n[[record.feeds]]\nvenue = "deribit"\nmatch = "(["\n', recordConfigSchema, 'r.toml')).toThrow(/r\.toml:4: record\.feeds\[0\]\.match: not a valid regular expression/);
    expect(() => parseTomlConfig('[record]\n[[record.feeds]]\nvenue = "bitmex"\n', recordConfigSchema, 'r.toml')).toThrow(/r\.toml:3: record\.feeds\[0\]\.venue/);
  });
});
