/**
 * Prices of one instrument from a file, for hour-of-week vol estimation (the I/O edge of this
 * folder). Formats, told apart by name and content:
 * - an Arbiter recording (`.jsonl`, `.jsonl.gz`, docs/recording-format.md) replayed through the
 *   venue parsers: ticker mids and book mids (`mid`) or trade prices (`trade`) of one instrument;
 * - Finnhub candle JSON (`{"s":"ok","t":[…seconds],"c":[…],…}`, `.json`);
 * - `arbiter data finnhub candles` output: CSV `t,symbol,o,h,l,c,v` or JSON lines `{"t","c",…}`;
 * - any CSV with a time column (`t`, `time`, `timestamp`, `date`, `datetime`: epoch ms or ISO)
 *   and a price column (`c`, `close`, `price`, `mid`, `last`).
 * Candle times are bar starts, so a bar's close lands in the hour the bar covers.
 */
import { readFile } from 'node:fs/promises';
import { replayRecordings } from '../../backtest/replay.js';
import { ArbiterError } from '../../domain/errors.js';
import { midPrice } from '../../domain/market-event.js';
import { SyncedBook } from '../../orderbook/apply-book-event.js';
import { parseFinnhubCandles } from '../../venues/finnhub/parse/parse-candles.js';
import { createFrameParsers, priceCurrencyOf } from '../../venues/registry.js';

export interface PriceSeries {
  readonly t: number[];
  readonly p: number[];
  /** What was read, for the report ("binance BTCUSDT book mids from rec.jsonl"). */
  readonly description: string;
}

export interface ReadPriceOptions {
  /** Instrument to use when the file has several (recordings, multi-symbol CSV). */
  readonly symbol?: string;
  readonly venue?: string;
  /** Recordings: mids (tickers, books) or trade prices; default mids when there are any. */
  readonly price?: 'mid' | 'trade';
}

function fail(file: string, why: string): never {
  throw new ArbiterError('ARB_INPUT_FILE', `${file}: ${why}`, { file });
}

function parseTime(file: string, line: number, cell: string): number {
  const t = /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : Date.parse(cell);
  if (!Number.isFinite(t)) fail(file, `line ${line}: time "${cell}" is neither epoch ms nor an ISO date`);
  return t;
}

function splitCsv(line: string): string[] {
  return line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

function fromCsv(text: string, file: string, o: ReadPriceOptions): PriceSeries {
  const lines = text.split(/\r?\n/);
  const header = splitCsv(lines[0] ?? '').map((h) => h.toLowerCase());
  const ti = header.findIndex((h) => ['t', 'time', 'timestamp', 'date', 'datetime'].includes(h));
  const pi = ['c', 'close', 'price', 'mid', 'last'].map((name) => header.indexOf(name)).find((i) => i >= 0) ?? -1;
  if (ti < 0 || pi < 0) fail(file, `line 1: need a time column (t, time, timestamp, date, datetime) and a price column (c, close, price, mid, last); header is "${lines[0] ?? ''}"`);
  const si = header.indexOf('symbol');
  const t: number[] = [], p: number[] = [];
  const symbols = new Set<string>();
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const cells = splitCsv(lines[i]!);
    if (si >= 0) {
      symbols.add(cells[si] ?? '');
      if (o.symbol !== undefined && cells[si] !== o.symbol) continue;
    }
    const price = Number(cells[pi]);
    if (cells[pi] === undefined || cells[pi] === '' || !Number.isFinite(price)) fail(file, `line ${i + 1}: ${header[pi]} "${cells[pi] ?? ''}" is not a number`);
    t.push(parseTime(file, i + 1, cells[ti] ?? ''));
    p.push(price);
  }
  if (si >= 0 && o.symbol === undefined && symbols.size > 1) fail(file, `holds ${symbols.size} symbols (${[...symbols].slice(0, 10).join(', ')}); choose one with --symbol`);
  if (t.length === 0) fail(file, o.symbol !== undefined && si >= 0 ? `no rows for symbol ${o.symbol} (have ${[...symbols].slice(0, 10).join(', ')})` : 'no data rows');
  return { t, p, description: `${header[pi]} column of ${file}${o.symbol !== undefined && si >= 0 ? ` (${o.symbol})` : ''}` };
}

