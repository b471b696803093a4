/**
 * Secrets come from the environment, or from a file outside the repository named by the
 * `<NAME>_FILE` variable that only its owner may read (mode 600 or stricter). They are never
 * logged: errors name the variable, not the value, and every value read is remembered by the
 * secret scrubber so the logger redacts it wherever it appears.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { ConfigError } from '../../domain/errors.js';
import { rememberSecret } from './secret-scrubber.js';

export interface CredentialOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Directory a key file must not be inside (the repository); default: the working directory. */
  readonly repoDir?: string;
}

/** The secret in `name` (or the file `${name}_FILE`), or undefined when neither is set. */
export function readCredential(name: string, options: CredentialOptions = {}): string | undefined {
  const env = options.env ?? process.env;
  const direct = env[name];
  if (direct !== undefined && direct !== '') {
    rememberSecret(direct);
    return direct.trim();
  }
  const file = env[`${name}_FILE`];
  if (file === undefined || file === '') return undefined;
  const path = resolve(file);
  const repo = resolve(options.repoDir ?? process.cwd());
  if (path === repo || path.startsWith(repo + sep)) {
    throw new ConfigError(`${name}_FILE points inside the repository (${path}); keep key files outside it`, { variable: `${name}_FILE` });
  }
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (error) {
    throw new ConfigError(`cannot read ${name}_FILE (${path}): ${(error as NodeJS.ErrnoException).code ?? 'error'}`, { variable: `${name}_FILE` });
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new ConfigError(`${name}_FILE (${path}) is readable or writable by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 on it`, { variable: `${name}_FILE` });
  }
  try {
    const secret = readFileSync(path, 'utf8').trim();
    rememberSecret(secret);
    return secret;
  } catch (error) {
    throw new ConfigError(`cannot read ${name}_FILE (${path}): ${(error as NodeJS.ErrnoException).code ?? 'error'}`, { variable: `${name}_FILE` });
  }
}

/** Like readCredential, but a missing secret is a ConfigError naming what to set. */
export function requireCredential(name: string, purpose: string, options: CredentialOptions = {}): string {
  const value = readCredential(name, options);
  if (value === undefined) throw new ConfigError(`${purpose} needs ${name} (or ${name}_FILE pointing to a file outside the repository)`, { variable: name });
  return value;
}
