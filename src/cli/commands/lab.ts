/**
 * `arbiter lab triangular|dexcex --venue V (--replay FILE… | --simulate) [--json]`: runs the
 * arbitrage studies on recorded or simulated CEX books and prints opportunities as they open
 * (one line each, or one JSON object per line with --json), then a summary.
 *
 * Replay reads the recording twice: once for the venue's spot pairs (the scanner is built from
 * them), once to stream the books. --simulate needs the venue in `arbiter simulate`; the DEX side
 * of dexcex is a pool read over JSON-RPC (--rpc, --pool) or, without --rpc, an in-memory v2 pool
 * seeded from the first CEX mid and labelled as simulated.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import { createPublicClient, http, type Address, type PublicClient } from 'viem';
import { replayRecordings } from '../../backtest/replay.js';
import { ArbiterError, NotSupportedError } from '../../domain/errors.js';
import type { BookDeltaEvent, BookSnapshotEvent, MarketEvent } from '../../domain/market-event.js';
import { parseVenueId, type VenueId } from '../../domain/venue.js';
import { dexCexArbitrage, type DexCexDirection } from '../../lab/dex-cex/dex-cex-arbitrage.js';
import { createV2Dex, createV3Dex, type DexQuoter } from '../../lab/dex-cex/dex-quoter.js';
import { splitPairSymbol, type PairSpec } from '../../lab/triangular/pair-symbol.js';
import { TriangleScanner } from '../../lab/triangular/triangle-scanner.js';
import { readErc20, readUniswapV2Pair, readUniswapV3Pool } from '../../lab/uniswap/read-pool.js';
import { parseParamAssignments, parseStudyCsv, renderStudyReport, formatStudySummary, resolveStudyParams } from '../../lab/report/index.js';
import { STUDIES } from '../../lab/studies/registry.js';
import type { Study, StudyData, StudyResult } from '../../lab/studies/study.js';
import { SyncedBook } from '../../orderbook/apply-book-event.js';
import { createFrameParsers, priceCurrencyOf } from '../../venues/registry.js';
import { createLogger } from '../logger.js';
import { collect, parsePositiveNumber } from '../options.js';
import { createMarketFeed, createRemoteCatalog } from '../wiring/venue-adapters.js';
import { SIMULATED_VENUES, startSimulator, type SimulatedVenue } from './simulate.js';
import { addFinnhubSourceOptions, loadFinnhubStudyData } from './finnhub-source.js';
import { registerVolWeights } from './lab-vol-weights.js';
import type { FinnhubResolution } from '../../venues/finnhub/parse/parse-candles.js';

type BookEvent = BookSnapshotEvent | BookDeltaEvent;

interface SourceOptions {
  venue: VenueId;
  replay: string[];
  simulate?: boolean;
  duration: number;
  seed: number;
}

function parseFraction(flag: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || n >= 1) throw new InvalidArgumentError(`${flag} must be a fraction in [0, 1), got "${value}"`);
    return n;
  };
}

function parseVenue(value: string): VenueId {
  try {
    return parseVenueId(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

function isBookEvent(e: MarketEvent): e is BookEvent {
  return e.kind === 'book_snapshot' || e.kind === 'book_delta';
}

/** Spot pairs of a venue from symbols: futures and perpetuals (suffixes, underscores) are left out. */
function spotPairs(venue: VenueId, symbols: Iterable<string>): PairSpec[] {
  const pairs: PairSpec[] = [];
  for (const symbol of symbols) {
    if (/-PERP$|_/.test(symbol)) continue;
    try {
      pairs.push(splitPairSymbol(symbol, (s) => priceCurrencyOf(venue, s)));
    } catch {
      // not a spot pair name
    }
  }
  return pairs;
}

/**
 * Streams the venue's book events to `onBook`: from recordings (after `onPairs` with the pairs
 * found in a first pass), or from the venue simulator through the real client for `duration` s.
 */
