/**
 * sweep.html: the ranked table and, per strategy, a heat map of the ranking metric over the
 * first two grid axes (inline SVG, no scripts). With more axes each square shows the best value
 * over the others; with one axis the map is a single row.
 */
import type { GridValue } from './grid.js';
import { formatNumber, RANK_METRICS, type SweepOutcome, type SweepRow } from './run-sweep.js';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Red (worst) → yellow → green (best), for t in [0, 1]. */
function color(t: number): string {
  const hue = Math.round(120 * Math.min(1, Math.max(0, t)));
  return `hsl(${hue} 70% 55%)`;
}

export function heatMapSvg(outcome: SweepOutcome, strategy: string): string {
  const [xAxis, yAxis] = outcome.axes;
  if (!xAxis) return '';
  const ys: readonly GridValue[] = yAxis?.values ?? [''];
  const better = RANK_METRICS[outcome.metric] === 'higher' ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
  const grid = new Map<string, number>();
  for (const r of outcome.rows) {
    if (r.strategy !== strategy || r.value === null) continue;
    const k = `${String(r.params[xAxis.key])}|${yAxis ? String(r.params[yAxis.key]) : ''}`;
    const prev = grid.get(k);
    if (prev === undefined || better(r.value, prev)) grid.set(k, r.value);
  }
  const values = [...grid.values()];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const cw = 64;
  const ch = 32;
  const left = 90;
  const top = 24;
  const parts: string[] = [];
  ys.forEach((y, j) => {
    parts.push(`<text x="${left - 6}" y="${top + j * ch + ch / 2 + 4}" text-anchor="end">${esc(String(y))}</text>`);
    xAxis.values.forEach((x, i) => {
      const v = grid.get(`${String(x)}|${yAxis ? String(y) : ''}`);
      const t = v === undefined || hi === lo ? 0.5 : (v - lo) / (hi - lo);
      const fill = v === undefined ? '#ddd' : color(RANK_METRICS[outcome.metric] === 'higher' ? t : 1 - t);
      parts.push(`<rect x="${left + i * cw}" y="${top + j * ch}" width="${cw - 2}" height="${ch - 2}" fill="${fill}"><title>${esc(`${xAxis.key}=${String(x)}${yAxis ? ` ${yAxis.key}=${String(y)}` : ''}: ${v === undefined ? 'n/a' : formatNumber(v)}`)}</title></rect>`);
      parts.push(`<text x="${left + i * cw + cw / 2 - 1}" y="${top + j * ch + ch / 2 + 4}" text-anchor="middle">${v === undefined ? 'n/a' : esc(formatNumber(v))}</text>`);
    });
  });
  xAxis.values.forEach((x, i) => parts.push(`<text x="${left + i * cw + cw / 2}" y="${top - 8}" text-anchor="middle">${esc(String(x))}</text>`));
  const width = left + xAxis.values.length * cw + 10;
  const height = top + ys.length * ch + 24;
  const caption = `${esc(xAxis.key)} →${yAxis ? `, ${esc(yAxis.key)} ↓` : ''}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11" role="img" aria-label="${esc(`${outcome.metric} of ${strategy}`)}">${parts.join('')}<text x="${left}" y="${height - 6}">${caption}</text></svg>`;
}

function row(r: SweepRow, keys: readonly string[]): string {
  const cells = [String(r.rank), r.strategy, ...keys.map((k) => String(r.params[k])), r.value === null ? 'n/a' : formatNumber(r.value), formatNumber(r.metrics.pnlUsd), String(r.fills), r.hash.slice(0, 12)];
  return `<tr>${cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`;
}

export function renderSweepHtml(outcome: SweepOutcome): string {
  const keys = outcome.axes.map((a) => a.key);
  const strategies = [...new Set(outcome.rows.map((r) => r.strategy))];
  const maps = strategies.map((s) => `<h2>${esc(s)}: ${esc(outcome.metric)}</h2>${heatMapSvg(outcome, s)}`).join('\n');
  const head = ['#', 'strategy', ...keys, outcome.metric, 'pnlUsd', 'fills', 'cell'].map((h) => `<th>${esc(h)}</th>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Arbiter sweep: ${esc(outcome.metric)}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:right}</style></head>
<body><h1>Sweep ranked by ${esc(outcome.metric)} (${RANK_METRICS[outcome.metric]} is better)</h1>
<p>${outcome.cells} cells, ${outcome.reused} reused from the cache.</p>
${maps}
<h2>All results</h2><table><thead><tr>${head}</tr></thead><tbody>
${outcome.rows.map((r) => row(r, keys)).join('\n')}
</tbody></table></body></html>
`;
}
