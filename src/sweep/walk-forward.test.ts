import { describe, expect, it } from 'vitest';
import { parseWalkForward, walkForwardWindows } from './walk-forward.js';

describe('walk-forward windows', () => {
  it('parses TRAIN:TEST durations', () => {
    expect(parseWalkForward('4h:30m')).toEqual({ trainMs: 4 * 3_600_000, testMs: 30 * 60_000 });
    expect(parseWalkForward('1.5s:500ms')).toEqual({ trainMs: 1500, testMs: 500 });
    expect(() => parseWalkForward('4h')).toThrow(/TRAIN:TEST/);
    expect(() => parseWalkForward('4x:1h')).toThrow(/train length "4x" is not a duration/);
    expect(() => parseWalkForward('4h:0s')).toThrow(/longer than zero/);
  });
  it('rolls by the test length and keeps only whole windows', () => {
    expect(walkForwardWindows({ startMs: 0, endMs: 24_999 }, { trainMs: 10_000, testMs: 5_000 })).toEqual([
      { trainFromMs: 0, testFromMs: 10_000, testToMs: 15_000 },
      { trainFromMs: 5_000, testFromMs: 15_000, testToMs: 20_000 },
      { trainFromMs: 10_000, testFromMs: 20_000, testToMs: 25_000 },
    ]);
    expect(() => walkForwardWindows({ startMs: 0, endMs: 9_000 }, { trainMs: 10_000, testMs: 5_000 })).toThrow(/longer than the data/);
  });
});
