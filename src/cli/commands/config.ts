/** `arbiter config generate` (the documented default) and `arbiter config check FILE`. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ConfigError } from '../../domain/errors.js';
import { parseArbiterConfig } from '../config/arbiter-config.js';
import { DEFAULT_CONFIG_TOML } from '../config/default-config.js';

export async function readArbiterConfig(path: string | undefined): ReturnType<typeof parseArbiterConfigAsync> {
  return parseArbiterConfigAsync(path);
}

async function parseArbiterConfigAsync(path: string | undefined): Promise<ReturnType<typeof parseArbiterConfig>> {
  if (path === undefined) return parseArbiterConfig(DEFAULT_CONFIG_TOML, '(embedded default)');
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file: path });
  }
  return parseArbiterConfig(source, path);
}

export function registerConfig(program: Command): void {
  const config = program.command('config').description('generate or check a TOML configuration');
  config
    .command('generate')
    .description('print the documented default configuration')
    .action(() => {
      process.stdout.write(DEFAULT_CONFIG_TOML);
    });
  config
    .command('check')
    .description('validate a configuration file; errors name the line and key')
    .argument('<file>', 'TOML file')
    .action(async (file: string) => {
      const { strategies } = await readArbiterConfig(file);
      process.stdout.write(`${file}: OK (${strategies.length} strateg${strategies.length === 1 ? 'y' : 'ies'}: ${strategies.map((s) => `${s.name} [${s.type}]`).join(', ')})\n`);
    });
  program.option('--generate-config', 'print the documented default configuration and exit');
  program.on('option:generate-config', () => {
    process.stdout.write(DEFAULT_CONFIG_TOML);
    process.exit(0);
  });
}
