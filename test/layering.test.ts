/**
 * Dependencies point inward: domain imports nothing of ours; pricing and optimizer import only
 * domain (and pricing, for the optimizer); the engine never imports a venue, a strategy or the CLI;
 * strategies never import venues. Strategies may reuse the lab's math (and the typed-array book),
 * but only pure modules: every lab file a strategy reaches, directly or through other lab files,
 * imports nothing but domain, pricing, optimizer, orderbook and lab modules, and no Node built-in.
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
  strategies: ['domain', 'engine', 'pricing', 'optimizer', 'orderbook', 'lab', 'strategies'],
  orderbook: ['domain', 'orderbook'],
};

/** Absolute paths of the relative imports of `file` (`.js` specifiers mapped to their `.ts` source). */
function importedFiles(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/from '(\.[^']+)'/g)].map((m) => resolve(dirname(file), m[1]!).replace(/\.js$/, '.ts'));
}

const PURE_AREAS = ['domain', 'pricing', 'optimizer', 'orderbook', 'lab'];

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

describe('lab modules used by strategies', () => {
  it('are pure: only domain, pricing, optimizer, orderbook and lab imports, no Node built-ins', () => {
    const seen = new Set<string>();
    const queue = files(join(SRC, 'strategies')).flatMap(importedFiles).filter((f) => relative(SRC, f).startsWith('lab/'));
    expect(queue.length).toBeGreaterThan(0);
    const violations: string[] = [];
    while (queue.length > 0) {
      const f = queue.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/from '(node:[^']+|[a-z@][^']*)'/g)) violations.push(`${relative(SRC, f)} → ${m[1]!}`);
      for (const target of importedFiles(f)) {
        const area = relative(SRC, target).split('/')[0]!;
        if (!PURE_AREAS.includes(area)) violations.push(`${relative(SRC, f)} → ${area}`);
        else if (area === 'lab') queue.push(target);
      }
    }
    expect(violations).toEqual([]);
  });
});