async function streamBooks(o: SourceOptions, onPairs: (pairs: PairSpec[]) => Promise<void> | void, onBook: (e: BookEvent) => void): Promise<{ source: string; events: number }> {
  if ((o.replay.length > 0) === Boolean(o.simulate)) throw new ArbiterError('ARB_INPUT_INVALID', 'give either --replay FILE (repeatable) or --simulate', {});
  let events = 0;
  if (o.replay.length > 0) {
    const symbols = new Set<string>();
    const first = await replayRecordings({
      files: o.replay, parsers: createFrameParsers(), priceCurrencyOf,
      onEvent: (e) => { if (e.venue === o.venue && isBookEvent(e)) symbols.add(e.symbol); },
    });
    if (symbols.size === 0) {
      const unparsed = first.unparsed[o.venue];
      throw new ArbiterError('ARB_INPUT_FILE', unparsed ? `the recording has ${unparsed} ${o.venue} frames but no ${o.venue} parser is registered yet` : `no ${o.venue} book events in ${o.replay.join(', ')}`, { venue: o.venue });
    }
    await onPairs(spotPairs(o.venue, symbols));
    await replayRecordings({
      files: o.replay, parsers: createFrameParsers(), priceCurrencyOf,
      onEvent: (e) => { if (e.venue === o.venue && isBookEvent(e)) { events++; onBook(e); } },
    });
    return { source: `replay of ${o.replay.join(', ')}`, events };
  }
  if (!(SIMULATED_VENUES as readonly string[]).includes(o.venue)) {
    throw new NotSupportedError(`no ${o.venue} simulator in \`arbiter simulate\` yet (it has ${SIMULATED_VENUES.join(', ')}); use --replay on a recording`, { venue: o.venue });
  }
  const venue = o.venue as SimulatedVenue;
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const sim = await startSimulator(venue, { seed: o.seed });
  try {
    const connection = { url: sim.url, restUrl: sim.restUrl };
    const instruments = await createRemoteCatalog(venue, connection, logger).load();
    const pairs = instruments.flatMap((i) => (i.kind === 'spot' ? [{ symbol: i.symbol, base: i.base, quote: i.quote }] : []));
    await onPairs(pairs);
    const feed = createMarketFeed(venue, connection, logger);
    await feed.start((e) => { if (isBookEvent(e)) { events++; onBook(e); } });
    await feed.subscribe(pairs.map((p) => ({ symbol: p.symbol, channel: 'book' as const })));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, o.duration * 1000);
      process.once('SIGINT', () => { clearTimeout(timer); resolve(); });
    });
    await feed.stop();
  } finally {
    await sim.stop();
  }
  return { source: `${venue} simulator (seed ${o.seed})`, events };
}

const round = (x: number, digits = 8): number => Number(x.toPrecision(digits));
const iso = (t: number): string => new Date(t).toISOString();

interface TriangularOptions extends SourceOptions {
  fee: number;
  minProfit: number;
  maxStart?: number;
  json?: boolean;
}

async function runTriangular(o: TriangularOptions): Promise<void> {
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  let scanner: TriangleScanner | null = null;
  let active = new Uint8Array(0);
  const open: number[] = [];
  let opened = 0;
  let best: { path: string; profit: number; profitRate: number; startAmount: number } | null = null;
  let now = 0;
  const onOpen = (c: number): void => {
    if (!scanner || active[c]) return;
    active[c] = 1;
    open.push(c);
    opened++;
    const sized = scanner.size(c, o.maxStart);
    const record = {
      type: 'opportunity', ts: now, venue: o.venue, path: sized.path, symbols: sized.symbols, sides: sized.sides,
      topRate: round(sized.topRate, 10), startAmount: round(sized.startAmount), finalAmount: round(sized.finalAmount), profit: round(sized.profit), profitRate: round(sized.profitRate),
      legs: sized.legs.map((l) => ({ symbol: l.symbol, side: l.side, avgPrice: round(l.avgPrice), levels: l.levels })),
    };
    if (!best || sized.profit > best.profit) best = { path: sized.path.join('→'), profit: sized.profit, profitRate: sized.profitRate, startAmount: sized.startAmount };
    if (o.json) out(JSON.stringify(record));
    else out(`${iso(now)}  ${sized.path.join('→').padEnd(22)} top ${((sized.topRate - 1) * 1e4).toFixed(2)} bp  size ${record.startAmount} ${sized.path[0]}  profit ${record.profit} (${(sized.profitRate * 1e4).toFixed(2)} bp)  via ${sized.symbols.map((s, i) => `${sized.sides[i]} ${s}`).join(', ')}`);
  };
  const threshold = 1 + o.minProfit;
  const { source, events } = await streamBooks(o, (pairs) => {
    scanner = new TriangleScanner({ pairs, takerFee: o.fee, minProfitRate: o.minProfit });
    active = new Uint8Array(scanner.cycleCount);
    if (!o.json) out(`${o.venue}: ${pairs.length} spot pairs, ${scanner.cycleCount} triangular cycles (both directions), taker fee ${o.fee}, threshold ${o.minProfit}`);
  }, (e) => {
    now = e.tsLocal;
    const s = scanner!;
    s.apply(e, onOpen);
    for (let i = open.length - 1; i >= 0; i--) {
      const c = open[i]!;
      if (!(s.rates[c]! > threshold)) {
        active[c] = 0;
        open.splice(i, 1);
      }
    }
  });
  const summary = { type: 'summary', venue: o.venue, source, bookEvents: events, cycles: scanner === null ? 0 : (scanner as TriangleScanner).cycleCount, opportunities: opened, best };
  if (o.json) out(JSON.stringify(summary));
  else out(`${source}: ${events} book events, ${opened} opportunities opened${best ? `, best ${(best as { path: string }).path} profit ${round((best as { profit: number }).profit)}` : ''}`);
}

