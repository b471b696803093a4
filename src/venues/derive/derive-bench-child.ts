/**
 * The Derive simulator in its own process for the feed benchmark, driven over IPC:
 * `{type:'prepare', count}` builds a burst of BTC-PERP ticker frames for the sessions subscribed
 * now, `{type:'fire'}` sends it, `{type:'quit'}` stops. Answers `ready` (with the URL), `prepared`, `sent`.
 */
import { DeriveSimulator } from './simulator/derive-simulator.js';

type Command = { type: 'prepare'; count: number } | { type: 'fire' } | { type: 'quit' };

const sim = await DeriveSimulator.start({ seed: 3, tickIntervalMs: 3_600_000 });
let fire: (() => Promise<number>) | null = null;
process.on('message', (m: Command) => {
  void (async () => {
    if (m.type === 'prepare') {
      fire = sim.prepareBurst('BTC-PERP', m.count);
      process.send?.({ type: 'prepared' });
    } else if (m.type === 'fire') {
      const sent = fire ? await fire() : 0;
      process.send?.({ type: 'sent', sent });
    } else {
      await sim.stop();
      process.exit(0);
    }
  })();
});
process.send?.({ type: 'ready', url: sim.url });
