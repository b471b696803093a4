import { describe, expect, it } from 'vitest';
import { ReplayClock } from './clock.js';

describe('ReplayClock', () => {
  it('fires due timers in time order, at their own time, then settles on the target', () => {
    const clock = new ReplayClock(1_000);
    const fired: Array<[string, number]> = [];
    clock.schedule(500, () => fired.push(['b', clock.now()]));
    clock.schedule(100, () => fired.push(['a', clock.now()]));
    clock.schedule(100, () => fired.push(['a2', clock.now()]));
    const cancelled = clock.schedule(200, () => fired.push(['x', clock.now()]));
    clock.cancel(cancelled);
    clock.advanceTo(1_400);
    expect(fired).toEqual([['a', 1_100], ['a2', 1_100]]);
    expect(clock.now()).toBe(1_400);
    clock.advanceTo(2_000);
    expect(fired.at(-1)).toEqual(['b', 1_500]);
    expect(clock.nextTimerAt()).toBe(Infinity);
  });

  it('never moves backwards', () => {
    const clock = new ReplayClock(5_000);
    clock.advanceTo(4_000);
    expect(clock.now()).toBe(5_000);
  });

  it('fires timers scheduled by timers within the same advance', () => {
    const clock = new ReplayClock(0);
    const seen: number[] = [];
    clock.schedule(10, () => {
      seen.push(clock.now());
      clock.schedule(10, () => seen.push(clock.now()));
    });
    clock.advanceTo(100);
    expect(seen).toEqual([10, 20]);
  });
});
