// A stack this deploy creates (a first deploy, or a stack name the edit changed: STACK_PREFIX,
// COGNITO_STACK, ...) next to cagw stacks the account already holds: what the service refuses
// to create beside theirs is refused before the first change set. A user pool has one domain,
// and a prefix domain is unique in the region (CreateUserPoolDomain, Amazon Cognito API
// reference; service-create-rules.ts of @cagw/strict-cloudformation), so a renamed idp stack
// with the same COGNITO_DOMAIN_PREFIX, or a second one on the same existing pool, fails after
// the stacks before it were deployed. Judged with edit-impact's evaluator and the fake's rules.
import { DescribeStacksCommand, GetTemplateCommand, type CloudFormationClient, type Stack } from '@aws-sdk/client-cloudformation';
import { variableCatalog, variableNames } from '@cagw/profile';
import { createRefusal, type ExistingResource } from '@cagw/strict-cloudformation';
import type { EditRefusal, StackVersion } from '../edit-impact/index.ts';
import { judgeStack } from '../edit-impact/stack-changes.ts';
import { callAws } from './aws-call.ts';
import type { LiveStack } from './live-stack.ts';
import type { NodeId, StackPlan } from './stack-plan.ts';

/** the tag every stack cagw deploys carries (plan-deployment.ts) */
const PROJECT = { key: 'project', value: 'claude-apps-gateway' };

export interface ClashContext {
  cfn: CloudFormationClient;
  awsProfile?: string | undefined;
  region: string;
  accountId?: string | undefined;
  versionOf: (s: StackPlan) => StackVersion;
  variablesOf: (stackName: string, parameter: string) => Promise<readonly string[]>;
}

export async function clashingStackRefusals(stacks: readonly StackPlan[], live: ReadonlyMap<NodeId, LiveStack | undefined>, ctx: ClashContext): Promise<EditRefusal[]> {
  const created = stacks.filter((s) => !live.get(s.id)?.templateBody);
  if (created.length === 0) return [];
  const place = { region: ctx.region, ...(ctx.accountId ? { accountId: ctx.accountId } : {}) };
  const theirs = (await otherCagwStacks(new Set(stacks.map((s) => s.stackName)), ctx)).map((o) => ({
    name: o.name,
    resources: judgeStack(undefined, o.version, { stackName: o.name, ...place }).resources.map((r): ExistingResource => ({ type: r.type, properties: r.after && qualified(r.after, o.name) })),
  }));
  if (theirs.length === 0) return [];
  const refusals: EditRefusal[] = [];
  for (const s of created) {
    const version = ctx.versionOf(s);
    for (const r of judgeStack(undefined, version, { stackName: s.stackName, ...place }).resources) {
      if (!r.after || r.unknown.length > 0) continue;
      const properties = qualified(r.after, s.stackName);
      const clash = theirs.map((o) => ({ holder: o.name, refused: createRefusal(r.type, properties, o.resources) })).find((c) => c.refused !== undefined);
      if (!clash) continue;
      // the parameters whose values the refused resource holds, and the variables that name the stack
      const text = JSON.stringify(r.after);
      const parameters = Object.entries(version.parameters).filter(([, v]) => v.length >= 3 && text.includes(v)).map(([p]) => p);
      const behind = [...new Set((await Promise.all(parameters.map((p) => ctx.variablesOf(s.stackName, p)))).flat())];
      const naming = stackNameVariables(s.id);
      refusals.push({
        variable: [...new Set([...behind, ...naming])].join(', '), stackName: s.stackName, logicalId: r.logicalId, parameters,
        message: `${s.stackName} is not deployed yet, and the service would refuse to create its ${r.logicalId} (${r.type}) beside the one of ${clash.holder}, after the stacks before it were deployed: ${clash.refused}`,
        fix: `to update the deployed stacks, set ${naming.join(' and ')} back to what they were deployed with (${clash.holder}); for a deployment of its own beside it, change ${behind.join(', ') || `what ${r.logicalId} is made from`} (a Cognito domain: another COGNITO_DOMAIN_PREFIX, or none when the pool already has one)`,
      });
    }
  }
  return refusals;
}

/** The variables that name this stack: STACK_PREFIX, and the catalogue's own name for it (COGNITO_STACK names the idp stack). */
function stackNameVariables(part: string): string[] {
  return variableNames.filter((n) => variableCatalog[n].group === 'stacks' && (n === 'STACK_PREFIX' || variableCatalog[n].description.includes(`<STACK_PREFIX>-${part}`)));
}

/** A stack's own resources (`<UserPool>`) are told apart from another stack's of the same logical id. */
function qualified(properties: Record<string, unknown>, stackName: string): Record<string, unknown> {
  return JSON.parse(JSON.stringify(properties).replace(/"<([A-Za-z0-9]+)>/g, `"<${stackName}/$1>`)) as Record<string, unknown>;
}

/** Every other stack cagw deployed in this account and region, with its template and parameters. */
async function otherCagwStacks(planned: ReadonlySet<string>, ctx: ClashContext): Promise<{ name: string; version: StackVersion }[]> {
  const found: Stack[] = [];
  let token: string | undefined;
  do {
    const page = await callAws('listing the stacks of the account', () => ctx.cfn.send(new DescribeStacksCommand({ NextToken: token })), { awsProfile: ctx.awsProfile });
    found.push(...(page.Stacks ?? []));
    token = page.NextToken;
  } while (token);
  const ours = found.filter((s) => s.StackName && !planned.has(s.StackName) && s.Tags?.some((t) => t.Key === PROJECT.key && t.Value === PROJECT.value)
    && !/^(DELETE_COMPLETE|REVIEW_IN_PROGRESS|ROLLBACK_COMPLETE)$/.test(s.StackStatus ?? ''));
  return Promise.all(ours.map(async (s) => {
    const name = s.StackName as string;
    const { TemplateBody = '' } = await callAws(`reading the template of ${name}`, () => ctx.cfn.send(new GetTemplateCommand({ StackName: name })), { awsProfile: ctx.awsProfile });
    return { name, version: { template: TemplateBody, parameters: Object.fromEntries((s.Parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? ''])) } };
  }));
}
