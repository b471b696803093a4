/** Value formatting shared by every page (the formats the widget schema names). */
import type { ValueFormat } from '../widget-schema.js';

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const usd4 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 4, maximumFractionDigits: 4 });
const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatValue(value: unknown, format: ValueFormat): string {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) return String(value);
  switch (format) {
    case 'usd': return usd.format(value);
    case 'usd4': return usd4.format(value);
    case 'pct': return `${(value * 100).toFixed(2)} %`;
    case 'num2': return value.toFixed(2);
    case 'num4': return value.toFixed(4);
    case 'int': return int.format(value);
    case 'time': return new Date(value).toISOString().slice(11, 19) + ' UTC';
    case 'date': return new Date(value).toISOString().slice(0, 16).replace('T', ' ');
    case 'text': return String(value);
  }
}

/** "3 s ago" style age of an epoch-ms time. */
export function age(ms: number | null, now = Date.now()): string {
  if (ms === null) return 'never';
  const s = Math.max(0, (now - ms) / 1000);
  return s < 1 ? 'now' : s < 120 ? `${s.toFixed(0)} s ago` : `${(s / 60).toFixed(0)} min ago`;
}
