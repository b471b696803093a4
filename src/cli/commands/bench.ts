/** `arbiter bench [--json FILE] [--filter NAME] [--scale X]` */
import type { Command } from 'commander';
import { runBenchmarks } from '../../bench/run-benchmarks.js';
import { SUITES } from '../../bench/suites.js';
import { parsePositiveNumber } from '../options.js';

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('run the benchmarks and print a table (ratios against same-run references)')
    .option('--json <file>', 'also write the rows as JSON [{name, unit, value, reference, ratio}]')
    .option('--filter <text>', 'only suites whose name contains this text')
    .option('--scale <x>', 'problem-size factor (1 = full; 0.1 for a quick smoke run)', parsePositiveNumber('--scale'), 1)
    .action(async (opts: { json?: string; filter?: string; scale: number }) => {
      await runBenchmarks({ suites: SUITES, jsonFile: opts.json, filter: opts.filter, scale: opts.scale });
    });
}
