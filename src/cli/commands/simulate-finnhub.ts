/**
 * `arbiter simulate finnhub`: the Finnhub simulator (a data source, not a trading venue, so it
 * stands apart from the venue simulators): prints its URLs and the token it accepts, runs until
 * interrupted or `--duration` seconds.
 */
import { FinnhubSimulator } from '../../venues/finnhub/simulator/finnhub-simulator.js';

export interface FinnhubSimulateOptions {
  readonly port?: number;
  readonly seed: number;
  readonly tickMs?: number;
  readonly duration?: number;
}

export async function runFinnhubSimulator(opts: FinnhubSimulateOptions, out: (text: string) => void = (t) => void process.stdout.write(t)): Promise<void> {
  const sim = await FinnhubSimulator.start({ port: opts.port, seed: opts.seed, tickIntervalMs: opts.tickMs });
  out(`finnhub simulator (seed ${opts.seed}; prices from ${new Date(sim.model.originMs).toISOString()}; quota 60 calls/min per token)\n`
    + `  websocket: ${sim.url}/?token=${sim.token}\n  rest:      ${sim.restUrl}\n`
    + `  use: FINNHUB_API_KEY=${sim.token} arbiter data finnhub quote AAPL --finnhub-url ${sim.baseUrl}\n`);
  await new Promise<void>((resolve) => {
    const done = (): void => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    if (opts.duration !== undefined) setTimeout(done, opts.duration * 1000);
  });
  await sim.stop();
}
