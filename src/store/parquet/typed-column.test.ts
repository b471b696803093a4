import { describe, expect, it } from 'vitest';
import { openDuck } from './catalog-layout.js';
import { numberAt, textAt, typedColumn } from './typed-column.js';

describe('typedColumn', () => {
  it('reads numbers, nulls and ENUM text straight from DuckDB vectors, as getItem does', async () => {
    const duck = await openDuck();
    try {
      const result = await duck.connection.run(`SELECT x, CAST(s AS ENUM('a', 'b')) AS s, CAST(i AS INTEGER) AS i
        FROM (SELECT CASE WHEN r % 3 = 1 THEN NULL ELSE CAST(r AS DOUBLE) * 0.25 END AS x, CASE WHEN r % 5 = 0 THEN NULL WHEN r % 2 = 0 THEN 'a' ELSE 'b' END AS s, r AS i
              FROM range(200) t(r))`);
      const chunk = (await result.fetchChunk())!;
      const [x, s, i] = [0, 1, 2].map((c) => chunk.getColumnVector(c));
      const xc = typedColumn(x!, 'x'), sc = typedColumn(s!, 's'), ic = typedColumn(i!, 'i');
      for (let r = 0; r < chunk.rowCount; r++) {
        expect(numberAt(xc, r)).toBe(x!.getItem(r));
        expect(textAt(sc, r)).toBe(s!.getItem(r));
        expect(numberAt(ic, r)).toBe(i!.getItem(r));
      }
      expect(numberAt(xc, 1)).toBeNull();
      expect(textAt(sc, 0)).toBeNull();
    } finally {
      duck.close();
    }
  });

  it('refuses a column that is not fixed-width', async () => {
    const duck = await openDuck();
    try {
      const chunk = (await (await duck.connection.run("SELECT 'text' AS t")).fetchChunk())!;
      expect(() => typedColumn(chunk.getColumnVector(0), 't')).toThrow(/column t: unexpected DuckDB vector layout/);
    } finally {
      duck.close();
    }
  });
});
