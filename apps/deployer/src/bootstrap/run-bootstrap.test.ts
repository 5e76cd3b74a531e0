// cagw bootstrap on the strict fake: a first run creates the stack (nothing before the change
// set is applied), a second finds nothing to change, a declined one leaves nothing behind;
// --destroy empties the state bucket of every version and removes the stack, and is refused
// while a stack still runs as the execution role.
import { readFileSync } from 'node:fs';
import { DescribeStacksCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DeleteObjectsCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { CagwError } from '@cagw/errors';
import { listTemplateFiles, TEMPLATES_DIR } from '@cagw/cloudformation';
import { useStrictFakeCloudFormation } from '@cagw/strict-cloudformation/vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { expect, test } from 'vitest';
import { RDSClient } from '@aws-sdk/client-rds';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { destroyDeployment } from '../orchestrate/destroy-deployment.ts';
import { advanceUntilSettled } from '../orchestrate/testing/advance-until-settled.ts';
import { planForProfile } from '../orchestrate/testing/profile-fixture.ts';
import { TEST_WAITS } from '../orchestrate/testing/test-deploy-context.ts';
import { BOOTSTRAP_STACK_NAME } from './bootstrap-names.ts';
import { applyBootstrap, destroyBootstrap, discardBootstrap, prepareBootstrap } from './run-bootstrap.ts';

const { fake, cfn } = useStrictFakeCloudFormation({ createSeconds: () => 10 });
const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1' });
const OPTIONS = { ...TEST_WAITS, runId: 'test' };

async function input(trustGithub?: string) {
  const templates = (await listTemplateFiles()).map((path) => ({ name: path.slice(TEMPLATES_DIR.length).replace(/\.yaml$/, ''), body: readFileSync(path, 'utf8') }));
  return { region: 'us-east-1', templates, ecrRepository: 'claude-apps-gateway', trustGithub, templateBody: readFileSync(`${TEMPLATES_DIR}bootstrap.yaml`, 'utf8') };
}

async function bootstrap(trustGithub?: string) {
  const prepared = await advanceUntilSettled(prepareBootstrap(cfn, await input(trustGithub), OPTIONS));
  return { prepared, outputs: await advanceUntilSettled(applyBootstrap(cfn, prepared, OPTIONS)) };
}

test('creates the stack after the change set is shown; a second run changes nothing; a declined first run leaves nothing', async () => {
  const declined = await advanceUntilSettled(prepareBootstrap(cfn, await input(), OPTIONS));
  expect(declined.type).toBe('CREATE');
  expect(declined.changes.map((c) => c.type)).toEqual(expect.arrayContaining(['AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::IAM::Role']));
  expect(fake.executions).toEqual([]);
  await advanceUntilSettled(discardBootstrap(cfn, declined, OPTIONS));
  expect(fake.stackNames()).toEqual([]);

  const { prepared, outputs } = await bootstrap('acme/gw:production');
  expect(prepared.changes.map((c) => c.type)).toContain('AWS::IAM::OIDCProvider');
  expect(outputs.BootstrapVersion).toBe('1');
  expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['StateBucketName', 'ExecutionRoleArn', 'DeployRoleArn']));
  const again = await advanceUntilSettled(prepareBootstrap(cfn, await input('acme/gw:production'), OPTIONS));
  expect(again).toMatchObject({ type: 'UPDATE', changeSetId: undefined, changes: [] });
});

test('cagw destroy of a profile never removes the bootstrap stack', async () => {
  await bootstrap();
  const { plan } = await planForProfile('managed-newcognito-collector-vpn.env');
  const outcome = await advanceUntilSettled(destroyDeployment(plan, { cfn, rds: new RDSClient({ region: 'us-east-1' }), secrets: new SecretsManagerClient({ region: 'us-east-1' }) }, { host: { progress: () => {}, notify: () => {} }, ...TEST_WAITS }));
  expect(outcome.result).toBe('nothing-deployed');
  expect(fake.stackNames()).toEqual([BOOTSTRAP_STACK_NAME]);
});

test('--destroy empties the state bucket of every version, then removes the stack', async () => {
  const { outputs } = await bootstrap();
  s3Mock.reset();
  let versions = [{ Key: 'templates/a.yaml', VersionId: 'v1' }, { Key: 'templates/a.yaml', VersionId: 'v2' }];
  s3Mock.on(ListObjectVersionsCommand).callsFake(async () => ({ Versions: versions }));
  s3Mock.on(DeleteObjectsCommand).callsFake(async (i) => {
    versions = versions.filter((v) => !i.Delete.Objects.some((o: { VersionId?: string }) => o.VersionId === v.VersionId));
    return {};
  });
  expect(await advanceUntilSettled(destroyBootstrap({ cfn, s3 }, 'us-east-1', OPTIONS))).toBe('destroyed');
  expect(s3Mock.commandCalls(DeleteObjectsCommand)[0]?.args[0].input).toMatchObject({ Bucket: outputs.StateBucketName, Delete: { Objects: [{ VersionId: 'v1' }, { VersionId: 'v2' }] } });
  expect(fake.stackNames()).toEqual([]);
  expect(await advanceUntilSettled(destroyBootstrap({ cfn, s3 }, 'us-east-1', OPTIONS))).toBe('absent');
});

test('--destroy is refused, naming them, while a stack runs as the execution role', async () => {
  const { outputs } = await bootstrap();
  // a deployment made with the role: DescribeStacks shows its RoleARN
  const withUser = Object.create(cfn) as CloudFormationClient;
  withUser.send = (async (command: unknown) => {
    const out = await cfn.send(command as DescribeStacksCommand);
    if (command instanceof DescribeStacksCommand && !command.input.StackName) out.Stacks = [...(out.Stacks ?? []), { StackName: 'claude-gateway-network', RoleARN: outputs.ExecutionRoleArn, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() }];
    return out;
  }) as never;
  const refusal = await advanceUntilSettled(destroyBootstrap({ cfn: withUser, s3 }, 'us-east-1', OPTIONS)).catch((e: unknown) => e);
  expect(CagwError.is(refusal) && `${refusal.code}: ${refusal.message}`).toBe(`BootstrapInUse: claude-gateway-network in us-east-1 still run as the bootstrap's execution role, so ${BOOTSTRAP_STACK_NAME} is kept`);
  expect(fake.stackNames()).toEqual([BOOTSTRAP_STACK_NAME]);
});
