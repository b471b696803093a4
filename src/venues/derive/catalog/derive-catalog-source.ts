/**
 * The remote Derive catalog: for each configured currency and instrument type (options and perps by
 * default), pages through the version's instrument list over HTTP POST JSON-RPC (v3
 * `public/get_all_instruments`, v2 `public/get_instruments`, see derive-api-version.ts) and maps
 * each definition to a typed instrument. Inactive instruments are skipped; a definition that fails
 * to parse is logged and skipped, never fatal. The base URL is configurable so tests point it at
 * the simulator; CachedCatalogSource wraps this for durability.
 */
import { ArbiterError } from '../../../domain/errors.js';
import type { Instrument } from '../../../domain/instrument.js';
import type { CatalogSource } from '../../../engine/market-feed.js';
import { silentLogger, type Logger } from '../../../engine/logger.js';
import { httpJson } from '../../shared/http-json.js';
import { isRecord } from '../../shared/wire-values.js';
import { deriveApiProfileForUrl } from '../parse/derive-api-version.js';
import { parseDeriveInstrument } from './derive-instrument.js';

export const DERIVE_REST_URL = 'https://api.derive.xyz/v3';
export const DERIVE_TESTNET_REST_URL = 'https://testnet.api.derive.xyz/v3';

export interface DeriveCatalogSourceOptions {
  /** REST base, e.g. `https://api.derive.xyz/v3` (default) or the simulator's `restUrl`. */
  readonly restUrl?: string;
  readonly currencies?: readonly string[];
  readonly instrumentTypes?: ReadonlyArray<'option' | 'perp' | 'erc20'>;
  readonly pageSize?: number;
  readonly logger?: Logger;
  readonly timeoutMs?: number;
}

/** POSTs one JSON-RPC method to a Derive REST base and returns `result`; venue errors keep their code. */
export async function deriveRestCall(restUrl: string, method: string, params: Record<string, unknown>, options: { timeoutMs?: number; headers?: Record<string, string>; retries?: number } = {}): Promise<unknown> {
  const body = await httpJson<unknown>(`${restUrl.replace(/\/$/, '')}/${method}`, {
    venue: 'derive', method: 'POST', body: params, timeoutMs: options.timeoutMs, ...(options.headers ? { headers: options.headers } : {}), ...(options.retries === undefined ? {} : { retries: options.retries }),
  });
  if (!isRecord(body)) throw new ArbiterError('ARB_PARSE_FRAME', `derive ${method}: answer is not an object`, { venue: 'derive', method });
  if (isRecord(body.error)) {
    const code = typeof body.error.code === 'number' ? body.error.code : 0;
    throw new ArbiterError('ARB_VENUE_REJECTED', `derive ${method} failed: ${code} ${String(body.error.message ?? '')}`, { venue: 'derive', method, venueCode: code });
  }
  return body.result;
}

export class DeriveCatalogSource implements CatalogSource {
  readonly venue = 'derive' as const;
  private readonly restUrl: string;
  private readonly logger: Logger;

  constructor(private readonly options: DeriveCatalogSourceOptions = {}) {
    this.restUrl = options.restUrl ?? DERIVE_REST_URL;
    this.logger = options.logger ?? silentLogger;
  }

  /** @throws ArbiterError ARB_VENUE_TRANSIENT / ARB_VENUE_REJECTED when a page cannot be fetched. */
  async load(): Promise<readonly Instrument[]> {
    const profile = deriveApiProfileForUrl(this.restUrl);
    const pageSize = this.options.pageSize ?? 1000;
    const out: Instrument[] = [];
    let skipped = 0;
    for (const currency of this.options.currencies ?? ['BTC']) {
      for (const type of this.options.instrumentTypes ?? ['option', 'perp']) {
        for (let page = 1, pages = 1; page <= pages; page++) {
          const result = await deriveRestCall(this.restUrl, profile.instrumentsMethod, profile.instrumentsParams(currency, type, page, pageSize), { timeoutMs: this.options.timeoutMs });
          const { instruments, numPages } = profile.instrumentsPage(result);
          pages = Math.min(numPages, 1000);
          for (const wire of instruments) {
            try {
              const parsed = parseDeriveInstrument(wire);
              if (parsed.mismatch) this.logger.warn({ venue: 'derive', mismatch: parsed.mismatch }, 'instrument name and details disagree; using the details');
              if (parsed.active) out.push(parsed.instrument);
            } catch (error) {
              skipped++;
              if (skipped <= 10) this.logger.warn({ venue: 'derive', err: error instanceof Error ? error.message : String(error) }, 'skipping an instrument definition');
            }
          }
        }
      }
    }
    return out;
  }
}
