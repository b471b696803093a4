/** Option parsers for commander that reject bad values with a message naming the flag. */
import { InvalidArgumentError } from 'commander';

export function parsePositiveNumber(flag: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${flag} must be a positive number, got "${value}"`);
    return n;
  };
}

export function parseEpochMs(flag: string): (value: string) => number {
  return (value: string) => {
    const n = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    if (!Number.isFinite(n)) throw new InvalidArgumentError(`${flag} must be epoch ms or an ISO date, got "${value}"`);
    return n;
  };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A TCP port, 0 (any free port) to 65535. */
export function parsePort(flag: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n > 65_535) throw new InvalidArgumentError(`${flag} must be a port number from 0 to 65535, got "${value}"`);
    return n;
  };
}
