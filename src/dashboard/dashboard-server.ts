/**
 * The dashboard server: the bundled front end, a REST API over the session, and a WebSocket
 * that pushes coalesced topic updates (`overview`, `trading`, `strategy:<name>`). Bound to
 * 127.0.0.1 by default; beyond loopback every request needs the token (see dashboard-auth.ts).
 * Every response carries a strict Content-Security-Policy; the page sets all data as text.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { z } from 'zod';
import { ArbiterError } from '../domain/errors.js';
import type { Logger } from '../engine/logger.js';
import { listBacktestReports, loadBacktestReport } from './backtest-reports.js';
import { STUDIES } from '../lab/studies/registry.js';
import type { Study } from '../lab/studies/study.js';
import { ensureWebBundle, WEB_DIST_DIR } from './build-web.js';
import { checkAccess, isLoopbackAddress, requiredToken, TOKEN_COOKIE, tokenMatches } from './dashboard-auth.js';
import type { DashboardSource } from './dashboard-source.js';
import { registerLabRoutes } from './lab-routes.js';
import { LivePublisher } from './live-publisher.js';
import { SessionSampler } from './session-sampler.js';
import { TRADING_STATES } from './trading-control.js';
import { schemaFor, strategyState } from './widget-schema.js';

export const DEFAULT_DASHBOARD_PORT = 8079;
export const DEFAULT_DASHBOARD_BIND = '127.0.0.1';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'", "font-src 'self'",
  "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'",
].join('; ');

export interface DashboardServerOptions {
  readonly source: DashboardSource;
  readonly logger: Logger;
  /** 0 picks a free port. Default 8079. */
  readonly port?: number;
  /** Default 127.0.0.1; any other address requires `token`. */
  readonly bind?: string;
  /** ARBITER_DASHBOARD_TOKEN (the CLI reads the environment; this module does not). */
  readonly token?: string;
  /** Directory of backtest reports (`<strategy>_report.json` + `_history.csv`) for the viewer. */
  readonly reportDir?: string;
  /** Minimum time between pushed updates; default 100 ms. */
  readonly pushIntervalMs?: number;
  /** Equity/rate sampling period; default 1000 ms. */
  readonly sampleIntervalMs?: number;
  /** Studies served on the Lab pages; default the registry (`STUDIES`). */
  readonly labStudies?: readonly Study[];
  /** Where the bundled front end is; default dist-web/ (rebuilt when stale). */
  readonly webDir?: string;
}

export interface DashboardServer {
  /** http://host:port/ */
  readonly url: string;
  readonly port: number;
  readonly publisher: LivePublisher;
  close(): Promise<void>;
}

const SubscribeMessage = z.strictObject({ type: z.literal('subscribe'), topics: z.array(z.string().max(200)).max(32) });
const EnabledBody = z.strictObject({ enabled: z.boolean() });
const ControlBody = z.strictObject({ state: z.enum(TRADING_STATES as ['active', 'reducing', 'halted']) });

