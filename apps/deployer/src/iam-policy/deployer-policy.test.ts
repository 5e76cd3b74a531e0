// The deployer's policy is what the deployer needs: the calls it lists are those its source
// makes, and a deploy, an update and a destroy on the strict fake make no call the policy
// refuses (each call evaluated as IAM would: its action, the stack, bucket or repository it
// names, the RoleARN it passes).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DescribeDBInstancesCommand, DescribeDBSnapshotsCommand, ModifyDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { HeadBucketCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { DeleteSecretCommand, DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { TEMPLATES_DIR } from '@cagw/cloudformation';
import { useStrictFakeCloudFormation } from '@cagw/strict-cloudformation/vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test } from 'vitest';
import { deployPlan } from '../orchestrate/deploy-plan.ts';
import { destroyDeployment } from '../orchestrate/destroy-deployment.ts';
import { s3TemplateStore } from '../orchestrate/staging-bucket.ts';
import { advanceUntilSettled } from '../orchestrate/testing/advance-until-settled.ts';
import { planForProfile } from '../orchestrate/testing/profile-fixture.ts';
import { RecordingDeployHost } from '../orchestrate/testing/recording-deploy-host.ts';
import { TEST_WAITS, testDeployContext } from '../orchestrate/testing/test-deploy-context.ts';
import { applyBootstrap, prepareBootstrap } from '../bootstrap/run-bootstrap.ts';
import { deployerCallsSource } from './deployer-calls-source.ts';
import { policyAllows } from './policy-evaluator.ts';
import type { PolicyDocument } from './policy-document.ts';
import { profilePolicies } from './profile-policy.ts';
import { requestsOfCall, type SdkCallSeen } from './request-of-call.ts';

const { mock: cfnMock, fake, cfn } = useStrictFakeCloudFormation({ createSeconds: () => 20 });
const rdsMock = mockClient(RDSClient);
const secretsMock = mockClient(SecretsManagerClient);
const s3Mock = mockClient(S3Client);
const rds = new RDSClient({ region: 'us-east-1' });
const secrets = new SecretsManagerClient({ region: 'us-east-1' });
const ACCOUNT = '123456789012';
const FLAGSHIP = 'managed-newcognito-collector-vpn.env';

beforeEach(() => {
  rdsMock.reset();
  secretsMock.reset();
  rdsMock.on(ModifyDBInstanceCommand).callsFake(async (i) => {
    if (i.DeletionProtection === false) fake.liftDeletionProtection(i.DBInstanceIdentifier);
    return {};
  });
  rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available' }] });
  rdsMock.on(DescribeDBSnapshotsCommand).callsFake(async () => ({ DBSnapshots: fake.snapshots.map((id, n) => ({ DBSnapshotIdentifier: id, SnapshotCreateTime: new Date(n) })) }));
  secretsMock.on(DescribeSecretCommand).callsFake(async (i) => ({ ARN: i.SecretId }));
  secretsMock.on(DeleteSecretCommand).resolves({});
});

/** Every call the mocked clients received, as IAM sees it. */
function callsSeen(): SdkCallSeen[] {
  const mocks: [string, { calls(): { args: unknown[] }[] }][] = [['CloudFormationClient', cfnMock], ['RDSClient', rdsMock], ['SecretsManagerClient', secretsMock]];
  return mocks.flatMap(([clientClass, m]) => m.calls().map((c) => {
    const command = c.args[0] as { constructor: { name: string }; input: Record<string, unknown> };
    return { clientClass, commandClass: command.constructor.name, input: command.input };
  }));
}

/** Bootstraps the account with a GitHub deploy role on the strict fake, from the real bootstrap.yaml and parameters. */
async function bootstrapWithGithub(): Promise<Record<string, string>> {
  const input = { region: 'us-east-1', templates: [], ecrRepository: 'claude-apps-gateway', trustGithub: 'acme/gw:production', templateBody: readFileSync(`${TEMPLATES_DIR}bootstrap.yaml`, 'utf8') };
  const options = { ...TEST_WAITS, runId: 'test' };
  return advanceUntilSettled(applyBootstrap(cfn, await advanceUntilSettled(prepareBootstrap(cfn, input, options)), options));
}