interface DexCexOptions extends SourceOptions {
  symbol: string;
  rpc?: string;
  pool?: string;
  poolKind: 'v2' | 'v3';
  cexFee: number;
  gas: number;
  dexOffset: number;
  dexLiquidity: number;
  json?: boolean;
}

/** Reads the pool over JSON-RPC and orients it base/quote by token symbols (WETH counts as ETH). */
async function loadDex(client: PublicClient, o: DexCexOptions, pair: PairSpec): Promise<DexQuoter> {
  const address = o.pool as Address;
  const state = o.poolKind === 'v2' ? await readUniswapV2Pair(client, address) : await readUniswapV3Pool(client, address);
  const [t0, t1] = await Promise.all([readErc20(client, state.token0), readErc20(client, state.token1)]);
  const same = (token: string, asset: string): boolean => token === asset || token === `W${asset}` || `W${token}` === asset;
  const baseIsToken0 = same(t0.symbol, pair.base) ? true : same(t1.symbol, pair.base) ? false : null;
  if (baseIsToken0 === null) throw new ArbiterError('ARB_INPUT_INVALID', `pool tokens ${t0.symbol}/${t1.symbol} do not include ${pair.base}`, { pool: address });
  const [base, quote] = baseIsToken0 ? [t0, t1] : [t1, t0];
  if ('reserve0' in state) {
    return createV2Dex({ reserveBase: baseIsToken0 ? state.reserve0 : state.reserve1, reserveQuote: baseIsToken0 ? state.reserve1 : state.reserve0, baseDecimals: base.decimals, quoteDecimals: quote.decimals });
  }
  return createV3Dex({ pool: state, baseIsToken0, baseDecimals: base.decimals, quoteDecimals: quote.decimals });
}

