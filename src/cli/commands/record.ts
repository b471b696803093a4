/**
 * `arbiter record --config FILE --out DIR [--duration S]`: connects the configured venue feeds,
 * subscribes the configured instruments (named, or matched in the venue's catalog) and writes
 * every raw frame to rotating recordings (format v1), flushed every second.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import type { MarketEvent } from '../../domain/market-event.js';
import type { Logger } from '../../engine/logger.js';
import type { ChannelSubscription, MarketFeed } from '../../engine/market-feed.js';
import { Recorder } from '../../store/recording/recorder.js';
import { venueTimestamp } from '../../venues/registry.js';
import { loadTomlConfig } from '../config/load-toml-config.js';
import { createLogger } from '../logger.js';
import { parsePositiveNumber } from '../options.js';
import { SIMULATED_VENUES } from './simulate.js';
import { createMarketFeed, createRemoteCatalog } from '../wiring/venue-adapters.js';

const regex = z.string().refine((s) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

const feedSchema = z.strictObject({
  venue: z.enum(SIMULATED_VENUES),
  url: z.string().url().optional(),
  rest_url: z.string().url().optional(),
  /** Instruments by venue name (Polymarket: token ids). */
  symbols: z.array(z.string().min(1)).default([]),
  /** Regular expression matched against catalog symbols (Polymarket: the market question). */
  match: regex.optional(),
  channels: z.array(z.enum(['ticker', 'book', 'trades'])).min(1).default(['ticker', 'book']),
  max_instruments: z.number().int().positive().default(500),
});

export const recordConfigSchema = z.strictObject({
  record: z.strictObject({
    gzip: z.boolean().default(true),
    rotate_mb: z.number().positive().default(256),
    rotate_minutes: z.number().positive().default(60),
    feeds: z.array(feedSchema).min(1),
  }),
});

export type RecordConfig = z.infer<typeof recordConfigSchema>;

export interface RecordingSession {
  readonly recorder: Recorder;
  readonly feeds: readonly MarketFeed[];
  readonly events: () => number;
  stop(): Promise<void>;
}

/** Starts recording per `config` into `outDir`; resolves once every feed is connected and subscribed. */
export async function startRecording(config: RecordConfig, outDir: string, logger: Logger): Promise<RecordingSession> {
  const recorder = new Recorder({
    dir: outDir, venueTimestamp, gzip: config.record.gzip, maxBytes: config.record.rotate_mb * 2 ** 20, maxAgeMs: config.record.rotate_minutes * 60_000,
    source: 'arbiter record', onError: (error, path) => logger.error({ path, err: error instanceof Error ? error.message : String(error) }, 'recording file failed'),
  });
  let events = 0;
  const sink = (_e: MarketEvent): void => {
    events++;
  };
  const feeds: MarketFeed[] = [];
  try {
    for (const f of config.record.feeds) {
      const connection = { url: f.url, restUrl: f.rest_url };
      const symbols = new Set(f.symbols);
      if (f.match !== undefined) {
        const pattern = new RegExp(f.match);
        const catalog = await createRemoteCatalog(f.venue, connection, logger, pattern).load();
        const matched = catalog.filter((i) => pattern.test(i.symbol) || (i.kind === 'outcome' && pattern.test(i.question)));
        for (const i of matched.slice(0, f.max_instruments)) symbols.add(i.symbol);
        logger.info({ venue: f.venue, matched: matched.length, recording: symbols.size }, 'instruments matched in the catalog');
      }
      const feed = createMarketFeed(f.venue, connection, logger, recorder.tap(f.venue));
      feeds.push(feed);
      await feed.start(sink);
      const subs: ChannelSubscription[] = [...symbols].flatMap((symbol) => f.channels.map((channel) => ({ symbol, channel })));
      await feed.subscribe(subs);
    }
  } catch (error) {
    await Promise.all(feeds.map((f) => f.stop().catch(() => undefined)));
    await recorder.close();
    throw error;
  }
  return {
    recorder, feeds, events: () => events,
    stop: async () => {
      await Promise.all(feeds.map((f) => f.stop().catch(() => undefined)));
      await recorder.close();
    },
  };
}

export function registerRecord(program: Command): void {
  program
    .command('record')
    .description('record raw venue frames (format v1) with rotation, per the [record] section of a TOML config')
    .requiredOption('--config <file>', 'TOML file with a [record] section and [[record.feeds]] entries')
    .requiredOption('--out <dir>', 'directory for the recordings')
    .option('--duration <seconds>', 'stop after this many seconds (default: until interrupted)', parsePositiveNumber('--duration'))
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent')
    .action(async (opts: { config: string; out: string; duration?: number; logLevel?: string }) => {
      const logger = createLogger(opts.logLevel);
      const config = await loadTomlConfig(opts.config, recordConfigSchema);
      const session = await startRecording(config, opts.out, logger);
      process.stderr.write(`recording ${config.record.feeds.map((f) => f.venue).join(', ')} into ${opts.out} (Ctrl+C to stop)\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
        if (opts.duration !== undefined) setTimeout(resolve, opts.duration * 1000);
      });
      await session.stop();
      process.stdout.write(`${JSON.stringify({ frames: session.recorder.counts, events: session.events(), files: session.recorder.files })}\n`);
    });
}
