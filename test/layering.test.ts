/**
 * Dependencies point inward: domain imports nothing of ours; pricing and optimizer import only
 * domain (and pricing, for the optimizer); the engine never imports a venue, a strategy or the CLI;
 * strategies never import venues.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') && !path.endsWith('.bench.ts') ? [path] : [];
  });
}

/** Top-level area ("domain", "engine", …) of every relative import of `file`. */
function importedAreas(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const areas: string[] = [];
  for (const m of text.matchAll(/from '(\.[^']+)'/g)) {
    const target = relative(SRC, resolve(dirname(file), m[1]!));
    areas.push(target.split('/')[0]!);
  }
  return areas;
}

const RULES: Record<string, readonly string[]> = {
  domain: ['domain'],
  pricing: ['domain', 'pricing'],
  optimizer: ['domain', 'pricing', 'optimizer'],
  engine: ['domain', 'engine'],
  strategies: ['domain', 'engine', 'pricing', 'optimizer', 'strategies'],
};

describe('layering', () => {
  for (const [area, allowed] of Object.entries(RULES)) {
    it(`${area} imports only ${allowed.join(', ')}`, () => {
      const dir = join(SRC, area);
      expect(existsSync(dir)).toBe(true);
      const violations = files(dir).flatMap((f) => importedAreas(f).filter((a) => !allowed.includes(a)).map((a) => `${relative(SRC, f)} → ${a}`));
      expect(violations).toEqual([]);
    });
  }
});
