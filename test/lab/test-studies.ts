/**
 * Two small studies used only by tests (never registered in the registry): a wave whose shape,
 * amplitude and length are parameters, and a seeded random walk. Both are pure and deterministic,
 * and their results change with every parameter, so tests can tell a run from a re-run.
 */
import { ArbiterError } from '../../src/domain/errors.js';
import type { Study } from '../../src/lab/studies/study.js';

export const HOSTILE_TEXT = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';

export const waveStudy: Study = {
  name: 'test-wave',
  title: 'Test wave',
  description: `A sampled wave for tests; hostile text stays text: ${HOSTILE_TEXT}`,
  params: [
    { key: 'amplitude', label: 'Amplitude', kind: 'number', default: 1, min: 0.1, max: 10, step: 0.1 },
    { key: 'points', label: 'Points', kind: 'integer', default: 200, min: 10, max: 5_000 },
    { key: 'shape', label: 'Shape', kind: 'select', default: 'sine', options: ['sine', 'square'] },
  ],
  run(p) {
    const n = p.points as number;
    const a = p.amplitude as number;
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = Math.sin((2 * Math.PI * i) / 48);
      x.push(i);
      y.push(p.shape === 'square' ? a * Math.sign(s) : a * s);
    }
    const peak = Math.max(...y);
    return {
      summary: { peak, points: n, shape: p.shape as string },
      tables: [{ title: `Samples ${HOSTILE_TEXT}`, columns: ['i', 'y'], rows: x.slice(0, 5).map((xi, i) => [xi, y[i]!]) }],
      charts: [{ title: 'Wave', xLabel: 'i', yLabel: 'y', series: [{ name: 'wave', x, y }, { name: 'marks', x: x.filter((v) => v % 25 === 0), y: y.filter((_, i) => i % 25 === 0), kind: 'scatter' }] }],
    };
  },
};

export const walkStudy: Study = {
  name: 'test-walk',
  title: 'Test random walk',
  description: 'A seeded Gaussian random walk on a time axis, for tests.',
  params: [
    { key: 'seed', label: 'Seed', kind: 'integer', default: 1, min: 1, max: 1_000_000 },
    { key: 'drift', label: 'Drift per step', kind: 'number', default: 0, min: -1, max: 1 },
    { key: 'steps', label: 'Steps', kind: 'integer', default: 500, min: 2, max: 10_000 },
    { key: 'absolute', label: 'Absolute value', kind: 'boolean', default: false },
  ],
  run(p, data) {
    if ((p.drift as number) === 0.999) throw new ArbiterError('ARB_INPUT_INVALID', 'test-walk: parameter "drift" 0.999 is refused by the study itself', { param: 'drift' });
    let state = (p.seed as number) >>> 0 || 1;
    const uniform = (): number => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return ((state >>> 0) + 0.5) / 4_294_967_296;
    };
    const t: number[] = [];
    const v: number[] = [];
    const first = data?.series ? Object.values(data.series)[0] : undefined;
    if (first) {
      t.push(...first.t);
      v.push(...first.v);
    } else {
      let level = 100;
      for (let i = 0; i < (p.steps as number); i++) {
        level += (p.drift as number) + Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
        t.push(1_700_000_000_000 + i * 60_000);
        v.push(p.absolute ? Math.abs(level) : level);
      }
    }
    return {
      summary: { final: v.at(-1) ?? null, steps: v.length, series: data ? Object.keys(data.series).join(',') : 'synthetic' },
      tables: [{ title: 'Last values', columns: ['t', 'value'], rows: t.slice(-3).map((ti, i) => [new Date(ti).toISOString(), v[v.length - 3 + i] ?? null]) }],
      charts: [
        { title: 'Walk', xLabel: 'time', yLabel: 'level', timeAxis: true, series: [{ name: 'level', x: t, y: v }] },
        { title: 'Increments', xLabel: 'step', yLabel: 'Δ', series: [{ name: 'Δ', x: v.slice(1).map((_, i) => i), y: v.slice(1).map((x, i) => x - v[i]!), kind: 'bar' }] },
      ],
    };
  },
};
