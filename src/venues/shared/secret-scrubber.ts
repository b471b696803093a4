/**
 * Keeps secrets out of everything Arbiter writes: the secret values it knows (venue keys read by
 * `readCredential`, and the environment variables whose names say they hold a secret) are
 * replaced by `[redacted]` in any text passed through `scrubSecrets`; the logger runs every line
 * through it, and pino also censors fields named like secrets.
 */

/** Environment variables whose values are secrets (by name). */
export const SECRET_ENV_NAME = /(SECRET|PRIVATE_KEY|PASSPHRASE|PASSWORD|TOKEN|API_KEY|SESSION_KEY|_KEY$)/i;

/** Field names pino censors wherever they appear (one and two levels deep). */
export const SECRET_FIELDS = [
  'secret', 'clientSecret', 'client_secret', 'apiSecret', 'api_secret', 'passphrase', 'privateKey', 'private_key', 'password',
  'token', 'accessToken', 'access_token', 'refreshToken', 'refresh_token', 'authorization', 'signature', 'sessionKey', 'session_key',
];

/** Shorter values are not scrubbed (they would match ordinary words and numbers). */
const MIN_LENGTH = 6;
const known = new Set<string>();
let pattern: RegExp | null = null;

/** Remembers a secret value so that no log line, error text or dashboard message shows it. */
export function rememberSecret(value: string | undefined): void {
  if (value === undefined) return;
  const v = value.trim();
  if (v.length < MIN_LENGTH || known.has(v)) return;
  known.add(v);
  pattern = null;
}

/** Remembers the values of every environment variable whose name says it holds a secret. */
export function rememberSecretsFromEnv(env: NodeJS.ProcessEnv = process.env): void {
  for (const [name, value] of Object.entries(env)) if (SECRET_ENV_NAME.test(name) && !name.endsWith('_FILE')) rememberSecret(value);
}

/** `text` with every known secret value replaced by `[redacted]`. */
export function scrubSecrets(text: string): string {
  if (known.size === 0) return text;
  pattern ??= new RegExp([...known].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  pattern.lastIndex = 0;
  return pattern.test(text) ? text.replace(pattern, '[redacted]') : text;
}

/** pino redact paths for the secret field names, at the top level and one level down. */
export function secretRedactPaths(): string[] {
  return SECRET_FIELDS.flatMap((f) => [f, `*.${f}`]);
}
