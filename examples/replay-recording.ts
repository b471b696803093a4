/**
 * Replaying a recording through the public API: the demo's Deribit, Derive and Polymarket files
 * (examples/demo-btc) merged by time and parsed by the same venue parsers live mode uses, with the
 * market events counted per venue and kind.
 *
 *   node --import tsx examples/replay-recording.ts
 */
import { fileURLToPath } from 'node:url';
import { createFrameParsers, priceCurrencyOf, replayRecordings } from '../src/index.js';

const dir = fileURLToPath(new URL('./demo-btc/', import.meta.url));
const counts = new Map<string, number>();
const report = await replayRecordings({
  files: ['deribit', 'derive', 'polymarket'].map((v) => `${dir}${v}.jsonl.gz`),
  parsers: createFrameParsers(),
  priceCurrencyOf,
  onEvent: (e) => {
    const key = `${e.venue} ${e.kind}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  },
});
process.stdout.write(`${report.records} records, ${report.events} events, ${report.badFrames} bad frames, ${((report.lastTs ?? 0) - (report.firstTs ?? 0)) / 1000} s of market time\n`);
for (const [key, n] of [...counts].sort()) process.stdout.write(`${key.padEnd(32)} ${n}\n`);
