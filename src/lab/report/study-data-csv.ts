/**
 * Series for a study from CSV text, in one of two layouts (told apart by the header):
 * long `t,name,value` (one observation per line, any number of series) or wide `t,a,b,…`
 * (one column per series, empty cells skipped). `t` is epoch ms or an ISO date. Each series is
 * returned sorted by time; a repeated time within a series is an error.
 */
import { ArbiterError } from '../../domain/errors.js';
import type { StudyData } from '../studies/study.js';

function fail(source: string, line: number, message: string): never {
  throw new ArbiterError('ARB_INPUT_FILE', `${source}:${line}: ${message}`, { file: source, line });
}

function splitCsv(line: string): string[] {
  return line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

function parseTime(source: string, line: number, cell: string): number {
  const t = /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : Date.parse(cell);
  if (!Number.isFinite(t)) fail(source, line, `time "${cell}" is neither epoch ms nor an ISO date`);
  return t;
}

function parseValue(source: string, line: number, column: string, cell: string): number {
  const v = Number(cell);
  if (cell === '' || !Number.isFinite(v)) fail(source, line, `${column}: "${cell}" is not a finite number`);
  return v;
}

/**
 * @param source  file name, for messages.
 * @throws ArbiterError ARB_INPUT_FILE naming the line for a bad header, time, value or a duplicate time.
 */
export function parseStudyCsv(text: string, source = 'csv'): StudyData {
  const lines = text.split(/\r?\n/);
  const header = splitCsv(lines[0] ?? '');
  if (header.length < 2 || header[0]!.toLowerCase() !== 't') fail(source, 1, 'header must start with "t" (`t,name,value` or `t,<series>,…`)');
  const long = header.length === 3 && header[1]!.toLowerCase() === 'name' && header[2]!.toLowerCase() === 'value';
  const points = new Map<string, Array<[number, number]>>();
  const push = (name: string, t: number, v: number): void => {
    let p = points.get(name);
    if (!p) points.set(name, (p = []));
    p.push([t, v]);
  };
  if (!long) {
    const seen = new Set<string>();
    for (const name of header.slice(1)) {
      if (name === '' || seen.has(name)) fail(source, 1, `column name "${name}" is empty or repeated`);
      seen.add(name);
    }
  }
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const lineNo = i + 1;
    const cells = splitCsv(raw);
    if (cells.length !== header.length) fail(source, lineNo, `expected ${header.length} cells, got ${cells.length}`);
    const t = parseTime(source, lineNo, cells[0]!);
    if (long) {
      if (cells[1] === '') fail(source, lineNo, 'empty series name');
      push(cells[1]!, t, parseValue(source, lineNo, 'value', cells[2]!));
    } else {
      for (let c = 1; c < cells.length; c++) if (cells[c] !== '') push(header[c]!, t, parseValue(source, lineNo, header[c]!, cells[c]!));
    }
  }
  if (points.size === 0) fail(source, 1, 'no data rows');
  const series: Record<string, { t: number[]; v: number[] }> = {};
  for (const [name, p] of points) {
    p.sort((a, b) => a[0] - b[0]);
    for (let k = 1; k < p.length; k++) {
      if (p[k]![0] === p[k - 1]![0]) throw new ArbiterError('ARB_INPUT_FILE', `${source}: series "${name}" has two values at t=${p[k]![0]}`, { file: source, series: name });
    }
    series[name] = { t: p.map((x) => x[0]), v: p.map((x) => x[1]) };
  }
  return { series };
}
