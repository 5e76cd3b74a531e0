// The policies of one profile: the deployer's (deploy, update, destroy) and, for bootstrap, the
// execution role's, from the templates cagw deploy would send for it (the plan, so the
// observability stack and every optional stack the profile turns on are included).
import type { Settings } from '@cagw/profile';
import { planFromSettings } from '../orchestrate/plan-from-settings.ts';
import { deployerPolicyStatements } from './deployer-policy.ts';
import { executionRoleStatements, resourceTypesOf, type ResourceTypeUse } from './execution-role-policy.ts';
import { policyDocument, type PolicyDocument, type PolicyStatement } from './policy-document.ts';

export interface ProfilePolicies {
  bootstrapped: boolean;
  /** the policy to attach to the person or CI role that runs cagw */
  deployer: PolicyDocument;
  /** with bootstrap: CloudFormation's execution role */
  executionRole?: PolicyDocument | undefined;
  /** every statement with the source of its actions */
  statements: { policy: 'deployer' | 'execution-role'; sid: string; actions: string[]; source: string[] }[];
  resourceTypes: ResourceTypeUse[];
}

export async function profilePolicies(settings: Settings, options: { bootstrapped: boolean; account?: string | undefined; profileName?: string }): Promise<ProfilePolicies> {
  // every stack name of the profile is covered (destroy removes an optional stack the profile
  // turned off since); the resource types are those of the stacks it deploys now
  const { plan } = await planFromSettings(settings, { requireCollectorImage: false, profileName: options.profileName ?? 'profile' });
  const templates = plan.nodes.flatMap((n) => (n.kind === 'stack' ? [{ name: n.template, body: n.templateBody }] : []));
  const resourceTypes = resourceTypesOf(templates);
  const deployer = deployerPolicyStatements({
    region: settings.AWS_REGION, account: options.account, stackNames: Object.values(settings.stackNames), ecrRepository: settings.ECR_REPO,
    resourceTypes, bootstrapped: options.bootstrapped,
  });
  const execution = options.bootstrapped ? executionRoleStatements(resourceTypes) : undefined;
  const describe = (policy: 'deployer' | 'execution-role') => (s: PolicyStatement) => ({ policy, sid: s.Sid, actions: s.Action, source: s.source });
  return {
    bootstrapped: options.bootstrapped,
    deployer: policyDocument(deployer),
    ...(execution ? { executionRole: policyDocument(execution) } : {}),
    statements: [...deployer.map(describe('deployer')), ...(execution ?? []).map(describe('execution-role'))],
    resourceTypes,
  };
}
