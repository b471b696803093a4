/**
 * Dashboard update latency: from an engine event to the page, with 100 WebSocket clients
 * subscribed to the strategy's topic. Each event is ingested by a real Engine, dispatched to a
 * strategy whose state (≈10 KB of JSON, like CrossMarket's) records it, and pushed through the
 * dashboard server; a client's latency is the time until it first holds a state that includes
 * the event. Sparse events (one per 150 ms, slower than the 100 ms push interval) measure the
 * pipeline itself; a 100 Hz burst shows the coalescing bound. Reference, same run: a bare `ws`
 * server broadcasting a frame of the same size to 100 clients (send → receive). Clients run in
 * this process, so their parsing competes with the server, as the reference's does.
 */
import { WebSocket, WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { benchRow, type BenchRow, type BenchSuite } from '../bench/bench-row.js';
import { OrderJournal } from '../cli/session/order-journal.js';
import { createSessionDashboardSource } from '../cli/session/session-dashboard-source.js';
import type { TickerEvent } from '../domain/market-event.js';
import { WallClock } from '../engine/clock.js';
import { Engine } from '../engine/engine.js';
import { silentLogger } from '../engine/logger.js';
import { Portfolio } from '../engine/portfolio/portfolio.js';
import type { Strategy } from '../engine/strategy.js';
import { startDashboard } from './dashboard-server.js';

const CLIENTS = 100;
/** Events sent before measuring (JIT and socket warm-up), in both the dashboard and the reference. */
const WARMUP = 5;

class SeqStrategy implements Strategy {
  readonly name = 'bench';
  readonly venues = ['deribit'] as const;
  seq = 0;
  /** Fixed ballast so frames are CrossMarket-sized. */
  private readonly points = Array.from({ length: 120 }, (_, i) => ({ strike: 80_000 + i * 250, right: i % 2 ? 'put' : 'call', marketIv: 0.5 + i / 1e4, modelIv: 0.5 + i / 1.1e4 }));
  discoverSubscriptions() {
    return [{ venue: 'deribit' as const, symbol: 'BTC-PERPETUAL' }];
  }
  onEvent(e: { tsVenue: number | null }): void {
    this.seq = e.tsVenue ?? 0;
  }
  state(): unknown {
    return { seq: this.seq, smiles: [{ expiryMs: 0, points: this.points }] };
  }
}

function ticker(seq: number): TickerEvent {
  return {
    kind: 'ticker', venue: 'deribit', symbol: 'BTC-PERPETUAL', tsVenue: seq, tsLocal: Date.now(), priceCurrency: 'USD', bid: 1, bidSize: 1, ask: 2, askSize: 1,
    last: null, mark: null, index: null, underlying: null, markIv: null, bidIv: null, askIv: null, greeks: null, openInterest: null,
  };
}

function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function openClients(url: string, n: number, onMessage: (i: number, data: string) => void, hello?: string): Promise<WebSocket[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('message', (data) => onMessage(i, String(data)));
    ws.once('open', () => {
      if (hello) ws.send(hello);
      resolve(ws);
    });
    ws.once('error', reject);
  })));
}

