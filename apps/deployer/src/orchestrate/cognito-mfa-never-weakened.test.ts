// Issue 27, item 6: a deploy never weakens a user pool's MFA. Preflight's cognito.mfa reads the
// live pool (the fake Cognito, whose pools are the ones the strict fake CloudFormation made), its
// data becomes the idp stack's MfaMode (deploy-facts.ts), and the deploy runs on the strict fake:
// a profile weaker than the pool, or a pool required by hand, ends with the pool as strict as it
// was, and the deploy says so before the change sets.
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { allChecks, runPreflight, type AwsClients, type CheckResult } from '@cagw/preflight';
import { FakeCloudFormation } from '@cagw/strict-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { deployFactsOf } from './deploy-facts.ts';
import { deployPlan } from './deploy-plan.ts';
import { advanceUntilSettled } from './testing/advance-until-settled.ts';
import { FakeCognito } from './testing/fake-cognito.ts';
import { loadShippedProfile, planForProfile } from './testing/profile-fixture.ts';
import { testDeployContext } from './testing/test-deploy-context.ts';

const cfnMock = mockClient(CloudFormationClient);
const cognitoMock = mockClient(CognitoIdentityProviderClient);
const fake = new FakeCloudFormation({ pageSize: 100, createSeconds: () => 5 });
const cognito = new FakeCognito(fake);
const cfn = new CloudFormationClient({ region: 'us-east-1' });
const PROFILE = 'managed-newcognito-notelemetry.env';
const IDP = 'claude-gateway-idp';
const cognitoMfa = allChecks.find((c) => c.id === 'cognito.mfa')!;

beforeEach(() => {
  vi.useFakeTimers();
  cfnMock.reset();
  cfnMock.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
  cognitoMock.reset();
  cognitoMock.onAnyCommand().rejects(new Error('unexpected Cognito call'));
  fake.reset();
  fake.install(cfnMock);
  cognito.reset();
  cognito.install(cognitoMock);
});
afterEach(() => vi.useRealTimers());

const unused = async () => { throw new Error('cognito.mfa needs only CloudFormation and Cognito'); };

/** What `cagw deploy` does with the profile: cognito.mfa's preflight, the plan with its facts, the deploy. */
async function deploy(env: Record<string, string> = {}): Promise<CheckResult> {
  const settings = loadShippedProfile(PROFILE, env);
  const aws = { cloudFormation: cfn, cognito: new CognitoIdentityProviderClient({ region: 'us-east-1' }) } as unknown as AwsClients;
  // preflight on the real clock: it reads the idp template from disk while its time limit runs
  vi.useRealTimers();
  const { results } = await runPreflight(settings, undefined, { aws, dns: { resolve4: unused, resolve6: unused, resolveNs: unused }, fetch: unused, findExecutable: async () => undefined }, { checks: [cognitoMfa] });
  vi.useFakeTimers();
  const mfa = results[0]!;
  if (mfa.status === 'fail') return mfa;
  const { plan } = await planForProfile(PROFILE, { facts: deployFactsOf(results) }, env);
  expect((await advanceUntilSettled(deployPlan(plan, testDeployContext(cfn)))).result).toMatch(/^(deployed|no-changes)$/);
  return mfa;
}
const poolId = () => fake.outputsOf(IDP).UserPoolId as string;

test('a profile edited to COGNITO_MFA=optional leaves a pool that requires MFA as it is, and says so', async () => {
  await deploy();
  expect(cognito.mfaOf(poolId())?.mode).toBe('ON');

  const edited = await deploy({ COGNITO_MFA: 'optional' });
  expect(cognito.mfaOf(poolId())?.mode).toBe('ON');
  expect(fake.parametersOf(IDP).MfaMode).toBe('ON');
  expect(edited).toMatchObject({ status: 'warn', message: expect.stringContaining('cagw keeps ON') });
});

test('MFA an operator required by hand survives the next deploy of a profile that says optional', async () => {
  await deploy({ COGNITO_MFA: 'optional' });
  expect(cognito.mfaOf(poolId())?.mode).toBe('OPTIONAL');
  cognito.setUserPoolMfaConfig({ UserPoolId: poolId(), MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } });

  const next = await deploy({ COGNITO_MFA: 'optional' });
  expect(next).toMatchObject({ status: 'warn', data: { liveMfaMode: 'ON' }, message: expect.stringContaining('cagw keeps ON') });
  expect(cognito.mfaOf(poolId())?.mode).toBe('ON');
  // the parameter stays: CloudFormation cannot raise a live pool to ON, and a lower one would weaken it
  expect(fake.parametersOf(IDP).MfaMode).toBe('OPTIONAL');
  expect(cognito.setCalls).toEqual([poolId()]);
});

test('a pool relaxed below COGNITO_MFA=required is reported with the command that requires it again', async () => {
  await deploy();
  cognito.setUserPoolMfaConfig({ UserPoolId: poolId(), MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
  const next = await deploy();
  expect(next).toMatchObject({ status: 'warn', data: { liveMfaMode: 'OPTIONAL' } });
  expect(next.fix).toContain(`--user-pool-id ${poolId()} --software-token-mfa-configuration Enabled=true --mfa-configuration ON`);
});
