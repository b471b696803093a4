import { describe, expect, it } from 'vitest';
import { ArbiterError } from '../../domain/errors.js';
import type { Study, StudyResult } from '../studies/study.js';
import { parseStudyCsv } from './study-data-csv.js';
import { studyChartSvg } from './study-chart-svg.js';
import { parseParamAssignments, resolveStudyParams } from './study-params.js';
import { formatStudySummary, renderStudyReport } from './study-report.js';

const EVIL = '<script>alert(1)</script>"\'&';

const study: Study = {
  name: 'demo', title: `Demo ${EVIL}`, description: `desc ${EVIL}`,
  params: [
    { key: 'n', label: 'N', kind: 'integer', default: 10, min: 2, max: 100 },
    { key: 'x', label: 'X', kind: 'number', default: 0.5, min: 0, max: 1 },
    { key: 'mode', label: 'Mode', kind: 'select', default: 'a', options: ['a', 'b'] },
    { key: 'flag', label: 'Flag', kind: 'boolean', default: false },
  ],
  run: () => result,
};

const result: StudyResult = {
  summary: { [`half-life ${EVIL}`]: 12.5, note: EVIL, missing: null },
  tables: [{ title: `T ${EVIL}`, columns: ['a', EVIL], rows: [[1, EVIL], [null, 2.5]] }],
  charts: [
    { title: `C ${EVIL}`, xLabel: EVIL, yLabel: 'y', series: [{ name: EVIL, x: [1, 2, 3], y: [1, 4, 9] }, { name: 's', x: [1, 2], y: [2, 3], kind: 'scatter' }, { name: 'b', x: [1, 2], y: [-1, 1], kind: 'bar' }] },
    { title: 'time', xLabel: 't', yLabel: 'v', timeAxis: true, series: [{ name: 'v', x: [1_700_000_000_000, 1_700_000_060_000], y: [5, 5] }] },
    { title: 'empty', xLabel: 't', yLabel: 'v', series: [] },
  ],
};

function inputError(fn: () => unknown): ArbiterError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ArbiterError);
    return error as ArbiterError;
  }
  throw new Error('expected an error');
}

describe('resolveStudyParams', () => {
  it('fills defaults and coerces CLI strings by declared kind', () => {
    expect(resolveStudyParams(study, {})).toEqual({ n: 10, x: 0.5, mode: 'a', flag: false });
    expect(resolveStudyParams(study, parseParamAssignments(study, ['n=20', 'x=1', 'mode=b', 'flag=true']))).toEqual({ n: 20, x: 1, mode: 'b', flag: true });
  });

  it('names the parameter in every refusal', () => {
    for (const [given, key, text] of [
      [{ n: '2.5' }, 'n', 'integer'], [{ n: 101 }, 'n', '≤ 100'], [{ x: '-0.1' }, 'x', '≥ 0'], [{ x: 'abc' }, 'x', 'number'],
      [{ x: '' }, 'x', 'number'], [{ mode: 'c' }, 'mode', 'one of a, b'], [{ flag: 'maybe' }, 'flag', 'true or false'], [{ nope: 1 }, 'nope', 'unknown'],
    ] as const) {
      const e = inputError(() => resolveStudyParams(study, given));
      expect(e.code).toBe('ARB_INPUT_INVALID');
      expect(e.message).toContain(`"${key}"`);
      expect(e.message).toContain(text);
    }
    expect(inputError(() => parseParamAssignments(study, ['n'])).message).toContain('key=value');
    expect(inputError(() => parseParamAssignments(study, ['n=2', 'n=3'])).message).toContain('twice');
  });
});

describe('parseStudyCsv', () => {
  it('reads the long layout, sorting each series by time', () => {
    const data = parseStudyCsv('t,name,value\n2000,a,2\n1000,a,1\n1000,b,10\n', 'x.csv');
    expect(data.series).toEqual({ a: { t: [1000, 2000], v: [1, 2] }, b: { t: [1000], v: [10] } });
  });

  it('reads the wide layout with ISO times and empty cells', () => {
    const data = parseStudyCsv('t,BTC,ETH\n2024-01-01T00:00:00Z,100,\n2024-01-01T00:01:00Z,101,5\n', 'w.csv');
    expect(data.series.BTC).toEqual({ t: [1_704_067_200_000, 1_704_067_260_000], v: [100, 101] });
    expect(data.series.ETH).toEqual({ t: [1_704_067_260_000], v: [5] });
  });

  it('refuses bad files naming the line', () => {
    expect(inputError(() => parseStudyCsv('time,a\n1,2', 'f.csv')).message).toContain('f.csv:1');
    expect(inputError(() => parseStudyCsv('t,a\n1,x', 'f.csv')).message).toContain('f.csv:2: a: "x"');
    expect(inputError(() => parseStudyCsv('t,a\nnope,1', 'f.csv')).message).toContain('f.csv:2: time "nope"');
    expect(inputError(() => parseStudyCsv('t,a,b\n1,2', 'f.csv')).message).toContain('expected 3 cells');
    expect(inputError(() => parseStudyCsv('t,a\n1,2\n1,3', 'f.csv')).message).toContain('two values at t=1');
    expect(inputError(() => parseStudyCsv('t,a\n', 'f.csv')).message).toContain('no data rows');
  });
});

describe('renderStudyReport', () => {
  const html = renderStudyReport({ study, params: { n: 20, x: 0.5, mode: 'a', flag: false }, result, dataSource: `file ${EVIL}.csv`, generatedMs: 0, runMs: 12 });

  it('is one self-contained file: no script, no external reference, every text escaped', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
  });

  it('holds the summary, every table, every chart as SVG and the parameters used', () => {
    expect(html).toContain('half-life');
    expect(html).toContain('12.50');
    expect((html.match(/<svg /g) ?? []).length).toBe(3);
    expect(html).toContain('<circle');
    expect(html).toContain('no data');
    expect(html).toMatch(/<td>N<\/td><td>n<\/td><td>20<\/td><td>set<\/td>/);
    expect(html).toContain('1970-01-01T00:00:00.000Z');
  });

  it('prints the summary as aligned lines', () => {
    expect(formatStudySummary({ summary: { a: 1.5, long_name: 'x', n: null }, tables: [], charts: [] })).toBe('a          1.500\nlong_name  x\nn          ');
  });
});

describe('studyChartSvg', () => {
  it('thins long line series per pixel column but keeps the spike', () => {
    const n = 100_000;
    const x = Array.from({ length: n }, (_, i) => i);
    const y = x.map((i) => (i === 54_321 ? 1_000 : Math.sin(i / 1000)));
    const svg = studyChartSvg({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 's', x, y }] });
    const points = (svg.match(/[ML]\d/g) ?? []).length;
    expect(points).toBeLessThan(5_000);
    const ys = [...svg.matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
    expect(Math.min(...ys)).toBeLessThan(50); // the spike reaches the top of the plot (y = 30 px)
  });
});
