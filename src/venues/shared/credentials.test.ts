import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCredential, requireCredential } from './credentials.js';

describe('credentials', () => {
  it('reads from the environment first, then from a key file outside the repo', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arbiter-keys-'));
    try {
      const file = join(dir, 'deribit.secret');
      await writeFile(file, 'from-file\n', { mode: 0o600 });
      expect(readCredential('K', { env: { K: 'direct' } })).toBe('direct');
      expect(readCredential('K', { env: { K_FILE: file }, repoDir: '/work/main' })).toBe('from-file');
      expect(readCredential('K', { env: {} })).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses key files inside the repository and never puts the secret in an error', () => {
    expect(() => readCredential('K', { env: { K_FILE: '/repo/keys/k' }, repoDir: '/repo' })).toThrow(/inside the repository/);
    expect(() => requireCredential('DERIBIT_SECRET', 'Deribit orders', { env: {} })).toThrow(/Deribit orders needs DERIBIT_SECRET/);
    expect(() => readCredential('K', { env: { K_FILE: '/nonexistent/k' }, repoDir: '/repo' })).toThrow(/cannot read K_FILE .*ENOENT/);
  });
});
