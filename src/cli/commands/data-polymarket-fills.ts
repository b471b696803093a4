/**
 * `arbiter data polymarket-fills --input DIR --markets FILE --out DIR [--buckets N]
 * [--tolerance-micro N] [--keep-work] [--json] [--quiet]`: Polymarket trades reconstructed from
 * exported on-chain OrderFilled events (docs/polymarket-fills.md). Progress on stderr; the summary
 * on stdout.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { formatPolymarketFillsSummary, runPolymarketFills, type PolymarketFillsSummary } from '../../venues/polymarket/onchain/polymarket-fills.js';

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
  });
}

export function registerDataPolymarketFills(data: Command): void {
  data.command('polymarket-fills')
    .description('Polymarket trades reconstructed from exported on-chain OrderFilled events (*.json.gz), per market, plus a replayable recording')
    .requiredOption('--input <dir>', 'directory of *.json.gz DynamoDB exports ({"Item":{…}} per line; hidden files skipped)')
    .requiredOption('--markets <file>', 'markets JSONL: one CLOB market per line (condition_id, tokens[].token_id)')
    .requiredOption('--out <dir>', 'output directory (new, empty, or an unfinished run over the same input to resume)')
    .option('--buckets <n>', 'number of market buckets (default: from the input size, ~64 MB each)', parseCount('--buckets', 1))
    .option('--tolerance-micro <n>', 'accepted difference in the share and cash checks, in 1e-6 units', (v: string) => BigInt(parseCount('--tolerance-micro', 0)(v)), 9n)
    .option('--keep-work', 'keep the bucket files after the run')
    .option('--json', 'print the summary as JSON')
    .option('--quiet', 'no progress on stderr')
    .action(async (opts: PolymarketFillsCommandOptions) => {
      const summary = await dataPolymarketFills(opts);
      process.stdout.write(`${opts.json ? JSON.stringify(summary) : formatPolymarketFillsSummary(summary)}\n`);
    });
}
