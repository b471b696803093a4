import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { silentLogger } from '../../engine/logger.js';
import { JsonRpcSocket } from './json-rpc-socket.js';
import { LoopbackServer } from './simulator/loopback-server.js';

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A tiny JSON-RPC echo server: `echo` returns params, `fail` errors, `hang` never answers. */
function echoServer(): LoopbackServer {
  const server = new LoopbackServer((socket: WebSocket) => {
    socket.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { id: number; method: string; params: unknown };
      if (m.method === 'echo') socket.send(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: m.params }));
      else if (m.method === 'fail') socket.send(JSON.stringify({ jsonrpc: '2.0', id: m.id, error: { code: 10009, message: 'not_enough_funds' } }));
      else if (m.method === 'notify-me') socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'subscription', params: { channel: 'x', data: 1 } }));
    });
  });
  return server;
}

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('JsonRpcSocket over a loopback server', () => {
  it('correlates requests and responses, keeps venue error codes, and passes notifications on', async () => {
    const server = echoServer();
    const port = await server.listen();
    cleanup.push(() => server.close());
    const messages: unknown[] = [];
    const raw: string[] = [];
    const rpc = new JsonRpcSocket({ venue: 'deribit', url: `ws://127.0.0.1:${port}`, logger: silentLogger, onMessage: (m) => messages.push(m), onRawFrame: (t) => raw.push(t) });
    cleanup.push(() => rpc.stop());
    await rpc.start();
    await expect(rpc.request('echo', { a: 1 })).resolves.toEqual({ a: 1 });
    await expect(rpc.request('fail')).rejects.toMatchObject({ code: 'ARB_VENUE_REJECTED', context: { venueCode: 10009, venueMessage: 'not_enough_funds' } });
    rpc.notify('notify-me');
    await until(() => messages.length === 1);
    expect(messages[0]).toMatchObject({ method: 'subscription' });
    expect(raw.length).toBe(3);
  });

  it('reconnects after a dropped connection, runs onOpen again, and fails in-flight requests as unknown outcomes', async () => {
    const server = echoServer();
    const port = await server.listen();
    cleanup.push(() => server.close());
    let opens = 0;
    const bad: string[] = [];
    const rpc = new JsonRpcSocket({
      venue: 'deribit', url: `ws://127.0.0.1:${port}`, logger: silentLogger, onMessage: () => {}, onBadFrame: (t) => bad.push(t),
      onOpen: async () => { opens++; }, backoff: { initialMs: 20, maxMs: 50 },
    });
    cleanup.push(() => rpc.stop());
    await rpc.start();
    const hanging = rpc.request('hang', {}, 5_000);
    server.dropAllConnections();
    await expect(hanging).rejects.toMatchObject({ code: 'ARB_VENUE_UNKNOWN_OUTCOME' });
    await until(() => opens === 2 && rpc.socket.isOpen);
    await expect(rpc.request('echo', { again: true })).resolves.toEqual({ again: true });
    server.sendGarbage();
    await until(() => bad.length === 1);
    await expect(rpc.request('echo', { still: 'alive' })).resolves.toEqual({ still: 'alive' });
  });

  it('times out a request with no answer as an unknown outcome, and refuses to send while disconnected', async () => {
    const server = echoServer();
    const port = await server.listen();
    cleanup.push(() => server.close());
    const rpc = new JsonRpcSocket({ venue: 'derive', url: `ws://127.0.0.1:${port}`, logger: silentLogger, onMessage: () => {} });
    await rpc.start();
    await expect(rpc.request('hang', {}, 50)).rejects.toMatchObject({ code: 'ARB_VENUE_UNKNOWN_OUTCOME' });
    await rpc.stop();
    await expect(rpc.request('echo')).rejects.toMatchObject({ code: 'ARB_VENUE_TRANSIENT' });
  });
});
