/** Runs a python3 (numpy/scipy) snippet that prints one JSON object, for same-run reference rates. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Executes `code` with python3 and parses the last stdout line as JSON.
 * Returns null (and the reason) when python3 or a module is missing, so a bench row can say so.
 */
export async function runPythonReference<T>(code: string, timeoutMs = 300_000): Promise<{ value: T } | { error: string }> {
  try {
    const { stdout } = await run('python3', ['-c', code], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
    const lines = stdout.trim().split('\n');
    return { value: JSON.parse(lines[lines.length - 1] ?? 'null') as T };
  } catch (error) {
    return { error: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  }
}
