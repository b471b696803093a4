/**
 * The remote Kraken spot catalog: REST `GET /0/public/AssetPairs` mapped to spot instruments
 * named as WebSocket v2 names them. AssetPairs gives v1 `wsname`s (`XBT/USD`, `XDG/USD`); v2
 * uses `BTC/USD`, `DOGE/USD`, so the two legacy asset codes are translated. Tick size from
 * `tick_size` (else `pair_decimals`), minimum size `ordermin`, size step `lot_decimals`. Only
 * `online` pairs are listed; a Kraken `error` array fails the load with its text.
 */
import { ArbiterError } from '../../../domain/errors.js';
import type { Instrument, SpotInstrument } from '../../../domain/instrument.js';
import type { CatalogSource } from '../../../engine/market-feed.js';
import { silentLogger, type Logger } from '../../../engine/logger.js';
import { httpJson } from '../../shared/http-json.js';
import { frameError, isRecord, optionalNumber, requiredString } from '../../shared/wire-values.js';

export const KRAKEN_REST_URL = 'https://api.kraken.com';

/** v1 asset codes that v2 spells differently. */
const V2_ASSET: Readonly<Record<string, string>> = { XBT: 'BTC', XDG: 'DOGE' };

/** `XBT/USD` → `BTC/USD`. */
export function krakenV2Symbol(wsname: string): string {
  return wsname.split('/').map((a) => V2_ASSET[a] ?? a).join('/');
}

/** One AssetPairs entry → a spot instrument, or null when the pair is not online. */
export function parseKrakenAssetPair(key: string, wire: unknown): SpotInstrument | null {
  if (!isRecord(wire)) throw frameError('kraken', `AssetPairs ${key} is not an object`);
  if (wire.status !== undefined && wire.status !== 'online') return null;
  const wsname = requiredString(wire.wsname, 'kraken', `${key}.wsname`);
  const symbol = krakenV2Symbol(wsname);
  const [base, quote] = symbol.split('/');
  if (base === undefined || quote === undefined) throw frameError('kraken', `${key}.wsname "${wsname}" is not BASE/QUOTE`);
  const decimals = optionalNumber(wire.pair_decimals, 'kraken', `${key}.pair_decimals`);
  const lotDecimals = optionalNumber(wire.lot_decimals, 'kraken', `${key}.lot_decimals`);
  const tick = optionalNumber(wire.tick_size, 'kraken', `${key}.tick_size`) ?? (decimals === null ? null : 10 ** -decimals);
  const min = optionalNumber(wire.ordermin, 'kraken', `${key}.ordermin`);
  return {
    venue: 'kraken', symbol, kind: 'spot', base, quote, priceCurrency: quote,
    ...(tick !== null && tick > 0 ? { tickSize: tick } : {}),
    ...(min !== null && min > 0 ? { minSize: min } : {}),
    ...(lotDecimals !== null ? { sizeStep: 10 ** -lotDecimals } : {}),
  };
}

export interface KrakenCatalogSourceOptions {
  readonly restUrl?: string;
  readonly logger?: Logger;
  readonly timeoutMs?: number;
}

export class KrakenCatalogSource implements CatalogSource {
  readonly venue = 'kraken' as const;
  private readonly logger: Logger;

  constructor(private readonly options: KrakenCatalogSourceOptions = {}) {
    this.logger = options.logger ?? silentLogger;
  }

  /** @throws ArbiterError ARB_VENUE_REJECTED when Kraken answers with errors; ARB_VENUE_TRANSIENT when it cannot be reached. */
  async load(): Promise<readonly Instrument[]> {
    const base = (this.options.restUrl ?? KRAKEN_REST_URL).replace(/\/$/, '');
    const body = await httpJson<unknown>(`${base}/0/public/AssetPairs`, { venue: 'kraken', timeoutMs: this.options.timeoutMs ?? 20_000 });
    if (!isRecord(body)) throw frameError('kraken', 'AssetPairs answer is not an object');
    if (Array.isArray(body.error) && body.error.length > 0) throw new ArbiterError('ARB_VENUE_REJECTED', `kraken AssetPairs: ${body.error.join('; ')}`, { venue: 'kraken' });
    if (!isRecord(body.result)) throw frameError('kraken', 'AssetPairs has no result object');
    const out: Instrument[] = [];
    let skipped = 0;
    for (const [key, wire] of Object.entries(body.result)) {
      try {
        const instrument = parseKrakenAssetPair(key, wire);
        if (instrument !== null) out.push(instrument);
      } catch (error) {
        skipped++;
        if (skipped <= 10) this.logger.warn({ venue: 'kraken', pair: key, err: error instanceof Error ? error.message : String(error) }, 'skipping an asset pair');
      }
    }
    return out;
  }
}
