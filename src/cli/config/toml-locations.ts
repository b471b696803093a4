/**
 * Where each key of a TOML document sits: a map from a dotted path (`strategies.0.min_edge`,
 * `dashboard.port`) to its 1-based line, so validation errors can name the line. Handles
 * `[table]`, `[[array.of.tables]]`, dotted keys and quoted keys; inline tables and arrays map to
 * the line of their key.
 */

function splitKey(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const ch of text.trim()) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '.') {
      parts.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current.trim());
  return parts.filter((p) => p.length > 0);
}

export function tomlKeyLines(source: string): Map<string, number> {
  const lines = source.split(/\r?\n/);
  const locations = new Map<string, number>();
  const arrayCounts = new Map<string, number>();
  let table: string[] = [];
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const arrayHeader = /^\[\[(.+)\]\]\s*(#.*)?$/.exec(line);
    if (arrayHeader) {
      const path = splitKey(arrayHeader[1]!).join('.');
      const index = arrayCounts.get(path) ?? 0;
      arrayCounts.set(path, index + 1);
      table = [...splitKey(arrayHeader[1]!), String(index)];
      locations.set(table.join('.'), i + 1);
      return;
    }
    const header = /^\[(.+)\]\s*(#.*)?$/.exec(line);
    if (header) {
      table = splitKey(header[1]!);
      // Array-of-table parents keep their latest index: [a.b] under [[a]] means a.<last>.b.
      table = withArrayIndexes(table, arrayCounts);
      locations.set(table.join('.'), i + 1);
      return;
    }
    const eq = line.indexOf('=');
    if (eq > 0) {
      const key = [...table, ...splitKey(line.slice(0, eq))].join('.');
      if (!locations.has(key)) locations.set(key, i + 1);
    }
  });
  return locations;
}

function withArrayIndexes(path: string[], arrayCounts: Map<string, number>): string[] {
  const out: string[] = [];
  for (let k = 0; k < path.length; k++) {
    out.push(path[k]!);
    const prefix = path.slice(0, k + 1).join('.');
    const count = arrayCounts.get(prefix);
    if (count !== undefined && k < path.length - 1) out.push(String(count - 1));
  }
  return out;
}

/** The line of `path` or of its nearest ancestor that has one. */
export function lineOf(locations: Map<string, number>, path: ReadonlyArray<string | number>): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const line = locations.get(path.slice(0, n).join('.'));
    if (line !== undefined) return line;
  }
  return undefined;
}
