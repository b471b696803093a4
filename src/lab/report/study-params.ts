/**
 * Turns parameter values from outside (CLI strings, JSON bodies) into the values a study runs
 * with: defaults filled in, kinds and bounds checked against the study's declared params, and
 * every failure an ArbiterError ARB_INPUT_INVALID naming the parameter and the study.
 */
import { ArbiterError } from '../../domain/errors.js';
import type { Study, StudyParam, StudyParamValue } from '../studies/study.js';

function fail(study: Study, key: string, message: string): never {
  throw new ArbiterError('ARB_INPUT_INVALID', `${study.name}: parameter "${key}" ${message}`, { study: study.name, param: key });
}

function checkNumber(study: Study, p: StudyParam, n: number): number {
  if (!Number.isFinite(n)) fail(study, p.key, `must be a finite number, got ${String(n)}`);
  if (p.kind === 'integer' && !Number.isInteger(n)) fail(study, p.key, `must be an integer, got ${n}`);
  if (p.min !== undefined && n < p.min) fail(study, p.key, `must be ≥ ${p.min}, got ${n}`);
  if (p.max !== undefined && n > p.max) fail(study, p.key, `must be ≤ ${p.max}, got ${n}`);
  return n;
}

/** One value, given as a string (CLI) or as JSON (dashboard), checked against its declaration. */
export function coerceStudyParam(study: Study, p: StudyParam, raw: unknown): StudyParamValue {
  switch (p.kind) {
    case 'number':
    case 'integer': {
      if (typeof raw === 'number') return checkNumber(study, p, raw);
      if (typeof raw === 'string' && raw.trim() !== '' && !Number.isNaN(Number(raw))) return checkNumber(study, p, Number(raw));
      return fail(study, p.key, `must be ${p.kind === 'integer' ? 'an integer' : 'a number'}, got ${JSON.stringify(raw)}`);
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === '1' || raw === 'yes') return true;
      if (raw === 'false' || raw === '0' || raw === 'no') return false;
      return fail(study, p.key, `must be true or false, got ${JSON.stringify(raw)}`);
    }
    case 'select': {
      const options = p.options ?? [];
      if (typeof raw === 'string' && options.includes(raw)) return raw;
      return fail(study, p.key, `must be one of ${options.join(', ')}; got ${JSON.stringify(raw)}`);
    }
  }
}

/**
 * The full parameter set for a run: each declared param from `given` (checked) or its default.
 * @throws ArbiterError ARB_INPUT_INVALID for an unknown key or a value of the wrong kind or out of bounds.
 */
export function resolveStudyParams(study: Study, given: Readonly<Record<string, unknown>>): Record<string, StudyParamValue> {
  const known = new Map(study.params.map((p) => [p.key, p]));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) fail(study, key, `is unknown (known: ${study.params.map((p) => p.key).join(', ') || 'none'})`);
  }
  const out: Record<string, StudyParamValue> = {};
  for (const p of study.params) out[p.key] = Object.hasOwn(given, p.key) ? coerceStudyParam(study, p, given[p.key]) : p.default;
  return out;
}

/** `key=value` pairs from the command line as a record; a key given twice is an error. */
export function parseParamAssignments(study: Study, pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ArbiterError('ARB_INPUT_INVALID', `${study.name}: --param expects key=value, got "${pair}"`, { study: study.name });
    const key = pair.slice(0, eq).trim();
    if (Object.hasOwn(out, key)) fail(study, key, 'is given twice');
    out[key] = pair.slice(eq + 1).trim();
  }
  return out;
}
