/**
 * `arbiter data convert --in FILE… --out DIR [--to jsonl]`, `arbiter data query --catalog DIR "SQL" [--json]`,
 * `arbiter data info --catalog DIR [--gap-ms N] [--json]`: the Parquet data catalog
 * (docs/data-catalog.md).
 */
import type { Command } from 'commander';
import { ArbiterError } from '../../domain/errors.js';
import { convertToJsonl } from '../../store/parquet/convert-to-jsonl.js';
import { convertToParquet } from '../../store/parquet/convert-to-parquet.js';
import { catalogInfo, queryCatalog, type QueryResult } from '../../store/parquet/query-catalog.js';
import { createFrameParsers } from '../../venues/registry.js';
import { collect, parsePositiveNumber } from '../options.js';
import { registerDataPolymarketFills } from './data-polymarket-fills.js';
import { registerDataFinnhub } from './data-finnhub.js';

export interface DataConvertOptions {
  in: string[];
  out: string;
  to?: string;
}

/** Runs `data convert`; returns the line it prints. */
export async function dataConvert(opts: DataConvertOptions): Promise<string> {
  const to = opts.to ?? 'parquet';
  if (to === 'parquet') {
    let issues = 0;
    const m = await convertToParquet({ files: opts.in, out: opts.out, parsers: createFrameParsers(), onIssue: () => { issues++; } });
    return `wrote data catalog ${opts.out}: ${m.records} records, ${m.events} events${m.skippedLines > 0 ? `, ${m.skippedLines} lines not converted (${issues} reported)` : ''}`;
  }
  if (to === 'jsonl') {
    if (opts.in.length !== 1) throw new ArbiterError('ARB_INPUT_INVALID', `--to jsonl takes one catalog directory as --in, got ${opts.in.length}`);
    const n = await convertToJsonl({ catalog: opts.in[0]!, out: opts.out });
    return `wrote recording ${opts.out}: ${n} records`;
  }
  throw new ArbiterError('ARB_INPUT_INVALID', `--to must be parquet or jsonl, got "${to}"`);
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/** A query result as an aligned text table. */
export function formatTable(result: QueryResult): string {
  const cells = [result.columns.map(String), ...result.rows.map((r) => r.map(cellText))];
  const widths = result.columns.map((_, c) => Math.min(60, Math.max(...cells.map((row) => row[c]!.length))));
  const line = (row: readonly string[]): string => row.map((v, c) => (v.length > 60 ? `${v.slice(0, 57)}...` : v).padEnd(widths[c]!)).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line), `(${result.rows.length} rows)`].join('\n');
}

export function registerData(program: Command): void {
  const data = program.command('data').description('Parquet data catalog: convert recordings, query them with SQL, list what is recorded');
  data.command('convert')
    .description('JSONL recordings → a Parquet catalog (partitioned by venue and day), or a catalog → JSONL with --to jsonl')
    .requiredOption('--in <path>', 'a recording (repeatable), or with --to jsonl the catalog directory', collect, [])
    .requiredOption('--out <path>', 'catalog directory to create (must be new or empty), or the .jsonl[.gz] file to write')
    .option('--to <format>', 'parquet (default) or jsonl')
    .action(async (opts: DataConvertOptions) => {
      process.stdout.write(`${await dataConvert(opts)}\n`);
    });
  data.command('query')
    .description('run SQL over the catalog views `frames` and `events`')
    .requiredOption('--catalog <dir>', 'catalog directory')
    .option('--json', 'print rows as JSON')
    .argument('<sql>', 'one SQL statement')
    .action(async (sql: string, opts: { catalog: string; json?: boolean }) => {
      const result = await queryCatalog(opts.catalog, sql);
      process.stdout.write(`${opts.json ? JSON.stringify(result) : formatTable(result)}\n`);
    });
  data.command('info')
    .description('venues, instruments, time ranges and gaps of a catalog')
    .requiredOption('--catalog <dir>', 'catalog directory')
    .option('--gap-ms <ms>', 'report silences longer than this per venue', parsePositiveNumber('--gap-ms'), 60_000)
    .option('--json', 'print as JSON')
    .action(async (opts: { catalog: string; gapMs: number; json?: boolean }) => {
      const info = await catalogInfo(opts.catalog, opts.gapMs);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(info)}\n`);
        return;
      }
      const iso = (ms: number): string => new Date(ms).toISOString();
      const out: string[] = [`catalog ${opts.catalog}: ${info.manifest.records} records, ${info.manifest.events} events`];
      for (const v of info.venues) out.push(`  ${v.venue}: ${v.records} records, ${v.events} events, ${iso(v.firstTs)} → ${iso(v.lastTs)} (${v.days} days)`);
      out.push(`instruments: ${info.instruments.length}`);
      for (const i of info.instruments) out.push(`  ${i.venue} ${i.symbol}: ${i.events} events, ${iso(i.firstTs)} → ${iso(i.lastTs)}`);
      out.push(`gaps over ${info.gapMs} ms: ${info.gaps.length}`);
      for (const g of info.gaps) out.push(`  ${g.venue}: ${iso(g.fromTs)} → ${iso(g.toTs)} (${(g.durationMs / 1000).toFixed(1)} s)`);
      process.stdout.write(`${out.join('\n')}\n`);
    });
  registerDataPolymarketFills(data);
  registerDataFinnhub(data);
}
