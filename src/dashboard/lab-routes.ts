/**
 * The dashboard's Lab API: `GET /api/lab/studies` lists the studies with their declared params;
 * `POST /api/lab/studies/:name/run` with `{ "params": { key: value } }` runs one and returns
 * `{ study, params, runMs, result }`. The body is checked with a zod schema built from the
 * study's declarations (kind, bounds, options), so out-of-range values are a 400 naming the
 * parameter.
 *
 * Runs happen in this process, one at a time (a second request while one runs gets 429), and
 * their size is bounded by each study's declared parameter maxima: studies are pure and sized
 * for interactive use, and test-registered studies exist only in this process, which a worker
 * thread could not see. A run that takes longer than a second is logged as a warning.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ArbiterError } from '../domain/errors.js';
import type { Logger } from '../engine/logger.js';
import { resolveStudyParams } from '../lab/report/study-params.js';
import type { Study, StudyParam, StudyParamValue, StudyResult } from '../lab/studies/study.js';

export interface LabStudyListing {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly params: readonly StudyParam[];
}

export interface LabRunResponse {
  readonly study: string;
  readonly params: Record<string, StudyParamValue>;
  readonly runMs: number;
  readonly result: StudyResult;
}

function paramSchema(p: StudyParam): z.ZodType<StudyParamValue> {
  switch (p.kind) {
    case 'number':
    case 'integer': {
      let n = z.number().finite();
      if (p.kind === 'integer') n = n.int();
      if (p.min !== undefined) n = n.min(p.min);
      if (p.max !== undefined) n = n.max(p.max);
      return n;
    }
    case 'boolean':
      return z.boolean();
    case 'select':
      return z.string().refine((v) => (p.options ?? []).includes(v), { message: `must be one of ${(p.options ?? []).join(', ')}` });
  }
}

/** The request body for one study: `{ params?: { <declared key>?: value } }`, nothing else. */
export function labRunBodySchema(study: Study): z.ZodType<{ params?: Record<string, StudyParamValue | undefined> }> {
  const shape: Record<string, z.ZodType<StudyParamValue | undefined>> = {};
  for (const p of study.params) shape[p.key] = paramSchema(p).optional();
  return z.strictObject({ params: z.strictObject(shape).optional() });
}

const RUN_WARN_MS = 1_000;

/** Registers the Lab routes; `studies` is read on each request, so later registrations appear. */
export function registerLabRoutes(app: FastifyInstance, options: { studies: readonly Study[]; logger: Logger }): void {
  const { studies, logger } = options;
  const schemas = new WeakMap<Study, ReturnType<typeof labRunBodySchema>>();
  let running: string | null = null;
  const find = (name: string): Study => {
    const study = studies.find((s) => s.name === name);
    if (!study) throw new ArbiterError('ARB_INPUT_INVALID', `lab study "${name}" not found`, { study: name });
    return study;
  };
  app.get('/api/lab/studies', async (): Promise<LabStudyListing[]> => studies.map((s) => ({ name: s.name, title: s.title, description: s.description, params: s.params })));
  app.post('/api/lab/studies/:name/run', async (request, reply) => {
    const study = find((request.params as { name: string }).name);
    let schema = schemas.get(study);
    if (!schema) schemas.set(study, (schema = labRunBodySchema(study)));
    const body = schema.parse(request.body ?? {});
    const given = Object.fromEntries(Object.entries(body.params ?? {}).filter(([, v]) => v !== undefined));
    let params: Record<string, StudyParamValue>;
    try {
      params = resolveStudyParams(study, given);
    } catch (error) {
      return reply.code(400).send({ error: (error as Error).message, code: (error as ArbiterError).code });
    }
    if (running !== null) return reply.code(429).send({ error: `a lab run (${running}) is in progress; try again when it finishes`, code: 'ARB_ENGINE_STATE' });
    running = study.name;
    const started = performance.now();
    try {
      const result = await study.run(params, undefined);
      const runMs = performance.now() - started;
      if (runMs > RUN_WARN_MS) logger.warn({ study: study.name, runMs: Math.round(runMs) }, 'dashboard: a lab run held the event loop for over a second');
      const response: LabRunResponse = { study: study.name, params, runMs: Math.round(runMs * 10) / 10, result };
      return response;
    } catch (error) {
      if (error instanceof ArbiterError && error.code === 'ARB_INPUT_INVALID') return reply.code(400).send({ error: error.message, code: error.code });
      throw error;
    } finally {
      running = null;
    }
  });
}
