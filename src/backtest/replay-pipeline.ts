/**
 * The full replay pipeline used by the CLI, the benchmarks and the demo: recordings → parsers →
 * engine (routing, timers, isolation) → strategies, on a replay clock.
 */
import { ReplayClock } from '../engine/clock.js';
import { Engine } from '../engine/engine.js';
import type { Logger } from '../engine/logger.js';
import type { CatalogSource } from '../engine/market-feed.js';
import type { Strategy } from '../engine/strategy.js';
import { createFrameParsers, priceCurrencyOf } from '../venues/registry.js';
import { replayRecordings, type ReplayOptions, type ReplayReport } from './replay.js';

export interface ReplayPipelineOptions extends Pick<ReplayOptions, 'files' | 'strict' | 'fromMs' | 'toMs' | 'onProgress' | 'onIssue'> {
  readonly strategies: readonly Strategy[];
  readonly logger: Logger;
  readonly refreshIntervalMs?: number;
  /** Catalogs as of the recording (hermetic: never a live call). */
  readonly catalogs?: readonly CatalogSource[];
}

export interface ReplayPipelineResult {
  readonly report: ReplayReport;
  readonly engine: Engine;
}

export async function runReplayPipeline(options: ReplayPipelineOptions): Promise<ReplayPipelineResult> {
  const clock = new ReplayClock(options.fromMs ?? 0);
  const engine = new Engine({ strategies: options.strategies, clock, logger: options.logger, refreshIntervalMs: options.refreshIntervalMs, catalogs: options.catalogs });
  let started = false;
  const dispatch = engine.dispatch.bind(engine);
  try {
    const report = await replayRecordings({
      files: options.files, strict: options.strict, fromMs: options.fromMs, toMs: options.toMs, onProgress: options.onProgress, onIssue: options.onIssue,
      parsers: createFrameParsers(), priceCurrencyOf, onEvent: dispatch, clock, quiescent: engine,
      beforeFirstRecord: async (firstTs) => {
        // The clock starts at the data; the engine's timers (catalog refresh) count from there.
        if (firstTs !== null) clock.advanceTo(firstTs);
        await engine.start();
        started = true;
      },
    });
    return { report, engine };
  } finally {
    if (started) await engine.stop();
  }
}
