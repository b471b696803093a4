/**
 * The remote Polymarket catalog: markets from the CLOB REST `GET /markets` (cursor pagination:
 * `next_cursor` is base64, "LTE=" marks the end) and/or Gamma `GET /markets?slug=…&closed=false`,
 * filtered by a regex over slug and question, mapped to one OutcomeInstrument per token (YES and
 * NO, marketId = condition id). Closed markets are dropped unless asked for. The token facts the
 * execution client needs (tick, minimum size, neg-risk) stay available after each load.
 */
import type { Instrument, OutcomeInstrument } from '../../../domain/instrument.js';
import type { Logger } from '../../../engine/logger.js';
import type { CatalogSource } from '../../../engine/market-feed.js';
import { ArbiterError } from '../../../domain/errors.js';
import { httpJson } from '../../shared/http-json.js';
import { ClobMarketsPageSchema, fromClobMarket, fromGammaMarket, toOutcomeInstruments, type PolymarketMarket, type PolymarketTokenInfo } from './map-market.js';

export const POLYMARKET_CLOB_URL = 'https://clob.polymarket.com';
export const POLYMARKET_GAMMA_URL = 'https://gamma-api.polymarket.com';
export const INITIAL_CURSOR = 'MA==';
export const END_CURSOR = 'LTE=';

export interface PolymarketCatalogOptions {
  /** CLOB REST base (default production); tests point it at the simulator. */
  readonly restUrl?: string;
  /** Gamma base; used when `slugs` are given. */
  readonly gammaUrl?: string;
  /** Walk the CLOB `/markets` pages (default true unless `slugs` are given). */
  readonly scanClob?: boolean;
  /** Gamma market slugs to look up directly (batched, `closed=false`). */
  readonly slugs?: readonly string[];
  /** Keep markets whose slug or question matches (default: all). */
  readonly match?: RegExp;
  readonly includeClosed?: boolean;
  /** Safety stop for the cursor walk. */
  readonly maxPages?: number;
  readonly timeoutMs?: number;
  readonly logger?: Logger;
}

export class PolymarketCatalogSource implements CatalogSource {
  readonly venue = 'polymarket' as const;
  /** Markets kept by the last load, by condition id. */
  readonly markets = new Map<string, PolymarketMarket>();
  /** Per-token facts from the last load (tick, minimum size, neg-risk, condition id). */
  readonly tokens = new Map<string, PolymarketTokenInfo>();
  /** Market objects skipped because they did not validate. */
  skipped = 0;
  private readonly restUrl: string;
  private readonly gammaUrl: string;

  constructor(private readonly options: PolymarketCatalogOptions = {}) {
    this.restUrl = (options.restUrl ?? POLYMARKET_CLOB_URL).replace(/\/$/, '');
    this.gammaUrl = (options.gammaUrl ?? POLYMARKET_GAMMA_URL).replace(/\/$/, '');
  }

  /**
   * @throws ArbiterError (ARB_VENUE_TRANSIENT / ARB_VENUE_REJECTED / ARB_PARSE_FRAME) when a page cannot be fetched or read.
   */
  async load(): Promise<readonly Instrument[]> {
    const found = new Map<string, PolymarketMarket>();
    const scanClob = this.options.scanClob ?? (this.options.slugs === undefined || this.options.slugs.length === 0);
    if (scanClob) for (const m of await this.fetchClobMarkets()) this.keep(m, found);
    if (this.options.slugs !== undefined && this.options.slugs.length > 0) for (const m of await this.fetchGammaMarkets(this.options.slugs)) this.keep(m, found);
    this.markets.clear();
    this.tokens.clear();
    const out: OutcomeInstrument[] = [];
    for (const m of found.values()) {
      this.markets.set(m.conditionId, m);
      for (const t of m.tokens) this.tokens.set(t.tokenId, { conditionId: m.conditionId, tickSize: m.tickSize, minSize: m.minSize, negRisk: m.negRisk });
      out.push(...toOutcomeInstruments(m));
    }
    return out;
  }

  private keep(m: PolymarketMarket, into: Map<string, PolymarketMarket>): void {
    if (m.closed && this.options.includeClosed !== true) return;
    const re = this.options.match;
    if (re !== undefined) {
      re.lastIndex = 0;
      const hit = re.test(m.slug) || ((re.lastIndex = 0), re.test(m.question));
      if (!hit) return;
    }
    into.set(m.conditionId, m);
  }

  /** Every CLOB market, following `next_cursor` until "LTE=". */
  async fetchClobMarkets(): Promise<PolymarketMarket[]> {
    const out: PolymarketMarket[] = [];
    const maxPages = this.options.maxPages ?? 10_000;
    let cursor = INITIAL_CURSOR;
    for (let page = 0; cursor !== END_CURSOR; page++) {
      if (page >= maxPages) throw new ArbiterError('ARB_VENUE_REJECTED', `polymarket /markets: more than ${maxPages} pages`, { venue: 'polymarket' });
      const raw = await httpJson(`${this.restUrl}/markets?next_cursor=${encodeURIComponent(cursor)}`, { venue: 'polymarket', timeoutMs: this.options.timeoutMs });
      const parsed = ClobMarketsPageSchema.safeParse(raw);
      if (!parsed.success) throw new ArbiterError('ARB_PARSE_FRAME', 'polymarket /markets: page is not {next_cursor, data[]}', { venue: 'polymarket' });
      for (const m of parsed.data.data) this.mapOrSkip(m, fromClobMarket, out);
      const next = parsed.data.next_cursor;
      if (next === '' || next === cursor) break; // "" would restart from the beginning
      cursor = next;
    }
    return out;
  }

  /** Gamma markets by slug, 20 slugs per request, open ones only unless includeClosed. */
  async fetchGammaMarkets(slugs: readonly string[]): Promise<PolymarketMarket[]> {
    const out: PolymarketMarket[] = [];
    for (let i = 0; i < slugs.length; i += 20) {
      const qs = new URLSearchParams();
      for (const s of slugs.slice(i, i + 20)) qs.append('slug', s);
      if (this.options.includeClosed !== true) qs.set('closed', 'false');
      const raw = await httpJson(`${this.gammaUrl}/markets?${qs.toString()}`, { venue: 'polymarket', timeoutMs: this.options.timeoutMs });
      if (!Array.isArray(raw)) throw new ArbiterError('ARB_PARSE_FRAME', 'polymarket Gamma /markets: response is not an array', { venue: 'polymarket' });
      for (const m of raw as unknown[]) this.mapOrSkip(m, fromGammaMarket, out);
    }
    return out;
  }

  private mapOrSkip(raw: unknown, map: (raw: unknown) => PolymarketMarket, out: PolymarketMarket[]): void {
    try {
      out.push(map(raw));
    } catch (error) {
      this.skipped++;
      if (this.skipped <= 10) this.options.logger?.warn({ venue: 'polymarket', err: error instanceof Error ? error.message : String(error) }, 'market skipped');
    }
  }
}
