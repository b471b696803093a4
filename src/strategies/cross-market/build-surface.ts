/**
 * The live vol surface from fresh Deribit quotes: every option with an IV (mark, else bid/ask mid)
 * goes to `volSurfaceFromQuotes`, which keeps the OTM side per strike; the forward per expiry is a
 * fresh dated future's mid when one is listed for that expiry, else the options' own underlying
 * price. Spot is the latest fresh index. Quotes older than `deribit.maxQuoteAgeMs` are left out.
 */
import { midPrice } from '../../domain/market-event.js';
import { CalendarVolTime, WeightedVolTime, hourWeightsFromVols, volSurfaceFromQuotes, type OptionQuote, type VolSurface, type VolTime } from '../../pricing/index.js';
import { yearsBetween } from '../../domain/time.js';
import type { CrossMarketConfig } from './config.js';
import type { CrossMarketUniverse } from './discovery.js';
import type { QuoteStore } from './quote-store.js';

export interface MarketIvPoint {
  readonly strike: number;
  readonly right: 'call' | 'put';
  /** Mark IV as a fraction. */
  readonly iv: number;
}

export interface ExpirySmile {
  readonly expiryMs: number;
  readonly years: number;
  readonly forward: number;
  /** Model vol at the forward. */
  readonly atmVol: number;
  /** Market IVs of every fresh option of the expiry (calls and puts). */
  readonly market: readonly MarketIvPoint[];
}

export interface SurfaceBuild {
  readonly surface: VolSurface;
  readonly spot: number;
  /** Smile points after the OTM choice per strike (what the surface is fitted to). */
  readonly ivPoints: number;
  /** Fresh option quotes with an IV that went in. */
  readonly quotes: number;
  readonly stale: number;
  readonly smiles: readonly ExpirySmile[];
}

/** The clock the config asks for. */
export function volTimeOf(config: CrossMarketConfig): VolTime {
  return config.volTime === 'weighted' && config.hourlyVols ? new WeightedVolTime({ hourWeights: hourWeightsFromVols(config.hourlyVols) }) : new CalendarVolTime();
}

/** Null when no fresh quote with an IV (or no spot) is available. */
export function buildSurface(store: QuoteStore, universe: CrossMarketUniverse, config: CrossMarketConfig, nowMs: number, volTime: VolTime): SurfaceBuild | null {
  const maxAge = config.deribit.maxQuoteAgeMs;
  const futureForward = new Map<number, number>();
  for (const [symbol, f] of universe.deribitFutures) {
    const q = store.deribit.get(symbol);
    if (!q || nowMs - q.updatedMs > maxAge) continue;
    const mid = midPrice(q.event) ?? q.event.mark;
    if (mid !== null && mid > 0) futureForward.set(f.expiryMs, mid);
  }
  const quotes: OptionQuote[] = [];
  const market = new Map<number, MarketIvPoint[]>();
  let stale = 0;
  for (const [symbol, o] of universe.deribitOptions) {
    const q = store.deribit.get(symbol);
    if (!q) continue;
    if (nowMs - q.updatedMs > maxAge) {
      stale++;
      continue;
    }
    if (o.expiryMs <= nowMs) continue;
    const t = q.event;
    const iv = t.markIv ?? (t.bidIv !== null && t.askIv !== null ? 0.5 * (t.bidIv + t.askIv) : null);
    if (iv === null || !(iv > 0) || iv > config.deribit.maxIv) continue;
    const forward = futureForward.get(o.expiryMs) ?? t.underlying ?? undefined;
    quotes.push({
      strike: o.strike, expiryMs: o.expiryMs, right: o.right, markIvPct: iv * 100,
      ...(t.bidIv !== null ? { bidIvPct: t.bidIv * 100 } : {}),
      ...(t.askIv !== null ? { askIvPct: t.askIv * 100 } : {}),
      ...(forward !== undefined && forward > 0 ? { underlyingPrice: forward } : {}),
    });
    const list = market.get(o.expiryMs) ?? [];
    list.push({ strike: o.strike, right: o.right, iv });
    market.set(o.expiryMs, list);
  }
  const spot = store.indexUsd !== null && nowMs - store.indexMs <= maxAge ? store.indexUsd : null;
  if (quotes.length === 0 || spot === null) return null;
  const surface = volSurfaceFromQuotes({ asOfMs: nowMs, quotes, spot, maxIvPct: config.deribit.maxIv * 100, volTime });
  const smiles = [...market.keys()].sort((a, b) => a - b).map((expiryMs): ExpirySmile => {
    const years = yearsBetween(nowMs, expiryMs);
    const forward = surface.forward(years);
    return { expiryMs, years, forward, atmVol: surface.vol(forward, years), market: market.get(expiryMs)!.sort((a, b) => a.strike - b.strike) };
  });
  const ivPoints = surface.smiles.reduce((n, sm) => n + sm.points.length, 0);
  return { surface, spot, ivPoints, quotes: quotes.length, stale, smiles };
}
