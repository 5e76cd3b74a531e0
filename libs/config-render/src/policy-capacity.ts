// How many group policies fit CloudFormation's parameter limit once packed. Used by the bench
// (`nx run config-render:bench`) and its test. Policies are realistic and varied: department-team
// group names, 3 models out of the catalogue and 2 denied tools, chosen by a seeded generator so
// the figure is reproducible.
import { MODEL_CATALOGUE } from './models-catalogue.ts';
import type { GatewayRenderInput, GroupPolicy } from './render-input.ts';
import { renderGatewayConfig } from './render-gateway-config.ts';

const DEPARTMENTS = ['payments', 'platform', 'data', 'mobile', 'web', 'security', 'finance', 'research', 'support', 'growth', 'infra', 'design'];
const TEAMS = ['backend', 'frontend', 'sre', 'ml', 'analytics', 'qa', 'tools', 'core', 'api', 'ios', 'android', 'ops'];
const REGIONS = ['us', 'eu', 'apac'];
const TOOLS = ['WebFetch', 'WebSearch', 'Bash(curl:*)', 'Bash(rm:*)', 'Edit(./infra/**)', 'Read(./.env)', 'mcp__github', 'NotebookEdit'];

/** A small deterministic generator (mulberry32), so every run builds the same policies. */
function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct items of `items`, kept in the order of `items`. */
function pick<T>(random: () => number, items: readonly T[], count: number): T[] {
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(random() * items.length));
  return [...chosen].sort((a, b) => a - b).map((i) => items[i] as T);
}

function allGroupNames(): string[] {
  return DEPARTMENTS.flatMap((d) => TEAMS.flatMap((t) => REGIONS.map((r) => `${d}-${t}-${r}`)));
}

/** `count` distinct group policies plus the catch-all. */
export function generateGroupPolicies(count: number, seed = 42): GroupPolicy[] {
  const random = seededRandom(seed);
  const names = allGroupNames();
  if (count > names.length) throw new RangeError(`at most ${names.length} distinct generated groups`);
  const policies: GroupPolicy[] = [];
  for (let i = 0; i < count; i++) {
    const group = names.splice(Math.floor(random() * names.length), 1)[0] as string;
    policies.push({ name: group, groups: [group], models: pick(random, MODEL_CATALOGUE.map((m) => m.id), 3), denyTools: pick(random, TOOLS, 2) });
  }
  policies.push({ name: 'everyone', groups: [], models: ['claude-sonnet-5-5', 'claude-haiku-4-5'] });
  return policies;
}

/** The largest number of generated policies whose packed config still fits, by bisection. */
export function maxGroupPoliciesThatFit(base: GatewayRenderInput, upper = DEPARTMENTS.length * TEAMS.length * REGIONS.length): { count: number; packedBytes: number } {
  const packedBytesFor = (n: number) => renderGatewayConfig({ ...base, policies: generateGroupPolicies(n) }).budget;
  let lo = 0;
  let hi = upper;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (packedBytesFor(mid).fits) lo = mid;
    else hi = mid - 1;
  }
  return { count: lo, packedBytes: packedBytesFor(lo).packedBytes };
}
