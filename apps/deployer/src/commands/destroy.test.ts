// cagw destroy and cagw status against the fake CloudFormation after a real (fake-backed)
// deploy: reverse order, final snapshot named, secrets gone for good, the typed confirmation.
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { HeadBucketCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { DescribeTargetGroupsCommand, DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeDBInstancesCommand, DescribeDBSnapshotsCommand, ModifyDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { DeleteSecretCommand, DescribeSecretCommand, SecretsManagerClient, SecretsManagerServiceException } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { deployPlan } from '../orchestrate/deploy-plan.ts';
import { advanceUntilSettled } from '../orchestrate/testing/advance-until-settled.ts';
import { FakeCloudFormation } from '@cagw/strict-cloudformation';
import { fakeSteps, planForProfile, PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';
import { FakeDashboards } from '../orchestrate/testing/fake-dashboards.ts';
import { RecordingDeployHost } from '../orchestrate/testing/recording-deploy-host.ts';
import { makeDestroyCommand, type DestroyDeps } from './destroy.ts';
import { makeStatusCommand } from './status.ts';

const cfnMock = mockClient(CloudFormationClient);
const rdsMock = mockClient(RDSClient);
const secretsMock = mockClient(SecretsManagerClient);
const ecsMock = mockClient(ECSClient);
const elbMock = mockClient(ElasticLoadBalancingV2Client);
const cloudwatchMock = mockClient(CloudWatchClient);
const s3Mock = mockClient(S3Client);
let dashboards: FakeDashboards;
const fake = new FakeCloudFormation({ pageSize: 4, createSeconds: () => 20 });
const cfn = new CloudFormationClient({ region: 'us-east-1' });
const PROFILE = 'byo-oidc-notelemetry.env';
let liveSecrets: Set<string>;
let deletionProtectionLifted: string[];
const deleteOrder: string[] = [];

beforeEach(async () => {
  vi.useFakeTimers();
  for (const m of [cfnMock, rdsMock, secretsMock, ecsMock, elbMock, cloudwatchMock, s3Mock] as unknown as { reset(): void; onAnyCommand(): { rejects(e: Error): void } }[]) {
    m.reset();
    m.onAnyCommand().rejects(new Error('unexpected AWS call'));
  }
  fake.reset();
  fake.install(cfnMock);
  dashboards = new FakeDashboards(2);
  dashboards.install(cloudwatchMock);
  // S3 HeadBucket answers 404 with an empty body for a bucket that does not exist (HeadBucket, API reference)
  s3Mock.on(HeadBucketCommand).rejects(new S3ServiceException({ name: 'NotFound', $fault: 'client', $metadata: { httpStatusCode: 404 }, message: 'Not Found' }));
  deleteOrder.length = 0;
  const { plan } = await planForProfile(PROFILE);
  const outcome = await advanceUntilSettled(deployPlan(plan, { cfn, host: new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true }), steps: fakeSteps(), timing: { minDelay: 2, maxDelay: 10, maxWaitTime: 6 * 3600 }, eventPollMs: 3000 }));
  expect(outcome.result).toBe('deployed');
  liveSecrets = new Set(['arn:aws:secretsmanager:us-east-1:123456789012:secret:claude-gateway-database-DbSecret-AbCdEf', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:claude-gateway-gateway-JwtSecret-AbCdEf']);
  deletionProtectionLifted = [];
  rdsMock.on(ModifyDBInstanceCommand).callsFake(async (i) => {
    deletionProtectionLifted.push(i.DBInstanceIdentifier);
    if (i.DeletionProtection === false) fake.liftDeletionProtection(i.DBInstanceIdentifier);
    return {};
  });
  rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available' }] });
  rdsMock.on(DescribeDBSnapshotsCommand).callsFake(async () => ({ DBSnapshots: fake.snapshots.map((id, n) => ({ DBSnapshotIdentifier: id, SnapshotCreateTime: new Date(n) })) }));
  secretsMock.on(DescribeSecretCommand).callsFake(async (i) => {
    if (!liveSecrets.has(i.SecretId)) throw new SecretsManagerServiceException({ name: 'ResourceNotFoundException', $fault: 'client', $metadata: {}, message: 'not found' });
    return { ARN: i.SecretId };
  });
  secretsMock.on(DeleteSecretCommand).callsFake(async (i) => {
    expect(i.ForceDeleteWithoutRecovery).toBe(true);
    liveSecrets.delete(i.SecretId);
    return {};
  });
});
afterEach(() => vi.useRealTimers());

function destroyDeps(answer: string): DestroyDeps & { stderr: { write(s: string): unknown; text: string } } {
  const stderr = { text: '', write(s: string) { this.text += s; if (/: deleting/.test(s)) deleteOrder.push(s.split(':')[0] as string); return true; } };
  return {
    env: {}, clients: () => ({ cfn, rds: new RDSClient({ region: 'us-east-1' }), secrets: new SecretsManagerClient({ region: 'us-east-1' }), cloudwatch: new CloudWatchClient({ region: 'us-east-1' }), s3: new S3Client({ region: 'us-east-1' }) }),
    stagingTarget: () => async () => ({ account: '123456789012', region: 'us-east-1' }),
    ask: async () => answer, stderr, live: false, onInterrupt: () => () => {},
    tuning: { timing: { minDelay: 2, maxDelay: 10, maxWaitTime: 6 * 3600 }, eventPollMs: 3000 },
  };
}
const flags = (extra: Partial<{ yes: boolean; confirm: string; json: boolean }> = {}) => ({ profile: join(PROFILES_DIR, PROFILE), yes: false, confirm: undefined, json: false, ...extra });

test('destroy deletes dependants first, names the final snapshot and leaves no secret behind', async () => {
  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeDestroyCommand(() => destroyDeps('claude-gateway')).run(flags(), [], io));
  expect(io.stderr.join('\n')).not.toMatch(/error/);
  expect(code).toBe(0);
  expect(fake.stackNames()).toEqual([]);
  expect(deleteOrder.indexOf('claude-gateway-observability')).toBeLessThan(deleteOrder.indexOf('claude-gateway-gateway'));
  expect(deleteOrder.indexOf('claude-gateway-gateway')).toBeLessThan(deleteOrder.indexOf('claude-gateway-database'));
  expect(deleteOrder.indexOf('claude-gateway-database')).toBeLessThan(deleteOrder.indexOf('claude-gateway-network'));
  expect(deletionProtectionLifted).toEqual([expect.stringMatching(/^claude-gateway-database-database-[0-9a-f]{12}$/)]);
  const out = io.stdout.join('\n');
  expect(out).toMatch(/final snapshot {3}claude-gateway-database-database-final-\d+/);
  // the JWT secret is purged; the database password is kept with its snapshot, and listed
  expect([...liveSecrets]).toEqual(['arn:aws:secretsmanager:us-east-1:123456789012:secret:claude-gateway-database-DbSecret-AbCdEf']);
  expect(out).toContain('secrets deleted  1');
  expect(out).toMatch(/AWS::SecretsManager::Secret \S+DbSecret\S+ \(stack claude-gateway-database\)/);
  expect(out).toMatch(/kept on purpose  AWS::ECR::Repository/);
  // the load balancer's access logs outlive the deployment (ALB_ACCESS_LOGS defaults to true)
  expect(out).toMatch(/AWS::S3::Bucket \S+ \(stack claude-gateway-gateway\); delete by hand if unwanted/);
});

test('destroy deletes the dashboards deploy put in place and no other; a second destroy finds none to delete', async () => {
  // the names deploy gives them (PutDashboard), written out: <STACK_PREFIX>-usage, -governance, -operations
  for (const n of ['claude-gateway-usage', 'claude-gateway-governance', 'claude-gateway-operations', 'claude-gateway-usage-mine', 'team-x-usage']) dashboards.dashboards.set(n, '{"widgets":[]}');
  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeDestroyCommand(() => destroyDeps('claude-gateway')).run(flags({ json: true }), [], io));
  expect(code).toBe(0);
  expect([...dashboards.dashboards.keys()].sort()).toEqual(['claude-gateway-usage-mine', 'team-x-usage']);
  expect(JSON.parse(io.stdout[0] as string).dashboardsDeleted.sort()).toEqual(['claude-gateway-governance', 'claude-gateway-operations', 'claude-gateway-usage']);

  // dashboards left by a destroy of an older cagw, with every stack already gone
  dashboards.dashboards.set('claude-gateway-operations', '{"widgets":[]}');
  const again = createRecordingIo();
  expect(await advanceUntilSettled(makeDestroyCommand(() => destroyDeps('claude-gateway')).run(flags(), [], again))).toBe(0);
  expect(again.stdout.join('\n')).toContain('dashboards       claude-gateway-operations deleted');
  expect(dashboards.dashboards.has('claude-gateway-operations')).toBe(false);
});

test('destroy says it keeps the shared template staging bucket, and how to remove it', async () => {
  s3Mock.on(HeadBucketCommand).resolves({ BucketRegion: 'us-east-1' });
  const io = createRecordingIo();
  expect(await advanceUntilSettled(makeDestroyCommand(() => destroyDeps('claude-gateway')).run(flags(), [], io))).toBe(0);
  expect(io.stdout.join('\n')).toMatch(/kept \(shared\) {4}S3 bucket cagw-templates-123456789012-us-east-1, where cagw stages templates [^\n]*aws s3api delete-bucket --bucket cagw-templates-123456789012-us-east-1/);
  expect(s3Mock.commandCalls(HeadBucketCommand)[0]?.args[0].input).toEqual({ Bucket: 'cagw-templates-123456789012-us-east-1', ExpectedBucketOwner: '123456789012' });
});

test('throttled reads during destroy are retried; Ctrl-C mid-wait exits 130 naming the stack still being deleted', async () => {
  fake.throttle('DescribeStackEvents', 2);
  const d = destroyDeps('claude-gateway');
  let interrupt = () => {};
  d.onInterrupt = (h) => {
    interrupt = h;
    return () => {};
  };
  const write = d.stderr.write.bind(d.stderr);
  d.stderr.write = (s: string) => {
    write(s);
    // press Ctrl-C while the observability stack (the first to go) is being deleted
    if (s.startsWith('claude-gateway-observability: deleting')) queueMicrotask(() => interrupt());
    return true;
  };
  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeDestroyCommand(() => d).run(flags(), [], io));
  expect(code).toBe(130);
  expect(io.stderr.join('\n')).toContain('claude-gateway-observability is still being deleted: follow with  aws cloudformation describe-stack-events --stack-name claude-gateway-observability');
  expect(fake.stackNames()).toContain('claude-gateway-network');
  expect(fake.calls('DeleteStack')).toBe(1);
});

