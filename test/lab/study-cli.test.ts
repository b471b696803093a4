/**
 * `arbiter lab <study>`: parameters from --param checked against the study, --data from CSV
 * (both layouts) and from a recording (book mids), --json, and the HTML report written to disk;
 * plus the real binary for `lab list` and an unknown study.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStudyData, runStudyCommand } from '../../src/cli/commands/lab.js';
import { STUDIES } from '../../src/lab/studies/registry.js';
import { walkStudy, waveStudy } from './test-studies.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/arbiter.js', import.meta.url).pathname;
const RECORDING = new URL('../../examples/demo-btc/polymarket.jsonl.gz', import.meta.url).pathname;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arbiter-lab-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function capture(): { out: (t: string) => void; text: () => string } {
  let buf = '';
  return { out: (t) => void (buf += t), text: () => buf };
}

describe('arbiter lab <study>', () => {
  it('runs with --param values, prints the summary and writes a self-contained report', async () => {
    const c = capture();
    const report = join(dir, 'wave.html');
    const result = await runStudyCommand(waveStudy, { param: ['amplitude=2', 'shape=square'], report }, c.out);
    expect(result.summary.peak).toBe(2);
    expect(c.text()).toMatch(/peak\s+2\n/);
    expect(c.text()).toContain(`report written to ${report}`);
    const html = await readFile(report, 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|https?:\/\//i);
    expect(html).toContain('&lt;script&gt;');
  });

  it('--json prints the whole result with the resolved params', async () => {
    const c = capture();
    await runStudyCommand(walkStudy, { param: ['seed=5'], json: true }, c.out);
    const parsed = JSON.parse(c.text()) as { study: string; params: Record<string, unknown>; result: { summary: Record<string, unknown>; charts: unknown[] } };
    expect(parsed.study).toBe('test-walk');
    expect(parsed.params).toEqual({ seed: 5, drift: 0, steps: 500, absolute: false });
    expect(parsed.result.summary.steps).toBe(500);
    expect(parsed.result.charts).toHaveLength(2);
  });

  it('refuses a bad parameter naming it', async () => {
    await expect(runStudyCommand(waveStudy, { param: ['points=3'] }, () => {})).rejects.toThrow(/"points" must be ≥ 10/);
    await expect(runStudyCommand(waveStudy, { param: ['colour=red'] }, () => {})).rejects.toThrow(/"colour" is unknown/);
  });

  it('--data reads long and wide CSV files', async () => {
    const long = join(dir, 'long.csv');
    const wide = join(dir, 'wide.csv');
    await writeFile(long, 't,name,value\n1000,x,1\n2000,x,3\n');
    await writeFile(wide, 't,a,b\n1000,10,20\n2000,11,\n');
    const c = capture();
    const r1 = await runStudyCommand(walkStudy, { param: [], data: long, json: true }, c.out);
    expect(r1.summary).toMatchObject({ final: 3, steps: 2, series: 'x' });
    expect((JSON.parse(c.text()) as { dataSource: string }).dataSource).toContain('long.csv (1 series: x)');
    expect((await loadStudyData(wide)).series).toEqual({ a: { t: [1000, 2000], v: [10, 11] }, b: { t: [1000], v: [20] } });
    await expect(loadStudyData(join(dir, 'missing.csv'))).rejects.toThrow(/cannot read/);
    await expect(loadStudyData(join(dir, 'data.parquet'))).rejects.toThrow(/expected a \.csv file or a recording/);
  });

  it('--data reads a recording as one mid series per book', async () => {
    const data = await loadStudyData(RECORDING);
    const names = Object.keys(data.series);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      expect(name.startsWith('polymarket:')).toBe(true);
      const s = data.series[name]!;
      for (let i = 1; i < s.t.length; i++) expect(s.t[i]!).toBeGreaterThan(s.t[i - 1]!);
      for (const v of s.v) expect(v > 0 && v < 1).toBe(true);
    }
  });

  it('the binary lists the studies and names an unknown one', async () => {
    const list = await run(process.execPath, [BIN, 'lab', 'list', '--json'], { timeout: 30_000 });
    expect((JSON.parse(list.stdout) as Array<{ name: string }>).map((s) => s.name)).toEqual(STUDIES.map((s) => s.name));
    const bad = await run(process.execPath, [BIN, 'lab', 'run', 'no-such-study'], { timeout: 30_000 }).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(bad?.code).toBe(1);
    expect(bad?.stderr).toContain('no lab study "no-such-study"');
  }, 60_000);

  it('every registered study has `arbiter lab <name>` and runs with defaults', async () => {
    for (const study of STUDIES) {
      const c = capture();
      const result = await runStudyCommand(study, { param: [], json: true }, c.out);
      expect(Object.keys(result.summary).length, study.name).toBeGreaterThan(0);
      expect(() => JSON.parse(c.text())).not.toThrow();
    }
  });
});
