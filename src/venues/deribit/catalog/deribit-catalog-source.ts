/**
 * The remote Deribit catalog: `GET {restUrl}/public/get_instruments?currency=C&kind=K&expired=false`
 * for every configured currency and kind (options; futures, which include perpetuals). The lead's
 * `CachedCatalogSource` wraps it for history, staleness and the empty-cache first run.
 * Deribit allows this method about once per 10 s (burst 5), so kinds are fetched one after another.
 */
import { ArbiterError, excerpt } from '../../../domain/errors.js';
import type { Instrument } from '../../../domain/instrument.js';
import type { Logger } from '../../../engine/logger.js';
import type { CatalogSource } from '../../../engine/market-feed.js';
import { httpJson } from '../../shared/http-json.js';
import { isRecord } from '../../shared/wire-values.js';
import { parseDeribitInstrument } from './parse-deribit-instrument.js';

export const DERIBIT_REST_URL = 'https://www.deribit.com/api/v2';

export interface DeribitCatalogSourceOptions {
  /** Base of the JSON-RPC-over-HTTP API, e.g. `https://www.deribit.com/api/v2` or a simulator's `restUrl`. */
  readonly restUrl?: string;
  readonly logger: Logger;
  /** Default `['BTC']`. */
  readonly currencies?: readonly string[];
  /** Default `['option', 'future']` (futures include perpetuals). */
  readonly kinds?: ReadonlyArray<'option' | 'future'>;
  readonly timeoutMs?: number;
}

export class DeribitCatalogSource implements CatalogSource {
  readonly venue = 'deribit' as const;
  /** Instruments skipped in the last load because their fields could not be read. */
  skipped = 0;
  private readonly logger: Logger;

  constructor(private readonly options: DeribitCatalogSourceOptions) {
    this.logger = options.logger.child({ venue: 'deribit', component: 'catalog' });
  }

  /**
   * @throws ArbiterError ARB_VENUE_TRANSIENT (network, 5xx, 429) or ARB_VENUE_REJECTED (a JSON-RPC
   * error or another HTTP status); one malformed instrument is skipped and counted instead.
   */
  async load(): Promise<readonly Instrument[]> {
    const base = (this.options.restUrl ?? DERIBIT_REST_URL).replace(/\/$/, '');
    const out: Instrument[] = [];
    let skipped = 0;
    for (const currency of this.options.currencies ?? ['BTC']) {
      for (const kind of this.options.kinds ?? ['option', 'future']) {
        const url = `${base}/public/get_instruments?currency=${encodeURIComponent(currency)}&kind=${kind}&expired=false`;
        const body = await httpJson<unknown>(url, { venue: 'deribit', timeoutMs: this.options.timeoutMs });
        for (const raw of resultArray(body, 'public/get_instruments')) {
          try {
            const instrument = parseDeribitInstrument(raw);
            if (instrument !== null) out.push(instrument);
          } catch (error) {
            skipped++;
            if (skipped <= 10) this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'deribit instrument skipped');
          }
        }
      }
    }
    this.skipped = skipped;
    return out;
  }
}

function resultArray(body: unknown, method: string): unknown[] {
  if (!isRecord(body)) throw new ArbiterError('ARB_PARSE_FRAME', `deribit ${method}: answer is not an object`, { venue: 'deribit', method });
  if (isRecord(body.error)) {
    throw new ArbiterError('ARB_VENUE_REJECTED', `deribit ${method} failed: ${String(body.error.code)} ${String(body.error.message)}`, {
      venue: 'deribit', method, venueCode: typeof body.error.code === 'number' ? body.error.code : null, venueMessage: String(body.error.message),
    });
  }
  if (!Array.isArray(body.result)) throw new ArbiterError('ARB_PARSE_FRAME', `deribit ${method}: result is not an array: ${excerpt(JSON.stringify(body), 120)}`, { venue: 'deribit', method });
  return body.result as unknown[];
}
