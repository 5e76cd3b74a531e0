// How `cagw plan` shows a deployment plan: text for people, one JSON document for tools.
// Secrets appear as their ARNs, the packed config as its size and hash, and values that come
// from another stack's outputs as <stack>.<Output>. The profile's TAGS are shown once (every
// stack carries them), each stack's full tags in JSON; the monthly estimate of `cagw cost`
// heads both.
import { CAGW_STACK_TAG_KEYS, type ConnectionBudget } from '@cagw/profile';
import { showParameter } from '../orchestrate/resolve-parameters.ts';
import type { DeploymentPlan } from '../orchestrate/stack-plan.ts';
import { templateBytes, templateDelivery, type TemplateDelivery } from '../orchestrate/template-delivery.ts';

/** The estimate's total, or why there is none (a region the price table lacks). */
export type PlanCost = { monthlyTotalUsd: number; priced: string; leftOut: string } | { notPriced: string };

export interface PlanJson {
  /** `cagw cost`'s monthly total (Bedrock usage left out), when the plan was priced */
  cost?: PlanCost;
  /** database connections: MAX_TASKS × the gateway's pool + reserved, against the class's max_connections */
  connectionBudget?: ConnectionBudget;
  stacks: {
    name: string; template: string; dependsOn: string[]; parameters: Record<string, string>;
    /** every tag the stack carries: the profile's TAGS and cagw's own */
    tags: Record<string, string>;
    /** UTF-8 size of the template CloudFormation receives */
    templateBytes: number;
    /** `body`: inline in the request; `s3`: over 51,200 bytes, uploaded to the staging bucket first */
    templateDelivery: TemplateDelivery;
  }[];
  steps: { name: string; summary: string; dependsOn: string[]; inputs: Record<string, string> }[];
}

function nodeNames(plan: DeploymentPlan): Record<string, string> {
  return Object.fromEntries(plan.nodes.map((n) => [n.id, n.kind === 'stack' ? n.stackName : n.id]));
}

export function planJson(plan: DeploymentPlan, cost?: PlanCost, budget?: ConnectionBudget): PlanJson {
  const names = nodeNames(plan);
  const show = (params: Record<string, Parameters<typeof showParameter>[0]>) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, showParameter(v, names)]));
  return {
    ...(cost ? { cost } : {}),
    ...(budget ? { connectionBudget: budget } : {}),
    stacks: plan.nodes.flatMap((n) => (n.kind === 'stack' ? [{
      name: n.stackName, template: `${n.template}.yaml`, dependsOn: n.dependsOn.map((d) => names[d] ?? d), parameters: show(n.parameters), tags: n.tags,
      templateBytes: templateBytes(n.templateBody), templateDelivery: templateDelivery(n.templateBody),
    }] : [])),
    steps: plan.nodes.flatMap((n) => (n.kind === 'step' ? [{ name: n.id, summary: n.summary, dependsOn: n.dependsOn.map((d) => names[d] ?? d), inputs: show(n.inputs) }] : [])),
  };
}

/** One line: what the gateway's pools take of the database's connections, now and during a rollout. */
export function connectionLine(b: ConnectionBudget): string {
  return `database connections: MAX_TASKS ${b.maxTasks} × DB_POOL_SIZE ${b.pool} + ${b.reserved} reserved = ${b.needed} of ${b.maxConnections} on ${b.databaseClass}` +
    ` (${b.neededDuringRollout} while a rolling deploy runs old and new tasks${b.fitsDuringRollout ? '' : ': over the limit, new tasks of a rollout at MAX_TASKS may not connect; cagw size recommends a class'})`;
}

/** The profile's own tags (the same on every stack): a stack's tags less cagw's. */
function profileTags(tags: Record<string, string>): string[] {
  return Object.entries(tags).filter(([k]) => !(CAGW_STACK_TAG_KEYS as readonly string[]).includes(k)).map(([k, v]) => `${k}=${v}`);
}

function costLine(cost: PlanCost): string {
  return 'notPriced' in cost
    ? `estimated monthly cost: none (${cost.notPriced})`
    : `estimated monthly cost: $${cost.monthlyTotalUsd.toFixed(2)} (on-demand prices of ${cost.priced}; ${cost.leftOut} left out; cagw cost shows each component)`;
}

export function formatPlan(plan: DeploymentPlan, cost?: PlanCost, budget?: ConnectionBudget): string {
  const json = planJson(plan);
  const lines = [`${json.stacks.length} stacks in ${plan.region}, prefix ${plan.prefix}:`];
  if (cost) lines.push(costLine(cost));
  if (budget) lines.push(connectionLine(budget));
  const first = json.stacks[0];
  const tags = first ? profileTags(first.tags) : [];
  lines.push(`tags on every stack: ${tags.length > 0 ? `${tags.join(', ')} (TAGS), ` : ''}${CAGW_STACK_TAG_KEYS.join(', ')} (cagw's own)`);
  for (const step of json.steps) {
    lines.push('', `step ${step.name}: ${step.summary}`, `  after: ${step.dependsOn.join(', ') || '(nothing)'}`);
  }
  for (const s of json.stacks) {
    const delivery = s.templateDelivery === 's3' ? 'over the 51,200-byte inline limit: uploaded to the S3 staging bucket' : 'sent inline';
    lines.push('', `${s.name}  (${s.template}, ${s.templateBytes} bytes, ${delivery})`, `  after: ${s.dependsOn.join(', ') || '(nothing: starts at once)'}`);
    const width = Math.max(...Object.keys(s.parameters).map((k) => k.length));
    for (const [k, v] of Object.entries(s.parameters)) lines.push(`  ${k.padEnd(width)}  ${v === '' ? "''" : v}`);
  }
  return lines.join('\n');
}