test('a VPN deployed before the profile switched it off is deleted too, before the network', async () => {
  const { plan } = await planForProfile(PROFILE, {}, { ENABLE_VPN: 'true' });
  const steps = fakeSteps();
  // the gateway's inputs wait for the VPN certificates: its change set is shown and asked about again
  const withVpn = await advanceUntilSettled(deployPlan(plan, { cfn, host: new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true, CAGW_DEPLOY_Q0002: true }), steps, timing: { minDelay: 2, maxDelay: 10, maxWaitTime: 6 * 3600 }, eventPollMs: 3000 }));
  expect(withVpn.result).toBe('deployed');
  expect(fake.stackNames()).toContain('claude-gateway-vpn');
  const code = await advanceUntilSettled(makeDestroyCommand(() => destroyDeps('claude-gateway')).run(flags(), [], createRecordingIo()));
  expect(code).toBe(0);
  expect(fake.stackNames()).toEqual([]);
  expect(deleteOrder.indexOf('claude-gateway-vpn')).toBeLessThan(deleteOrder.indexOf('claude-gateway-network'));
});

test('a Cognito stack deployed before the profile moved to IDP_MODE=byo is deleted too, saying the user pool is kept', async () => {
  fake.reset();
  const { plan } = await planForProfile('managed-newcognito-notelemetry.env');
  const deployed = await advanceUntilSettled(deployPlan(plan, { cfn, host: new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true }), steps: fakeSteps(), timing: { minDelay: 2, maxDelay: 10, maxWaitTime: 6 * 3600 }, eventPollMs: 3000 }));
  expect(deployed.result).toBe('deployed');
  expect(fake.stackNames()).toContain('claude-gateway-idp');
  const byo = {
    IDP_MODE: 'byo', OIDC_ISSUER: 'https://example.okta.com/oauth2/default', OIDC_CLIENT_ID: '0oa1b2c3d4e5f6g7h8i9',
    OIDC_CLIENT_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:claude-gateway/oidc-AbCdEf',
  };
  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeDestroyCommand(() => ({ ...destroyDeps('claude-gateway'), env: byo })).run({ ...flags(), profile: join(PROFILES_DIR, 'managed-newcognito-notelemetry.env') }, [], io));
  expect(io.stderr.join('\n')).toContain('it also deletes claude-gateway-idp (CREATE_COMPLETE), which IDP_MODE no longer deploys');
  expect(io.stderr.join('\n')).toContain('keeps the user pool with its users (DeletionPolicy: Retain)');
  expect(code).toBe(0);
  expect(fake.stackNames()).toEqual([]);
  expect(io.stdout.join('\n')).toMatch(/ AWS::Cognito::UserPool us-east-1_\w+ \(stack claude-gateway-idp\); delete by hand if unwanted/);
});