function statusOf(error: unknown): number {
  if (error instanceof z.ZodError) return 400;
  if (error instanceof ArbiterError) {
    if (error.code === 'ARB_INPUT_INVALID') return 404;
    if (error.code === 'ARB_ENGINE_STATE' || error.code === 'ARB_NOT_SUPPORTED') return 409;
    if (error.code === 'ARB_INPUT_FILE') return 422;
  }
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

/**
 * Starts the dashboard on `bind:port` (building the front end first when needed).
 * @throws ConfigError when bound beyond loopback without ARBITER_DASHBOARD_TOKEN.
 */
export async function startDashboard(options: DashboardServerOptions): Promise<DashboardServer> {
  const bind = options.bind ?? DEFAULT_DASHBOARD_BIND;
  const token = requiredToken(bind, options.token);
  const loopback = isLoopbackAddress(bind);
  const webDir = options.webDir ?? WEB_DIST_DIR;
  if (options.webDir === undefined) await ensureWebBundle();
  const { source, logger } = options;
  const sampler = new SessionSampler(source);
  sampler.sample(Date.now());

  const overview = (): unknown => {
    const strategies = source.strategies();
    const sum = (pick: (s: (typeof strategies)[number]) => number | null): number | null =>
      strategies.reduce<number | null>((acc, s) => (acc === null || pick(s) === null ? null : acc + pick(s)!), 0);
    return {
      ts: Date.now(), mode: source.mode, control: { state: source.control.state(), states: source.control.states },
      totals: { equityUsd: sum((s) => s.equityUsd), pnlUsd: sum((s) => s.pnlUsd), exposureUsd: sum((s) => s.exposureUsd), feesUsd: sum((s) => s.feesUsd) },
      strategies, venues: sampler.venues(),
    };
  };
  const strategyView = (name: string): unknown => {
    const strategy = source.strategy(name);
    if (!strategy) return undefined;
    const enabled = source.strategies().find((s) => s.name === name)?.enabled ?? false;
    return { name, enabled, state: strategyState(strategy) };
  };
  const build = (topic: string): unknown => {
    if (topic === 'overview') return overview();
    if (topic === 'trading') return { positions: source.positions(), orders: source.orders().slice(0, 200), fills: source.fills().slice(0, 200) };
    if (topic.startsWith('strategy:')) return strategyView(topic.slice('strategy:'.length));
    return undefined;
  };
  const publisher = new LivePublisher({
    build, minIntervalMs: options.pushIntervalMs,
    onError: (topic, error) => logger.warn({ topic, err: error }, 'dashboard: building a topic failed'),
  });
  const unsubscribe = source.onActivity(() => publisher.markDirty());
  const sampling = setInterval(() => {
    sampler.sample(Date.now());
    publisher.markDirty();
  }, options.sampleIntervalMs ?? 1_000);
  sampling.unref();

  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 16 * 1024 });
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('cache-control', 'no-store');
    const query = request.query as Record<string, unknown> | undefined;
    const offered = typeof query?.token === 'string' ? query.token : undefined;
    if (token !== null && offered !== undefined && request.url.startsWith('/?')) {
      if (!tokenMatches(offered, token)) return reply.code(401).type('text/plain').send('wrong token');
      const secure = request.protocol === 'https' ? '; Secure' : '';
      reply.header('set-cookie', `${TOKEN_COOKIE}=${encodeURIComponent(offered)}; HttpOnly; SameSite=Strict; Path=/${secure}`);
      return reply.redirect('/', 302);
    }
    const decision = checkAccess(request, { token, loopback });
    if (!decision.ok) return reply.code(decision.status).type('text/plain').send(decision.reason);
    return undefined;
  });
  app.setErrorHandler((error, _request, reply) => {
    const status = statusOf(error);
    if (status >= 500) logger.error({ err: error }, 'dashboard request failed');
    const code = error instanceof ArbiterError ? error.code : undefined;
    const message = error instanceof z.ZodError ? `invalid request: ${error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}` : (error as Error).message;
    void reply.code(status).send({ error: message, code });
  });

  await app.register(fastifyWebsocket, { options: { maxPayload: 16 * 1024 } });
  await app.register(fastifyStatic, { root: webDir, prefix: '/', index: 'index.html', wildcard: false, cacheControl: false });

  const notFound = (what: string): never => {
    throw new ArbiterError('ARB_INPUT_INVALID', `${what} not found`);
  };
  app.get('/api/overview', async () => overview());
  app.get('/api/strategies', async () => source.strategies());
  app.get('/api/strategies/:name', async (request) => strategyView((request.params as { name: string }).name) ?? notFound('strategy'));
  app.get('/api/strategies/:name/schema', async (request) => {
    const strategy = source.strategy((request.params as { name: string }).name);
    return strategy ? schemaFor(strategy) : notFound('strategy');
  });
  app.post('/api/strategies/:name/enabled', async (request) => {
    const { name } = request.params as { name: string };
    const { enabled } = EnabledBody.parse(request.body);
    source.setStrategyEnabled(name, enabled);
    logger.warn({ strategy: name, enabled }, `dashboard: strategy ${enabled ? 'enabled' : 'disabled'}`);
    publisher.markDirty();
    return { name, enabled };
  });
  app.get('/api/positions', async () => source.positions());
  app.get('/api/orders', async () => source.orders());
  app.get('/api/fills', async () => source.fills());
  app.get('/api/pnl', async () => sampler.history());
  app.get('/api/venues', async () => sampler.venues());
  app.get('/api/control', async () => ({ state: source.control.state(), states: source.control.states }));
  app.post('/api/control', async (request) => {
    const { state } = ControlBody.parse(request.body);
    await source.control.setState(state);
    publisher.markDirty();
    return { state: source.control.state(), states: source.control.states };
  });
  app.get('/api/backtests', async () => (options.reportDir ? listBacktestReports(options.reportDir) : []));
  app.get('/api/backtests/:id', async (request) => {
    if (!options.reportDir) return notFound('backtest report');
    return (await loadBacktestReport(options.reportDir, (request.params as { id: string }).id)) ?? notFound('backtest report');
  });
  registerLabRoutes(app, { studies: options.labStudies ?? STUDIES, logger });
  app.get('/ws', { websocket: true }, (socket) => {
    const client = publisher.add(socket);
    socket.on('message', (raw: Buffer) => {
      let topics: string[];
      try {
        topics = SubscribeMessage.parse(JSON.parse(raw.toString('utf8'))).topics;
      } catch {
        socket.close(1008, 'expected {"type":"subscribe","topics":[...]}');
        return;
      }
      publisher.subscribe(client, topics.filter((t) => t === 'overview' || t === 'trading' || (t.startsWith('strategy:') && source.strategy(t.slice(9)) !== undefined)));
    });
    socket.on('close', () => publisher.remove(client));
    socket.on('error', () => publisher.remove(client));
  });

  await app.listen({ port: options.port ?? DEFAULT_DASHBOARD_PORT, host: bind });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? DEFAULT_DASHBOARD_PORT);
  const host = bind.includes(':') ? `[${bind}]` : bind;
  return {
    url: `http://${host}:${port}/`, port, publisher,
    close: async () => {
      clearInterval(sampling);
      unsubscribe();
      publisher.close();
      await app.close();
    },
  };
}
