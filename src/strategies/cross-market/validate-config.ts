/**
 * Strategy config validation with zod: defaults filled in, unknown keys rejected, and every
 * problem reported with the dotted key it concerns (`polymarket.feeRate: Too big: expected …`).
 * Shared by the strategies in this folder tree (cross-market, gamma-scalp, momentum).
 */
import type { z } from 'zod';
import { ConfigError } from '../../domain/errors.js';

function keyPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out || '(root)';
}

/**
 * Parses `input` (undefined = all defaults) against `schema`.
 * @throws ConfigError `ARB_CONFIG_INVALID` listing each bad or unknown key; `context.key` is the first.
 */
export function parseStrategyConfig<S extends z.ZodType>(schema: S, input: unknown, strategy: string): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const keys: string[] = [];
  const problems = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const named = issue.keys.map((k) => keyPath([...issue.path, k]));
      keys.push(...named);
      return `${named.map((k) => `"${k}"`).join(', ')}: unknown key${issue.keys.length > 1 ? 's' : ''}`;
    }
    const key = keyPath(issue.path);
    keys.push(key);
    return `${key}: ${issue.message}`;
  });
  throw new ConfigError(`${strategy} config: ${problems.join('; ')}`, { strategy, key: keys[0] ?? null, problems: problems.length });
}
