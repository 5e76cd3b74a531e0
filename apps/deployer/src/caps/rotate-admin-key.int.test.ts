// The rotation's AWS half on moto (Secrets Manager and ECS): the new key becomes AWSCURRENT and
// the old one AWSPREVIOUS, which is what cagw caps then reads as its two keys, and the gateway
// service gets a forced deployment, so that its tasks restart and read the new key.
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CreateClusterCommand, CreateServiceCommand, DescribeServicesCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startMoto, type MotoServer } from '@cagw/strict-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CagwError } from '@cagw/errors';
import { deployedAdminTarget } from './admin-target.ts';
import { gatewayService, newAdminKey, rotateAdminKey } from './rotate-admin-key.ts';

const OLD = `old-${'o'.repeat(40)}`;
let moto: MotoServer;
let secrets: SecretsManagerClient;
let ecs: ECSClient;

beforeAll(async () => {
  moto = await startMoto();
  const config = { endpoint: moto.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  secrets = new SecretsManagerClient(config);
  ecs = new ECSClient(config);
}, 90_000);
afterAll(async () => {
  secrets?.destroy();
  ecs?.destroy();
  await moto?.stop();
});

test('the new key becomes AWSCURRENT, the old one AWSPREVIOUS, and the service rolls', async () => {
  const arn = (await secrets.send(new CreateSecretCommand({ Name: 'claude-gateway/admin-key', SecretString: OLD }))).ARN as string;
  await ecs.send(new CreateClusterCommand({ clusterName: 'claude-gateway' }));
  await ecs.send(new RegisterTaskDefinitionCommand({ family: 'claude-gateway', containerDefinitions: [{ name: 'gateway', image: 'gateway:1', memory: 512 }] }));
  await ecs.send(new CreateServiceCommand({ cluster: 'claude-gateway', serviceName: 'gateway', taskDefinition: 'claude-gateway', desiredCount: 2 }));
  const before = (await ecs.send(new DescribeServicesCommand({ cluster: 'claude-gateway', services: ['gateway'] }))).services?.[0]?.deployments?.[0]?.id;

  const key = newAdminKey();
  expect(key.length).toBeGreaterThanOrEqual(32);
  const rotation = await rotateAdminKey(arn, key, { cluster: 'claude-gateway', service: 'gateway' }, { secrets, ecs, cfn: new CloudFormationClient({}) });

  const value = async (stage: string) => (await secrets.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: stage }))).SecretString;
  expect(await value('AWSCURRENT')).toBe(key);
  expect(await value('AWSPREVIOUS')).toBe(OLD);
  expect(rotation.versionId).not.toBe('');
  expect(rotation.deploymentId).toBeDefined();
  expect(rotation.deploymentId).not.toBe(before);

  // what cagw caps then holds: the new key first, the old one for tasks not yet rolled
  const settings = { ENABLE_SPEND_CAPS: true, GATEWAY_ADMIN_WRITE_KEY_ARN: arn, AWS_REGION: 'us-east-1', AWS_PROFILE: undefined, publicUrl: 'https://claude.internal.example.com' };
  const target = await deployedAdminTarget(settings, undefined, async (id, stage) => (await secrets.send(new GetSecretValueCommand({ SecretId: id, VersionStage: stage ?? 'AWSCURRENT' }))).SecretString);
  expect(target).toMatchObject({ apiKey: key, previousKey: OLD });
});

test('a service that cannot be rolled is named with the command that rolls it, after the key was stored', async () => {
  const arn = (await secrets.send(new CreateSecretCommand({ Name: 'claude-gateway/admin-key-2', SecretString: OLD }))).ARN as string;
  const error = await rotateAdminKey(arn, newAdminKey(), { cluster: 'claude-gateway', service: 'no-such-service' }, { secrets, ecs, cfn: new CloudFormationClient({}) }).catch((e: unknown) => e);
  expect(CagwError.is(error) && error.code).toBe('AdminKeyRotationFailed');
  expect((error as CagwError).fix).toContain('aws ecs update-service --cluster claude-gateway --service no-such-service --force-new-deployment');
});

test("the gateway service comes from the stack's ClusterName and ServiceName outputs; a missing stack is GatewayNotDeployed", async () => {
  const cfn = mockClient(CloudFormationClient);
  cfn.on(DescribeStacksCommand, { StackName: 'acme-gateway' }).resolves({ Stacks: [{ StackName: 'acme-gateway', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(), Outputs: [{ OutputKey: 'ClusterName', OutputValue: 'acme' }, { OutputKey: 'ServiceName', OutputValue: 'gw' }] }] });
  cfn.on(DescribeStacksCommand, { StackName: 'gone' }).rejects(Object.assign(new Error('Stack with id gone does not exist'), { name: 'ValidationError' }));
  try {
    expect(await gatewayService(new CloudFormationClient({ region: 'us-east-1' }), 'acme-gateway')).toEqual({ cluster: 'acme', service: 'gw' });
    const error = await gatewayService(new CloudFormationClient({ region: 'us-east-1' }), 'gone').catch((e: unknown) => e);
    expect(CagwError.is(error) && [error.code, error.where]).toEqual(['GatewayNotDeployed', 'GATEWAY_STACK']);
  } finally {
    cfn.restore();
  }
});
