/**
 * Finnhub candles as a data source for the CLI: the client built from FINNHUB_API_KEY (or
 * `_FILE`) and an optional `--finnhub-url` (a simulator), candles of several symbols joined on
 * their common bar times into study series (`arbiter lab run pairs --source finnhub …`), and the
 * candle file formats of `arbiter data finnhub candles` (CSV or JSONL, docs/venues/finnhub.md).
 */
import { InvalidArgumentError, type Command } from 'commander';
import { ArbiterError } from '../../domain/errors.js';
import type { StudyData } from '../../lab/studies/study.js';
import { FinnhubRestClient } from '../../venues/finnhub/client/finnhub-rest-client.js';
import { finnhubEndpoints, requireFinnhubKey } from '../../venues/finnhub/config.js';
import { parseFinnhubSymbol } from '../../venues/finnhub/finnhub-symbol.js';
import { FINNHUB_RESOLUTIONS, type FinnhubCandles, type FinnhubResolution } from '../../venues/finnhub/parse/parse-candles.js';
import { parseEpochMs } from '../options.js';

export interface FinnhubSourceOptions {
  readonly symbols: readonly string[];
  readonly resolution: FinnhubResolution;
  readonly fromMs: number;
  readonly toMs: number;
  /** A simulator's base URL (`http://127.0.0.1:PORT`); default finnhub.io. */
  readonly finnhubUrl?: string;
}

export function parseResolution(value: string): FinnhubResolution {
  if (!(FINNHUB_RESOLUTIONS as readonly string[]).includes(value)) throw new InvalidArgumentError(`--resolution must be one of ${FINNHUB_RESOLUTIONS.join(', ')}, got "${value}"`);
  return value as FinnhubResolution;
}

export function parseSymbolList(value: string): string[] {
  const symbols = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  try {
    for (const s of symbols) parseFinnhubSymbol(s);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
  if (symbols.length === 0) throw new InvalidArgumentError('--symbols needs at least one symbol, e.g. AAPL,MSFT');
  return symbols;
}

/** The client for `finnhubUrl` (or finnhub.io). @throws ConfigError when no key is set, saying how to set it. */
export function createFinnhubClient(finnhubUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): FinnhubRestClient {
  const apiKey = requireFinnhubKey({ env });
  return new FinnhubRestClient({ apiKey, restUrl: finnhubEndpoints(finnhubUrl).restUrl });
}

/** Adds `--symbols`, `--resolution`, `--from`, `--to`, `--finnhub-url` (used with `--source finnhub`). */
export function addFinnhubSourceOptions(cmd: Command): Command {
  return cmd
    .option('--source <source>', 'where series come from instead of --data: finnhub (candle closes; needs FINNHUB_API_KEY)', (v: string) => {
      if (v !== 'finnhub') throw new InvalidArgumentError(`--source must be finnhub, got "${v}"`);
      return v;
    })
    .option('--symbols <list>', 'with --source finnhub: comma-separated symbols (AAPL,MSFT; OANDA:EUR_USD; BINANCE:BTCUSDT)', parseSymbolList)
    .option('--resolution <r>', `with --source finnhub: candle resolution (${FINNHUB_RESOLUTIONS.join(', ')})`, parseResolution, 'D')
    .option('--from <time>', 'with --source finnhub: start, epoch ms or ISO date', parseEpochMs('--from'))
    .option('--to <time>', 'with --source finnhub: end, epoch ms or ISO date (default now)', parseEpochMs('--to'))
    .option('--finnhub-url <url>', 'Finnhub base URL (default https://finnhub.io; a simulator: http://127.0.0.1:PORT)');
}

/**
 * Closes of several symbols on the bar times they all have (inner join), one study series per
 * symbol in the order given, so the first two are the pairs study's y and x.
 * @throws ArbiterError ARB_INPUT_INVALID when a symbol has no candles or the join is empty.
 */
export function joinCandleCloses(sets: readonly FinnhubCandles[]): StudyData {
  if (sets.length === 0) throw new ArbiterError('ARB_INPUT_INVALID', 'no symbols given');
  for (const s of sets) if (s.t.length === 0) throw new ArbiterError('ARB_INPUT_INVALID', `Finnhub has no ${s.resolution} candles for ${s.symbol} in this range`, { symbol: s.symbol });
  let common = new Set(sets[0]!.t);
  for (const s of sets.slice(1)) common = new Set(s.t.filter((t) => common.has(t)));
  if (common.size === 0) throw new ArbiterError('ARB_INPUT_INVALID', `the candles of ${sets.map((s) => s.symbol).join(', ')} share no bar time`);
  const series: Record<string, { t: number[]; v: number[] }> = {};
  for (const s of sets) {
    const t: number[] = [], v: number[] = [];
    for (let i = 0; i < s.t.length; i++) if (common.has(s.t[i]!)) { t.push(s.t[i]!); v.push(s.c[i]!); }
    series[s.symbol] = { t, v };
  }
  return { series };
}

/** Fetches the candles (one queued call per symbol) and joins them. */
export async function loadFinnhubStudyData(o: FinnhubSourceOptions, env: NodeJS.ProcessEnv = process.env): Promise<{ data: StudyData; description: string }> {
  const client = createFinnhubClient(o.finnhubUrl, env);
  const sets: FinnhubCandles[] = [];
  for (const symbol of o.symbols) sets.push(await client.candles({ symbol, resolution: o.resolution, fromMs: o.fromMs, toMs: o.toMs }));
  const data = joinCandleCloses(sets);
  const bars = Object.values(data.series)[0]!.t.length;
  const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);
  return { data, description: `Finnhub ${o.resolution} candle closes of ${o.symbols.join(', ')} from ${o.finnhubUrl ?? 'finnhub.io'} (${bars} common bars, ${iso(o.fromMs)} → ${iso(o.toMs)})` };
}

/** One CSV file: header `t,symbol,o,h,l,c,v`, t = bar start in epoch ms (UTC). */
export function candlesToCsv(c: FinnhubCandles): string {
  const lines = ['t,symbol,o,h,l,c,v'];
  const sym = /[",]/.test(c.symbol) ? `"${c.symbol.replace(/"/g, '""')}"` : c.symbol;
  for (let i = 0; i < c.t.length; i++) lines.push(`${c.t[i]},${sym},${c.o[i]},${c.h[i]},${c.l[i]},${c.c[i]},${c.v[i]}`);
  return `${lines.join('\n')}\n`;
}

/** JSON lines: `{"t":…,"symbol":…,"o":…,"h":…,"l":…,"c":…,"v":…}` per bar, t in epoch ms. */
export function candlesToJsonl(c: FinnhubCandles): string {
  let out = '';
  for (let i = 0; i < c.t.length; i++) out += `${JSON.stringify({ t: c.t[i], symbol: c.symbol, o: c.o[i], h: c.h[i], l: c.l[i], c: c.c[i], v: c.v[i] })}\n`;
  return out;
}
