/** Runs the suites, prints a table and optionally writes the rows as JSON. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRow, BenchSuite } from './bench-row.js';

export interface RunBenchmarksOptions {
  readonly suites: readonly BenchSuite[];
  readonly filter?: string;
  readonly scale?: number;
  readonly jsonFile?: string;
  readonly out?: (line: string) => void;
}

export async function runBenchmarks(options: RunBenchmarksOptions): Promise<BenchRow[]> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const selected = options.suites.filter((s) => !options.filter || s.name.includes(options.filter));
  const workDir = await mkdtemp(join(tmpdir(), 'arbiter-bench-'));
  const rows: BenchRow[] = [];
  try {
    for (const suite of selected) {
      out(`# ${suite.name}`);
      const suiteRows = await suite.run({ scale: options.scale ?? 1, workDir, log: (m) => out(`  ${m}`) });
      rows.push(...suiteRows);
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  out('');
  out(formatBenchTable(rows));
  if (options.jsonFile) {
    await writeFile(options.jsonFile, `${JSON.stringify(rows.map(({ name, unit, value, reference, ratio }) => ({ name, unit, value, reference, ratio })), null, 2)}\n`);
    out(`\nwrote ${rows.length} rows to ${options.jsonFile}`);
  }
  return rows;
}

function formatNumber(v: number | null): string {
  if (v === null) return '—';
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  if (Math.abs(v) >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

export function formatBenchTable(rows: readonly BenchRow[]): string {
  const header = ['benchmark', 'value', 'unit', 'reference', 'ratio', 'note'];
  const body = rows.map((r) => [r.name, formatNumber(r.value), r.unit, formatNumber(r.reference), r.ratio === null ? '—' : r.ratio.toFixed(3), r.note ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 1 || i === 3 || i === 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
