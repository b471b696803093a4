/**
 * `arbiter lab vol-weights --data FILE [--out FILE] [--symbol S] [--venue V] [--price mid|trade]
 * [--fill mean|hour] [--json]`: the 7 × 24 table of hourly return volatility (UTC, Monday 00:00
 * first) from recorded prices or candles, counts per bucket, min/max/mean and every empty bucket
 * by name; with --out, the 168-number file that `hourly_vols_file` (cross-market, vol_time =
 * "weighted") reads. A table with holes is not written unless --fill says how to fill them.
 */
import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { completeVols, FILL_POLICIES, formatHourOfWeekTable, hourOfWeekVols, type FillPolicy } from '../../lab/vol-weights/hour-of-week-vols.js';
import { formatHourlyVols } from '../../lab/vol-weights/hourly-vols-file.js';
import { readPriceSeries } from '../../lab/vol-weights/read-price-series.js';

export interface VolWeightsOptions {
  readonly data: string;
  readonly out?: string;
  readonly symbol?: string;
  readonly venue?: string;
  readonly price?: 'mid' | 'trade';
  readonly fill?: FillPolicy;
  readonly json?: boolean;
}

const fmt = (v: number | null): string => (v === null ? '—' : v.toPrecision(4));

/** Runs the command; returns the 168 numbers written (or that would be written), null when holes stay unfilled. */
export async function runVolWeights(o: VolWeightsOptions, out: (text: string) => void = (t) => void process.stdout.write(t)): Promise<number[] | null> {
  const series = await readPriceSeries(o.data, { symbol: o.symbol, venue: o.venue, price: o.price });
  const result = hourOfWeekVols(series.t, series.p);
  const complete = result.holes.length === 0 || o.fill !== undefined ? completeVols(result, o.fill) : null;
  const known = result.std.filter((s): s is number => s !== null);
  const stats = { min: Math.min(...known), max: Math.max(...known), mean: known.reduce((a, b) => a + b, 0) / known.length };
  if (o.json) {
    out(`${JSON.stringify({ source: series.description, observations: result.observations, hours: result.hours, returns: result.returns, firstMs: result.firstMs, lastMs: result.lastMs, std: result.std, counts: result.counts, holes: result.holes, ...stats, fill: o.fill ?? null, hourlyVols: complete })}\n`);
  } else {
    const iso = (t: number): string => new Date(t).toISOString();
    out(`${series.description}: ${result.observations} prices, ${result.hours} hours with a close, ${result.returns} hourly log returns, ${iso(result.firstMs)} → ${iso(result.lastMs)}\n\n`
      + `standard deviation of hourly log returns (UTC hour × weekday):\n${formatHourOfWeekTable(result.std, fmt)}\n\n`
      + `returns per bucket:\n${formatHourOfWeekTable(result.counts, (v) => String(v ?? 0))}\n\n`
      + `min ${stats.min.toPrecision(6)}  max ${stats.max.toPrecision(6)}  mean ${stats.mean.toPrecision(6)} over ${known.length} estimated buckets\n`);
    if (result.holes.length > 0) {
      out(`${result.holes.length} bucket${result.holes.length === 1 ? '' : 's'} without an estimate${o.fill ? ` (filled: ${o.fill})` : ''}:\n${result.holes.map((h) => `  ${h.label}: ${h.reason}`).join('\n')}\n`);
    }
  }
  if (o.out !== undefined) {
    // completeVols throws (naming the holes and the --fill flag) when holes remain unfilled.
    const vols = complete ?? completeVols(result, o.fill);
    await writeFile(o.out, formatHourlyVols(vols));
    if (!o.json) out(`wrote ${o.out}: 168 numbers, Monday 00:00 UTC first. Use it in a cross_market strategy:\n  vol_time = "weighted"\n  hourly_vols_file = "${o.out}"\n`);
  }
  return complete;
}

export function registerVolWeights(lab: Command): void {
  lab.command('vol-weights')
    .description('hour-of-week volatility (7 × 24, UTC, Monday 00:00 first) from recorded prices or candles; writes the hourly_vols_file of weighted vol time')
    .requiredOption('--data <file>', 'a recording (.jsonl[.gz]), candles (.csv, .jsonl from `data finnhub candles`, Finnhub .json) or a CSV with time + price columns')
    .option('--out <file>', 'write the 168 numbers (JSON array) here')
    .option('--symbol <symbol>', 'the instrument, when the file has several')
    .option('--venue <venue>', 'recordings: the venue of --symbol')
    .option('--price <kind>', 'recordings: mid (tickers, books; default when present) or trade', (v: string) => {
      if (v !== 'mid' && v !== 'trade') throw new InvalidArgumentError(`--price must be mid or trade, got "${v}"`);
      return v;
    })
    .option('--fill <policy>', 'fill buckets without an estimate: mean (of all buckets) or hour (mean of the same UTC hour on other days)', (v: string) => {
      if (!(FILL_POLICIES as readonly string[]).includes(v)) throw new InvalidArgumentError(`--fill must be one of ${FILL_POLICIES.join(', ')}, got "${v}"`);
      return v;
    })
    .option('--json', 'print everything as one JSON object')
    .action(async (o: VolWeightsOptions) => {
      await runVolWeights(o);
    });
}
