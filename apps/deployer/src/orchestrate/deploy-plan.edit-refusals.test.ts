// Issue 21, item 6 (Cognito): an edit CloudFormation would refuse halfway through the update is
// refused before the first change set, naming the variable and the fix. On the strict fake
// these updates fail and roll back (libs/strict-cloudformation/src/cagw-idp-stack.test.ts); a
// renamed idp stack fails its create beside the old one the same way.
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CagwError } from '@cagw/errors';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { FakeCloudFormation } from '@cagw/strict-cloudformation';
import { deployPlan } from './deploy-plan.ts';
import { variablesReachingParameters } from './parameter-variables.ts';
import { advanceUntilSettled } from './testing/advance-until-settled.ts';
import { planForProfile, planForSettings } from './testing/profile-fixture.ts';
import { testDeployContext } from './testing/test-deploy-context.ts';

const cfnMock = mockClient(CloudFormationClient);
const fake = new FakeCloudFormation({ pageSize: 100, createSeconds: () => 5 });
const cfn = new CloudFormationClient({ region: 'us-east-1' });
const NEW_POOL = 'managed-newcognito-notelemetry.env';
const EXISTING_POOL = 'managed-existingcognito-byotelemetry.env';

beforeEach(() => {
  vi.useFakeTimers();
  cfnMock.reset();
  cfnMock.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
  fake.reset();
  fake.install(cfnMock);
});
afterEach(() => vi.useRealTimers());

/** Deploys the profile, then the edit: what the second deploy ends with, and the change sets it made. */
async function deployThenEdit(file: string, edit: Record<string, string>, base: Record<string, string> = {}) {
  const ctx = testDeployContext(cfn);
  const first = await planForProfile(file, {}, base);
  expect((await advanceUntilSettled(deployPlan(first.plan, ctx))).result).toBe('deployed');
  const next = await planForProfile(file, {}, { ...base, ...edit });
  const before = fake.calls('CreateChangeSet');
  const variablesOf = variablesReachingParameters(next.settings, async (s) => (await planForSettings(s, file.replace(/\.env$/, ''), {})).plan);
  const ended = await advanceUntilSettled(deployPlan(next.plan, ctx, { variablesOf })).catch((e: unknown) => e);
  return { ended, changeSets: fake.calls('CreateChangeSet') - before };
}

test('a new COGNITO_ADMIN_EMAIL (the user named admin replaced) is refused before any change set, naming it', async () => {
  const { ended, changeSets } = await deployThenEdit(NEW_POOL, { COGNITO_ADMIN_EMAIL: 'ana@example.com' });
  expect(changeSets).toBe(0);
  expect(CagwError.is(ended) && ended.code).toBe('EditRefused');
  expect(ended).toMatchObject({ where: 'COGNITO_ADMIN_EMAIL', message: expect.stringContaining('FirstUser (AWS::Cognito::UserPoolUser) would be replaced') });
  expect((ended as CagwError).fix).toContain('set COGNITO_ADMIN_EMAIL back to its deployed value');
  expect(fake.status('claude-gateway-idp')).toBe('CREATE_COMPLETE');
});

test('a new COGNITO_DOMAIN_PREFIX (a second domain for the pool) is refused before any change set, naming it', async () => {
  const { ended, changeSets } = await deployThenEdit(NEW_POOL, { COGNITO_DOMAIN_PREFIX: 'acme-claude-signin' });
  expect(changeSets).toBe(0);
  expect(ended).toMatchObject({ code: 'EditRefused', where: 'COGNITO_DOMAIN_PREFIX', message: expect.stringContaining('User pool already has a domain configured') });
});

test('another COGNITO_POOL_ID keeps a domain prefix the old pool holds: refused before any change set, naming it', async () => {
  const { ended, changeSets } = await deployThenEdit(EXISTING_POOL, { COGNITO_POOL_ID: 'us-east-1_ZyXwVuTsR' }, { COGNITO_DOMAIN_PREFIX: 'acme-claude-login' });
  expect(changeSets).toBe(0);
  expect(ended).toMatchObject({ code: 'EditRefused', where: 'COGNITO_POOL_ID' });
});

test('a new COGNITO_STACK creates a second idp stack whose domain the old one holds: refused before any change set, naming both', async () => {
  const { ended, changeSets } = await deployThenEdit(NEW_POOL, { COGNITO_STACK: 'claude-gateway-signin' });
  expect(changeSets).toBe(0);
  expect(ended).toMatchObject({ code: 'EditRefused', message: expect.stringContaining('Domain already associated with another user pool') });
  expect((ended as CagwError).where?.split(', ')).toEqual(expect.arrayContaining(['COGNITO_STACK', 'COGNITO_DOMAIN_PREFIX']));
  expect(fake.stackNames()).not.toContain('claude-gateway-signin');
});

test('an edit CloudFormation takes in place is not refused', async () => {
  const { ended } = await deployThenEdit(NEW_POOL, { MAX_TASKS: '12' });
  expect(ended).toMatchObject({ result: 'deployed' });
  expect(fake.parametersOf('claude-gateway-gateway').MaxTasks).toBe('12');
});