test('a wrong prefix deletes nothing', async () => {
  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeDestroyCommand(() => destroyDeps('claude')).run(flags(), [], io));
  expect(code).toBe(1);
  expect(fake.stackNames()).toHaveLength(4);
  expect(fake.calls('DeleteStack')).toBe(0);
});

test('--yes without the matching --confirm is a usage error', async () => {
  const io = createRecordingIo();
  const error = await makeDestroyCommand(() => destroyDeps('')).run(flags({ yes: true, confirm: 'other' }), [], io).catch((e: unknown) => e);
  expect((error as Error).name).toBe('UsageError');
  expect(fake.calls('DeleteStack')).toBe(0);
});

test('status shows each stack, the service rollout, target health and the URL', async () => {
  ecsMock.on(DescribeServicesCommand).resolves({ services: [{ runningCount: 2, desiredCount: 2, pendingCount: 0, deployments: [{ status: 'PRIMARY', rolloutState: 'COMPLETED' }] }] });
  elbMock.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/gw/abc' }] });
  elbMock.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [{ Target: { Id: '10.20.1.5' }, TargetHealth: { State: 'healthy' } }, { Target: { Id: '10.20.2.7' }, TargetHealth: { State: 'unhealthy', Description: 'Health checks failed' } }] });
  const io = createRecordingIo();
  const status = makeStatusCommand(() => ({ cfn, ecs: new ECSClient({ region: 'us-east-1' }), elb: new ElasticLoadBalancingV2Client({ region: 'us-east-1' }) }), {});
  const code = await status.run({ profile: join(PROFILES_DIR, PROFILE), json: true }, [], io);
  expect(code).toBe(1); // one target is unhealthy
  const doc = JSON.parse(io.stdout[0] as string);
  expect(doc.stacks.map((s: { name: string; status: string }) => `${s.name} ${s.status}`)).toEqual(['claude-gateway-network', 'claude-gateway-database', 'claude-gateway-gateway', 'claude-gateway-observability'].map((n) => `${n} CREATE_COMPLETE`));
  expect(doc.service).toMatchObject({ running: 2, desired: 2, rollout: 'COMPLETED' });
  expect(doc.targets).toMatchObject({ healthy: 1, total: 2, unhealthy: [{ id: '10.20.2.7', reason: 'unhealthy: Health checks failed' }] });
  expect(doc.gatewayUrl).toMatch(/^https:\/\//);
});

