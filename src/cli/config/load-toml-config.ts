/**
 * Reads a TOML file and validates it with a zod schema. Every problem is reported with the file,
 * line and key it concerns (`arbiter.toml:12: strategies[0].min_edge: expected number, received
 * string`); unknown keys are errors, not silently accepted.
 */
import { readFile } from 'node:fs/promises';
import { parse, TomlError } from 'smol-toml';
import type { z } from 'zod';
import { ConfigError } from '../../domain/errors.js';
import { lineOf, tomlKeyLines } from './toml-locations.js';

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out || '(root)';
}

/** Validates TOML `source` (named `file` in messages) against `schema`. */
export function parseTomlConfig<S extends z.ZodType>(source: string, schema: S, file = 'config'): z.infer<S> {
  let data: unknown;
  try {
    data = parse(source);
  } catch (error) {
    if (error instanceof TomlError) {
      throw new ConfigError(`${file}:${error.line}:${error.column}: invalid TOML: ${error.message.split('\n')[0]}`, { file, line: error.line });
    }
    throw error;
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data as z.infer<S>;
  const locations = tomlKeyLines(source);
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    let where = path;
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!;
      where = [...path, key];
      message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    }
    const line = lineOf(locations, where.map(String));
    return `${file}${line === undefined ? '' : `:${line}`}: ${formatPath(where)}: ${message}`;
  });
  throw new ConfigError(problems.join('\n'), { file, problems: problems.length });
}

export async function loadTomlConfig<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file: path });
  }
  return parseTomlConfig(source, schema, path);
}
