/**
 * `arbiter replay --file A [--file B …] [--strict] [--from T] [--to T] [--json]`: replays
 * recordings through the venue parsers and prints what they hold (records, events per venue and
 * kind, malformed lines with file:line, time span, rate).
 */
import type { Command } from 'commander';
import { replayRecordings, type ReplayReport } from '../../backtest/replay.js';
import type { MarketEvent } from '../../domain/market-event.js';
import { createFrameParsers, priceCurrencyOf } from '../../venues/registry.js';
import { createReplayProgressBar } from '../progress.js';
import { collect, parseEpochMs } from '../options.js';

interface ReplayCommandOptions {
  file: string[];
  strict?: boolean;
  from?: number;
  to?: number;
  json?: boolean;
  progress: boolean;
}

export interface ReplaySummary {
  readonly report: ReplayReport;
  /** Event counts keyed `venue/kind`. */
  readonly events: Readonly<Record<string, number>>;
  readonly instruments: Readonly<Record<string, number>>;
}

export async function summariseRecordings(options: Omit<ReplayCommandOptions, 'json'>): Promise<ReplaySummary> {
  const events: Record<string, number> = {};
  const symbols = new Map<string, Set<string>>();
  const onEvent = (e: MarketEvent): void => {
    const key = `${e.venue}/${e.kind}`;
    events[key] = (events[key] ?? 0) + 1;
    let set = symbols.get(e.venue);
    if (!set) symbols.set(e.venue, (set = new Set()));
    set.add(e.symbol);
  };
  const bar = createReplayProgressBar(options.progress);
  try {
    const report = await replayRecordings({
      files: options.file, strict: options.strict, fromMs: options.from, toMs: options.to,
      parsers: createFrameParsers(), priceCurrencyOf, onEvent, onProgress: (p) => bar.update(p),
    });
    return { report, events, instruments: Object.fromEntries([...symbols].map(([v, s]) => [v, s.size])) };
  } finally {
    bar.stop();
  }
}

export function formatReplaySummary({ report, events, instruments }: ReplaySummary): string {
  const lines: string[] = [];
  const iso = (t: number | null): string => (t === null ? '—' : new Date(t).toISOString());
  lines.push(`files:          ${report.files.length} (${(report.bytes / 2 ** 20).toFixed(1)} MB)`);
  for (const f of report.files) lines.push(`  ${f.path}: ${f.lines} lines, ${f.malformed} malformed`);
  lines.push(`records:        ${report.records}`);
  lines.push(`events:         ${report.events}`);
  for (const [key, n] of Object.entries(events).sort()) lines.push(`  ${key.padEnd(26)} ${n}`);
  for (const [venue, n] of Object.entries(instruments).sort()) lines.push(`  ${venue} instruments: ${n}`);
  lines.push(`time span:      ${iso(report.firstTs)} … ${iso(report.lastTs)}`);
  lines.push(`malformed:      ${report.malformedLines} lines, ${report.badFrames} frames`);
  if (report.outOfOrder > 0) lines.push(`out of order:   ${report.outOfOrder} records (kept in file order)`);
  if (report.skipped > 0) lines.push(`outside window: ${report.skipped} records`);
  for (const [venue, n] of Object.entries(report.unparsed)) lines.push(`no parser yet:  ${venue} (${n} frames)`);
  for (const issue of report.issues) lines.push(`  ${issue.file}:${issue.line}: ${issue.reason}`);
  const seconds = report.wallMs / 1000;
  lines.push(`rate:           ${Math.round(report.records / seconds).toLocaleString('en-US')} records/s, ${Math.round(report.events / seconds).toLocaleString('en-US')} events/s`);
  return lines.join('\n');
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('replay recordings (merged by receive time) through the venue parsers and summarise them')
    .requiredOption('--file <path>', 'a recording (.jsonl or .jsonl.gz, format v1 or the seed format); repeat for several', collect, [])
    .option('--strict', 'stop at the first malformed line or frame')
    .option('--from <time>', 'skip records received before this time (epoch ms or ISO)', parseEpochMs('--from'))
    .option('--to <time>', 'skip records received after this time (epoch ms or ISO)', parseEpochMs('--to'))
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'no progress bar')
    .action(async (opts: ReplayCommandOptions) => {
      const summary = await summariseRecordings({ ...opts, progress: opts.progress && !opts.json });
      process.stdout.write(opts.json ? `${JSON.stringify(summary, null, 2)}\n` : `${formatReplaySummary(summary)}\n`);
    });
}