/** The GitHub deploy role's inline policy as CloudFormation made it from bootstrap.yaml (intrinsics resolved), for the evaluator. */
function deployRolePolicy(): PolicyDocument {
  const role = fake.propertiesOfResource('AWS::IAM::Role', fake.resourcesOf('cagw-bootstrap').DeployRole ?? '') as { Policies?: { PolicyDocument: { Statement: Record<string, unknown>[] } }[] } | undefined;
  // the fake resolves Ref of a CommaDelimitedList parameter to its comma-joined text, where
  // CloudFormation gives the list; no action name or ARN here holds a comma
  const list = (v: unknown) => ([v].flat() as string[]).flatMap((x) => x.split(','));
  return {
    Version: '2012-10-17',
    Statement: (role?.Policies ?? []).flatMap((p) => p.PolicyDocument.Statement).map((st) => ({
      Sid: String(st.Sid), Effect: 'Allow', Action: list(st.Action), Resource: list(st.Resource),
      ...(st.Condition ? { Condition: st.Condition as PolicyDocument['Statement'][number]['Condition'] } : {}),
    })),
  };
}

/**
 * Each action of each statement of `wanted`, on its resources and with its conditions met, that
 * `policy` refuses. KMS calls reach only the state bucket's key (through S3), so they are asked on it.
 */
function outsideOf(policy: PolicyDocument, wanted: PolicyDocument, stateKeyArn: string): string[] {
  return wanted.Statement.flatMap((st) => {
    const context = Object.fromEntries(Object.values(st.Condition ?? {}).flatMap((keys) => Object.entries(keys).map(([k, v]) => [k, [v].flat()[0] as string])));
    return st.Action.flatMap((action) => st.Resource
      .map((r) => (r === '*' && action.startsWith('kms:') && st.Condition ? stateKeyArn : r))
      .filter((resource) => !policyAllows(policy, { action, resource, context })).map((r) => `${action} on ${r}`));
  });
}

/** The statements for cagw's own calls alone: the templates' services (rds:*, s3:*) would hide a missing one. */
const callsOnly = (policy: PolicyDocument): PolicyDocument => ({ ...policy, Statement: policy.Statement.filter((st) => !st.Sid.startsWith('Resources')) });

function refused(policy: PolicyDocument, calls: SdkCallSeen[]): string[] {
  return [...new Set(calls.flatMap((c) => requestsOfCall(c, { region: 'us-east-1', account: ACCOUNT })
    .filter((r) => !policyAllows(policy, r)).map((r) => `${r.action} on ${r.resource}`)))];
}

test('deployer-calls.ts lists exactly the SDK calls deploy and destroy reach in the source', () => {
  const written = readFileSync(fileURLToPath(new URL('./deployer-calls.ts', import.meta.url)), 'utf8');
  expect(written, 'regenerate: cd apps/deployer && npx tsx --conditions=development src/iam-policy/write-deployer-calls.ts').toBe(deployerCallsSource());
});

