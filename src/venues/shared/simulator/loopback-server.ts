/**
 * The HTTP + WebSocket server under every venue simulator: binds 127.0.0.1 only, routes REST
 * calls to handlers, hands each WebSocket to the venue's session code, and carries the faults a
 * test can switch on (slow responses, rejected requests, dropped connections, garbage frames).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RestRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

export interface RestResponse {
  readonly status: number;
  readonly body: unknown;
}

export type RestHandler = (request: RestRequest) => RestResponse | Promise<RestResponse>;

export interface SimulatorFaults {
  /** Added delay before every REST answer, ms. */
  slowResponseMs: number;
  /** The next N REST requests answer `rejectStatus`. */
  rejectNextRequests: number;
  /** Status of those answers: 503 (default), 429 (rate limited, with Retry-After), 500, … */
  rejectStatus: number;
}

export class LoopbackServer {
  readonly faults: SimulatorFaults = { slowResponseMs: 0, rejectNextRequests: 0, rejectStatus: 503 };
  readonly sockets = new Set<WebSocket>();
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly routes = new Map<string, RestHandler>();

  /** `onSocket` gets each accepted WebSocket, its path and its query (Finnhub's `?token=`). */
  constructor(private readonly onSocket: (socket: WebSocket, path: string, query: URLSearchParams) => void) {
    this.http = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ server: this.http, perMessageDeflate: false });
    this.wss.on('connection', (socket, req) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => socket.terminate());
      const url = new URL(req.url ?? '/', 'http://localhost');
      this.onSocket(socket, url.pathname, url.searchParams);
    });
  }

  /** Registers `handler` for `METHOD /path`. */
  route(method: string, path: string, handler: RestHandler): void {
    this.routes.set(`${method.toUpperCase()} ${path}`, handler);
  }

  /** Listens on 127.0.0.1 (port 0 picks a free one); resolves with the port. */
  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, '127.0.0.1', () => resolve());
    });
    return (this.http.address() as AddressInfo).port;
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  /** Terminates every open WebSocket (clients must reconnect and resubscribe). */
  dropAllConnections(): void {
    for (const s of this.sockets) s.terminate();
  }

  /** Sends a frame that is not valid JSON to every client. */
  sendGarbage(text = '{"this is not json'): void {
    for (const s of this.sockets) s.send(text);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '1' } : {}) });
      res.end(JSON.stringify(body));
    };
    if (this.faults.slowResponseMs > 0) await new Promise((r) => setTimeout(r, this.faults.slowResponseMs));
    if (this.faults.rejectNextRequests > 0) {
      this.faults.rejectNextRequests--;
      const status = this.faults.rejectStatus;
      reply(status, { error: status === 429 ? 'too many requests (simulated)' : 'simulated outage' });
      return;
    }
    const handler = this.routes.get(`${req.method ?? 'GET'} ${url.pathname}`);
    if (!handler) {
      reply(404, { error: `no route ${req.method} ${url.pathname}` });
      return;
    }
    let body: unknown = undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (chunks.length > 0) {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        reply(400, { error: 'body is not JSON' });
        return;
      }
    }
    try {
      const out = await handler({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body });
      reply(out.status, out.body);
    } catch (error) {
      reply(500, { error: error instanceof Error ? error.message : String(error) });
    }
  }
}
