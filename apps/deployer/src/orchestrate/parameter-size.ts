// CloudFormation takes a parameter value of at most 4,096 bytes ("Parameter value: The maximum
// size of a parameter value: 4,096 bytes", CloudFormation quotas,
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html).
// A bigger one fails CreateChangeSet only when that stack's turn comes, after the stacks before
// it were deployed. So every value the plan passes is measured before anything starts, and any
// over the limit refuses the plan, all of them at once, each with the profile variables behind
// it and the fix.
import { PARAMETER_LIMIT_BYTES } from '@cagw/config-render';
import { CagwError } from '@cagw/errors';
import { stacksOf, type DeploymentPlan } from './stack-plan.ts';

/** The profile variables a generated parameter value is made from, and how to make it smaller. */
export interface ParameterOrigin {
  variables: string[];
  fix: string;
}

/** Origins by `<node>.<Parameter>` (for example `collector.CollectorConfig`). */
export type ParameterOrigins = Readonly<Record<string, ParameterOrigin>>;

export interface OversizedParameter {
  stackName: string;
  parameter: string;
  bytes: number;
  origin: ParameterOrigin | undefined;
}

/** Every literal parameter value of the plan over the limit (values from other stacks' outputs are AWS's). */
export function oversizedParameters(plan: DeploymentPlan, origins: ParameterOrigins = {}): OversizedParameter[] {
  return stacksOf(plan).flatMap((s) => Object.entries(s.parameters).flatMap(([parameter, source]) => {
    if (source.kind !== 'value') return [];
    const bytes = Buffer.byteLength(source.value, 'utf8');
    // a part of a longer text (parameter-parts.ts) comes from what the whole does
    const origin = origins[`${s.id}.${parameter}`] ?? origins[`${s.id}.${parameter.replace(/Part\d+$/, '')}`];
    return bytes > PARAMETER_LIMIT_BYTES ? [{ stackName: s.stackName, parameter, bytes, origin }] : [];
  }));
}

/** Throws ParameterTooLarge naming every parameter over the limit, its variables and the fix. */
export function assertParametersFit(plan: DeploymentPlan, origins: ParameterOrigins = {}): void {
  const over = oversizedParameters(plan, origins);
  if (over.length === 0) return;
  const what = (p: OversizedParameter) => `${p.stackName} parameter ${p.parameter} is ${p.bytes} bytes${p.origin ? ` (made from ${p.origin.variables.join(', ')})` : ''}`;
  throw new CagwError('ParameterTooLarge', `${over.map(what).join('; ')}: over CloudFormation's ${PARAMETER_LIMIT_BYTES}-byte limit for a parameter value`, {
    source: 'user',
    where: over.map((p) => p.origin?.variables.join(', ') ?? `${p.stackName} parameter ${p.parameter}`).join('; '),
    fix: over.map((p) => p.origin?.fix ?? `shorten the profile values that make ${p.parameter} (cagw plan --json lists every parameter); if none of yours do, report it as a cagw bug`).join('; '),
  });
}
