// The network and identity parameters the profile and preflight decide reach their stacks:
// SubnetHostBits from the VPC size, NatMode and AdoptImageRepository from what preflight found,
// the load-balancer subnets for both ALBs, MFA, and the existing pool's providers and domain.
import type { CheckResult } from '@cagw/preflight';
import { describe, expect, test } from 'vitest';
import { deployFactsOf } from './deploy-facts.ts';
import type { DeploymentPlan, ParameterSource, StackPlan } from './stack-plan.ts';
import { planForProfile } from './testing/profile-fixture.ts';

const FLAGSHIP = 'managed-newcognito-collector-vpn.env';
const EXISTING = 'managed-existingcognito-byotelemetry.env';

function parametersOf(plan: DeploymentPlan, id: string): Record<string, ParameterSource> {
  const node = plan.nodes.find((n): n is StackPlan => n.kind === 'stack' && n.id === id);
  if (!node) throw new Error(`no ${id} stack in the plan`);
  return node.parameters;
}
const valueOf = (plan: DeploymentPlan, id: string, name: string) => {
  const p = parametersOf(plan, id)[name];
  return p?.kind === 'value' ? p.value : p;
};
const check = (id: string, data: Record<string, unknown>): CheckResult => ({ id, title: id, status: 'pass', message: '', fix: '', data });

describe('network stack', () => {
  test.each([['10.20.0.0/16', '8'], ['10.20.0.0/22', '7'], ['10.20.0.0/24', '5']])('VPC_CIDR %s gives SubnetHostBits %s', async (cidr, bits) => {
    const { plan } = await planForProfile(FLAGSHIP, {}, { VPC_CIDR: cidr });
    expect(valueOf(plan, 'network', 'SubnetHostBits')).toBe(bits);
  });

  test('NatMode is what preflight found; regional only when nothing was found', async () => {
    const facts = deployFactsOf([check('network.regional-nat', { natMode: 'zonal' })]);
    expect(valueOf((await planForProfile(FLAGSHIP, { facts })).plan, 'network', 'NatMode')).toBe('zonal');
    expect(valueOf((await planForProfile(FLAGSHIP)).plan, 'network', 'NatMode')).toBe('regional');
  });

  test('an image repository that exists outside the stack is adopted, not created again', async () => {
    const facts = deployFactsOf([check('image.repository', { imageRepository: 'adopt' })]);
    const { plan } = await planForProfile(FLAGSHIP, { facts }, { BUILD_IMAGE: 'true' });
    expect(valueOf(plan, 'network', 'AdoptImageRepository')).toBe('true');
    expect(valueOf((await planForProfile(FLAGSHIP, {}, { BUILD_IMAGE: 'true' })).plan, 'network', 'AdoptImageRepository')).toBe('false');
  });

  test('flow logs are on by default and VPC_FLOW_LOGS=false turns them off', async () => {
    expect(valueOf((await planForProfile(FLAGSHIP)).plan, 'network', 'EnableFlowLogs')).toBe('true');
    expect(valueOf((await planForProfile(FLAGSHIP, {}, { VPC_FLOW_LOGS: 'false' })).plan, 'network', 'EnableFlowLogs')).toBe('false');
  });

  test('both load balancers get the load-balancer subnets, the tasks keep the private ones', async () => {
    const { plan } = await planForProfile(FLAGSHIP);
    for (const id of ['gateway', 'collector']) {
      expect(parametersOf(plan, id).LoadBalancerSubnetIds).toEqual({ kind: 'output', node: 'network', output: 'LoadBalancerSubnetIds' });
      expect(parametersOf(plan, id).PrivateSubnetIds).toEqual({ kind: 'output', node: 'network', output: 'PrivateSubnetIds' });
    }
  });
});

describe('identity stacks', () => {
  test('a new pool requires MFA unless COGNITO_MFA says otherwise', async () => {
    expect(valueOf((await planForProfile(FLAGSHIP)).plan, 'idp', 'MfaMode')).toBe('ON');
    expect(valueOf((await planForProfile(FLAGSHIP, {}, { COGNITO_MFA: 'optional' })).plan, 'idp', 'MfaMode')).toBe('OPTIONAL');
  });

  test('a live pool created with MFA optional keeps it when preflight says so', async () => {
    const facts = deployFactsOf([check('cognito.mfa', { mfaMode: 'OPTIONAL' })]);
    expect(valueOf((await planForProfile(FLAGSHIP, { facts })).plan, 'idp', 'MfaMode')).toBe('OPTIONAL');
  });

  test('an existing pool gets its federated providers and, when it has none, a sign-in domain', async () => {
    const { plan } = await planForProfile(EXISTING, {}, { COGNITO_IDENTITY_PROVIDERS: 'COGNITO,AzureAD', COGNITO_DOMAIN_PREFIX: 'acme-claude-login' });
    expect(valueOf(plan, 'idp', 'IdentityProviders')).toBe('COGNITO,AzureAD');
    expect(valueOf(plan, 'idp', 'HostedUiDomainPrefix')).toBe('acme-claude-login');
  });
});
