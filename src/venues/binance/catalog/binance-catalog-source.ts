/**
 * The remote Binance catalog: `GET /api/v3/exchangeInfo` (spot pairs) and `GET
 * /fapi/v1/exchangeInfo` (USDⓈ-M perpetuals and delivery contracts) mapped to typed instruments
 * with tick size (PRICE_FILTER), minimum size and step (LOT_SIZE). Only `TRADING` symbols are
 * listed; an entry that does not parse is logged and skipped, never fatal.
 */
import type { Instrument } from '../../../domain/instrument.js';
import type { CatalogSource } from '../../../engine/market-feed.js';
import { silentLogger, type Logger } from '../../../engine/logger.js';
import { httpJson } from '../../shared/http-json.js';
import { frameError, isRecord } from '../../shared/wire-values.js';
import type { BinanceMarket } from '../parse/binance-symbols.js';
import { BINANCE_SPOT_REST_URL, BINANCE_USDM_REST_URL } from '../client/binance-market-feed.js';
import { parseBinanceSymbolInfo } from './parse-binance-symbol-info.js';

export interface BinanceCatalogSourceOptions {
  readonly spotRestUrl?: string;
  readonly futuresRestUrl?: string;
  /** Markets to list (default both). */
  readonly markets?: readonly BinanceMarket[];
  /** Keep only pairs quoted in these assets (default all). */
  readonly quoteAssets?: readonly string[];
  readonly logger?: Logger;
  readonly timeoutMs?: number;
}

export class BinanceCatalogSource implements CatalogSource {
  readonly venue = 'binance' as const;
  private readonly logger: Logger;

  constructor(private readonly options: BinanceCatalogSourceOptions = {}) {
    this.logger = options.logger ?? silentLogger;
  }

  /** @throws ArbiterError ARB_VENUE_TRANSIENT / ARB_VENUE_REJECTED / ARB_PARSE_FRAME when a list cannot be fetched. */
  async load(): Promise<readonly Instrument[]> {
    const out: Instrument[] = [];
    let skipped = 0;
    const quotes = this.options.quoteAssets ? new Set(this.options.quoteAssets) : null;
    for (const market of this.options.markets ?? ['spot', 'usdm']) {
      const base = (market === 'spot' ? this.options.spotRestUrl ?? BINANCE_SPOT_REST_URL : this.options.futuresRestUrl ?? BINANCE_USDM_REST_URL).replace(/\/$/, '');
      const body = await httpJson<unknown>(`${base}${market === 'spot' ? '/api/v3/exchangeInfo' : '/fapi/v1/exchangeInfo'}`, { venue: 'binance', timeoutMs: this.options.timeoutMs ?? 20_000 });
      if (!isRecord(body) || !Array.isArray(body.symbols)) throw frameError('binance', `exchangeInfo (${market}) has no symbols array`);
      for (const wire of body.symbols as unknown[]) {
        try {
          const instrument = parseBinanceSymbolInfo(wire, market);
          if (instrument !== null && (quotes === null || quotes.has(instrument.priceCurrency))) out.push(instrument);
        } catch (error) {
          skipped++;
          if (skipped <= 10) this.logger.warn({ venue: 'binance', market, err: error instanceof Error ? error.message : String(error) }, 'skipping a symbol definition');
        }
      }
    }
    return out;
  }
}
