// Stacks of a part the profile has switched off (ENABLE_COLLECTOR, ENABLE_VPN, or IDP_MODE
// moved to byo) that still run: found by name and by cagw's own `cagw:part` tag, each with what
// happens to it, and as plan nodes that destroyDeployment can delete (from the template the
// stack was last deployed with, so what it keeps on delete is read from what it really is).
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { parseTemplate } from '@cagw/cloudformation';
import type { Settings, StackPart } from '@cagw/profile';
import { readLiveStack } from './live-stack.ts';
import type { DeploymentPlan, NodeId, StackPlan } from './stack-plan.ts';

export type OptionalPart = 'collector' | 'vpn' | 'idp';

export interface SwitchedOffStack {
  part: OptionalPart;
  stackName: string;
  status: string;
  /** the profile variable that switched it off */
  variable: 'ENABLE_COLLECTOR' | 'ENABLE_VPN' | 'IDP_MODE';
  /** what happens to the running stack, and what removing it does */
  whatHappens: string;
  /** a node destroyDeployment deletes */
  plan: StackPlan;
}

/** The stacks each optional part reads outputs of (DESIGN: stacks), so it goes before them. */
const READS: Record<OptionalPart, NodeId[]> = { collector: ['network'], vpn: ['network'], idp: [] };

type PartSettings = Pick<Settings, 'stackNames' | 'ENABLE_COLLECTOR' | 'ENABLE_VPN' | 'idpMode'>;

function whatHappens(part: OptionalPart, stackName: string, templateBody: string): string {
  switch (part) {
    case 'collector':
      return `the gateway stops sending telemetry to it, but ${stackName} keeps running (its ECS tasks and load balancer cost money); removing it deletes the collector, its load balancer and its log groups`;
    case 'vpn':
      return `${stackName} keeps running and billing per associated subnet and connection; removing it ends every developer's VPN session and every .ovpn file stops working`;
    case 'idp':
      return holdsUserPool(templateBody, stackName)
        ? `the gateway signs in through OIDC_ISSUER now, but ${stackName} still holds the Cognito app client and sign-in domain; removing it deletes them and keeps the user pool with its users (DeletionPolicy: Retain), to delete by hand if unwanted`
        : `the gateway signs in through OIDC_ISSUER now, but ${stackName} still holds an app client (and domain, if it made one) on the existing user pool; removing it deletes those, not the pool`;
  }
}

/** Whether the stack made its own user pool (IDP_MODE=new-cognito), read with the template parser. */
function holdsUserPool(templateBody: string, stackName: string): boolean {
  const resources = (parseTemplate(templateBody, stackName).body?.Resources ?? {}) as Record<string, { Type?: unknown }>;
  return Object.values(resources).some((r) => r?.Type === 'AWS::Cognito::UserPool');
}

/** The parts the profile leaves out whose stacks still exist (and are cagw's, by their tag). */
export async function findSwitchedOffStacks(cfn: CloudFormationClient, settings: PartSettings, plan: DeploymentPlan, awsProfile?: string): Promise<SwitchedOffStack[]> {
  const planned = new Set(plan.nodes.map((n) => n.id as string));
  const off: { part: OptionalPart; variable: SwitchedOffStack['variable'] }[] = [
    ...(!settings.ENABLE_COLLECTOR ? [{ part: 'collector' as const, variable: 'ENABLE_COLLECTOR' as const }] : []),
    ...(!settings.ENABLE_VPN ? [{ part: 'vpn' as const, variable: 'ENABLE_VPN' as const }] : []),
    ...(settings.idpMode === 'byo' ? [{ part: 'idp' as const, variable: 'IDP_MODE' as const }] : []),
  ].filter((o) => !planned.has(o.part));
  const found: SwitchedOffStack[] = [];
  for (const { part, variable } of off) {
    const stackName = settings.stackNames[part as StackPart];
    const live = await readLiveStack(cfn, stackName, awsProfile);
    // a stack of that name cagw did not make (or made for another part) is none of its business
    if (!live || live.tags['cagw:part'] !== part) continue;
    found.push({
      part, stackName, status: live.status, variable, whatHappens: whatHappens(part, stackName, live.templateBody),
      plan: { kind: 'stack', id: part, stackName, template: part, templateBody: live.templateBody, dependsOn: READS[part].filter((d) => planned.has(d)), parameters: {}, tags: live.tags },
    });
  }
  return found;
}
