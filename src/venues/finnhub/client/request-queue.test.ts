import { describe, expect, it } from 'vitest';
import { RequestQueue, RetryAfter } from './request-queue.js';

/** A fake clock whose sleep advances time at once. */
function fakeClock(): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
  let t = 0;
  const slept: number[] = [];
  return { now: () => t, sleep: async (ms) => { slept.push(ms); t += ms; }, slept };
}

describe('RequestQueue', () => {
  it('starts 60 calls at once and holds the 61st until a minute after the first', async () => {
    const clock = fakeClock();
    const q = new RequestQueue({ limit: 60, windowMs: 60_000, now: clock.now, sleep: clock.sleep });
    const starts: number[] = [];
    const all = Array.from({ length: 62 }, (_, i) => q.submit(async () => { starts.push(clock.now()); return i; }));
    expect(await Promise.all(all)).toEqual(Array.from({ length: 62 }, (_, i) => i));
    expect(starts.slice(0, 60).every((s) => s === 0)).toBe(true);
    expect(starts[60]).toBe(60_000);
    expect(starts[61]).toBe(60_000);
  });

  it('never starts more than the limit within any window, in submission order', async () => {
    const clock = fakeClock();
    const q = new RequestQueue({ limit: 3, windowMs: 1_000, now: clock.now, sleep: clock.sleep });
    const order: number[] = [];
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 10 }, (_, i) => q.submit(async () => { order.push(i); starts.push(clock.now()); })));
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (let i = 3; i < starts.length; i++) expect(starts[i]! - starts[i - 3]!).toBeGreaterThanOrEqual(1_000);
    expect(starts).toEqual([0, 0, 0, 1000, 1000, 1000, 2000, 2000, 2000, 3000]);
  });

  it('pauses the whole queue for Retry-After and retries the refused call first', async () => {
    const clock = fakeClock();
    const q = new RequestQueue({ limit: 60, windowMs: 60_000, now: clock.now, sleep: clock.sleep });
    let refusals = 1;
    const log: string[] = [];
    const a = q.submit(async () => {
      if (refusals-- > 0) throw new RetryAfter(5_000, new Error('429'));
      log.push(`a@${clock.now()}`);
      return 'a';
    });
    const b = q.submit(async () => { log.push(`b@${clock.now()}`); return 'b'; });
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(log).toEqual(['a@5000', 'b@5000']);
  });

  it('gives up after the retry budget with the original error, and passes other errors through', async () => {
    const clock = fakeClock();
    const q = new RequestQueue({ limit: 60, windowMs: 60_000, now: clock.now, sleep: clock.sleep }, 2);
    await expect(q.submit(async () => { throw new RetryAfter(1, new Error('still limited')); })).rejects.toThrow('still limited');
    await expect(q.submit(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(q.submit(async () => 7)).resolves.toBe(7);
  });
});
