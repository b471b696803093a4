/**
 * The remote Coinbase Advanced Trade catalog: public REST `GET /api/v3/brokerage/market/products`
 * (no authentication) mapped to spot instruments — product id as symbol, tick `price_increment`
 * (else `quote_increment`), minimum `base_min_size`, step `base_increment`. Only SPOT products
 * that are `online` and not disabled are listed; futures products are left out (this feed keeps
 * spot books).
 */
import type { Instrument, SpotInstrument } from '../../../domain/instrument.js';
import type { CatalogSource } from '../../../engine/market-feed.js';
import { silentLogger, type Logger } from '../../../engine/logger.js';
import { httpJson } from '../../shared/http-json.js';
import { frameError, isRecord, optionalNumber, requiredString } from '../../shared/wire-values.js';

export const COINBASE_REST_URL = 'https://api.coinbase.com';

/** One product → a spot instrument, or null when it is not a tradable spot product. */
export function parseCoinbaseProduct(wire: unknown): SpotInstrument | null {
  if (!isRecord(wire)) throw frameError('coinbase', 'product is not an object');
  const id = requiredString(wire.product_id, 'coinbase', 'product_id');
  if (wire.product_type !== 'SPOT' || wire.status !== 'online' || wire.trading_disabled === true || wire.is_disabled === true) return null;
  const base = requiredString(wire.base_currency_id, 'coinbase', `${id}.base_currency_id`);
  const quote = requiredString(wire.quote_currency_id, 'coinbase', `${id}.quote_currency_id`);
  const tick = optionalNumber(wire.price_increment, 'coinbase', `${id}.price_increment`) ?? optionalNumber(wire.quote_increment, 'coinbase', `${id}.quote_increment`);
  const min = optionalNumber(wire.base_min_size, 'coinbase', `${id}.base_min_size`);
  const step = optionalNumber(wire.base_increment, 'coinbase', `${id}.base_increment`);
  return {
    venue: 'coinbase', symbol: id, kind: 'spot', base, quote, priceCurrency: quote,
    ...(tick !== null && tick > 0 ? { tickSize: tick } : {}),
    ...(min !== null && min > 0 ? { minSize: min } : {}),
    ...(step !== null && step > 0 ? { sizeStep: step } : {}),
  };
}

export interface CoinbaseCatalogSourceOptions {
  readonly restUrl?: string;
  readonly logger?: Logger;
  readonly timeoutMs?: number;
}

export class CoinbaseCatalogSource implements CatalogSource {
  readonly venue = 'coinbase' as const;
  private readonly logger: Logger;

  constructor(private readonly options: CoinbaseCatalogSourceOptions = {}) {
    this.logger = options.logger ?? silentLogger;
  }

  /** @throws ArbiterError ARB_VENUE_TRANSIENT / ARB_VENUE_REJECTED / ARB_PARSE_FRAME when the list cannot be fetched. */
  async load(): Promise<readonly Instrument[]> {
    const base = (this.options.restUrl ?? COINBASE_REST_URL).replace(/\/$/, '');
    const body = await httpJson<unknown>(`${base}/api/v3/brokerage/market/products?product_type=SPOT`, { venue: 'coinbase', timeoutMs: this.options.timeoutMs ?? 20_000 });
    if (!isRecord(body) || !Array.isArray(body.products)) throw frameError('coinbase', 'products answer has no products array');
    const out: Instrument[] = [];
    let skipped = 0;
    for (const wire of body.products as unknown[]) {
      try {
        const instrument = parseCoinbaseProduct(wire);
        if (instrument !== null) out.push(instrument);
      } catch (error) {
        skipped++;
        if (skipped <= 10) this.logger.warn({ venue: 'coinbase', err: error instanceof Error ? error.message : String(error) }, 'skipping a product');
      }
    }
    return out;
  }
}
