// Which profile variables a stack parameter is made from, read from the planner itself rather
// than from a list: a variable's value in the settings is changed alone, and the parameters
// that change with it are the ones it reaches. Only asked when a refusal needs a name, since it
// plans once per variable tried: first those whose value the parameter's value holds, then,
// when none of them is behind it, every other variable.
import { variableNames, type Settings } from '@cagw/profile';
import type { VariablesOf } from './refuse-unsupported-edits.ts';
import { stacksOf, type DeploymentPlan } from './stack-plan.ts';

/** Another value of the same kind, for telling which parameters follow this one. */
function changed(value: unknown): unknown {
  if (typeof value === 'string') return `${value}x`;
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return [...value, 'x'];
  return undefined;
}

const parametersOf = (plan: DeploymentPlan) => new Map(stacksOf(plan).flatMap((s) => Object.entries(s.parameters).map(([p, v]) => [`${s.stackName}/${p}`, JSON.stringify(v)] as const)));

/** `planOf` plans settings as the deploy does; settings it cannot plan leave that variable out. */
export function variablesReachingParameters(settings: Settings, planOf: (s: Settings) => Promise<DeploymentPlan>): VariablesOf {
  const values = settings as unknown as Record<string, unknown>;
  let base: Promise<Map<string, string>> | undefined;
  /** the parameters (stack/name) that change with this variable, planned once */
  const reached = new Map<string, Promise<Set<string>>>();
  const reachedBy = (name: string) => {
    const known = reached.get(name);
    if (known) return known;
    const found = (async () => {
      const now = changed(values[name]);
      if (now === undefined) return new Set<string>();
      base ??= planOf(settings).then(parametersOf);
      const before = await base;
      const after = await planOf({ ...settings, [name]: now } as Settings).then(parametersOf, () => undefined);
      return new Set([...(after ?? [])].filter(([key, v]) => before.get(key) !== v).map(([key]) => key));
    })();
    reached.set(name, found);
    return found;
  };
  const behind = async (names: readonly string[], key: string) => {
    const hits: string[] = [];
    for (const name of names) if ((await reachedBy(name)).has(key)) hits.push(name);
    return hits;
  };
  return async (stackName, parameter) => {
    const key = `${stackName}/${parameter}`;
    base ??= planOf(settings).then(parametersOf);
    const value = (await base).get(key) ?? '';
    const held = variableNames.filter((n) => {
      const v = values[n];
      const text = Array.isArray(v) ? v.join(',') : v === undefined ? '' : String(v);
      return text.length >= 3 && value.includes(text);
    });
    const first = await behind(held, key);
    return first.length > 0 ? first : behind(variableNames.filter((n) => !held.includes(n)), key);
  };
}
