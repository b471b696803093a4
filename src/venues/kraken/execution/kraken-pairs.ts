/**
 * Kraken's names and trading rules per pair, from REST `AssetPairs`: the v2 symbol (`BTC/USD`)
 * the engine uses, the REST key (`XXBTZUSD`) and altname (`XBTUSD`) the private endpoints answer
 * with, and the symbol rules order entry rounds to: tick `tick_size` (else 10^-`pair_decimals`),
 * step 10^-`lot_decimals`, minimum `ordermin` (base) and `costmin` (quote). REST asset codes
 * (`XXBT`, `ZUSD`) become v2 names (`BTC`, `USD`).
 */
import { ArbiterError } from '../../../domain/errors.js';
import type { SymbolRules } from '../../shared/symbol-rules.js';
import { frameError, isRecord, optionalNumber, requiredString } from '../../shared/wire-values.js';
import { krakenV2Symbol } from '../catalog/kraken-catalog-source.js';

export interface KrakenPair {
  /** WebSocket v2 name, as the catalog and the engine spell it (`BTC/USD`). */
  readonly symbol: string;
  readonly restKey: string;
  readonly altname: string;
  readonly base: string;
  readonly quote: string;
  readonly status: string;
  readonly rules: SymbolRules;
}

/** v1/REST asset codes whose v2 name differs beyond the X/Z prefix. */
const V2_ASSET: Readonly<Record<string, string>> = { XBT: 'BTC', XDG: 'DOGE' };

/**
 * A REST asset code in v2 spelling: four-letter legacy codes lose their X/Z class prefix
 * (`XXBT` → `BTC`, `ZUSD` → `USD`, `XETH` → `ETH`), then `XBT` → `BTC` and `XDG` → `DOGE`; a
 * suffix such as `.F` is kept (`XBT.F` → `BTC.F`). Newer codes (`USDT`, `DOT`) pass unchanged.
 */
export function krakenAssetName(code: string): string {
  const dot = code.indexOf('.');
  const head = dot < 0 ? code : code.slice(0, dot);
  const tail = dot < 0 ? '' : code.slice(dot);
  const stripped = head.length === 4 && (head[0] === 'X' || head[0] === 'Z') && /^[XZ][A-Z]{3}$/.test(head) && LEGACY.has(head) ? head.slice(1) : head;
  return (V2_ASSET[stripped] ?? stripped) + tail;
}

/** Kraken's legacy class-prefixed asset codes (Assets endpoint, `X`/`Z` + three letters). */
const LEGACY = new Set([
  'XXBT', 'XETH', 'XLTC', 'XXRP', 'XXLM', 'XZEC', 'XXMR', 'XETC', 'XMLN', 'XREP', 'XXDG', 'XXTZ',
  'ZUSD', 'ZEUR', 'ZGBP', 'ZJPY', 'ZCAD', 'ZAUD', 'ZCHF',
]);

/** One AssetPairs entry. @throws ParseError naming the field when the entry is malformed. */
export function parseKrakenPair(key: string, wire: unknown): KrakenPair {
  if (!isRecord(wire)) throw frameError('kraken', `AssetPairs ${key} is not an object`);
  const wsname = requiredString(wire.wsname, 'kraken', `${key}.wsname`);
  const symbol = krakenV2Symbol(wsname);
  const [base, quote] = symbol.split('/');
  if (base === undefined || quote === undefined) throw frameError('kraken', `${key}.wsname "${wsname}" is not BASE/QUOTE`);
  const pairDecimals = optionalNumber(wire.pair_decimals, 'kraken', `${key}.pair_decimals`);
  const lotDecimals = optionalNumber(wire.lot_decimals, 'kraken', `${key}.lot_decimals`);
  const tick = optionalNumber(wire.tick_size, 'kraken', `${key}.tick_size`) ?? (pairDecimals === null ? 0 : 10 ** -pairDecimals);
  return {
    symbol, restKey: key, altname: requiredString(wire.altname, 'kraken', `${key}.altname`), base, quote,
    status: typeof wire.status === 'string' ? wire.status : 'online',
    rules: {
      venue: 'kraken', symbol, tickSize: tick,
      stepSize: lotDecimals === null ? 0 : Number((10 ** -lotDecimals).toFixed(lotDecimals)),
      minQuantity: optionalNumber(wire.ordermin, 'kraken', `${key}.ordermin`) ?? 0,
      maxQuantity: Infinity,
      minNotional: optionalNumber(wire.costmin, 'kraken', `${key}.costmin`) ?? 0,
    },
  };
}

/** Every pair by v2 symbol and by the REST names (key, altname) the private endpoints use. */
export class KrakenPairTable {
  private readonly bySymbol = new Map<string, KrakenPair>();
  private readonly byRest = new Map<string, KrakenPair>();

  constructor(pairs: readonly KrakenPair[]) {
    for (const p of pairs) {
      this.bySymbol.set(p.symbol, p);
      this.byRest.set(p.restKey, p);
      this.byRest.set(p.altname, p);
    }
  }

  /** From a whole AssetPairs answer; malformed entries are skipped and counted. */
  static fromAssetPairs(body: unknown): { table: KrakenPairTable; skipped: number } {
    if (!isRecord(body)) throw frameError('kraken', 'AssetPairs answer is not an object');
    if (Array.isArray(body.error) && body.error.length > 0) throw new ArbiterError('ARB_VENUE_REJECTED', `kraken AssetPairs: ${body.error.join('; ')}`, { venue: 'kraken' });
    if (!isRecord(body.result)) throw frameError('kraken', 'AssetPairs has no result object');
    const pairs: KrakenPair[] = [];
    let skipped = 0;
    for (const [key, wire] of Object.entries(body.result)) {
      try {
        pairs.push(parseKrakenPair(key, wire));
      } catch {
        skipped++;
      }
    }
    return { table: new KrakenPairTable(pairs), skipped };
  }

  get size(): number {
    return this.bySymbol.size;
  }

  /** @throws ArbiterError ARB_INPUT_INVALID naming the symbol when Kraken lists no such pair. */
  symbol(symbol: string): KrakenPair {
    const p = this.bySymbol.get(symbol);
    if (p === undefined) throw new ArbiterError('ARB_INPUT_INVALID', `kraken has no pair ${symbol} (AssetPairs lists ${this.bySymbol.size}; use the v2 name, e.g. BTC/USD)`, { venue: 'kraken', symbol });
    return p;
  }

  /** The pair a REST answer names (`XXBTZUSD` or `XBTUSD`), or undefined. */
  rest(name: string): KrakenPair | undefined {
    return this.byRest.get(name);
  }
}
