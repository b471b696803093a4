/**
 * Server-side line charts as inline SVG strings: no script, no external reference, every text
 * escaped. Long series are reduced to the first, minimum, maximum and last point of each pixel
 * column, which keeps spikes visible.
 */

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

export interface ChartSeries {
  readonly name: string;
  readonly xs: readonly number[];
  readonly ys: readonly number[];
}

export interface LineChartOptions {
  readonly title: string;
  readonly series: readonly ChartSeries[];
  readonly width?: number;
  readonly height?: number;
  /** Formats a y value for the axis. */
  readonly formatY?: (y: number) => string;
  /** Fill the area between the first series and zero (drawdown). */
  readonly area?: boolean;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

function fmtTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

function niceNumber(y: number): string {
  const a = Math.abs(y);
  if (a >= 1e6) return `${(y / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${(y / 1e3).toFixed(1)}k`;
  if (a >= 100) return y.toFixed(0);
  if (a >= 1) return y.toFixed(2);
  return y.toPrecision(3);
}

/** Indices to draw: per pixel column the first, min, max and last point. */
function reduce(xs: readonly number[], ys: readonly number[], toPx: (x: number) => number, columns: number): number[] {
  if (xs.length <= columns * 2) return xs.map((_, i) => i);
  const keep: number[] = [];
  let col = -1;
  let firstI = 0;
  let minI = 0;
  let maxI = 0;
  let lastI = 0;
  const flush = (): void => {
    for (const i of [...new Set([firstI, minI, maxI, lastI])].sort((a, b) => a - b)) keep.push(i);
  };
  for (let i = 0; i < xs.length; i++) {
    const c = Math.floor(toPx(xs[i]!));
    if (c !== col) {
      if (col >= 0) flush();
      col = c;
      firstI = minI = maxI = lastI = i;
    } else {
      if (ys[i]! < ys[minI]!) minI = i;
      if (ys[i]! > ys[maxI]!) maxI = i;
      lastI = i;
    }
  }
  flush();
  return keep;
}

export function lineChartSvg(options: LineChartOptions): string {
  const width = options.width ?? 900;
  const height = options.height ?? 260;
  const fmt = options.formatY ?? niceNumber;
  const left = 70;
  const right = 16;
  const top = 28;
  const bottom = 34;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const s of options.series) {
    for (let i = 0; i < s.xs.length; i++) {
      const x = s.xs[i]!;
      const y = s.ys[i]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  const parts: string[] = [];
  parts.push(`<svg class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(options.title)}">`);
  parts.push(`<text x="${left}" y="18" class="chart-title">${escapeHtml(options.title)}</text>`);
  if (!Number.isFinite(x0)) {
    parts.push(`<text x="${left}" y="${top + plotH / 2}">no data</text></svg>`);
    return parts.join('');
  }
  if (options.area) {
    y0 = Math.min(y0, 0);
    y1 = Math.max(y1, 0);
  }
  if (y1 === y0) {
    y0 -= Math.abs(y0) * 0.01 || 1;
    y1 += Math.abs(y1) * 0.01 || 1;
  }
  if (x1 === x0) x1 = x0 + 1;
  const px = (x: number): number => left + ((x - x0) / (x1 - x0)) * plotW;
  const py = (y: number): number => top + (1 - (y - y0) / (y1 - y0)) * plotH;
  parts.push(`<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" class="plot"/>`);
  for (let k = 0; k <= 4; k++) {
    const y = y0 + ((y1 - y0) * k) / 4;
    const yy = py(y).toFixed(1);
    parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${yy}" y2="${yy}" class="grid"/>`);
    parts.push(`<text x="${left - 6}" y="${yy}" class="ylab">${escapeHtml(fmt(y))}</text>`);
  }
  for (let k = 0; k <= 3; k++) {
    const x = x0 + ((x1 - x0) * k) / 3;
    const anchor = k === 0 ? 'start' : k === 3 ? 'end' : 'middle';
    parts.push(`<text x="${px(x).toFixed(1)}" y="${height - 10}" text-anchor="${anchor}" class="xlab">${escapeHtml(fmtTime(x))}</text>`);
  }
  options.series.forEach((s, si) => {
    const color = PALETTE[si % PALETTE.length]!;
    const idx = reduce(s.xs, s.ys, px, plotW).filter((i) => Number.isFinite(s.xs[i]!) && Number.isFinite(s.ys[i]!));
    if (idx.length === 0) return;
    const d = idx.map((i, j) => `${j === 0 ? 'M' : 'L'}${px(s.xs[i]!).toFixed(1)},${py(s.ys[i]!).toFixed(1)}`).join('');
    if (options.area && si === 0) {
      const base = py(0).toFixed(1);
      parts.push(`<path d="${d}L${px(s.xs[idx.at(-1)!]!).toFixed(1)},${base}L${px(s.xs[idx[0]!]!).toFixed(1)},${base}Z" fill="${color}" fill-opacity="0.2" stroke="none"/>`);
    }
    parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5"/>`);
    parts.push(`<text x="${left + 8 + si * 160}" y="${top + 14}" fill="${color}" class="legend">${escapeHtml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
