/**
 * One transaction's OrderFilled events (of one market) → one trade: the liquidity taker and the
 * makers it matched, each read from its order maker's perspective, with the consistency checks of
 * the exchange's matching rules. Amounts are compared exactly as bigint micro-units.
 *
 * Contract addresses: docs.polymarket.com "Contracts" (resources/contract-addresses), Polygon
 * mainnet. CLOB V1 exchanges and V2 exchanges (live since 2026-04-28) both count as exchanges.
 */
import type { OrderFilledFill } from './order-filled.js';

/** Exchange contracts: the taker of the liquidity taker's own OrderFilled event. Lower-case. */
export const EXCHANGE_CONTRACTS: ReadonlySet<string> = new Set([
  '0x4bfb41d5b3570defd03c39a9a4d8de6bd8b8982e', // CTF Exchange (V1)
  '0xc5d563a36ae78145c45a50134d48a1215220f80a', // Neg Risk CTF Exchange (V1)
  '0xe111180000d2663c0091e4f400237545b87b996b', // CTF Exchange (V2)
  '0xe2222d279d744050d28e00520010520000310f59', // Neg Risk CTF Exchange (V2)
]);

/**
 * Contracts that never trade as a party of a CLOB match; a fill naming one is not a trade. Compared
 * lower-case (the seed tool compared mixed-case constants to lower-case data, so this never fired).
 */
export const NON_TRADING_CONTRACTS: ReadonlyMap<string, string> = new Map([
  ['0x2791bca1f2de4661ed88a30c99a7a9449aa84174', 'USDC.e'],
  ['0xd91e80cf2e7be2e162c6513ced06f1dd0da35296', 'Neg Risk Adapter'],
  ['0x4d97dcd97ec945f40cf65f87097ace5ea0476045', 'Conditional Tokens (CTF)'],
]);

export type TradeAction = 'bought' | 'sold';

/** One party of a trade, from its order's perspective. Prices in USDC per share (0–1). */
export interface TradeSide {
  readonly user: string;
  readonly action: TradeAction;
  /** Outcome shares (token units ÷ 1e6). */
  readonly shares: number;
  /** Outcome token id. */
  readonly outcome: string;
  /** USDC per share; 0 when no shares changed hands. */
  readonly price: number;
  /** USDC paid (bought) or received (sold). */
  readonly usdc: number;
  readonly order_hash: string;
}

export interface ReconstructedTrade {
  /** Block time of the transaction, epoch milliseconds. */
  readonly timestamp: number;
  readonly transaction_hash: string;
  readonly taker: TradeSide;
  readonly makers: readonly TradeSide[];
}

/** Each consistency rule, as counted in the summary. */
export type FillRule =
  | 'contract-party' | 'no-special-fill' | 'multiple-special-fills' | 'special-taker' | 'no-collateral-leg'
  | 'maker-is-taker' | 'maker-taker-mismatch' | 'too-many-pairs'
  | 'mismatch-a' | 'mismatch-b' | 'mismatch-c' | 'mismatch-d' | 'shares' | 'cash';

export type ReconstructResult =
  | { readonly ok: true; readonly trade: ReconstructedTrade }
  | { readonly ok: false; readonly rule: FillRule; readonly message: string };

interface ExactSide {
  readonly user: string;
  readonly action: TradeAction;
  readonly shares: bigint;
  readonly usdc: bigint;
  readonly outcome: string;
  readonly order_hash: string;
}

const MICRO = 1_000_000;

function fail(rule: FillRule, message: string): ReconstructResult {
  return { ok: false, rule, message };
}

/** Reads a fill as its order maker saw it; null when neither asset is collateral. */
function makerPerspective(fill: OrderFilledFill): ExactSide | null {
  const makerAmount = BigInt(fill.maker_amount_filled);
  const takerAmount = BigInt(fill.taker_amount_filled);
  if (fill.maker_asset_id === '0' && fill.taker_asset_id !== '0') {
    return { user: fill.maker, action: 'bought', usdc: makerAmount, shares: takerAmount, outcome: fill.taker_asset_id, order_hash: fill.order_hash };
  }
  if (fill.maker_asset_id !== '0' && fill.taker_asset_id === '0') {
    return { user: fill.maker, action: 'sold', shares: makerAmount, usdc: takerAmount, outcome: fill.maker_asset_id, order_hash: fill.order_hash };
  }
  return null;
}

