// Issue 13.5: a stack deployed without a conditional output, then a profile that switches the
// output on. The downstream input is pending on the upstream update, not missing.
import { expect, test } from 'vitest';
import { deployPlan } from './deploy-plan.ts';
import { advanceUntilSettled } from './testing/advance-until-settled.ts';
import { fakeSteps, planForProfile } from './testing/profile-fixture.ts';
import { RecordingDeployHost } from './testing/recording-deploy-host.ts';
import { useStrictFakeCloudFormation } from '@cagw/strict-cloudformation/vitest';
import { testDeployContext } from './testing/test-deploy-context.ts';

const { fake, cfn } = useStrictFakeCloudFormation({ createSeconds: () => 10 });
const PREBUILT = '123456789012.dkr.ecr.us-east-1.amazonaws.com/claude-apps-gateway@sha256:' + 'c'.repeat(64);

const context = (steps: ReturnType<typeof fakeSteps>) => testDeployContext(cfn, { steps });
/** the pending stack's change set is made after the confirmation: it is shown and asked about again */
const askedAgain = () => new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true, CAGW_DEPLOY_Q0002: true });

test('BUILD_IMAGE false then true: the image waits for the network update that adds ImageRepositoryUri', async () => {
  const steps = fakeSteps();
  const { plan: prebuilt } = await planForProfile('byo-oidc-notelemetry.env', {}, { BUILD_IMAGE: 'false', GATEWAY_IMAGE_URI: PREBUILT });
  expect((await advanceUntilSettled(deployPlan(prebuilt, context(steps)))).result).toBe('deployed');
  expect(fake.outputsOf('claude-gateway-network')).not.toHaveProperty('ImageRepositoryUri');

  const { plan: built } = await planForProfile('byo-oidc-notelemetry.env', {}, { BUILD_IMAGE: 'true' });
  const host = askedAgain();
  const outcome = await advanceUntilSettled(deployPlan(built, { ...context(steps), host }));
  expect(outcome.failure).toBeUndefined();
  expect(outcome.result).toBe('deployed');
  expect(outcome.reviews.find((r) => r.node === 'image')?.action).toBe('pending');
  expect(host.questions).toContain('CAGW_DEPLOY_Q0002');
  const repository = fake.outputsOf('claude-gateway-network').ImageRepositoryUri;
  expect(repository).toBeTruthy();
  expect(fake.parametersOf('claude-gateway-gateway').GatewayImageUri).toBe(`${repository}@sha256:${'b'.repeat(64)}`);
});

test('managed TLS then self-signed: the gateway waits for the network update that adds PrivateHostedZoneId', async () => {
  const steps = fakeSteps();
  const { plan: managed } = await planForProfile('selfsigned-fallback.env', {}, { DOMAIN_NAME: 'claude.example.com', PUBLIC_HOSTED_ZONE_ID: 'Z0123456789EXAMPLE01' });
  expect((await advanceUntilSettled(deployPlan(managed, context(steps)))).result).toBe('deployed');
  expect(fake.outputsOf('claude-gateway-network')).not.toHaveProperty('PrivateHostedZoneId');

  const { plan: selfSigned } = await planForProfile('selfsigned-fallback.env');
  const host = askedAgain();
  const outcome = await advanceUntilSettled(deployPlan(selfSigned, { ...context(steps), host }));
  expect(outcome.failure).toBeUndefined();
  expect(outcome.result).toBe('deployed');
  expect(outcome.reviews.find((r) => r.node === 'gateway')?.action).toBe('pending');
  expect(host.questions).toContain('CAGW_DEPLOY_Q0002');
  const zone = fake.outputsOf('claude-gateway-network').PrivateHostedZoneId;
  expect(zone).toBeTruthy();
  expect(fake.parametersOf('claude-gateway-gateway').PrivateHostedZoneId).toBe(zone);
});

test('an output the upstream template does not declare is still reported missing', async () => {
  const steps = fakeSteps();
  const { plan } = await planForProfile('byo-oidc-notelemetry.env');
  expect((await advanceUntilSettled(deployPlan(plan, context(steps)))).result).toBe('deployed');
  const gateway = plan.nodes.find((n) => n.id === 'gateway');
  if (gateway?.kind !== 'stack') throw new Error('no gateway stack in the plan');
  gateway.parameters.Nowhere = { kind: 'output', node: 'network', output: 'NoSuchOutput' };
  await expect(advanceUntilSettled(deployPlan(plan, context(steps)))).rejects.toMatchObject({ code: 'StackOutputMissing' });
});
