/**
 * The lab strategies in live mode with real signed order entry: a LiveSession (journal, risk gate,
 * the venues' authenticated execution clients with credentials from the environment) runs
 * TriArb-Binance and Pairs-ETH-BTC against the Binance simulator (HMAC-signed orders) and
 * MarketMaker-Coinbase against the Coinbase simulator (CDP JWTs), each simulator holding one test
 * account. Each strategy's orders are accepted and filled there, the venue's own list of the
 * account's fills is the journal's, and the simulated balances are what the journaled fills
 * imply (fees included), which is also what reconciliation with the venues finds. A halted risk
 * gate lets no order reach a venue.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArbiterConfig } from '../../src/cli/commands/config.js';
import { riskLimitsOf } from '../../src/cli/config/arbiter-config.js';
import { LiveSession } from '../../src/cli/session/live-session.js';
import { Journal } from '../../src/store/journal/journal.js';
import type { Fill } from '../../src/domain/order.js';
import { silentLogger } from '../../src/engine/logger.js';
import { BinanceExecutionClient, BinanceSimulator } from '../../src/venues/binance/index.js';
import { CoinbaseExecutionClient, CoinbaseSimulator } from '../../src/venues/coinbase/index.js';
import { parseCoinbasePrivateKey } from '../../src/venues/coinbase/execution/coinbase-jwt.js';

const BINANCE_KEY = 'labLiveKey0001';
const BINANCE_SECRET = 'labLiveSecretForTheSimulator';
const COINBASE_KEY = 'organizations/lab-org/apiKeys/lab-live';
const coinbaseKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const COINBASE_PEM = coinbaseKey.privateKey.export({ type: 'sec1', format: 'pem' }).toString();
const BINANCE_START = { USDT: 25_000, BTC: 0.5, ETH: 10 };
const COINBASE_START = { USD: 25_000, BTC: 0.5 };
const ENV = { BINANCE_API_KEY: BINANCE_KEY, BINANCE_API_SECRET: BINANCE_SECRET, COINBASE_API_KEY_NAME: COINBASE_KEY, COINBASE_API_PRIVATE_KEY: COINBASE_PEM };
const STRATEGIES = { 'TriArb-Binance': 'binance', 'Pairs-ETH-BTC': 'binance', 'MarketMaker-Coinbase': 'coinbase' } as const;

let dir: string;
let binance: BinanceSimulator;
let coinbase: CoinbaseSimulator;
const savedEnv: Record<string, string | undefined> = {};

function config(stateDir: string, initialState: 'active' | 'halted'): string {
  const cash = (venue: string, balances: Record<string, number>): string =>
    Object.entries(balances).map(([currency, amount]) => `[[live.cash]]\nvenue = "${venue}"\ncurrency = "${currency}"\namount = ${amount}`).join('\n\n');
  return `
[global]
log_level = "silent"
state_dir = "${stateDir}"

[venues.binance]
url = "${binance.url}"
rest_url = "${binance.restUrl}"
user_url = "${binance.url}/ws-api/v3"

[venues.coinbase]
url = "${coinbase.url}"
rest_url = "${coinbase.restUrl}"
user_url = "${coinbase.userWsUrl}"

${cash('binance', BINANCE_START)}

${cash('coinbase', COINBASE_START)}

[risk]
initial_state = "${initialState}"

[[strategies]]
type = "triangular_arbitrage"
name = "TriArb-Binance"
venue = "binance"
symbols = ["BTCUSDT", "ETHUSDT", "ETHBTC"]
start_asset = "USDT"
taker_fee = 0.001
min_profit_rate = 0.0005
max_start_amount = 1000

[[strategies]]
type = "market_making"
name = "MarketMaker-Coinbase"
venue = "coinbase"
symbol = "BTC-USD"
quote_size = 0.001
max_inventory = 0.01

[[strategies]]
type = "pairs_trading"
name = "Pairs-ETH-BTC"
sample_interval_ms = 200
hedge_window = 20
z_window = 15
entry_z = 1.5
stop_z = 5
notional = 1000

[strategies.leg_y]
venue = "binance"
symbol = "ETHUSDT"

[strategies.leg_x]
venue = "binance"
symbol = "BTCUSDT"
`;
}

async function session(name: string, initialState: 'active' | 'halted'): Promise<LiveSession> {
  const file = join(dir, `${name}.toml`);
  const stateDir = join(dir, name);
  await writeFile(file, config(stateDir, initialState));
  const { config: parsed, strategies } = await readArbiterConfig(file);
  const connections = {
    binance: { url: parsed.venues.binance?.url, restUrl: parsed.venues.binance?.rest_url, userWsUrl: parsed.venues.binance?.user_url },
    coinbase: { url: parsed.venues.coinbase?.url, restUrl: parsed.venues.coinbase?.rest_url, userWsUrl: parsed.venues.coinbase?.user_url },
  };
  return new LiveSession({
    strategies: strategies.map((s) => s.create()), connections, cash: parsed.live!.cash, logger: silentLogger, risk: riskLimitsOf(parsed.risk),
    catalogDb: join(dir, `${name}-catalog.sqlite`), catalogStaleMs: 3_600_000, refreshIntervalMs: 60_000, journalPath: join(dir, `${name}-journal.sqlite`),
  });
}

async function waitFor(what: () => string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starting balances plus what each fill moved: base and quote at the fill's price, the fee in its currency. */
function impliedBalances(start: Record<string, number>, fills: readonly Fill[], assetsOf: (symbol: string) => { base: string; quote: string }): Map<string, number> {
  const out = new Map(Object.entries(start));
  const add = (asset: string, amount: number): void => void out.set(asset, (out.get(asset) ?? 0) + amount);
  for (const f of fills) {
    const { base, quote } = assetsOf(f.symbol);
    const sign = f.side === 'buy' ? 1 : -1;
    add(base, sign * f.quantity);
    add(quote, -sign * f.quantity * f.price);
    add(f.feeCurrency, -f.fee);
  }
  return out;
}

