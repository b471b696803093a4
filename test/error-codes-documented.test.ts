import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/domain/errors.js';

describe('docs/ERRORS.md', () => {
  const doc = readFileSync(new URL('../docs/ERRORS.md', import.meta.url), 'utf8');
  const documented = [...doc.matchAll(/^\| `(ARB_[A-Z_]+)` \|/gm)].map((m) => m[1]);

  it('has a row for every error code in the code', () => {
    expect(Object.keys(ERROR_CODES).filter((c) => !documented.includes(c))).toEqual([]);
  });

  it('lists no code that the code does not define', () => {
    expect(documented.filter((c) => !(c! in ERROR_CODES))).toEqual([]);
  });
});
