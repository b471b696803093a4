/**
 * Builds the process logger (pino, JSON lines on stderr). The level comes from --log-level, else
 * LOG_LEVEL, else info, and may name levels per module: `warn,deribit=debug,CrossMarket-BTC=info`
 * sets warn everywhere except the children bound to that venue, component or strategy.
 */
import { pino, type Logger as PinoLogger } from 'pino';
import { ConfigError } from '../domain/errors.js';
import type { Logger } from '../engine/logger.js';
import { rememberSecretsFromEnv, scrubSecrets, secretRedactPaths } from '../venues/shared/secret-scrubber.js';

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export interface LevelSpec {
  readonly root: string;
  readonly modules: ReadonlyMap<string, string>;
}

/** Parses `level[,module=level…]`. @throws ConfigError naming the bad part. */
export function parseLevelSpec(spec: string): LevelSpec {
  const modules = new Map<string, string>();
  let root = 'info';
  for (const part of spec.split(',').map((p) => p.trim()).filter((p) => p.length > 0)) {
    const eq = part.indexOf('=');
    const level = (eq < 0 ? part : part.slice(eq + 1)).toLowerCase();
    if (!LEVELS.has(level)) throw new ConfigError(`log level "${level}" in "${spec}" is not one of ${[...LEVELS].join(', ')}`);
    if (eq < 0) root = level;
    else modules.set(part.slice(0, eq), level);
  }
  return { root, modules };
}

/** Our Logger over pino, choosing a child's level by the module it is bound to. */
class ModuleLogger implements Logger {
  constructor(private readonly pino: PinoLogger, private readonly modules: ReadonlyMap<string, string>) {}

  debug(obj: object, msg?: string): void {
    this.pino.debug(obj, msg);
  }

  info(obj: object, msg?: string): void {
    this.pino.info(obj, msg);
  }

  warn(obj: object, msg?: string): void {
    this.pino.warn(obj, msg);
  }

  error(obj: object, msg?: string): void {
    this.pino.error(obj, msg);
  }

  child(bindings: Record<string, unknown>): Logger {
    const key = [bindings.strategy, bindings.venue, bindings.component].find((v) => typeof v === 'string' && this.modules.has(v)) as string | undefined;
    return new ModuleLogger(this.pino.child(bindings, key ? { level: this.modules.get(key)! } : undefined), this.modules);
  }
}

/**
 * @param destination where JSON lines go (default stderr); every line is scrubbed of known secret
 * values first, and fields named like secrets are censored.
 */
export function createLogger(level?: string, destination: { write(line: string): unknown } = pino.destination(2)): Logger {
  const spec = parseLevelSpec(level ?? process.env.LOG_LEVEL ?? 'info');
  rememberSecretsFromEnv();
  const scrubbed = { write: (line: string): unknown => destination.write(scrubSecrets(line)) };
  return new ModuleLogger(pino({ level: spec.root, base: undefined, redact: { paths: secretRedactPaths(), censor: '[redacted]' } }, scrubbed), spec.modules);
}
