/**
 * What CrossMarket trades and watches, from the catalogs alone: Deribit options of the currency
 * (inverse, the IV source) and its dated futures (forwards), Derive options, and Polymarket
 * "<asset> above/below $K on <date>" markets whose question matches the pattern and that list both
 * a YES and a NO token. The horizon is measured from the last time the strategy saw (events or its
 * clock); before it has seen any, nothing is dropped for being too far out.
 */
import type { FutureInstrument, OptionInstrument, OutcomeInstrument } from '../../domain/instrument.js';
import { MS_PER_DAY } from '../../domain/time.js';
import type { CatalogView, SubscriptionSpec } from '../../engine/strategy.js';
import type { CrossMarketConfig } from './config.js';

export interface BinaryMarketRef {
  readonly marketId: string;
  readonly question: string;
  readonly strike: number;
  readonly expiryMs: number;
  readonly comparison: 'above' | 'below';
  readonly yes: OutcomeInstrument;
  readonly no: OutcomeInstrument;
}

export interface TokenRef {
  readonly market: BinaryMarketRef;
  readonly outcome: 'yes' | 'no';
}

export interface CrossMarketUniverse {
  readonly deribitOptions: ReadonlyMap<string, OptionInstrument>;
  readonly deribitFutures: ReadonlyMap<string, FutureInstrument>;
  readonly deriveOptions: ReadonlyMap<string, OptionInstrument>;
  readonly binaries: ReadonlyMap<string, BinaryMarketRef>;
  /** Token id → its market and outcome. */
  readonly tokens: ReadonlyMap<string, TokenRef>;
}

export const EMPTY_UNIVERSE: CrossMarketUniverse = {
  deribitOptions: new Map(), deribitFutures: new Map(), deriveOptions: new Map(), binaries: new Map(), tokens: new Map(),
};

/** "Bitcoin above $100,000 on March 15?" → "bitcoin-above-100000-on-march-15" (the seed matched slugs of this form). */
export function questionSlug(question: string): string {
  return question.toLowerCase().replace(/[$,?']/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

function inHorizon(expiryMs: number, nowMs: number | null, horizonMs: number): boolean {
  if (nowMs === null) return true;
  return expiryMs > nowMs && expiryMs <= nowMs + horizonMs;
}

/** Picks the instruments; pure (no clock: `nowMs` is the last time the strategy saw, or null). */
export function discoverUniverse(catalogs: CatalogView, config: CrossMarketConfig, nowMs: number | null): CrossMarketUniverse {
  const horizonMs = config.maxExpiryDays * MS_PER_DAY;
  const deribitOptions = new Map<string, OptionInstrument>();
  const deribitFutures = new Map<string, FutureInstrument>();
  for (const i of catalogs.instruments('deribit')) {
    if (i.kind === 'option' && i.underlying === config.currency && i.settlement === 'inverse' && inHorizon(i.expiryMs, nowMs, horizonMs)) deribitOptions.set(i.symbol, i);
    else if (i.kind === 'future' && i.underlying === config.currency && i.settlement === 'inverse' && inHorizon(i.expiryMs, nowMs, horizonMs)) deribitFutures.set(i.symbol, i);
  }
  const deriveOptions = new Map<string, OptionInstrument>();
  if (config.derive.enabled) {
    for (const i of catalogs.instruments('derive')) {
      if (i.kind === 'option' && i.underlying === config.currency && inHorizon(i.expiryMs, nowMs, horizonMs)) deriveOptions.set(i.symbol, i);
    }
  }
  const pattern = new RegExp(config.polymarketPattern, 'i');
  const byMarket = new Map<string, OutcomeInstrument[]>();
  for (const i of catalogs.instruments('polymarket')) {
    if (i.kind !== 'outcome' || i.underlying !== config.currency || i.strike === undefined || i.expiryMs === undefined) continue;
    if (!inHorizon(i.expiryMs, nowMs, horizonMs)) continue;
    if (!pattern.test(i.question) && !pattern.test(questionSlug(i.question))) continue;
    const list = byMarket.get(i.marketId);
    if (list) list.push(i);
    else byMarket.set(i.marketId, [i]);
  }
  const binaries = new Map<string, BinaryMarketRef>();
  const tokens = new Map<string, TokenRef>();
  for (const [marketId, outcomes] of byMarket) {
    const yes = outcomes.find((o) => o.outcome.toLowerCase() === 'yes');
    const no = outcomes.find((o) => o.outcome.toLowerCase() === 'no');
    if (!yes || !no) continue;
    const market: BinaryMarketRef = {
      marketId, question: yes.question, strike: yes.strike!, expiryMs: yes.expiryMs!, comparison: yes.comparison ?? 'above', yes, no,
    };
    binaries.set(marketId, market);
    tokens.set(yes.symbol, { market, outcome: 'yes' });
    tokens.set(no.symbol, { market, outcome: 'no' });
  }
  return { deribitOptions, deribitFutures, deriveOptions, binaries, tokens };
}

/** Tickers for options and futures; books (with sizes) and tickers for Polymarket tokens. */
export function universeSubscriptions(u: CrossMarketUniverse): SubscriptionSpec[] {
  const specs: SubscriptionSpec[] = [];
  for (const symbol of u.deribitOptions.keys()) specs.push({ venue: 'deribit', symbol, channels: ['ticker'] });
  for (const symbol of u.deribitFutures.keys()) specs.push({ venue: 'deribit', symbol, channels: ['ticker'] });
  for (const symbol of u.deriveOptions.keys()) specs.push({ venue: 'derive', symbol, channels: ['ticker'] });
  for (const symbol of u.tokens.keys()) specs.push({ venue: 'polymarket', symbol, channels: ['book', 'ticker'] });
  return specs;
}
