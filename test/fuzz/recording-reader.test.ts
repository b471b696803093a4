/**
 * Property tests of the recording reader through `replayRecordings` on generated files: valid
 * records mixed with truncated lines, huge lines, binary garbage, deep nesting, hostile numbers
 * and hostile frames, plain and gzip (also cut short). Replay never throws anything but an
 * ArbiterError, never hangs, and accounts for every line: replayed or counted as malformed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ArbiterError } from '../../src/domain/errors.js';
import { replayRecordings } from '../../src/backtest/replay.js';
import { createFrameParsers, priceCurrencyOf } from '../../src/venues/registry.js';
import { hostileScalar, mutatedFrame, wsFixtures } from './hostile-values.js';

const dir = mkdtempSync(join(tmpdir(), 'arbiter-fuzz-rec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HEADER = JSON.stringify({ format: 'arbiter-recording', version: 1, createdAtMs: 1_767_571_200_000, source: 'fuzz' });
const TIME_LIMIT_MS = 10_000;

const deribit = wsFixtures('deribit');
const polymarket = wsFixtures('polymarket');
const record = (venue: string, tsLocal: unknown, frame: unknown): string => JSON.stringify({ venue, tsLocal, tsVenue: null, frame });
const validLine = fc.tuple(fc.constantFrom('deribit', 'polymarket'), fc.integer({ min: 1_767_571_200_000, max: 1_767_571_300_000 }), fc.nat()).map(([venue, ts, k]) => {
  const fixtures = venue === 'deribit' ? deribit : polymarket;
  return record(venue, ts, fixtures[k % fixtures.length]);
});
const noNewline = (s: string): string => s.replace(/[\n\r]/g, ' ');

const line: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: validLine },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('deribit', 'polymarket', 'nowhere', '', 7), hostileScalar, mutatedFrame([...deribit, ...polymarket])).map(([v, ts, f]) => noNewline(JSON.stringify({ venue: v, tsLocal: typeof ts === 'number' && Number.isFinite(ts) ? ts : ts, frame: f }) ?? 'null')) },
  { weight: 2, arbitrary: validLine.chain((l) => fc.integer({ min: 1, max: l.length - 1 }).map((n) => l.slice(0, n))) },
  { weight: 1, arbitrary: fc.constantFrom('{"venue":"deribit","tsLocal":1e400,"frame":{}}', '{"venue":"deribit","tsLocal":-1,"frame":null}', '{"venue":"deribit","tsLocal":"5","frame":1}', '[1,2,3]', 'null', '"text"', '{"timestamp":"x","instrument":{}}') },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 300 }).map((b) => `#${noNewline(Buffer.from(b).toString('latin1'))}`) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 20_000 }).map((n) => `{"venue":"deribit","tsLocal":1,"frame":${'['.repeat(n)}${']'.repeat(n)}}`) },
  { weight: 1, arbitrary: fc.integer({ min: 200_000, max: 400_000 }).map((n) => '['.repeat(n)) },
  { weight: 1, arbitrary: fc.constant(record('polymarket', 1_767_571_200_001, { event_type: 'book', asset_id: 'x'.repeat(1_000_000), bids: [], asks: [] })) },
);

let fileNo = 0;
async function replayText(content: Buffer): Promise<Awaited<ReturnType<typeof replayRecordings>> | ArbiterError> {
  const path = join(dir, `f${++fileNo}.jsonl`);
  writeFileSync(path, content);
  const start = Date.now();
  try {
    return await replayRecordings({ files: [path], parsers: createFrameParsers(), priceCurrencyOf, onEvent: () => {} });
  } catch (error) {
    if (error instanceof ArbiterError) return error;
    throw new Error(`replay threw something other than an ArbiterError: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, { cause: error });
  } finally {
    expect(Date.now() - start).toBeLessThan(TIME_LIMIT_MS);
    rmSync(path, { force: true });
  }
}

describe('recording reader under hostile files', () => {
  it('replays or counts every line of generated files, plain and gzip', async () => {
    await fc.assert(fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 30 }), fc.boolean(), async (lines, gzip) => {
      const text = `${HEADER}\n${lines.join('\n')}\n`;
      const report = await replayText(gzip ? gzipSync(text) : Buffer.from(text, 'latin1'));
      if (report instanceof ArbiterError) throw report; // a whole, readable file must replay
      const nonBlank = lines.filter((l) => l.trim() !== '').length;
      expect(report.records + report.malformedLines).toBe(nonBlank);
      expect(report.badFrames).toBeLessThanOrEqual(report.records);
    }), { numRuns: 60, seed: 11 });
  });

  it('a gzip file cut short replays what it can or fails with ARB_INPUT_FILE, never a raw zlib error', async () => {
    const lines = fc.sample(validLine, { numRuns: 200, seed: 1 });
    const zipped = gzipSync(`${HEADER}\n${lines.join('\n')}\n`);
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: zipped.length - 1 }), async (cut) => {
      const out = await replayText(zipped.subarray(0, cut));
      if (out instanceof ArbiterError) expect(out.code).toBe('ARB_INPUT_FILE');
      else expect(out.records).toBeLessThanOrEqual(lines.length);
    }), { numRuns: 40, seed: 2 });
  });
});