function fromCandleLines(text: string, file: string, o: ReadPriceOptions): PriceSeries {
  const t: number[] = [], p: number[] = [];
  const symbols = new Set<string>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let row: { t?: unknown; c?: unknown; symbol?: unknown };
    try {
      row = JSON.parse(line) as typeof row;
    } catch {
      fail(file, `line ${i + 1} is not JSON`);
    }
    if (typeof row.symbol === 'string') {
      symbols.add(row.symbol);
      if (o.symbol !== undefined && row.symbol !== o.symbol) return;
    }
    if (typeof row.t !== 'number' || typeof row.c !== 'number') fail(file, `line ${i + 1}: a candle line needs numbers t (epoch ms) and c (close)`);
    t.push(row.t);
    p.push(row.c);
  });
  if (o.symbol === undefined && symbols.size > 1) fail(file, `holds ${symbols.size} symbols (${[...symbols].slice(0, 10).join(', ')}); choose one with --symbol`);
  if (t.length === 0) fail(file, 'no candles');
  return { t, p, description: `candle closes of ${[...symbols].join(', ') || 'one series'} from ${file}` };
}

async function fromRecording(file: string, o: ReadPriceOptions): Promise<PriceSeries> {
  const mids = new Map<string, { t: number[]; p: number[] }>();
  const trades = new Map<string, { t: number[]; p: number[] }>();
  const books = new Map<string, SyncedBook>();
  const push = (map: Map<string, { t: number[]; p: number[] }>, key: string, t: number, p: number): void => {
    let s = map.get(key);
    if (!s) map.set(key, (s = { t: [], p: [] }));
    s.t.push(t);
    s.p.push(p);
  };
  await replayRecordings({
    files: [file], parsers: createFrameParsers(), priceCurrencyOf,
    onEvent: (e) => {
      if (o.venue !== undefined && e.venue !== o.venue) return;
      if (o.symbol !== undefined && e.symbol !== o.symbol) return;
      const key = `${e.venue} ${e.symbol}`;
      const t = e.tsVenue ?? e.tsLocal;
      if (e.kind === 'trade') push(trades, key, t, e.price);
      else if (e.kind === 'ticker') {
        const m = midPrice(e) ?? e.last;
        if (m !== null && m > 0) push(mids, key, t, m);
      } else if (e.kind === 'book_snapshot' || e.kind === 'book_delta') {
        let b = books.get(key);
        if (!b) books.set(key, (b = new SyncedBook()));
        b.apply(e);
        const m = b.synced ? b.book.mid() : NaN;
        if (m > 0) push(mids, key, t, m);
      }
    },
  });
  const kind = o.price ?? (mids.size > 0 ? 'mid' : 'trade');
  const pool = kind === 'mid' ? mids : trades;
  const filter = [o.venue, o.symbol].filter((x) => x !== undefined).join(' ');
  if (pool.size === 0) fail(file, `no ${kind === 'mid' ? 'ticker or book mids' : 'trades'}${filter ? ` for ${filter}` : ''} in this recording${kind === 'mid' && trades.size > 0 ? ' (it has trades: --price trade)' : ''}`);
  if (pool.size > 1) {
    const list = [...pool].map(([k, s]) => `${k} (${s.t.length})`).slice(0, 15).join(', ');
    fail(file, `${pool.size} instruments have ${kind === 'mid' ? 'mids' : 'trades'}: ${list}${pool.size > 15 ? ', …' : ''}; choose one with --symbol (and --venue)`);
  }
  const [key, series] = [...pool][0]!;
  return { t: series.t, p: series.p, description: `${key} ${kind === 'mid' ? 'mids' : 'trade prices'} from ${file}` };
}

/** @throws ArbiterError ARB_INPUT_FILE naming the file (and line) for anything it cannot use. */
export async function readPriceSeries(file: string, o: ReadPriceOptions = {}): Promise<PriceSeries> {
  if (/\.jsonl\.gz$|\.gz$/i.test(file)) return fromRecording(file, o);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    fail(file, `cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (/\.csv$/i.test(file)) return fromCsv(text, file, o);
  if (/\.json$/i.test(file)) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      fail(file, 'not JSON');
    }
    const candles = parseFinnhubCandles(body, o.symbol ?? file, '60');
    if (candles.t.length === 0) fail(file, 'Finnhub answered no_data: no candles');
    return { t: [...candles.t], p: [...candles.c], description: `Finnhub candle closes from ${file}` };
  }
  if (/\.jsonl$/i.test(file)) {
    const first = text.slice(0, text.indexOf('\n') >>> 0);
    let head: Record<string, unknown> = {};
    try {
      head = JSON.parse(first) as Record<string, unknown>;
    } catch {
      fail(file, 'line 1 is not JSON');
    }
    if ('t' in head && 'c' in head && !('venue' in head)) return fromCandleLines(text, file, o);
    return fromRecording(file, o);
  }
  fail(file, 'expected a recording (.jsonl, .jsonl.gz), candles (.csv, .jsonl from `arbiter data finnhub candles`, Finnhub .json)');
}
