/** A table whose rows stay the same DOM nodes across updates (so buttons in them keep working). */
import { h } from './dom.js';

export class KeyedRows<Row> {
  readonly element: HTMLElement;
  private readonly tbody = h('tbody');
  private readonly rows = new Map<string, { tr: HTMLTableRowElement; cells: HTMLTableCellElement[] }>();

  constructor(
    title: string,
    private readonly headers: readonly string[],
    private readonly keyOf: (row: Row) => string,
    /** Fills the cells of a row (called on every update with the same cells). */
    private readonly fill: (cells: readonly HTMLTableCellElement[], row: Row, created: boolean) => void,
    testId?: string,
  ) {
    this.element = h('section', { class: 'card table-card', 'data-testid': testId }, h('h3', null, title),
      h('div', { class: 'scroll' }, h('table', null, h('thead', null, h('tr', null, ...headers.map((x) => h('th', null, x)))), this.tbody)));
  }

  setRows(rows: readonly Row[]): void {
    const keep = new Set<string>();
    rows.forEach((row, i) => {
      const key = this.keyOf(row);
      keep.add(key);
      let entry = this.rows.get(key);
      const created = !entry;
      if (!entry) {
        const cells = this.headers.map(() => h('td'));
        entry = { tr: h('tr', { 'data-key': key }, ...cells), cells };
        this.rows.set(key, entry);
      }
      this.fill(entry.cells, row, created);
      if (this.tbody.children[i] !== entry.tr) this.tbody.insertBefore(entry.tr, this.tbody.children[i] ?? null);
    });
    for (const [key, entry] of this.rows) if (!keep.has(key)) {
      entry.tr.remove();
      this.rows.delete(key);
    }
  }
}
