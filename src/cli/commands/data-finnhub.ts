/**
 * `arbiter data finnhub quote <symbol…> [--json]` and `arbiter data finnhub candles --symbol S
 * --resolution R --from T --to T --out FILE [--format csv|jsonl]`: Finnhub market data to the
 * terminal or a file (formats in docs/venues/finnhub.md). Needs FINNHUB_API_KEY (or
 * FINNHUB_API_KEY_FILE); `--finnhub-url` points at a simulator (`arbiter simulate finnhub`).
 */
import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { ArbiterError } from '../../domain/errors.js';
import { parseFinnhubSymbol } from '../../venues/finnhub/finnhub-symbol.js';
import type { FinnhubResolution } from '../../venues/finnhub/parse/parse-candles.js';
import { parseEpochMs } from '../options.js';
import { candlesToCsv, candlesToJsonl, createFinnhubClient, parseResolution } from './finnhub-source.js';

export interface DataFinnhubCandlesOptions {
  symbol: string;
  resolution: FinnhubResolution;
  from: number;
  to?: number;
  out: string;
  format?: 'csv' | 'jsonl';
  finnhubUrl?: string;
}

/** Runs `data finnhub candles`; returns the line it prints. */
export async function dataFinnhubCandles(o: DataFinnhubCandlesOptions, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const format = o.format ?? (/\.jsonl$/i.test(o.out) ? 'jsonl' : /\.csv$/i.test(o.out) ? 'csv' : null);
  if (format === null) throw new ArbiterError('ARB_INPUT_INVALID', `--out ${o.out}: name a .csv or .jsonl file, or give --format csv|jsonl`, { file: o.out });
  const client = createFinnhubClient(o.finnhubUrl, env);
  const toMs = o.to ?? Date.now();
  const candles = await client.candles({ symbol: o.symbol, resolution: o.resolution, fromMs: o.from, toMs });
  if (candles.t.length === 0) throw new ArbiterError('ARB_INPUT_INVALID', `Finnhub has no ${o.resolution} candles for ${o.symbol} between ${new Date(o.from).toISOString()} and ${new Date(toMs).toISOString()}; nothing written`, { symbol: o.symbol });
  await writeFile(o.out, format === 'csv' ? candlesToCsv(candles) : candlesToJsonl(candles));
  return `wrote ${candles.t.length} candles (resolution ${o.resolution}) of ${o.symbol} (${new Date(candles.t[0]!).toISOString()} → ${new Date(candles.t.at(-1)!).toISOString()}) to ${o.out} as ${format}`;
}

function parseSymbol(value: string): string {
  try {
    return parseFinnhubSymbol(value).symbol;
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

export function registerDataFinnhub(data: Command): void {
  const finnhub = data.command('finnhub').description('Finnhub market data: quotes, and candles saved to CSV or JSONL (needs FINNHUB_API_KEY)');
  finnhub.command('quote')
    .description('current quote of each symbol (one REST call each, within the 60/min quota)')
    .argument('<symbols...>', 'AAPL, OANDA:EUR_USD, BINANCE:BTCUSDT, …')
    .option('--json', 'one JSON object per line')
    .option('--finnhub-url <url>', 'base URL (default https://finnhub.io; a simulator: http://127.0.0.1:PORT)')
    .action(async (symbols: string[], o: { json?: boolean; finnhubUrl?: string }) => {
      for (const s of symbols) parseSymbol(s);
      const client = createFinnhubClient(o.finnhubUrl);
      for (const s of symbols) {
        const q = await client.quote(s);
        process.stdout.write(o.json ? `${JSON.stringify(q)}\n` : `${s.padEnd(18)} ${q.current}  (open ${q.open}, high ${q.high}, low ${q.low}, prev close ${q.previousClose}${q.percentChange === null ? '' : `, ${q.percentChange.toFixed(2)} %`})  at ${new Date(q.tsVenue).toISOString()}\n`);
      }
    });
  finnhub.command('candles')
    .description('candles of one symbol to a file: CSV `t,symbol,o,h,l,c,v` or JSON lines; t = bar start, epoch ms UTC')
    .requiredOption('--symbol <symbol>', 'AAPL, OANDA:EUR_USD, BINANCE:BTCUSDT, …', parseSymbol)
    .option('--resolution <r>', '1, 5, 15, 30, 60, D, W or M', parseResolution, 'D')
    .requiredOption('--from <time>', 'start, epoch ms or ISO date', parseEpochMs('--from'))
    .option('--to <time>', 'end, epoch ms or ISO date (default now)', parseEpochMs('--to'))
    .requiredOption('--out <file>', 'file to write (.csv or .jsonl)')
    .option('--format <format>', 'csv or jsonl (default from the file name)', (v: string) => {
      if (v !== 'csv' && v !== 'jsonl') throw new InvalidArgumentError(`--format must be csv or jsonl, got "${v}"`);
      return v;
    })
    .option('--finnhub-url <url>', 'base URL (default https://finnhub.io; a simulator: http://127.0.0.1:PORT)')
    .action(async (o: DataFinnhubCandlesOptions) => {
      process.stdout.write(`${await dataFinnhubCandles(o)}\n`);
    });
}
