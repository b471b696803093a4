import { afterEach, describe, expect, it } from 'vitest';
import { LivePublisher, type PushSocket } from './live-publisher.js';

class FakeSocket implements PushSocket {
  readonly frames: Array<{ topic: string; version: number; data: unknown }> = [];
  bufferedAmount = 0;
  readyState = 1;
  send(data: string): void {
    this.frames.push(JSON.parse(data) as { topic: string; version: number; data: unknown });
  }
}

async function until(what: string, ok: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

let publisher: LivePublisher | null = null;
afterEach(() => publisher?.close());

describe('LivePublisher', () => {
  it('builds each wanted topic once per flush whatever the number of clients, and skips unchanged topics', async () => {
    let value = 1;
    const built: string[] = [];
    publisher = new LivePublisher({ build: (t) => (built.push(t), t === 'a' ? { value } : undefined), minIntervalMs: 10 });
    const sockets = [new FakeSocket(), new FakeSocket(), new FakeSocket()];
    for (const s of sockets) publisher.subscribe(publisher.add(s), ['a', 'missing']);
    await until('first frames', () => sockets.every((s) => s.frames.length === 1));
    expect(built.filter((t) => t === 'a')).toHaveLength(1);
    expect(sockets[0]!.frames[0]).toEqual({ topic: 'a', version: 1, data: { value: 1 } });
    publisher.markDirty(); // nothing changed: no frame
    await until('a flush', () => built.filter((t) => t === 'a').length === 2);
    expect(sockets.map((s) => s.frames.length)).toEqual([1, 1, 1]);
    value = 2;
    publisher.markDirty();
    await until('second frames', () => sockets.every((s) => s.frames.length === 2));
    expect(sockets[2]!.frames[1]).toEqual({ topic: 'a', version: 2, data: { value: 2 } });
  });

  it('coalesces a burst of activity into few flushes spaced by the interval', async () => {
    let n = 0;
    publisher = new LivePublisher({ build: () => ({ n }), minIntervalMs: 40 });
    const socket = new FakeSocket();
    publisher.subscribe(publisher.add(socket), ['t']);
    const start = Date.now();
    while (Date.now() - start < 200) {
      n++;
      publisher.markDirty();
      await new Promise((r) => setImmediate(r));
    }
    await until('the last value', () => (socket.frames.at(-1)?.data as { n: number } | undefined)?.n === n);
    // 200 ms of continuous activity at one flush per 40 ms: about 5–7 frames, not thousands.
    expect(socket.frames.length).toBeGreaterThanOrEqual(3);
    expect(socket.frames.length).toBeLessThanOrEqual(9);
  });

  it('skips a client whose socket is backed up, without holding others back, and sends it only the newest state once drained', async () => {
    let n = 0;
    publisher = new LivePublisher({ build: () => ({ n }), minIntervalMs: 5, maxBufferedBytes: 1_000 });
    const fast = new FakeSocket();
    const slow = new FakeSocket();
    slow.bufferedAmount = 10_000;
    publisher.subscribe(publisher.add(fast), ['t']);
    publisher.subscribe(publisher.add(slow), ['t']);
    for (let i = 0; i < 5; i++) {
      n++;
      publisher.markDirty();
      await until(`fast gets ${n}`, () => (fast.frames.at(-1)?.data as { n: number } | undefined)?.n === n);
    }
    expect(slow.frames).toHaveLength(0);
    expect(publisher.stats.skipped).toBeGreaterThan(0);
    slow.bufferedAmount = 0;
    await until('slow catches up', () => slow.frames.length > 0);
    expect(slow.frames).toEqual([{ topic: 't', version: 5, data: { n: 5 } }]);
  });

  it('isolates a topic whose build throws', async () => {
    const errors: string[] = [];
    publisher = new LivePublisher({ build: (t) => { if (t === 'bad') throw new Error('boom'); return { ok: true }; }, minIntervalMs: 5, onError: (t) => errors.push(t) });
    const socket = new FakeSocket();
    publisher.subscribe(publisher.add(socket), ['bad', 'good']);
    await until('good topic', () => socket.frames.length === 1);
    expect(socket.frames[0]!.topic).toBe('good');
    expect(errors).toEqual(['bad']);
  });
});
