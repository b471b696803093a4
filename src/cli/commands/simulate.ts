/**
 * `arbiter simulate deribit|derive|polymarket|binance|coinbase|kraken|uniswap [--port N] [--seed N] [--tick-ms N] [--response-delay-ms N] [--duration S] [--accounts FILE]`:
 * runs a venue simulator on 127.0.0.1 speaking the venue's protocol, until interrupted. With
 * --accounts (binance, coinbase, kraken, uniswap) it also takes signed orders (uniswap: signed
 * transactions) from the file's test accounts.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { NotSupportedError } from '../../domain/errors.js';
import { DeribitSimulator } from '../../venues/deribit/index.js';
import { DeriveSimulator } from '../../venues/derive/index.js';
import { PolymarketSimulator } from '../../venues/polymarket/index.js';
import { BinanceSimulator } from '../../venues/binance/index.js';
import { CoinbaseSimulator } from '../../venues/coinbase/index.js';
import { KrakenSimulator } from '../../venues/kraken/index.js';
import { UniswapSimulator } from '../../venues/uniswap/index.js';
import { parsePositiveNumber } from '../options.js';
import { runFinnhubSimulator } from './simulate-finnhub.js';
import { ACCOUNT_VENUES, readSimulatorAccounts, type AccountVenue, type SimulatorAccounts } from './simulator-accounts.js';

/** Every venue with a simulator (the CEX venues, the Uniswap node and the three options/prediction venues). */
export const SIMULATED_VENUES = ['deribit', 'derive', 'polymarket', 'binance', 'coinbase', 'kraken', 'uniswap'] as const;
/** The venues the demo can run: it starts the simulators of those a strategy trades or the paper account holds cash on. */
export const DEMO_VENUES = SIMULATED_VENUES;
export type SimulatedVenue = (typeof SIMULATED_VENUES)[number];

export interface RunningSimulator {
  readonly venue: SimulatedVenue;
  /** WebSocket URL clients connect to. */
  readonly url: string;
  /** REST base URL. */
  readonly restUrl: string;
  /** The private WebSocket of signed order entry (Binance WS API, Coinbase user channel, Kraken ws-auth, Polymarket user channel), where the simulator has one. */
  readonly userUrl?: string;
  stop(): Promise<void>;
}

export interface SimulatorLaunchOptions {
  readonly port?: number;
  readonly seed?: number;
  readonly tickIntervalMs?: number;
  readonly startMs?: number;
  /** Every answer waits this long after the request was executed (a slow venue; the crash test's window for lost answers). */
  readonly responseDelayMs?: number;
  /** Test accounts for signed order entry (binance, coinbase, kraken, uniswap; simulator-accounts.ts). */
  readonly accounts?: SimulatorAccounts;
}

/** Starts one venue simulator (used by `arbiter simulate`, the demo and tests). */
export async function startSimulator(venue: SimulatedVenue, options: SimulatorLaunchOptions = {}): Promise<RunningSimulator> {
  const common = { port: options.port ?? 0, seed: options.seed ?? 1, tickIntervalMs: options.tickIntervalMs, startMs: options.startMs };
  const accounts = options.accounts;
  if (accounts !== undefined && accounts.venue !== venue) throw new NotSupportedError(`${venue} simulator: the accounts given are ${accounts.venue}'s`, { venue });
  switch (venue) {
    case 'deribit': {
      const sim = await DeribitSimulator.start(common);
      if (options.responseDelayMs) sim.slowResponses(options.responseDelayMs);
      return { venue, url: sim.url, restUrl: sim.restUrl, stop: () => sim.stop() };
    }
    case 'derive': {
      const sim = await DeriveSimulator.start(common);
      if (options.responseDelayMs) sim.slowResponses(options.responseDelayMs);
      return { venue, url: sim.url, restUrl: sim.restUrl, stop: () => sim.stop() };
    }
    case 'polymarket': {
      const sim = await PolymarketSimulator.start(common);
      if (options.responseDelayMs) sim.slowResponses(options.responseDelayMs);
      return { venue, url: sim.url, restUrl: sim.restUrl, userUrl: sim.userWsUrl, stop: () => sim.stop() };
    }
    case 'binance': {
      const sim = await BinanceSimulator.start({ ...common, accounts: accounts?.venue === 'binance' ? accounts.accounts : undefined });
      return { venue, url: sim.url, restUrl: sim.restUrl, userUrl: `${sim.url}/ws-api/v3`, stop: () => sim.stop() };
    }
    case 'coinbase': {
      const sim = await CoinbaseSimulator.start({ ...common, exchange: accounts?.venue === 'coinbase' && accounts.balances ? { balances: accounts.balances } : undefined });
      if (accounts?.venue === 'coinbase') for (const k of accounts.keys) sim.exchange.registerKey(k.name, k.publicKey);
      return { venue, url: sim.url, restUrl: sim.restUrl, userUrl: sim.userWsUrl, stop: () => sim.stop() };
    }
    case 'kraken': {
      const sim = await KrakenSimulator.start({ ...common, accounts: accounts?.venue === 'kraken' ? accounts.accounts : undefined });
      return { venue, url: sim.url, restUrl: sim.restUrl, userUrl: sim.authUrl, stop: () => sim.stop() };
    }
    case 'uniswap': {
      // One block (and one noise-trader swap) per tick: default 1 s.
      const sim = await UniswapSimulator.start({ port: common.port, seed: common.seed, startMs: common.startMs, tickIntervalMs: options.tickIntervalMs ?? 1_000, accounts: accounts?.venue === 'uniswap' ? accounts.accounts : undefined });
      return { venue, url: sim.url, restUrl: sim.restUrl, stop: () => sim.stop() };
    }
  }
}

