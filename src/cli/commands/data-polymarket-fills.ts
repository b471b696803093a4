/**
 * `arbiter data polymarket-fills --input DIR --markets FILE --out DIR [--buckets N]
 * [--tolerance-micro N] [--keep-work] [--json] [--quiet]`: Polymarket trades reconstructed from
 * exported on-chain OrderFilled events (docs/polymarket-fills.md). Progress on stderr; the summary
 * on stdout.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { ConfigError } from '../../domain/errors.js';
import { formatPolymarketFillsSummary, runPolymarketFills, type PolymarketFillsHooks, type PolymarketFillsSummary } from '../../venues/polymarket/onchain/polymarket-fills.js';

export interface PolymarketFillsCommandOptions {
  input: string;
  markets: string;
  out: string;
  buckets?: number;
  toleranceMicro?: bigint;
  keepWork?: boolean;
  json?: boolean;
  quiet?: boolean;
}

function parseCount(flag: string, min: number): (value: string) => number {
  return (value: string) => {
    if (!/^\d+$/.test(value) || Number(value) < min) throw new InvalidArgumentError(`${flag} must be an integer ≥ ${min}, got "${value}"`);
    return Number(value);
  };
}

/**
 * Crash-test seam: `ARBITER_FILLS_KILL_AT=input:<n>` (after the n-th input file is partitioned and
 * recorded) or `bucket:<k>` (after bucket k's outputs are written, before the manifest records it)
 * kills this process with SIGKILL there, so tests can prove a rerun resumes without duplicates.
 */
export function killHooks(spec: string | undefined): PolymarketFillsHooks {
  if (spec === undefined || spec === '') return {};
  const m = /^(input|bucket):(\d+)$/.exec(spec);
  if (!m) throw new ConfigError(`ARBITER_FILLS_KILL_AT must be input:<n> or bucket:<k>, got "${spec}"`);
  const at = Number(m[2]);
  const kill = (): void => {
    process.kill(process.pid, 'SIGKILL');
  };
  if (m[1] === 'bucket') return { beforeBucketRecorded: (b) => (b === at ? kill() : undefined) };
  let files = 0;
  return { afterInputFile: () => (++files === at ? kill() : undefined) };
}

export async function dataPolymarketFills(opts: PolymarketFillsCommandOptions): Promise<PolymarketFillsSummary> {
  let last = 0;
  const onProgress = opts.quiet ? undefined : (text: string): void => {
    const now = Date.now();
    if (text.startsWith('partition: file') && !text.includes(' done:') && now - last < 2_000) return;
    last = now;
    process.stderr.write(`${text}\n`);
  };
  return runPolymarketFills({
    input: opts.input, markets: opts.markets, out: opts.out, buckets: opts.buckets,
    toleranceMicro: opts.toleranceMicro, keepWork: opts.keepWork, onProgress,
  }, killHooks(process.env.ARBITER_FILLS_KILL_AT));
}

export function registerDataPolymarketFills(data: Command): void {
  data.command('polymarket-fills')
    .description('Polymarket trades reconstructed from exported on-chain OrderFilled events (*.json.gz), per market, plus a replayable recording')
    .requiredOption('--input <dir>', 'directory of *.json.gz DynamoDB exports ({"Item":{…}} per line; hidden files skipped)')
    .requiredOption('--markets <file>', 'markets JSONL: one CLOB market per line (condition_id, tokens[].token_id)')
    .requiredOption('--out <dir>', 'output directory (new, empty, or an unfinished run over the same input to resume)')
    .option('--buckets <n>', 'number of market buckets (default: from the input size, ~64 MB each)', parseCount('--buckets', 1))
    .option('--tolerance-micro <n>', 'accepted difference in the share and cash checks, in 1e-6 units (default: 9, below 0.00001)', (v: string) => BigInt(parseCount('--tolerance-micro', 0)(v)))
    .option('--keep-work', 'keep the bucket files after the run')
    .option('--json', 'print the summary as JSON')
    .option('--quiet', 'no progress on stderr')
    .action(async (opts: PolymarketFillsCommandOptions) => {
      const summary = await dataPolymarketFills(opts);
      process.stdout.write(`${opts.json ? JSON.stringify(summary) : formatPolymarketFillsSummary(summary)}\n`);
    });
}
