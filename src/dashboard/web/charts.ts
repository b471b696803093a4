/** uPlot line charts that keep their instance across updates (setData) and follow their box's width. */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from './dom.js';

const PALETTE = ['#4e9af1', '#f1a34e', '#5cc98b', '#e05d6f', '#b38cf0', '#e0d45d', '#5dd0e0', '#c0c0c0'];

export interface SeriesSpec {
  readonly label: string;
  /** Points only (market quotes), no line. */
  readonly pointsOnly?: boolean;
  readonly color?: string;
}

export interface ChartSpec {
  readonly title: string;
  /** x values are epoch seconds (time axis) or plain numbers. */
  readonly timeAxis: boolean;
  readonly height?: number;
  readonly yLabel?: string;
  readonly xLabel?: string;
}

export class LineChart {
  readonly element: HTMLElement;
  private plot: uPlot | null = null;
  private labels = '';
  private readonly body: HTMLElement;
  private readonly empty: HTMLElement;

  constructor(private readonly spec: ChartSpec) {
    this.body = h('div', { class: 'chart-body' });
    this.empty = h('div', { class: 'muted chart-empty' }, 'waiting for data…');
    this.element = h('figure', { class: 'chart', 'data-chart': spec.title }, h('figcaption', null, spec.title), this.empty, this.body);
    new ResizeObserver(() => {
      if (this.plot) this.plot.setSize({ width: this.width(), height: this.spec.height ?? 220 });
    }).observe(this.element);
  }

  private width(): number {
    return Math.max(240, this.element.clientWidth - 8);
  }

  /** `x` ascending; one y array per series (null = gap). */
  setData(series: readonly SeriesSpec[], x: readonly number[], ys: ReadonlyArray<ReadonlyArray<number | null>>): void {
    const hasData = x.length > 0;
    this.empty.hidden = hasData;
    this.body.hidden = !hasData;
    if (!hasData) return;
    const data = [x as number[], ...ys.map((y) => y as (number | null)[])] as uPlot.AlignedData;
    const labels = series.map((s) => `${s.label}|${s.pointsOnly ? 1 : 0}`).join(',');
    if (this.plot && labels === this.labels) {
      this.plot.setData(data);
      return;
    }
    this.plot?.destroy();
    this.labels = labels;
    const opts: uPlot.Options = {
      width: this.width(), height: this.spec.height ?? 220,
      scales: { x: { time: this.spec.timeAxis } },
      axes: [
        { stroke: '#9aa4b2', grid: { stroke: '#2a2f3a' }, label: this.spec.xLabel },
        { stroke: '#9aa4b2', grid: { stroke: '#2a2f3a' }, label: this.spec.yLabel, size: 70 },
      ],
      series: [
        { label: this.spec.timeAxis ? 'time' : (this.spec.xLabel ?? 'x') },
        ...series.map((s, i) => {
          const color = s.color ?? PALETTE[i % PALETTE.length]!;
          return s.pointsOnly
            ? { label: s.label, stroke: color, paths: () => null, points: { show: true, size: 6, fill: color } }
            : { label: s.label, stroke: color, width: 1.5, spanGaps: true, points: { show: false } };
        }),
      ],
      legend: { show: true },
      cursor: { drag: { x: true, y: false } },
    };
    this.plot = new uPlot(opts, data, this.body);
  }
}

/** A color per index, for charts that pair series (fitted line and market points of one expiry). */
export function colorAt(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}
