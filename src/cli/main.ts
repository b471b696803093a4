/** The `arbiter` command line: wiring only; each command lives in commands/. */
import { Command } from 'commander';
import { ArbiterError } from '../domain/errors.js';
import { registerBench } from './commands/bench.js';
import { registerReplay } from './commands/replay.js';
import { registerDemo } from './commands/demo.js';
import { registerSimulate } from './commands/simulate.js';
import { registerRecord } from './commands/record.js';
import { registerConfig } from './commands/config.js';
import { registerBacktest } from './commands/backtest.js';
import { registerLive } from './commands/live.js';
import { registerLab } from './commands/lab.js';
import { registerSweep } from './commands/sweep.js';
import { registerWorker } from './commands/worker.js';
import { registerData } from './commands/data.js';

const program = new Command();
program.name('arbiter').description('Trading engine and quant research lab for crypto derivatives and prediction markets').showHelpAfterError();
registerDemo(program);
registerReplay(program);
registerSimulate(program);
registerRecord(program);
registerBacktest(program);
registerLive(program);
registerConfig(program);
registerBench(program);
registerLab(program);
registerSweep(program);
registerWorker(program);
registerData(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ArbiterError) {
    process.stderr.write(`error [${error.code}]: ${error.message}\n`);
  } else {
    process.stderr.write(`error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  }
  process.exitCode = 1;
}