/** Dashboard: latency per (event, client) in ms. */
async function dashboardLatencies(events: number, gapMs: number): Promise<{ latencies: number[]; frameBytes: number }> {
  const strategy = new SeqStrategy();
  const engine = new Engine({ strategies: [strategy], clock: new WallClock(), logger: silentLogger, refreshIntervalMs: 3_600_000 });
  await engine.start();
  const listeners = new Set<() => void>();
  const source = createSessionDashboardSource({
    mode: 'bench', logger: silentLogger,
    accounts: () => [{
      name: 'bench', strategies: [strategy], engine, portfolio, journal, router: { cancel: async () => {} }, orders: 0, fills: 0,
    }],
    venues: () => [], traffic: () => ({ events: 0, lastEventMs: null }), feed: () => undefined,
    onActivity: (l) => (listeners.add(l), () => listeners.delete(l)),
  });
  const portfolio = new Portfolio({ initialCash: [{ venue: 'deribit', currency: 'USDC', amount: 1_000 }] });
  const journal = new OrderJournal('bench');
  const server = await startDashboard({ source, logger: silentLogger, port: 0, sampleIntervalMs: 60_000 });
  const sentAt = new Map<number, number>();
  const seen = new Array<number>(CLIENTS).fill(0);
  const latencies: number[] = [];
  let frameBytes = 0;
  let frames = 0;
  const clients = await openClients(`${server.url.replace('http', 'ws')}ws`, CLIENTS, (i, data) => {
    const now = performance.now();
    frames++;
    frameBytes = data.length;
    const seq = (JSON.parse(data) as { data: { state: { seq: number } } }).data.state.seq;
    for (let k = seen[i]! + 1; k <= seq; k++) {
      const t = sentAt.get(k);
      if (t !== undefined) latencies.push(now - t);
    }
    seen[i] = Math.max(seen[i]!, seq);
  }, JSON.stringify({ type: 'subscribe', topics: ['strategy:bench'] }));
  const deadline = Date.now() + 5_000;
  while (frames < CLIENTS && Date.now() < deadline) await sleep(10); // every client holds the first state
  await sleep(150);
  const total = WARMUP + events;
  for (let k = 1; k <= total; k++) {
    if (k > WARMUP) sentAt.set(k, performance.now());
    engine.ingest(ticker(k));
    for (const l of listeners) l();
    await sleep(gapMs);
  }
  const until = Date.now() + 5_000;
  while (seen.some((s) => s < total) && Date.now() < until) await sleep(10);
  for (const c of clients) c.close();
  await server.close();
  await engine.stop();
  return { latencies: latencies.sort((a, b) => a - b), frameBytes };
}

/** Reference: a bare ws server broadcasting a frame of `bytes` to 100 clients. */
async function broadcastLatencies(frames: number, gapMs: number, bytes: number): Promise<number[]> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const port = (wss.address() as AddressInfo).port;
  const latencies: number[] = [];
  let sentAt = 0;
  let measuring = false;
  const clients = await openClients(`ws://127.0.0.1:${port}`, CLIENTS, (_i, data) => {
    JSON.parse(data);
    if (measuring) latencies.push(performance.now() - sentAt);
  });
  while (wss.clients.size < CLIENTS) await sleep(5);
  const padding = 'x'.repeat(Math.max(0, bytes - 40));
  for (let k = 1; k <= WARMUP + frames; k++) {
    measuring = k > WARMUP;
    sentAt = performance.now();
    const frame = JSON.stringify({ topic: 'ref', seq: k, pad: padding });
    for (const c of wss.clients) c.send(frame);
    await sleep(gapMs);
  }
  const until = Date.now() + 5_000;
  while (latencies.length < frames * CLIENTS && Date.now() < until) await sleep(10);
  for (const c of clients) c.close();
  await new Promise<void>((r) => wss.close(() => r()));
  return latencies.sort((a, b) => a - b);
}

export const dashboardSuite: BenchSuite = {
  name: 'dashboard',
  async run({ scale, log }): Promise<readonly BenchRow[]> {
    const sparse = Math.max(8, Math.round(40 * scale));
    const burst = Math.max(20, Math.round(200 * scale));
    log(`dashboard: ${sparse} sparse events (150 ms apart) and ${burst} burst events (10 ms apart) to ${CLIENTS} clients`);
    const d = await dashboardLatencies(sparse, 150);
    const ref = await broadcastLatencies(sparse, 150, d.frameBytes);
    const b = await dashboardLatencies(burst, 10);
    const note = `${CLIENTS} clients, ${(d.frameBytes / 1024).toFixed(1)} KB frames; reference: bare ws broadcast of the same size to ${CLIENTS} clients (send → receive)`;
    return [
      benchRow('engine event → page p50, sparse', 'ms', quantile(d.latencies, 0.5), quantile(ref, 0.5), note),
      benchRow('engine event → page p99, sparse', 'ms', quantile(d.latencies, 0.99), quantile(ref, 0.99), note),
      benchRow('engine event → page p50, 100 Hz burst (100 ms coalescing)', 'ms', quantile(b.latencies, 0.5), quantile(ref, 0.5), `${note}; burst latency includes waiting for the next push (≤ 100 ms)`),
      benchRow('engine event → page p99, 100 Hz burst (100 ms coalescing)', 'ms', quantile(b.latencies, 0.99), quantile(ref, 0.99), note),
    ];
  },
};
