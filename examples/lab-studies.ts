/**
 * Every study in the registry (`STUDIES`, the ones `arbiter lab <study>` and the dashboard's Lab
 * pages serve) run with its default parameters: its summary printed and an HTML report written
 * per study to the directory given as the first argument (else the system temp directory).
 *
 *   node --import tsx examples/lab-studies.ts [out-dir]
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatStudySummary, renderStudyReport, resolveStudyParams, STUDIES } from '../src/index.js';

const dir = process.argv[2] ?? tmpdir();
process.stdout.write(`${STUDIES.length} registered studies${STUDIES.length ? `: ${STUDIES.map((s) => s.name).join(', ')}` : ''}\n`);
for (const study of STUDIES) {
  const params = resolveStudyParams(study, {});
  const started = performance.now();
  const result = await study.run(params);
  const runMs = performance.now() - started;
  const file = join(dir, `lab-${study.name}.html`);
  writeFileSync(file, renderStudyReport({ study, params, result, dataSource: "synthetic (the study's seeded generator)", generatedMs: Date.now(), runMs }));
  process.stdout.write(`\n== ${study.title} (${study.name}, ${runMs.toFixed(0)} ms)\n${formatStudySummary(result)}\nreport: ${file}\n`);
}