async function runDexCex(o: DexCexOptions): Promise<void> {
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  if ((o.rpc === undefined) !== (o.pool === undefined)) throw new ArbiterError('ARB_INPUT_INVALID', 'give --rpc and --pool together (or neither, for a simulated pool)', {});
  let pair: PairSpec | null = null;
  const book = new SyncedBook();
  let dex: DexQuoter | null = null;
  let dexSource = '';
  const state = { buy_dex_sell_cex: false, buy_cex_sell_dex: false };
  let opened = 0;
  let evaluations = 0;
  let best: DexCexDirection | null = null;
  const { source, events } = await streamBooks(o, async (pairs) => {
    pair = pairs.find((p) => p.symbol === o.symbol) ?? null;
    if (!pair) throw new ArbiterError('ARB_INPUT_INVALID', `no ${o.venue} spot pair ${o.symbol} in the data (have ${pairs.slice(0, 10).map((p) => p.symbol).join(', ')}${pairs.length > 10 ? ', …' : ''})`, { symbol: o.symbol });
    if (o.rpc !== undefined) {
      const client = createPublicClient({ transport: http(o.rpc, { retryCount: 1 }) }) as PublicClient;
      dex = await loadDex(client, o, pair);
      dexSource = `uniswap ${o.poolKind} pool ${o.pool} via ${o.rpc}`;
    }
  }, (e) => {
    if (e.symbol !== o.symbol) return;
    book.apply(e);
    if (!book.synced || Number.isNaN(book.book.mid())) return;
    if (dex === null && o.rpc === undefined) {
      // No chain given: a v2 pool in memory, seeded once from the first CEX mid (labelled as simulated).
      const mid = book.book.mid() * (1 + o.dexOffset);
      const reserveQuote = BigInt(Math.round(o.dexLiquidity / 2)) * 10n ** 6n;
      const reserveBase = BigInt(Math.round((o.dexLiquidity / 2 / mid) * 1e9)) * 10n ** 9n;
      dex = createV2Dex({ reserveBase, reserveQuote, baseDecimals: 18, quoteDecimals: 6 });
      dexSource = `SIMULATED uniswap v2 pool in memory (${o.dexLiquidity} ${pair!.quote} deep, priced ${o.dexOffset} off the first CEX mid ${round(book.book.mid())})`;
    }
    if (dex === null) return;
    evaluations++;
    const r = dexCexArbitrage({ dex, book: book.book, cexFee: o.cexFee, gasQuote: o.gas });
    for (const d of [r.buyDexSellCex, r.buyCexSellDex]) {
      const profitable = d.profit > 0;
      if (profitable && !state[d.direction]) {
        opened++;
        if (!best || d.profit > best.profit) best = d;
        const record = { type: 'opportunity', ts: e.tsLocal, venue: o.venue, symbol: o.symbol, direction: d.direction, quoteIn: round(d.quoteIn), base: round(d.base), profit: round(d.profit), profitRate: round(d.profitRate), dexPrice: round(d.dexPrice), cexPrice: round(d.cexPrice), gasQuote: d.gasQuote, dexSpot: round(r.dexSpot), cexBid: r.cexBid, cexAsk: r.cexAsk };
        if (o.json) out(JSON.stringify(record));
        else out(`${iso(e.tsLocal)}  ${d.direction.padEnd(17)} size ${record.quoteIn} ${pair!.quote} → ${record.base} ${pair!.base}  profit ${record.profit} ${pair!.quote} (${(d.profitRate * 1e4).toFixed(2)} bp, gas ${d.gasQuote})  dex ${record.dexPrice} cex ${record.cexPrice}`);
      }
      state[d.direction] = profitable;
    }
  });
  const b = best as DexCexDirection | null;
  const summary = { type: 'summary', venue: o.venue, symbol: o.symbol, source, dexSource, bookEvents: events, evaluations, opportunities: opened, best: b ? { direction: b.direction, quoteIn: round(b.quoteIn), profit: round(b.profit) } : null };
  if (o.json) out(JSON.stringify(summary));
  else out(`${source}; DEX: ${dexSource || 'none (no CEX book arrived)'}\n${events} book events, ${evaluations} evaluations, ${opened} opportunities opened${b ? `, best ${b.direction} profit ${round(b.profit)}` : ''}`);
}

function sourceOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--venue <venue>', 'CEX venue (binance, coinbase, kraken)', parseVenue)
    .option('--replay <file>', 'a recording (repeat for several)', collect, [])
    .option('--simulate', 'use the venue simulator over loopback instead of a recording')
    .option('--duration <seconds>', 'how long to run with --simulate', parsePositiveNumber('--duration'), 10)
    .option('--seed <n>', 'simulator seed', parsePositiveNumber('--seed'), 1)
    .option('--json', 'one JSON object per line: each opportunity, then a summary');
}

/**
 * Series for a study from a file: CSV (`t,name,value` long or `t,a,b,…` wide; see
 * lab/report/study-data-csv.ts), or a recording (`.jsonl` / `.jsonl.gz`) replayed through the
 * venue parsers, giving one mid-price series per book named `<venue>:<symbol>`, sampled at every
 * book event whose mid changed.
 */
