/**
 * The Deribit simulator in its own process for the benchmark, so the measured receiver does not
 * share a thread with the sender. Line commands on stdin: `build N` (prebuild N burst frames for
 * the channels subscribed so far), `send [i]` (write them, prebuilt as WebSocket frames, to every connection or the i-th), `quit`. Answers on
 * stdout: `READY <url>`, `BUILT <n>`, `SENT <n>`.
 */
import { createInterface } from 'node:readline';
import { DeribitSimulator, encodeBurst, type EncodedBurst } from './simulator/deribit-simulator.js';

const sim = await DeribitSimulator.start({ seed: 5, tickIntervalMs: 0 });
let frames: string[] = [];
let encoded: EncodedBurst = encodeBurst([]);
process.stdout.write(`READY ${sim.url}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const [command, arg] = line.trim().split(/\s+/);
  if (command === 'build') {
    frames = sim.buildBurst(Number(arg));
    encoded = encodeBurst(frames);
    process.stdout.write(`BUILT ${frames.length}\n`);
  } else if (command === 'send') {
    await sim.sendBurst(encoded, arg === undefined ? undefined : Number(arg));
    process.stdout.write(`SENT ${frames.length}\n`);
  } else if (command === 'quit') break;
}
await sim.stop();
process.exit(0);
