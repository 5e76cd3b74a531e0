// The network stack's EnableVpcEndpoints parameter follows the profile's ENABLE_VPC_ENDPOINTS,
// and turning it on for a deployed network is an update the strict fake completes.
import { useStrictFakeCloudFormation } from '@cagw/strict-cloudformation/vitest';
import { describe, expect, test } from 'vitest';
import { deployPlan } from './deploy-plan.ts';
import type { StackPlan } from './stack-plan.ts';
import { advanceUntilSettled } from './testing/advance-until-settled.ts';
import { planForProfile } from './testing/profile-fixture.ts';
import { testDeployContext } from './testing/test-deploy-context.ts';

const PROFILE = 'byo-oidc-notelemetry.env';

async function planWith(env: Record<string, string>) {
  const { plan } = await planForProfile(PROFILE, {}, env);
  const network = plan.nodes.find((n): n is StackPlan => n.kind === 'stack' && n.id === 'network');
  return { plan, enableVpcEndpoints: network?.parameters.EnableVpcEndpoints };
}

describe('VPC endpoints', () => {
  const { fake, cfn } = useStrictFakeCloudFormation({ createSeconds: () => 10 });

  test('are off unless the profile sets ENABLE_VPC_ENDPOINTS=true, which reaches the network stack', async () => {
    expect((await planWith({})).enableVpcEndpoints).toEqual({ kind: 'value', value: 'false' });
    expect((await planWith({ ENABLE_VPC_ENDPOINTS: 'true' })).enableVpcEndpoints).toEqual({ kind: 'value', value: 'true' });
  });

  test('switching them on for a deployed network adds the endpoints', async () => {
    const first = await advanceUntilSettled(deployPlan((await planWith({})).plan, testDeployContext(cfn)));
    expect(first.result).toBe('deployed');
    expect(fake.resourcesOf('claude-gateway-network').BedrockRuntimeEndpoint).toBeUndefined();
    const second = await advanceUntilSettled(deployPlan((await planWith({ ENABLE_VPC_ENDPOINTS: 'true' })).plan, testDeployContext(cfn)));
    expect(second.failure).toBeUndefined();
    expect(fake.status('claude-gateway-network')).toBe('UPDATE_COMPLETE');
    expect(Object.keys(fake.resourcesOf('claude-gateway-network'))).toEqual(expect.arrayContaining(['BedrockRuntimeEndpoint', 'StsEndpoint', 'S3Endpoint', 'EndpointSecurityGroup']));
  });
});
