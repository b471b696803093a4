/**
 * Child process for the peak-RSS benchmark: replays one file through the full pipeline in a
 * fresh process and prints {records, events, received, wallMs, maxRssMb} as JSON.
 * Usage: node --import tsx replay-rss-child.ts FILE UNIVERSE_JSON
 */
import { readFileSync } from 'node:fs';
import type { VenueId } from '../domain/venue.js';
import { silentLogger } from '../engine/logger.js';
import { CountingStrategy } from './counting-strategy.js';
import { runReplayPipeline } from './replay-pipeline.js';
import type { SyntheticUniverse } from './synthetic-recording.js';

const [file, universePath] = process.argv.slice(2);
if (!file || !universePath) throw new Error('usage: replay-rss-child FILE UNIVERSE_JSON');
const universe = JSON.parse(readFileSync(universePath, 'utf8')) as SyntheticUniverse;
const symbols: Array<[VenueId, string]> = [...universe.deribit.map((s): [VenueId, string] => ['deribit', s]), ...universe.polymarket.map((s): [VenueId, string] => ['polymarket', s])];
const strategy = new CountingStrategy('count', symbols);
const { report } = await runReplayPipeline({ files: [file], strategies: [strategy], logger: silentLogger });
process.stdout.write(`${JSON.stringify({ records: report.records, events: report.events, received: strategy.received, wallMs: report.wallMs, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
