/**
 * Turns a configuration, data files and grid axes into sweep cells: grid values are applied to
 * the strategies that have the key (or to the one named by `strategy-name.key`), every cell's
 * strategy config is validated by the strategy's own schema, and each cell gets its hash.
 */
import { existsSync } from 'node:fs';
import { STRATEGY_TYPES, type ArbiterConfig, type StrategyPlan } from '../cli/config/arbiter-config.js';
import { snakeToCamel } from '../cli/config/case-keys.js';
import { ConfigError } from '../domain/errors.js';
import { cellHash, hashFile, type CellAccount, type CellSpec, type CellStrategy, type SweepCell } from './cell-spec.js';
import { expandGrid, type GridAxis, type GridValue } from './grid.js';

export interface SweepPlanOptions {
  readonly config: ArbiterConfig;
  readonly strategies: readonly StrategyPlan[];
  /** Strategy names to run; omitted: the enabled strategies some grid key applies to. */
  readonly only?: readonly string[];
  readonly axes: readonly GridAxis[];
  readonly files: readonly string[];
  readonly catalogs: string;
  readonly fromMs?: number;
  readonly toMs?: number;
}

export interface SweepPlan {
  readonly axes: readonly GridAxis[];
  readonly strategies: readonly string[];
  readonly cells: readonly SweepCell[];
}

interface Target {
  readonly strategy: string;
  readonly key: string;
}

/** Which strategies (by name) each grid key sets, and the camelCase key it sets. */
function resolveTargets(axis: GridAxis, plans: readonly StrategyPlan[]): Target[] {
  const byName = plans.find((p) => axis.key.startsWith(`${p.name}.`));
  if (byName) {
    const key = snakeToCamel(axis.key.slice(byName.name.length + 1));
    if (!(key in defaultsOf(byName))) throw new ConfigError(`--grid ${axis.key}: strategy "${byName.name}" (${byName.type}) has no key "${axis.key.slice(byName.name.length + 1)}"`);
    return [{ strategy: byName.name, key }];
  }
  const key = snakeToCamel(axis.key);
  const targets = plans.filter((p) => key in defaultsOf(p)).map((p) => ({ strategy: p.name, key }));
  if (targets.length === 0) {
    throw new ConfigError(`--grid ${axis.key}: no strategy in the sweep has this key (strategies: ${plans.map((p) => `${p.name} [${p.type}]`).join(', ') || 'none'}); use STRATEGY_NAME.KEY to target one`);
  }
  return targets;
}

function defaultsOf(plan: StrategyPlan): Record<string, unknown> {
  const parsed = STRATEGY_TYPES[plan.type].schema.safeParse(plan.config);
  return parsed.success ? (parsed.data as Record<string, unknown>) : { ...plan.config };
}

function accountOf(config: ArbiterConfig): CellAccount {
  return {
    cash: config.paper.cash,
    seed: config.paper.seed,
    latency: { entryMs: config.paper.entry_latency_ms, responseMs: config.paper.response_latency_ms, sigma: config.paper.latency_sigma },
    historyPeriodMs: config.paper.history_period_secs * 1000,
    refreshIntervalMs: config.global.refresh_secs * 1000,
  };
}

/** Builds every cell of the sweep; throws a ConfigError naming the key, value and strategy on bad input. */
export async function planSweep(o: SweepPlanOptions): Promise<SweepPlan> {
  if (o.files.length === 0) throw new ConfigError('sweep: no --file given');
  for (const f of [...o.files, o.catalogs]) {
    if (!existsSync(f)) throw new ConfigError(`sweep: no such file ${f}`);
  }
  if (o.axes.length === 0) throw new ConfigError('sweep: no --grid given; pass at least one, e.g. --grid min_edge=0.01..0.05:0.01');
  let pool = o.strategies.filter((s) => s.enabled);
  if (o.only !== undefined) {
    const unknown = o.only.filter((n) => !o.strategies.some((s) => s.name === n));
    if (unknown.length > 0) throw new ConfigError(`--strategies: no strategy named ${unknown.map((n) => `"${n}"`).join(', ')} (configured: ${o.strategies.map((s) => s.name).join(', ')})`);
    pool = o.strategies.filter((s) => o.only!.includes(s.name));
  }
  const targets = new Map(o.axes.map((a) => [a.key, resolveTargets(a, pool)]));
  const chosen = o.only !== undefined ? pool : pool.filter((p) => [...targets.values()].some((ts) => ts.some((t) => t.strategy === p.name)));

  const dataHashes: Record<string, string> = {};
  for (const f of [...o.files, o.catalogs]) dataHashes[f] = await hashFile(f);
  const account = accountOf(o.config);

  const cells = expandGrid(o.axes).map((params): SweepCell => {
    const strategies = chosen.map((plan): CellStrategy => {
      const config: Record<string, unknown> = { ...plan.config };
      for (const [gridKey, value] of Object.entries(params)) {
        for (const t of targets.get(gridKey) ?? []) if (t.strategy === plan.name) config[t.key] = value;
      }
      const checked = STRATEGY_TYPES[plan.type].schema.safeParse(config);
      if (!checked.success) {
        const problems = checked.error.issues.map((i) => `${i.path.map(String).join('.') || '(config)'}: ${i.message}`).join('; ');
        throw new ConfigError(`sweep: strategy "${plan.name}" rejects ${describe(params)}: ${problems}`);
      }
      return { type: plan.type, name: plan.name, config };
    });
    const spec: CellSpec = { files: [...o.files], catalogs: o.catalogs, dataHashes, strategies, account, ...(o.fromMs === undefined ? {} : { fromMs: o.fromMs }), ...(o.toMs === undefined ? {} : { toMs: o.toMs }) };
    return { hash: cellHash(spec), params, spec };
  });
  return { axes: o.axes, strategies: chosen.map((c) => c.name), cells };
}

export function describe(params: Readonly<Record<string, GridValue>>): string {
  return Object.entries(params).map(([k, v]) => `${k}=${String(v)}`).join(' ');
}
