/**
 * Every `examples/*.ts` script runs as users would run it (`node --import tsx examples/x.ts
 * <out-dir>`) and must exit 0 within a time bound, so examples never rot. Scripts known here get
 * their output checked too; a new example is run without further checks until one is added.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STUDIES } from '../src/lab/studies/registry.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.ts')).sort();
const TIME_BOUND_MS = 60_000;

let out: string;
const runs = new Map<string, Promise<{ code: number | null; stdout: string; stderr: string }>>();

/** Starts the examples two at a time (the suite's 2-core budget) and memoises each run. */
function runExample(file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let p = runs.get(file);
  if (!p) {
    const index = EXAMPLES.indexOf(file);
    const before = index >= 2 ? runExample(EXAMPLES[index - 2]!).catch(() => undefined) : Promise.resolve(undefined);
    p = before.then(() => new Promise((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', join('examples', file), out], { cwd: ROOT, timeout: TIME_BOUND_MS, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
      });
    }));
    runs.set(file, p);
  }
  return p;
}

const CHECKS: Record<string, (stdout: string) => void> = {
  'lab-custom-study.ts': (stdout) => {
    expect(stdout).toMatch(/κ estimated\s+\d/);
    expect(stdout).toContain('refused as expected: ou-half-life: parameter "kappa" must be ≥ 0.01');
    expect(readFileSync(join(out, 'ou-half-life.html'), 'utf8')).toContain('<svg');
  },
  'lab-studies.ts': (stdout) => {
    expect(stdout.split('\n')[0]).toContain(`${STUDIES.length} registered studies`);
    for (const study of STUDIES) {
      expect(stdout).toContain(`== ${study.title} (${study.name}`);
      expect(existsSync(join(out, `lab-${study.name}.html`)), study.name).toBe(true);
    }
  },
  'pricing-implied-vol.ts': (stdout) => {
    expect(stdout).toMatch(/largest implied-vol round-trip error: \d\.\d+e-\d+/);
    expect(stdout.match(/\b(call|put)\b/g)?.length).toBe(10);
  },
  'replay-recording.ts': (stdout) => {
    expect(stdout).toMatch(/^\d+ records, \d+ events, 0 bad frames/);
    expect(stdout).toMatch(/deribit ticker\s+\d+/);
  },
};

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'arbiter-examples-'));
  for (const file of EXAMPLES) void runExample(file);
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('examples/*.ts', () => {
  it('has the examples this test knows', () => {
    for (const name of Object.keys(CHECKS)) expect(EXAMPLES).toContain(name);
  });

  for (const file of EXAMPLES) {
    it(`${file} runs to completion`, async () => {
      const r = await runExample(file);
      expect(r.code, `${file} failed:\n${r.stderr}`).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(0);
      CHECKS[file]?.(r.stdout);
    }, TIME_BOUND_MS * 3);
  }
});
