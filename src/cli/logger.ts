/** Builds the process logger (pino, JSON lines on stderr). Level from --log-level, else LOG_LEVEL, else info. */
import { pino } from 'pino';
import type { Logger } from '../engine/logger.js';

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export function createLogger(level?: string): Logger {
  const chosen = (level ?? process.env.LOG_LEVEL ?? 'info').toLowerCase();
  if (!LEVELS.has(chosen)) throw new Error(`log level "${chosen}" is not one of ${[...LEVELS].join(', ')}`);
  return pino({ level: chosen, base: undefined }, pino.destination(2)) as unknown as Logger;
}
