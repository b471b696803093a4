/**
 * The error model: one base class with a stable code and a context of facts, and subclasses named
 * after what the caller does next (fix config, skip a frame, retry, resync, reconcile, give up).
 * Every code has a row in docs/ERRORS.md; a test keeps the two in step.
 */

export const ERROR_CODES = {
  ARB_CONFIG_INVALID: 'A configuration value is missing, of the wrong type or out of range.',
  ARB_INPUT_FILE: 'An input file is missing, unreadable or not in a format Arbiter knows.',
  ARB_INPUT_INVALID: 'An argument passed to a public function is invalid.',
  ARB_PARSE_LINE: 'A line of a recording is not valid JSON or lacks a required field.',
  ARB_PARSE_FRAME: 'A venue frame does not have the shape its channel documents.',
  ARB_DOMAIN_UNKNOWN_VENUE: 'A venue name is not one Arbiter knows.',
  ARB_DOMAIN_INSTRUMENT_NAME: 'An instrument name does not follow its venue naming scheme.',
  ARB_ENGINE_STRATEGY: 'A strategy threw or rejected; it was isolated and the engine went on.',
  ARB_ENGINE_STATE: 'An engine call was made in a state that does not allow it.',
  ARB_VENUE_REJECTED: 'The venue rejected a request; its own code and text are kept.',
  ARB_VENUE_TRANSIENT: 'A venue request failed in a way that is worth retrying.',
  ARB_VENUE_GAP: 'A sequence gap was seen on a book; the book must be resynchronised.',
  ARB_VENUE_UNKNOWN_OUTCOME: 'A request timed out or its answer was lost; reconcile before acting again.',
  ARB_NOT_SUPPORTED: 'The venue or mode does not support the action; nothing was done.',
  ARB_STORE_JOURNAL: 'The trading journal cannot be opened: not a database, or written by another schema version.',
  ARB_RISK_REJECTED: 'The risk gate refused an order (a limit, the trading state, or stale/crossed market data); nothing was sent.',
  ARB_SWEEP_CELL_FAILED: 'A sweep cell failed on a worker after its retries; the sweep stopped.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export type ErrorContext = Readonly<Record<string, string | number | boolean | null | undefined>>;

export class ArbiterError extends Error {
  readonly code: ErrorCode;
  readonly context: ErrorContext;

  constructor(code: ErrorCode, message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ArbiterError';
    this.code = code;
    this.context = context;
  }
}

/** Bad configuration: fix it and start again. */
export class ConfigError extends ArbiterError {
  constructor(message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super('ARB_CONFIG_INVALID', message, context, options);
    this.name = 'ConfigError';
  }
}

/** A line or frame that cannot be understood: count it, log an excerpt, go on. */
export class ParseError extends ArbiterError {
  constructor(code: 'ARB_PARSE_LINE' | 'ARB_PARSE_FRAME', message: string, context: ErrorContext = {}) {
    super(code, message, context);
    this.name = 'ParseError';
  }
}

/** The action is not available here: a clear no instead of a fake success. */
export class NotSupportedError extends ArbiterError {
  constructor(message: string, context: ErrorContext = {}) {
    super('ARB_NOT_SUPPORTED', message, context);
    this.name = 'NotSupportedError';
  }
}

/** Follows `cause` links to the innermost error. */
export function rootCause(error: unknown): unknown {
  let current = error;
  const seen = new Set<unknown>();
  while (current instanceof Error && current.cause !== undefined && !seen.has(current)) {
    seen.add(current);
    current = current.cause;
  }
  return current;
}

/** A short, log-safe excerpt of raw input for error messages. */
export function excerpt(text: string, max = 120): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max)}…`;
}