describe('the strict fake enforces the generated policy', () => {
  test('a deploy, an update and a destroy make no call outside the deployer policy, and the policy refuses other stacks', async () => {
    const { plan, settings } = await planForProfile(FLAGSHIP);
    const { deployer } = await profilePolicies(settings, { bootstrapped: false });
    expect((await advanceUntilSettled(deployPlan(plan, testDeployContext(cfn)))).failure).toBeUndefined();
    const { plan: updated } = await planForProfile(FLAGSHIP, {}, { MIN_TASKS: '3' });
    expect((await advanceUntilSettled(deployPlan(updated, testDeployContext(cfn, { host: new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true, CAGW_DEPLOY_Q0002: true }) })))).failure).toBeUndefined();
    const destroyed = await advanceUntilSettled(destroyDeployment(updated, { cfn, rds, secrets }, { host: { progress: () => {}, notify: () => {} }, ...TEST_WAITS }));
    expect(destroyed.failure).toBeUndefined();
    expect(fake.stackNames()).toEqual([]);

    const calls = callsSeen();
    expect(calls.map((c) => c.commandClass)).toEqual(expect.arrayContaining(['CreateChangeSetCommand', 'ExecuteChangeSetCommand', 'DeleteStackCommand', 'ModifyDBInstanceCommand']));
    expect(refused(callsOnly(deployer), calls)).toEqual([]);
    // the same calls on another deployment's stacks are outside it
    const elsewhere = calls.map((c) => (typeof c.input.StackName === 'string' ? { ...c, input: { ...c.input, StackName: `other-${c.input.StackName}` } } : c));
    expect(refused(deployer, elsewhere)).toContain(`cloudformation:CreateChangeSet on arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/other-${settings.stackNames.network}/00000000-0000-0000-0000-000000000000`);
  }, 120_000);

  test('after bootstrap every change set names the execution role, and a deploy, an update and a destroy stay inside the bootstrapped policy and the GitHub deploy role as bootstrap.yaml writes it', async () => {
    const { plan, settings } = await planForProfile(FLAGSHIP);
    const { deployer } = await profilePolicies(settings, { bootstrapped: true, account: ACCOUNT });
    const outputs = await bootstrapWithGithub();
    const deployRole = deployRolePolicy();
    cfnMock.resetHistory();
    // a new client, as a new cagw run has: it asks for the bootstrap stack afresh
    const client = new CloudFormationClient({ region: 'us-east-1' });
    expect((await advanceUntilSettled(deployPlan(plan, testDeployContext(client)))).failure).toBeUndefined();
    const { plan: updated } = await planForProfile(FLAGSHIP, {}, { MIN_TASKS: '3' });
    expect((await advanceUntilSettled(deployPlan(updated, testDeployContext(client, { host: new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true, CAGW_DEPLOY_Q0002: true }) })))).failure).toBeUndefined();
    expect((await advanceUntilSettled(destroyDeployment(updated, { cfn: client, rds, secrets }, { host: { progress: () => {}, notify: () => {} }, ...TEST_WAITS }))).failure).toBeUndefined();
    const calls = callsSeen();
    const changeSets = calls.filter((c) => c.commandClass === 'CreateChangeSetCommand');
    expect(changeSets.length).toBeGreaterThan(0);
    for (const c of changeSets) expect(c.input.RoleARN, String(c.input.StackName)).toBe(outputs.ExecutionRoleArn);
    expect(calls.map((c) => c.clientClass)).toEqual(expect.arrayContaining(['RDSClient', 'SecretsManagerClient']));
    expect(fake.stackNames()).toEqual(['cagw-bootstrap']);
    expect(refused(callsOnly(deployer), calls)).toEqual([]);
    expect(refused(deployRole, calls)).toEqual([]);
    // and every call the source can make (deployer-calls.ts) on what the bootstrapped policy
    // names: the deploy role allows all that the bootstrapped deployer policy does
    expect(outsideOf(deployRole, callsOnly(deployer), `arn:aws:kms:us-east-1:${ACCOUNT}:key/${fake.resourcesOf('cagw-bootstrap').StateKey}`)).toEqual([]);
  }, 120_000);

  test('bootstrapped: change sets only with the execution role, passed to CloudFormation alone', async () => {
    const { settings } = await planForProfile(FLAGSHIP);
    const { deployer, executionRole } = await profilePolicies(settings, { bootstrapped: true, account: ACCOUNT });
    const role = `arn:aws:iam::${ACCOUNT}:role/cagw-cfn-exec-us-east-1`;
    const changeSet = (RoleARN?: string): SdkCallSeen => ({ clientClass: 'CloudFormationClient', commandClass: 'CreateChangeSetCommand', input: { StackName: settings.stackNames.gateway, ...(RoleARN ? { RoleARN } : {}) } });
    expect(refused(deployer, [changeSet(role)])).toEqual([]);
    expect(refused(deployer, [changeSet()])).toEqual([`cloudformation:CreateChangeSet on arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/${settings.stackNames.gateway}/00000000-0000-0000-0000-000000000000`]);
    expect(refused(deployer, [changeSet(`arn:aws:iam::${ACCOUNT}:role/Admin`)])).toContain(`iam:PassRole on arn:aws:iam::${ACCOUNT}:role/Admin`);
    // CloudFormation acting as the role creates the resources; the caller no longer may
    expect(policyAllows(deployer, { action: 'ec2:CreateVpc', resource: '*' })).toBe(false);
    expect(executionRole && policyAllows(executionRole, { action: 'ec2:CreateVpc', resource: '*' })).toBe(true);
    // and the state bucket is the only bucket it writes
    expect(policyAllows(deployer, { action: 's3:PutObject', resource: `arn:aws:s3:::cagw-state-${ACCOUNT}-us-east-1/templates/x.yaml` })).toBe(true);
    expect(policyAllows(deployer, { action: 's3:PutObject', resource: 'arn:aws:s3:::someone-elses/x' })).toBe(false);
  });
});