function toSide(s: ExactSide): TradeSide {
  return {
    user: s.user, action: s.action, shares: Number(s.shares) / MICRO, outcome: s.outcome,
    price: s.shares === 0n ? 0 : Number(s.usdc) / Number(s.shares), usdc: Number(s.usdc) / MICRO, order_hash: s.order_hash,
  };
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

function micro(x: bigint): string {
  const sign = x < 0n ? '-' : '';
  const a = abs(x);
  const frac = (a % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `${sign}${a / 1_000_000n}${frac === '' ? '' : `.${frac}`}`;
}

/** Fills in a stable order: by subgraph insertion order (vid), then id, then order hash. */
export function compareFills(a: OrderFilledFill, b: OrderFilledFill): number {
  if (a.vid !== null && b.vid !== null && a.vid !== b.vid) return a.vid.length - b.vid.length || (a.vid < b.vid ? -1 : 1);
  const ka = `${a.id ?? ''}|${a.order_hash}`;
  const kb = `${b.id ?? ''}|${b.order_hash}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export interface ReconstructOptions {
  /** Largest accepted |difference| in the share and cash checks, in micro-units (default 9, i.e. < 0.00001 as the seed tool). */
  readonly toleranceMicro?: bigint;
}

/**
 * Reconstructs the trade of one transaction (the fills of one market, in any order).
 *
 * Rules, in the order they are checked (the first failure is reported):
 * - no fill may name USDC, the Neg Risk Adapter or the CTF contract as maker or taker (`contract-party`);
 * - exactly one "special" fill has an exchange contract as maker or taker (`no-special-fill`,
 *   `multiple-special-fills`), and its taker is the exchange (`special-taker`); its maker is the
 *   liquidity taker;
 * - every fill swaps collateral for an outcome token (`no-collateral-leg`);
 * - every other fill's maker differs from the liquidity taker (`maker-is-taker`) and its taker is the
 *   liquidity taker (`maker-taker-mismatch`);
 * - the makers show at most two (action, outcome) pairs (`too-many-pairs`); two pairs differ in both
 *   action (`mismatch-a`: same action) and outcome (`mismatch-b`: same outcome);
 * - against the taker, a maker with the same action trades the other outcome (`mismatch-c`), and a
 *   maker with the other action the same outcome (`mismatch-d`);
 * - Σ maker shares = taker shares (`shares`);
 * - taker USDC = Σ over makers of (same action: shares − usdc, the complementary outcome's price being
 *   1 − p when shares are minted or merged; other action: usdc) (`cash`).
 */
export function reconstructTrade(fills: readonly OrderFilledFill[], options: ReconstructOptions = {}): ReconstructResult {
  const tolerance = options.toleranceMicro ?? 9n;
  const ordered = [...fills].sort(compareFills);
  if (ordered.length === 0) return fail('no-special-fill', 'No special fill found (no fills)');
  for (const f of ordered) {
    const party = NON_TRADING_CONTRACTS.get(f.maker) ?? NON_TRADING_CONTRACTS.get(f.taker);
    if (party !== undefined) return fail('contract-party', `Fill ${f.order_hash} has the ${party} contract as maker or taker`);
  }
  const special = ordered.filter((f) => EXCHANGE_CONTRACTS.has(f.maker) || EXCHANGE_CONTRACTS.has(f.taker));
  if (special.length === 0) return fail('no-special-fill', 'No special fill found (no fill has an exchange contract as maker or taker)');
  if (special.length > 1) return fail('multiple-special-fills', `Multiple special fills found (${special.length})`);
  const specialFill = special[0]!;
  if (!EXCHANGE_CONTRACTS.has(specialFill.taker)) return fail('special-taker', `Special fill's taker ${specialFill.taker} is not an exchange contract`);
  const taker = makerPerspective(specialFill);
  if (taker === null) return fail('no-collateral-leg', `Fill ${specialFill.order_hash} swaps tokens ${specialFill.maker_asset_id} and ${specialFill.taker_asset_id}: neither is collateral`);
  const makers: ExactSide[] = [];
  for (const f of ordered) {
    if (f === specialFill) continue;
    if (f.maker === taker.user) return fail('maker-is-taker', `Maker fill ${f.order_hash}: maker ${f.maker} is the liquidity taker`);
    if (f.taker !== taker.user) return fail('maker-taker-mismatch', `Maker fill ${f.order_hash}: taker ${f.taker} is not the liquidity taker ${taker.user}`);
    const side = makerPerspective(f);
    if (side === null) return fail('no-collateral-leg', `Fill ${f.order_hash} swaps tokens ${f.maker_asset_id} and ${f.taker_asset_id}: neither is collateral`);
    makers.push(side);
  }
  const pairs = new Map<string, { action: TradeAction; outcome: string }>();
  for (const m of makers) pairs.set(`${m.action}|${m.outcome}`, { action: m.action, outcome: m.outcome });
  const distinct = [...pairs.values()];
  if (distinct.length > 2) return fail('too-many-pairs', `Makers show ${distinct.length} distinct (action, outcome) pairs; at most 2 are possible`);
  if (distinct.length === 2) {
    const [p, q] = distinct as [(typeof distinct)[0], (typeof distinct)[0]];
    if (p.action === q.action) return fail('mismatch-a', `Mismatch A: the makers' two pairs share the action "${p.action}" (outcomes ${p.outcome}, ${q.outcome})`);
    if (p.outcome === q.outcome) return fail('mismatch-b', `Mismatch B: the makers' two pairs share the outcome ${p.outcome} (actions ${p.action}, ${q.action})`);
  }
  for (const p of distinct) {
    if (p.action === taker.action && p.outcome === taker.outcome) {
      return fail('mismatch-c', `Mismatch C: a maker ${p.action} the taker's outcome ${p.outcome} like the taker`);
    }
    if (p.action !== taker.action && p.outcome !== taker.outcome) {
      return fail('mismatch-d', `Mismatch D: a maker ${p.action} outcome ${p.outcome} while the taker ${taker.action} ${taker.outcome}`);
    }
  }
  let makerShares = 0n;
  let impliedCash = 0n;
  for (const m of makers) {
    makerShares += m.shares;
    impliedCash += m.action === taker.action ? m.shares - m.usdc : m.usdc;
  }
  if (abs(makerShares - taker.shares) > tolerance) {
    return fail('shares', `Maker shares ${micro(makerShares)} ≠ taker shares ${micro(taker.shares)}`);
  }
  if (abs(impliedCash - taker.usdc) > tolerance) {
    return fail('cash', `Taker cash ${micro(taker.usdc)} ≠ ${micro(impliedCash)} implied by the makers`);
  }
  return {
    ok: true,
    trade: { timestamp: ordered[0]!.timestamp * 1000, transaction_hash: ordered[0]!.transaction_hash, taker: toSide(taker), makers: makers.map(toSide) },
  };
}