function expectClose(actual: ReadonlyMap<string, number>, expected: ReadonlyMap<string, number>, venue: string): void {
  for (const asset of new Set([...actual.keys(), ...expected.keys()])) {
    const a = actual.get(asset) ?? 0;
    const e = expected.get(asset) ?? 0;
    expect(Math.abs(a - e), `${venue} ${asset}: simulator ${a}, journal implies ${e}`).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(a), Math.abs(e), 1));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arbiter-lab-live-'));
  binance = await BinanceSimulator.start({ seed: 5, accounts: [{ apiKey: BINANCE_KEY, apiSecret: BINANCE_SECRET, spot: BINANCE_START }] });
  coinbase = await CoinbaseSimulator.start({ seed: 5, exchange: { balances: COINBASE_START } });
  coinbase.exchange.registerKey(COINBASE_KEY, coinbaseKey.publicKey);
  for (const [k, v] of Object.entries(ENV)) {
    savedEnv[k] = process.env[k];
    process.env[k] = v;
  }
});

afterAll(async () => {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await Promise.all([binance?.stop(), coinbase?.stop()]);
  await rm(dir, { recursive: true, force: true });
});

describe('lab strategies live, signed orders against the simulators', () => {
  it('a halted risk gate lets no order through to the venues', async () => {
    const halted = await session('halted', 'halted');
    await halted.start();
    try {
      await waitFor(() => 'an order attempt', () => halted.orders > 0, 10_000);
      // Refused in front of the journal: nothing recorded, nothing sent.
      expect(halted.journal!.counts().orders).toBe(0);
    } finally {
      await halted.stop();
    }
    expect(coinbase.exchange.book.all()).toHaveLength(0);
    expect(coinbase.exchange.book.fills).toHaveLength(0);
    expect([...binance.trading.orders.accounts.get(BINANCE_KEY)!.assets].map(([a, b]) => [a, b.free + b.locked])).toEqual(Object.entries(BINANCE_START));
  }, 20_000);

  it('TriArb-Binance, Pairs-ETH-BTC and MarketMaker-Coinbase fill; the venues hold what the journal says', async () => {
    const live = await session('live', 'active');
    const fillsOf = (journal: Journal): Record<string, Record<string, number>> => {
      const out: Record<string, Record<string, number>> = {};
      for (const f of journal.fills()) {
        const key = journal.order(f.clientOrderId)?.strategyKey ?? '(adopted)';
        const perVenue = (out[key] ??= {});
        perVenue[f.venue] = (perVenue[f.venue] ?? 0) + 1;
      }
      return out;
    };
    const everyStrategyFilled = (fills: Record<string, Record<string, number>>): boolean => Object.entries(STRATEGIES).every(([name, venue]) => (fills[name]?.[venue] ?? 0) > 0);
    await live.start();
    try {
      await waitFor(() => `fills of every strategy (have ${JSON.stringify(fillsOf(live.journal!))})`, () => everyStrategyFilled(fillsOf(live.journal!)), 25_000);
    } finally {
      await live.stop();
    }
    expect(live.unaccountedFills).toBe(0);

    const journal = new Journal(join(dir, 'live-journal.sqlite'));
    try {
      const perStrategy = fillsOf(journal);
      // Only the strategies' own orders traded: nothing adopted from the venues, every fill on its strategy's venue.
      expect(Object.keys(perStrategy).sort()).toEqual(Object.keys(STRATEGIES).sort());
      for (const [name, venue] of Object.entries(STRATEGIES)) expect(Object.keys(perStrategy[name]!), name).toEqual([venue]);
      process.stdout.write(`lab strategies live: journal fills ${JSON.stringify(perStrategy)}\n`);
      // Market making requoted by amending its Coinbase quotes in place (edit), journaled around each request.
      const amends = [];
      for (let n = 1; journal.order(`MarketMaker-Coinbase-${n}`) !== undefined; n++) amends.push(...journal.amendsOf(`MarketMaker-Coinbase-${n}`));
      expect(amends.filter((a) => a.outcome === 'done').length).toBeGreaterThan(0);
      expect(amends.filter((a) => a.outcome === 'unknown')).toEqual([]);
      // Reconciliation (start, stop) found the venues where the journal says: spot pairs are balances, not positions.
      expect(journal.reconciliationEvents().filter((e) => e.kind !== 'balance_recorded').map((e) => [e.kind, e.venue, e.detail])).toEqual([]);

      // The venues' own record of the account's trades, asked with signed requests, is the journal's.
      expect(binance.trading.authFailures).toBe(0);
      const binanceClient = new BinanceExecutionClient({
        logger: silentLogger, credentials: { apiKey: BINANCE_KEY, apiSecret: BINANCE_SECRET }, spotRestUrl: binance.restUrl, futuresRestUrl: binance.restUrl,
        spotWsApiUrl: `${binance.url}/ws-api/v3`, futuresWsUrl: binance.url, markets: ['spot'], symbols: ['BTCUSDT', 'ETHUSDT', 'ETHBTC'],
      });
      const coinbaseClient = new CoinbaseExecutionClient({ key: parseCoinbasePrivateKey(COINBASE_KEY, COINBASE_PEM), logger: silentLogger, restUrl: coinbase.restUrl, userWsUrl: coinbase.userWsUrl });
      const tradeIds = (fills: readonly Fill[]): string[] => fills.map((f) => f.tradeId).sort();
      try {
        await Promise.all([binanceClient.start(), coinbaseClient.start()]);
        expect(tradeIds(await binanceClient.fillsSince(0))).toEqual(tradeIds(journal.fills('binance')));
        expect(tradeIds(await coinbaseClient.fillsSince(0))).toEqual(tradeIds(journal.fills('coinbase')));
      } finally {
        await Promise.all([binanceClient.close(), coinbaseClient.close()]);
      }

      // Balances: the starting ones moved by every journaled fill (price × quantity, fee in its currency).
      const binanceAssets = (symbol: string): { base: string; quote: string } => binance.symbols.find((x) => x.market === 'spot' && x.wire === symbol)!;
      const account = binance.trading.orders.accounts.get(BINANCE_KEY)!;
      expectClose(new Map([...account.assets].map(([asset, b]) => [asset, b.free + b.locked])), impliedBalances(BINANCE_START, journal.fills('binance'), binanceAssets), 'binance');
      const coinbaseAssets = (symbol: string): { base: string; quote: string } => ({ base: symbol.split('-')[0]!, quote: symbol.split('-')[1]! });
      const coinbaseExpected = impliedBalances(COINBASE_START, journal.fills('coinbase'), coinbaseAssets);
      expectClose(new Map([...coinbaseExpected.keys(), 'ETH'].map((c) => [c, coinbase.exchange.book.balance(c).total])), coinbaseExpected, 'coinbase');
      expect(journal.fills('coinbase').every((f) => f.fee > 0 && f.feeCurrency === 'USD')).toBe(true);
    } finally {
      journal.close();
    }
  }, 40_000);
});