function parseSimulatedVenue(value: string): SimulatedVenue | 'finnhub' {
  if ((SIMULATED_VENUES as readonly string[]).includes(value) || value === 'finnhub') return value as SimulatedVenue | 'finnhub';
  throw new InvalidArgumentError(`venue must be one of ${SIMULATED_VENUES.join(', ')} (or finnhub, market data only), got "${value}"`);
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description(`run a venue simulator on 127.0.0.1 speaking the venue protocol (${SIMULATED_VENUES.join(', ')}; finnhub: market data only)`)
    .argument('<venue>', `${SIMULATED_VENUES.join(' | ')} | finnhub`, parseSimulatedVenue)
    .option('--port <n>', 'port (default: a free one)', parsePositiveNumber('--port'))
    .option('--seed <n>', 'seed of the market model', parsePositiveNumber('--seed'), 1)
    .option('--tick-ms <n>', 'market-data publication period in ms', parsePositiveNumber('--tick-ms'))
    .option('--response-delay-ms <n>', 'answer every request this many ms after executing it (a slow venue)', parsePositiveNumber('--response-delay-ms'))
    .option('--duration <seconds>', 'stop after this many seconds (default: run until interrupted)', parsePositiveNumber('--duration'))
    .option('--accounts <file>', `JSON test accounts taking signed orders (${ACCOUNT_VENUES.join(', ')}; docs/simulators.md)`)
    .action(async (venue: SimulatedVenue | 'finnhub', opts: { port?: number; seed: number; tickMs?: number; responseDelayMs?: number; duration?: number; accounts?: string }) => {
      if (venue === 'finnhub') return runFinnhubSimulator(opts);
      let accounts: SimulatorAccounts | undefined;
      if (opts.accounts !== undefined) {
        if (!(ACCOUNT_VENUES as readonly string[]).includes(venue)) throw new NotSupportedError(`--accounts: the ${venue} simulator has no configurable test accounts (only ${ACCOUNT_VENUES.join(', ')})`, { venue });
        accounts = readSimulatorAccounts(opts.accounts, venue as AccountVenue);
      }
      const sim = await startSimulator(venue, { port: opts.port, seed: opts.seed, tickIntervalMs: opts.tickMs, responseDelayMs: opts.responseDelayMs, accounts });
      const count = accounts === undefined ? '' : `${accountCount(accounts)} test account${accountCount(accounts) === 1 ? '' : 's'}`;
      const user = sim.userUrl === undefined
        ? (accounts === undefined ? '' : `  accounts:  ${count} (signed transactions on the rest URL)\n`)
        : `  user:      ${sim.userUrl}${accounts === undefined ? ' (no test accounts: --accounts FILE)' : ` (${count})`}\n`;
      process.stdout.write(`${venue} simulator (seed ${opts.seed})\n  websocket: ${sim.url}\n  rest:      ${sim.restUrl}\n${user}`);
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        const done = (): void => resolve();
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
        if (opts.duration !== undefined) timer = setTimeout(done, opts.duration * 1000);
      });
      // A signal before the --duration ends: the pending timer would keep the process alive until then.
      clearTimeout(timer);
      await sim.stop();
    });
}

function accountCount(a: SimulatorAccounts): number {
  return a.venue === 'coinbase' ? a.keys.length : a.accounts.length;
}
