/**
 * A study chart (`StudyChart`: line, scatter or bar series on a time or numeric x axis) as an
 * inline SVG string for the HTML report: axis ticks and labels, a legend, no script, no external
 * reference, every text escaped. Long line series are thinned to the first, minimum, maximum and
 * last point per pixel column so spikes stay visible; scatter and bar series are capped.
 */
import { escapeHtml } from '../../backtest/report/svg-chart.js';
import type { StudyChart, StudySeries } from '../studies/study.js';

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
const MAX_MARKS = 4_000;

/** A short, readable number for axis ticks and tables. */
export function formatStudyNumber(y: number): string {
  if (!Number.isFinite(y)) return String(y);
  const a = Math.abs(y);
  if (a === 0) return '0';
  if (Number.isInteger(y) && a < 1e12) return String(y);
  if (a >= 1e6 || a < 1e-4) return y.toExponential(2);
  if (a >= 1e4) return y.toFixed(0);
  if (a >= 100) return y.toFixed(1);
  if (a >= 1) return y.toFixed(3);
  return y.toPrecision(3);
}

/** Round tick values (1, 2 or 5 × 10^k apart) covering [lo, hi], about `count` of them. */
function niceTicks(lo: number, hi: number, count: number): number[] {
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((st) => st >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return ticks;
}

function formatTime(ms: number, spanMs: number): string {
  const iso = new Date(ms).toISOString();
  return spanMs > 2 * 86_400_000 ? iso.slice(0, 10) : iso.slice(5, 16).replace('T', ' ');
}

function thin(s: StudySeries, px: (x: number) => number, columns: number): number[] {
  const n = Math.min(s.x.length, s.y.length);
  const finite = (i: number): boolean => Number.isFinite(s.x[i]!) && Number.isFinite(s.y[i]!);
  if (s.kind === 'scatter' || s.kind === 'bar') {
    const step = Math.max(1, Math.ceil(n / MAX_MARKS));
    const out: number[] = [];
    for (let i = 0; i < n; i += step) if (finite(i)) out.push(i);
    return out;
  }
  if (n <= columns * 2) return Array.from({ length: n }, (_, i) => i).filter(finite);
  const keep: number[] = [];
  let col = Number.NaN;
  let group: number[] = [];
  const flush = (): void => {
    if (group.length === 0) return;
    let lo = group[0]!;
    let hi = group[0]!;
    for (const i of group) {
      if (s.y[i]! < s.y[lo]!) lo = i;
      if (s.y[i]! > s.y[hi]!) hi = i;
    }
    for (const i of [...new Set([group[0]!, lo, hi, group.at(-1)!])].sort((a, b) => a - b)) keep.push(i);
  };
  for (let i = 0; i < n; i++) {
    if (!finite(i)) continue;
    const c = Math.floor(px(s.x[i]!));
    if (c !== col) {
      flush();
      group = [];
      col = c;
    }
    group.push(i);
  }
  flush();
  return keep;
}

export function studyChartSvg(chart: StudyChart, size: { width?: number; height?: number } = {}): string {
  const width = size.width ?? 900;
  const height = size.height ?? 300;
  const left = 78;
  const right = 16;
  const top = 30;
  const bottom = 48;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  let hasBar = false;
  for (const s of chart.series) {
    if (s.kind === 'bar') hasBar = true;
    const n = Math.min(s.x.length, s.y.length);
    for (let i = 0; i < n; i++) {
      const x = s.x[i]!;
      const y = s.y[i]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  const parts: string[] = [`<svg class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(chart.title)}">`,
    `<text x="${left}" y="18" class="chart-title">${escapeHtml(chart.title)}</text>`];
  if (!Number.isFinite(x0)) {
    parts.push(`<text x="${left}" y="${top + plotH / 2}">no data</text></svg>`);
    return parts.join('');
  }
  if (hasBar) {
    y0 = Math.min(y0, 0);
    y1 = Math.max(y1, 0);
  }
  if (y1 === y0) {
    y0 -= Math.abs(y0) * 0.01 || 1;
    y1 += Math.abs(y1) * 0.01 || 1;
  }
  const pad = (y1 - y0) * 0.04;
  if (!hasBar) y0 -= pad;
  y1 += pad;
  if (x1 === x0) {
    x0 -= 0.5;
    x1 += 0.5;
  }
  const px = (x: number): number => left + ((x - x0) / (x1 - x0)) * plotW;
  const py = (y: number): number => top + (1 - (y - y0) / (y1 - y0)) * plotH;
  parts.push(`<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" class="plot"/>`);
  for (const y of niceTicks(y0, y1, 5)) {
    const yy = py(y).toFixed(1);
    parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${yy}" y2="${yy}" class="grid"/>`,
      `<text x="${left - 6}" y="${yy}" class="ylab">${escapeHtml(formatStudyNumber(y))}</text>`);
  }
  const xTicks = chart.timeAxis ? [0, 1, 2, 3, 4].map((k) => x0 + ((x1 - x0) * k) / 4) : niceTicks(x0, x1, 5);
  for (const x of xTicks) {
    const xx = px(x);
    const anchor = xx - left < 30 ? 'start' : left + plotW - xx < 30 ? 'end' : 'middle';
    const label = chart.timeAxis ? formatTime(x, x1 - x0) : formatStudyNumber(x);
    parts.push(`<text x="${xx.toFixed(1)}" y="${top + plotH + 16}" text-anchor="${anchor}" class="xlab">${escapeHtml(label)}</text>`);
  }
  parts.push(`<text x="${left + plotW / 2}" y="${height - 8}" text-anchor="middle" class="axis-label">${escapeHtml(chart.xLabel)}</text>`,
    `<text x="14" y="${top + plotH / 2}" text-anchor="middle" transform="rotate(-90 14 ${top + plotH / 2})" class="axis-label">${escapeHtml(chart.yLabel)}</text>`);
  const barCount = chart.series.filter((s) => s.kind === 'bar').length;
  let barIndex = 0;
  chart.series.forEach((s, si) => {
    const color = PALETTE[si % PALETTE.length]!;
    const idx = thin(s, px, plotW);
    if (s.kind === 'scatter') {
      parts.push(`<g fill="${color}" fill-opacity="0.7">${idx.map((i) => `<circle cx="${px(s.x[i]!).toFixed(1)}" cy="${py(s.y[i]!).toFixed(1)}" r="2.5"/>`).join('')}</g>`);
    } else if (s.kind === 'bar') {
      const slot = Math.max(1, (plotW / Math.max(1, idx.length)) * 0.8);
      const w = Math.max(1, slot / barCount);
      const base = py(Math.max(y0, Math.min(0, y1)));
      parts.push(`<g fill="${color}">${idx.map((i) => {
        const y = py(s.y[i]!);
        return `<rect x="${(px(s.x[i]!) - slot / 2 + barIndex * w).toFixed(1)}" y="${Math.min(y, base).toFixed(1)}" width="${w.toFixed(1)}" height="${Math.abs(base - y).toFixed(1)}"/>`;
      }).join('')}</g>`);
      barIndex++;
    } else if (idx.length > 0) {
      const d = idx.map((i, j) => `${j === 0 ? 'M' : 'L'}${px(s.x[i]!).toFixed(1)},${py(s.y[i]!).toFixed(1)}`).join('');
      parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5"/>`);
    }
    parts.push(`<text x="${left + 8 + (si % 4) * 190}" y="${top + 14 + Math.floor(si / 4) * 14}" fill="${color}" class="legend">${escapeHtml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
