import { describe, expect, it } from 'vitest';
import { formatHourlyVols, parseHourlyVols, readHourlyVolsFile } from './hourly-vols-file.js';

describe('hourly vols file', () => {
  it('round-trips 168 numbers, one day per line', () => {
    const vols = Array.from({ length: 168 }, (_, i) => 0.001 * (1 + i / 7));
    const text = formatHourlyVols(vols);
    expect(text.split('\n')).toHaveLength(10);
    expect(parseHourlyVols(text, 'x.json')).toEqual(vols.map((v) => Number(v.toPrecision(12))));
  });

  it('names what is wrong with a bad file', () => {
    expect(() => parseHourlyVols('{', 'a.json')).toThrow(/hourly vols file a.json: not JSON/);
    expect(() => parseHourlyVols('{"x":1}', 'a.json')).toThrow(/expected a JSON array of 168 numbers/);
    expect(() => parseHourlyVols('[1,2,3]', 'a.json')).toThrow(/has 3 entries, expected 168/);
    const holes: unknown[] = Array.from({ length: 168 }, () => 1);
    holes[6 * 24 + 3] = null;
    expect(() => parseHourlyVols(JSON.stringify(holes), 'a.json')).toThrow(/entry 147 \(Sun 03:00 UTC\) is null, expected a positive number/);
    holes[6 * 24 + 3] = 0;
    expect(() => parseHourlyVols(JSON.stringify(holes), 'a.json')).toThrow(/entry 147 .* is 0/);
    expect(() => readHourlyVolsFile('/nonexistent/hv.json')).toThrow(/hourly vols file \/nonexistent\/hv.json: cannot read it \(ENOENT\)/);
  });
});
