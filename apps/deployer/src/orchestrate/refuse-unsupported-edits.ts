// An edit CloudFormation would refuse halfway is refused before the first change set: each
// live stack's template and parameters (read through the deploy's own client) against the new
// plan's, judged by edit-impact with the strict fake's evaluator. What it refuses: a
// custom-named resource replaced (COGNITO_ADMIN_EMAIL replaces the user named admin), a create
// the service refuses next to what exists (a second domain for one user pool:
// COGNITO_DOMAIN_PREFIX, or COGNITO_POOL_ID with a domain), a failed template rule. Each
// refusal names the profile variable behind it and its fix; nothing has run. A stack to create
// beside cagw stacks the account holds is judged against them (refuse-clashing-stacks.ts).
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CagwError } from '@cagw/errors';
import { editRefusals, type EditRefusal, type StackVersion } from '../edit-impact/index.ts';
import type { LiveStack } from './live-stack.ts';
import { clashingStackRefusals } from './refuse-clashing-stacks.ts';
import type { NodeId, StackPlan } from './stack-plan.ts';

/** The profile variables a stack parameter is made from (parameter-variables.ts); none known: []. */
export type VariablesOf = (stackName: string, parameter: string) => readonly string[] | Promise<readonly string[]>;

/** Throws EditRefused listing every refused edit of every stack; returns when there is none. */
export async function refuseUnsupportedEdits(
  stacks: readonly StackPlan[], live: ReadonlyMap<NodeId, LiveStack | undefined>, outputs: ReadonlyMap<NodeId, Record<string, string>>,
  place: { region: string; variablesOf?: VariablesOf | undefined; cfn: CloudFormationClient; awsProfile?: string | undefined },
): Promise<void> {
  const refusals: EditRefusal[] = [];
  for (const s of stacks) {
    const l = live.get(s.id);
    // only a stack with a deployed template is updated; a new one is created, one dead on arrival made again
    if (!l?.templateBody || !/_COMPLETE$/.test(l.status) || /^(ROLLBACK|DELETE)_COMPLETE$/.test(l.status)) continue;
    const after = versionOf(s, outputs);
    // the same template and values: nothing to judge (most stacks of most edits)
    if (l.templateBody === s.templateBody && sameValues(l.parameters, after)) continue;
    const judge = (variablesOf?: (p: string) => readonly string[]) => editRefusals({ template: l.templateBody, parameters: l.parameters }, after, {
      stackName: s.stackName, region: place.region, ...accountOf(l.stackId), ...(variablesOf ? { variablesOf } : {}),
    });
    const found = judge();
    if (found.length === 0 || !place.variablesOf) {
      refusals.push(...found);
      continue;
    }
    // judged again with the variables behind the refused parameters, which takes planning
    const variables = new Map<string, readonly string[]>();
    for (const p of new Set(found.flatMap((r) => r.parameters))) variables.set(p, await place.variablesOf(s.stackName, p));
    refusals.push(...judge((p) => variables.get(p) ?? []));
  }
  const variablesOf = async (stackName: string, parameter: string) => (await place.variablesOf?.(stackName, parameter)) ?? [];
  const accountId = [...live.values()].map((l) => l && accountOf(l.stackId).accountId).find(Boolean);
  refusals.push(...await clashingStackRefusals(stacks, live, { ...place, accountId, versionOf: (s) => versionOf(s, outputs), variablesOf }));
  if (refusals.length === 0) return;
  throw new CagwError('EditRefused',
    `${refusals.length} edit(s) CloudFormation would refuse halfway through the update, so nothing was changed:\n${refusals.map((r) => `  ${r.variable}: ${r.message}`).join('\n')}`, {
      source: 'user', where: [...new Set(refusals.map((r) => r.variable))].join(', '),
      fix: [...new Set(refusals.map((r) => r.fix))].join('; '),
    });
}

/** The new plan's stack: literal values, outputs of stacks already deployed, the rest not known before the run. */
function versionOf(s: StackPlan, outputs: ReadonlyMap<NodeId, Record<string, string>>): StackVersion {
  const parameters: Record<string, string> = {};
  const unknownParameters: Record<string, string> = {};
  for (const [name, source] of Object.entries(s.parameters)) {
    if (source.kind === 'value') parameters[name] = source.value;
    else {
      const known = outputs.get(source.node)?.[source.output];
      if (known !== undefined) parameters[name] = known;
      else {
        parameters[name] = `<${source.node}.${source.output}>`;
        unknownParameters[name] = `${source.node}.${source.output}`;
      }
    }
  }
  return { template: s.templateBody, parameters, unknownParameters };
}

const sameValues = (live: Readonly<Record<string, string>>, next: StackVersion) => Object.keys(next.unknownParameters ?? {}).length === 0
  && Object.keys(live).length === Object.keys(next.parameters).length && Object.entries(next.parameters).every(([k, v]) => live[k] === v);

/** The account of a stack id (arn:aws:cloudformation:<region>:<account>:stack/…), for AWS::AccountId. */
function accountOf(stackId: string): { accountId?: string } {
  const account = /^arn:[^:]+:cloudformation:[^:]*:(\d{12}):/.exec(stackId)?.[1];
  return account ? { accountId: account } : {};
}