export async function loadStudyData(file: string): Promise<StudyData> {
  if (/\.csv$/i.test(file)) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new ArbiterError('ARB_INPUT_FILE', `cannot read ${file}: ${(error as Error).message}`, { file }, { cause: error });
    }
    return parseStudyCsv(text, file);
  }
  if (!/\.jsonl(\.gz)?$/i.test(file)) throw new ArbiterError('ARB_INPUT_FILE', `--data ${file}: expected a .csv file or a recording (.jsonl, .jsonl.gz)`, { file });
  const books = new Map<string, { book: SyncedBook; t: number[]; v: number[] }>();
  await replayRecordings({
    files: [file], parsers: createFrameParsers(), priceCurrencyOf,
    onEvent: (e) => {
      if (!isBookEvent(e)) return;
      const key = `${e.venue}:${e.symbol}`;
      let b = books.get(key);
      if (!b) books.set(key, (b = { book: new SyncedBook(), t: [], v: [] }));
      b.book.apply(e);
      if (!b.book.synced) return;
      const mid = b.book.book.mid();
      if (!Number.isFinite(mid) || mid === b.v.at(-1)) return;
      if (b.t.length > 0 && e.tsLocal <= b.t.at(-1)!) {
        b.v[b.v.length - 1] = mid;
        return;
      }
      b.t.push(e.tsLocal);
      b.v.push(mid);
    },
  });
  const series: Record<string, { t: number[]; v: number[] }> = {};
  for (const [key, b] of books) if (b.t.length > 0) series[key] = { t: b.t, v: b.v };
  if (Object.keys(series).length === 0) throw new ArbiterError('ARB_INPUT_FILE', `${file}: no order book with a mid price in this recording`, { file });
  return { series };
}

export interface StudyCommandOptions {
  readonly param: readonly string[];
  readonly data?: string;
  readonly report?: string;
  readonly json?: boolean;
  /** `finnhub`: series are Finnhub candle closes of `symbols` (see finnhub-source.ts). */
  readonly source?: 'finnhub';
  readonly symbols?: readonly string[];
  readonly resolution?: FinnhubResolution;
  readonly from?: number;
  readonly to?: number;
  readonly finnhubUrl?: string;
}

/**
 * `arbiter lab <study>`: resolves `--param key=value` against the study's declared params, runs
 * it (on `--data` when given), prints the summary (or the whole result as JSON) and writes the
 * HTML report. Returns the result for callers that go on with it.
 * @throws ArbiterError ARB_INPUT_INVALID naming a bad parameter; ARB_INPUT_FILE for bad data.
 */
export async function runStudyCommand(study: Study, o: StudyCommandOptions, out: (text: string) => void = (t) => void process.stdout.write(t)): Promise<StudyResult> {
  const params = resolveStudyParams(study, parseParamAssignments(study, o.param));
  if (o.source === 'finnhub') {
    if (o.data !== undefined) throw new ArbiterError('ARB_INPUT_INVALID', 'give --data FILE or --source finnhub, not both');
    if (o.symbols === undefined || o.from === undefined) throw new ArbiterError('ARB_INPUT_INVALID', '--source finnhub needs --symbols (e.g. AAPL,MSFT) and --from');
  }
  const finnhub = o.source === 'finnhub' ? await loadFinnhubStudyData({ symbols: o.symbols!, resolution: o.resolution ?? 'D', fromMs: o.from!, toMs: o.to ?? Date.now(), finnhubUrl: o.finnhubUrl }) : undefined;
  const data = finnhub?.data ?? (o.data === undefined ? undefined : await loadStudyData(o.data));
  const dataSource = finnhub?.description ?? (o.data === undefined ? "synthetic (the study's seeded generator)" : `${o.data} (${Object.keys(data!.series).length} series: ${Object.keys(data!.series).slice(0, 8).join(', ')}${Object.keys(data!.series).length > 8 ? ', …' : ''})`);
  const started = performance.now();
  const result = await study.run(params, data);
  const runMs = performance.now() - started;
  if (o.report !== undefined) {
    await writeFile(o.report, renderStudyReport({ study, params, result, dataSource, generatedMs: Date.now(), runMs }));
  }
  if (o.json) out(`${JSON.stringify({ study: study.name, params, dataSource, runMs: Math.round(runMs), result })}\n`);
  else out(`${study.title} (${study.name}); data: ${dataSource}\n${formatStudySummary(result)}\n${result.tables.length} tables, ${result.charts.length} charts${o.report === undefined ? '' : `; report written to ${o.report}`}\n`);
  return result;
}

function studyCommand(cmd: Command, fixed: Study | null): Command {
  return addFinnhubSourceOptions(cmd)
    .option('--param <key=value>', 'a study parameter (repeat for several; see `arbiter lab list`)', collect, [])
    .option('--data <file>', 'series from a CSV (t,name,value or t,a,b,…) or a recording (.jsonl[.gz]: book mids)')
    .option('--report <file>', 'write a self-contained HTML report')
    .option('--json', 'print the whole result as one JSON object')
    .action(async (...args: unknown[]) => {
      const study = fixed ?? findStudyOrFail(args[0] as string);
      const opts = args[fixed ? 0 : 1] as StudyCommandOptions;
      await runStudyCommand(study, opts);
    });
}