test('a stack CloudFormation is working on stops the destroy before anything is deleted, with advice that fits its state', async () => {
  // left by an update that is removing replaced resources; DeleteStack is refused until it ends
  fake.seedStack('claude-gateway-gateway', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeDestroyCommand(() => destroyDeps('claude-gateway')).run(flags(), [], io));
  expect(code).toBe(1);
  expect(fake.calls('DeleteStack')).toBe(0);
  expect(fake.stackNames()).toHaveLength(4);
  const err = io.stderr.join('\n');
  expect(err).toContain('stack claude-gateway-gateway is UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
  expect(err).toContain('re-run cagw destroy');
  // CancelUpdateStack works only in UPDATE_IN_PROGRESS: not suggested here
  expect(err).not.toContain('cancel-update-stack');
});

test('credentials that expire while the database applies its change end the destroy at once', async () => {
  rdsMock.on(DescribeDBInstancesCommand).rejects(Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredToken', $fault: 'client', $metadata: {} }));
  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeDestroyCommand(() => destroyDeps('claude-gateway')).run(flags(), [], io));
  expect(code).toBe(1);
  expect(io.stderr.join('\n')).toMatch(/AWS credentials are missing or expired[\s\S]*aws sso login/);
  // the SDK waiter alone retries every error but a few for its whole time limit
  expect(rdsMock.commandCalls(DescribeDBInstancesCommand)).toHaveLength(1);
  expect(fake.stackNames()).toContain('claude-gateway-database');
});

test('a database whose deletion protection stayed on ends DELETE_FAILED; the next deploy refuses to "recreate" it and says what to do', async () => {
  rdsMock.on(ModifyDBInstanceCommand).resolves({}); // the protection is not lifted (say, an SCP or someone set it again)
  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeDestroyCommand(() => destroyDeps('claude-gateway')).run(flags(), [], io));
  expect(code).toBe(1);
  expect(fake.status('claude-gateway-database')).toBe('DELETE_FAILED');
  expect(fake.stackNames()).toContain('claude-gateway-network'); // the network waits for the database
  expect(io.stderr.join('\n')).toMatch(/Database \(AWS::RDS::DBInstance\) DELETE_FAILED: Cannot delete protected DB Instance[\s\S]*--no-deletion-protection/);

  const { plan } = await planForProfile(PROFILE);
  const deletesBefore = fake.calls('DeleteStack');
  const error = await advanceUntilSettled(deployPlan(plan, { cfn, host: new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true }), steps: fakeSteps(), timing: { minDelay: 2, maxDelay: 10, maxWaitTime: 6 * 3600 }, eventPollMs: 3000 }).catch((e: unknown) => e));
  const instance = fake.resourcesOf('claude-gateway-database').Database as string;
  expect(error).toMatchObject({ code: 'StackHoldsResources', where: 'claude-gateway-database' });
  expect((error as Error).message).toContain(`Database (AWS::RDS::DBInstance ${instance}, DELETE_FAILED)`);
  expect((error as { fix: string }).fix).toContain(`aws rds modify-db-instance --db-instance-identifier ${instance} --no-deletion-protection`);
  expect(fake.calls('DeleteStack')).toBe(deletesBefore);
  expect(fake.status('claude-gateway-database')).toBe('DELETE_FAILED');
});

test("destroy of a managed-TLS deployment says ACM's DNS-validation records stay in the public zone", async () => {
  fake.reset();
  const { plan, settings } = await planForProfile('managed-newcognito-collector-vpn.env');
  const deployed = await advanceUntilSettled(deployPlan(plan, { cfn, host: new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true }), steps: fakeSteps(), timing: { minDelay: 2, maxDelay: 10, maxWaitTime: 6 * 3600 }, eventPollMs: 3000 }));
  expect(deployed.result).toBe('deployed');
  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeDestroyCommand(() => ({ ...destroyDeps('claude-gateway'), env: {} })).run({ ...flags(), profile: join(PROFILES_DIR, 'managed-newcognito-collector-vpn.env') }, [], io));
  expect(io.stderr.join('\n')).not.toMatch(/error/);
  expect(code).toBe(0);
  const out = io.stdout.join('\n');
  expect(out).toContain(`left in DNS      ACM's DNS-validation CNAME for claude.example.com in public zone ${settings.PUBLIC_HOSTED_ZONE_ID}`);
  expect(out).toContain(`ACM's DNS-validation CNAME for claude-otel.example.com in public zone ${settings.PUBLIC_HOSTED_ZONE_ID}`);
});
