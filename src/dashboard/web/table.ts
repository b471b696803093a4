/** A table that keeps its header and sort order and rebuilds only its body on update. */
import { h, replace } from './dom.js';
import { formatValue } from './format.js';
import type { ValueFormat } from '../widget-schema.js';

export interface Column<Row> {
  readonly label: string;
  readonly key: string;
  readonly format: ValueFormat;
  /** Cell content other than the formatted value (a button, a link). */
  readonly render?: (row: Row) => Node | string;
}

export class DataTable<Row extends object> {
  readonly element: HTMLElement;
  private readonly tbody = h('tbody');
  private readonly headers: HTMLTableCellElement[] = [];
  private rows: readonly Row[] = [];
  private sortKey: string | null;
  private descending: boolean;

  constructor(title: string | null, private readonly columns: ReadonlyArray<Column<Row>>, options: { sortBy?: string; descending?: boolean; testId?: string; maxRows?: number } = {}) {
    this.sortKey = options.sortBy ?? null;
    this.descending = options.descending ?? false;
    this.maxRows = options.maxRows ?? 500;
    const head = h('tr');
    for (const c of columns) {
      const th = h('th', { class: 'sortable', title: 'sort', 'data-key': c.key }, c.label);
      th.addEventListener('click', () => {
        if (this.sortKey === c.key) this.descending = !this.descending;
        else {
          this.sortKey = c.key;
          this.descending = c.format !== 'text';
        }
        this.render();
      });
      this.headers.push(th);
      head.appendChild(th);
    }
    this.element = h('section', { class: 'card table-card', 'data-testid': options.testId },
      title ? h('h3', null, title) : null,
      h('div', { class: 'scroll' }, h('table', null, h('thead', null, head), this.tbody)));
  }

  private readonly maxRows: number;

  setRows(rows: readonly Row[]): void {
    this.rows = rows;
    this.render();
  }

  private render(): void {
    const key = this.sortKey;
    const rows = key === null ? [...this.rows] : [...this.rows].sort((a, b) => {
      const x = (a as Record<string, unknown>)[key];
      const y = (b as Record<string, unknown>)[key];
      const cmp = typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? ''));
      return this.descending ? -cmp : cmp;
    });
    for (const th of this.headers) th.setAttribute('aria-sort', th.dataset.key === key ? (this.descending ? 'descending' : 'ascending') : 'none');
    const trs = rows.slice(0, this.maxRows).map((row) => h('tr', null, ...this.columns.map((c) => {
      const value = (row as Record<string, unknown>)[c.key];
      return h('td', { class: c.format === 'text' ? undefined : 'num' }, c.render ? c.render(row) : formatValue(value, c.format));
    })));
    if (trs.length === 0) trs.push(h('tr', null, h('td', { class: 'muted' }, 'none')));
    replace(this.tbody, ...trs);
  }
}