function findStudyOrFail(name: string): Study {
  const study = STUDIES.find((s) => s.name === name);
  if (!study) throw new ArbiterError('ARB_INPUT_INVALID', `no lab study "${name}" (have ${STUDIES.map((s) => s.name).join(', ') || 'none registered'})`, { study: name });
  return study;
}

function describeParams(study: Study): string {
  return study.params.map((p) => {
    const range = p.kind === 'select' ? ` {${(p.options ?? []).join('|')}}` : p.min !== undefined || p.max !== undefined ? ` [${p.min ?? '-∞'}, ${p.max ?? '∞'}]` : '';
    return `  ${p.key}=${String(p.default)}  (${p.kind}${range}) ${p.label}${p.help ? `: ${p.help}` : ''}`;
  }).join('\n');
}

export function registerLab(program: Command): void {
  const lab = program.command('lab').description('research lab: studies (`arbiter lab list`), triangular and DEX–CEX arbitrage on recorded or simulated books');
  lab.command('list').description('the registered studies and their parameters').option('--json', 'as JSON').action((o: { json?: boolean }) => {
    if (o.json) process.stdout.write(`${JSON.stringify(STUDIES.map((s) => ({ name: s.name, title: s.title, description: s.description, params: s.params })))}\n`);
    else process.stdout.write(STUDIES.length === 0 ? 'no studies registered\n' : `${STUDIES.map((s) => `${s.name}: ${s.title}\n${describeParams(s)}`).join('\n\n')}\n`);
  });
  studyCommand(lab.command('run <study>').description('run a registered study by name (same as `arbiter lab <study>`)'), null);
  for (const study of STUDIES) {
    if (study.name === 'triangular' || study.name === 'dexcex' || study.name === 'list' || study.name === 'run' || study.name === 'vol-weights') continue;
    studyCommand(lab.command(study.name).description(study.title), study).addHelpText('after', `\nParameters (--param key=value):\n${describeParams(study)}`);
  }
  registerVolWeights(lab);
  sourceOptions(lab.command('triangular').description('every triangular cycle of a venue, both directions, fees per leg, sized on the books'))
    .option('--fee <fraction>', 'taker fee per leg', parseFraction('--fee'), 0.001)
    .option('--min-profit <fraction>', 'report cycles above this rate after fees', parseFraction('--min-profit'), 0)
    .option('--max-start <amount>', 'cap on the start amount when sizing', parsePositiveNumber('--max-start'))
    .action((opts: TriangularOptions) => runTriangular(opts));
  sourceOptions(lab.command('dexcex').description('a Uniswap pool against a CEX book, both directions, with gas, fees, impact and optimal size'))
    .requiredOption('--symbol <pair>', 'the CEX spot pair, e.g. ETHUSDT')
    .option('--rpc <url>', 'Ethereum JSON-RPC endpoint (omit for a simulated pool)')
    .option('--pool <address>', 'Uniswap pool address')
    .option('--pool-kind <kind>', 'v2 or v3', (v: string) => {
      if (v !== 'v2' && v !== 'v3') throw new InvalidArgumentError(`--pool-kind must be v2 or v3, got "${v}"`);
      return v;
    }, 'v2')
    .option('--cex-fee <fraction>', 'CEX taker fee', parseFraction('--cex-fee'), 0.001)
    .option('--gas <quote>', 'gas cost of the swap in quote units', (v: string) => {
      const n = Number(v);
      if (!(n >= 0 && Number.isFinite(n))) throw new InvalidArgumentError(`--gas must be ≥ 0, got "${v}"`);
      return n;
    }, 5)
    .option('--dex-offset <fraction>', 'simulated pool: price offset from the first CEX mid', (v: string) => {
      const n = Number(v);
      if (!(Math.abs(n) < 0.5)) throw new InvalidArgumentError(`--dex-offset must be within ±0.5, got "${v}"`);
      return n;
    }, 0.004)
    .option('--dex-liquidity <quote>', 'simulated pool: total value in quote units', parsePositiveNumber('--dex-liquidity'), 2_000_000)
    .action((opts: DexCexOptions) => runDexCex(opts));
}