test('staging a template in a new bucket (create, protect, upload) stays inside the policy, ownership controls included', async () => {
  const { settings } = await planForProfile(FLAGSHIP);
  const { deployer } = await profilePolicies(settings, { bootstrapped: false });
  s3Mock.reset();
  s3Mock.onAnyCommand().resolves({});
  s3Mock.on(HeadBucketCommand).rejects(new S3ServiceException({ name: 'NotFound', $fault: 'client', $metadata: { httpStatusCode: 404 }, message: 'Not Found' }));
  await s3TemplateStore(new S3Client({ region: 'us-east-1' }), async () => ({ account: ACCOUNT, region: 'us-east-1' })).urlFor(settings.stackNames.gateway, 'Resources: {}\n');
  const calls = s3Mock.calls().map((c) => {
    const command = c.args[0] as unknown as { constructor: { name: string }; input: Record<string, unknown> };
    return { clientClass: 'S3Client', commandClass: command.constructor.name, input: command.input };
  });
  expect(calls.map((c) => c.commandClass)).toEqual(expect.arrayContaining(['CreateBucketCommand', 'PutBucketVersioningCommand', 'PutObjectCommand']));
  expect(refused(callsOnly(deployer), calls)).toEqual([]);
});

test('after bootstrap templates are staged in its state bucket, under its KMS key, inside the bootstrapped policy', async () => {
  const { settings } = await planForProfile(FLAGSHIP);
  const { deployer } = await profilePolicies(settings, { bootstrapped: true, account: ACCOUNT });
  s3Mock.reset();
  s3Mock.onAnyCommand().resolves({});
  const url = await s3TemplateStore(new S3Client({ region: 'us-east-1' }), async () => ({ account: ACCOUNT, region: 'us-east-1' })).urlFor(settings.stackNames.gateway, 'Resources: {}\n');
  expect(url).toMatch(new RegExp(`^https://cagw-state-${ACCOUNT}-us-east-1\\.s3\\.us-east-1\\.amazonaws\\.com/templates/`));
  const calls = s3Mock.calls().map((c) => {
    const command = c.args[0] as unknown as { constructor: { name: string }; input: Record<string, unknown> };
    return { clientClass: 'S3Client', commandClass: command.constructor.name, input: command.input };
  });
  expect(calls.map((c) => c.commandClass)).toEqual(['HeadBucketCommand', 'PutObjectCommand']);
  expect(calls[1]?.input.ServerSideEncryption).toBeUndefined();
  expect(refused(callsOnly(deployer), calls)).toEqual([]);
});

describe('policyAllows', () => {
  const policy: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'A', Effect: 'Allow', Action: ['cloudformation:Describe*'], Resource: ['arn:aws:cloudformation:*:*:stack/app-?/*'] },
      { Sid: 'B', Effect: 'Allow', Action: ['iam:PassRole'], Resource: ['arn:aws:iam::1:role/r'], Condition: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } } },
    ],
  };
  test('matches actions case-insensitively with wildcards, resources case-sensitively', () => {
    expect(policyAllows(policy, { action: 'CloudFormation:DescribeStacks', resource: 'arn:aws:cloudformation:us-east-1:1:stack/app-1/x' })).toBe(true);
    expect(policyAllows(policy, { action: 'cloudformation:DeleteStack', resource: 'arn:aws:cloudformation:us-east-1:1:stack/app-1/x' })).toBe(false);
    expect(policyAllows(policy, { action: 'cloudformation:DescribeStacks', resource: 'arn:aws:cloudformation:us-east-1:1:stack/APP-1/x' })).toBe(false);
    expect(policyAllows(policy, { action: 'cloudformation:DescribeStacks', resource: 'arn:aws:cloudformation:us-east-1:1:stack/app-10/x' })).toBe(false);
  });
  test('a condition holds only when the request has the key with the value', () => {
    expect(policyAllows(policy, { action: 'iam:PassRole', resource: 'arn:aws:iam::1:role/r', context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } })).toBe(true);
    expect(policyAllows(policy, { action: 'iam:PassRole', resource: 'arn:aws:iam::1:role/r', context: { 'iam:PassedToService': 'ec2.amazonaws.com' } })).toBe(false);
    expect(policyAllows(policy, { action: 'iam:PassRole', resource: 'arn:aws:iam::1:role/r' })).toBe(false);
  });
});
