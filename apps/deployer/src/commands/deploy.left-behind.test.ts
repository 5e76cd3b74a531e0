// Issue 21.6, "left behind", as `cagw deploy` meets it: a ZONE edit replaces the private hosted
// zone, which CloudFormation cannot delete while it holds records, so the deploy deletes it once
// only SOA and NS are left; a deploy that makes the Cognito stack again, after a destroy kept the
// old pool, says so before it asks. The stacks are the strict fake's; Route 53 and Cognito are
// mocked as far as this meets them, refusing what they refuse (cited in the library tests).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, PutDashboardCommand } from '@aws-sdk/client-cloudwatch';
import { CognitoIdentityProviderClient, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { EC2Client } from '@aws-sdk/client-ec2';
import { RDSClient } from '@aws-sdk/client-rds';
import { DeleteSecretCommand, DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DeleteHostedZoneCommand, HostedZoneNotEmpty, ListResourceRecordSetsCommand, NoSuchHostedZone, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { FakeCloudFormation } from '@cagw/strict-cloudformation';
import { createRecordingIo } from '../cli/recording-io.ts';
import { fakeDeploymentDeps } from '../cli/testing/fake-deployment-deps.ts';
import { advanceUntilSettled } from '../orchestrate/testing/advance-until-settled.ts';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';
import { makeDeployCommand } from './deploy.ts';

const NETWORK_STACK = 'claude-gateway-network';
const cfnMock = mockClient(CloudFormationClient);
const ec2Mock = mockClient(EC2Client);
const cloudwatchMock = mockClient(CloudWatchClient);
const route53Mock = mockClient(Route53Client);
const cognitoMock = mockClient(CognitoIdentityProviderClient);
const secretsMock = mockClient(SecretsManagerClient);
const fake = new FakeCloudFormation({ createSeconds: () => 20 });
let root: string;
/** Route 53's zones by id: their records as "name type" */
let zones: Map<string, string[]>;
let pools: { Id: string; Name: string; CreationDate: Date }[];

beforeEach(() => {
  vi.useFakeTimers();
  root = mkdtempSync(join(tmpdir(), 'cagw-deploy-left-'));
  const unexpected = new Error('an AWS call this test does not expect');
  cfnMock.reset().onAnyCommand().rejects(unexpected);
  ec2Mock.reset().onAnyCommand().rejects(unexpected);
  cloudwatchMock.reset().onAnyCommand().rejects(unexpected);
  route53Mock.reset().onAnyCommand().rejects(unexpected);
  cognitoMock.reset().onAnyCommand().rejects(unexpected);
  // a secret CloudFormation deleted waits out its recovery window; a removal deletes it for good, as destroy does
  secretsMock.reset().onAnyCommand().rejects(unexpected);
  secretsMock.on(DescribeSecretCommand).callsFake(async (i) => ({ ARN: i.SecretId, DeletedDate: new Date('2026-12-07T10:00:00Z') }));
  secretsMock.on(DeleteSecretCommand).callsFake(async (i) => ({ ARN: i.SecretId, DeletionDate: new Date('2026-12-07T10:00:00Z') }));
  cloudwatchMock.on(PutDashboardCommand).resolves({});
  fake.reset();
  fake.install(cfnMock);
  zones = new Map();
  const noSuch = (id: string) => new NoSuchHostedZone({ message: `No hosted zone found with ID: ${id}`, $metadata: { httpStatusCode: 404 } });
  route53Mock.on(ListResourceRecordSetsCommand).callsFake(async (i) => {
    const records = zones.get(i.HostedZoneId ?? '');
    if (!records) throw noSuch(i.HostedZoneId ?? '');
    return { ResourceRecordSets: records.map((r) => ({ Name: `${r.split(' ')[0]}.`, Type: r.split(' ')[1] as 'A', TTL: 300 })), IsTruncated: false, MaxItems: 300 };
  });
  route53Mock.on(DeleteHostedZoneCommand).callsFake(async (i) => {
    const records = zones.get(i.Id ?? '');
    if (!records) throw noSuch(i.Id ?? '');
    if (records.some((r) => !/ (SOA|NS)$/.test(r))) throw new HostedZoneNotEmpty({ message: 'The specified hosted zone contains non-required resource record sets and so cannot be deleted.', $metadata: { httpStatusCode: 400 } });
    zones.delete(i.Id ?? '');
    return { ChangeInfo: { Id: '/change/C2682N5HXP0BZ4', Status: 'PENDING', SubmittedAt: new Date(0) } };
  });
  pools = [];
  cognitoMock.on(ListUserPoolsCommand).callsFake(async () => ({ UserPools: pools }));
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(root, { recursive: true, force: true });
});

async function deploy(profile: string, env: Record<string, string> = {}, answers?: (question: string) => boolean) {
  const io = createRecordingIo();
  const base = fakeDeploymentDeps(root, { env, ...(answers ? { ask: async (question: string) => answers(question) } : {}) });
  const deps = { ...base, clients: (s: Parameters<typeof base.clients>[0]) => ({ ...base.clients(s), route53: new Route53Client({ region: 'us-east-1' }), cognito: new CognitoIdentityProviderClient({ region: 'us-east-1' }), rds: new RDSClient({ region: 'us-east-1' }), secrets: new SecretsManagerClient({ region: 'us-east-1' }) }) };
  const code = await advanceUntilSettled(makeDeployCommand(() => deps).run({ profile: join(PROFILES_DIR, profile), yes: answers === undefined, json: false, 'dry-run': false, 'allow-replace': [] }, [], io));
  return { code, stderr: io.stderr.join('\n'), stdout: io.stdout.join('\n') };
}

// the self-signed profile names a private zone; without its VPN, the test meets only the zone
const SELF_SIGNED = 'selfsigned-fallback.env';
const NO_VPN = { ENABLE_VPN: 'false' };

test('a ZONE edit deletes the old private zone after the deploy, once only its SOA and NS are left', async () => {
  expect((await deploy(SELF_SIGNED, NO_VPN)).code).toBe(0);
  const oldZone = fake.outputsOf(NETWORK_STACK).PrivateHostedZoneId ?? '';
  expect(oldZone).not.toBe('');
  // what CloudFormation's failed delete leaves: the zone, its records moved by the other stacks
  zones.set(oldZone, ['internal.example.com SOA', 'internal.example.com NS']);

  const edited = await deploy(SELF_SIGNED, { ...NO_VPN, ZONE: 'corp.example.com' });
  expect(edited.code, edited.stderr).toBe(0);
  expect(edited.stderr).toContain(`ZONE changes the private zone internal.example.com (${oldZone}) to corp.example.com`);
  expect(edited.stderr).toContain(`old private zone internal.example.com (${oldZone}) deleted`);
  expect(route53Mock.commandCalls(DeleteHostedZoneCommand).map((c) => c.args[0].input.Id)).toEqual([oldZone]);
  expect(zones.has(oldZone)).toBe(false);
  // the new zone is the network stack's own, and nothing asks to delete it on the next run
  expect(fake.outputsOf(NETWORK_STACK).PrivateHostedZoneId).not.toBe(oldZone);
});

test('an old zone that still holds a record is kept, named with the record and how to finish', async () => {
  expect((await deploy(SELF_SIGNED, NO_VPN)).code).toBe(0);
  const oldZone = fake.outputsOf(NETWORK_STACK).PrivateHostedZoneId ?? '';
  zones.set(oldZone, ['internal.example.com SOA', 'internal.example.com NS', 'legacy.internal.example.com A']);

  const edited = await deploy(SELF_SIGNED, { ...NO_VPN, ZONE: 'corp.example.com' });
  expect(edited.code, edited.stderr).toBe(0);
  expect(edited.stderr).toContain(`old private zone internal.example.com (${oldZone}) kept: it still holds legacy.internal.example.com. A`);
  expect(edited.stderr).toContain(`aws route53 delete-hosted-zone --id ${oldZone}`);
  expect(route53Mock.commandCalls(DeleteHostedZoneCommand)).toHaveLength(0);
});

test('a deploy that keeps its ZONE neither lists nor deletes a zone', async () => {
  expect((await deploy(SELF_SIGNED, NO_VPN)).code).toBe(0);
  const again = await deploy(SELF_SIGNED, NO_VPN);
  expect(again.code).toBe(0);
  expect(again.stderr).not.toContain('private zone');
  expect(route53Mock.calls()).toHaveLength(0);
});

test('a deploy that makes the Cognito stack again says, before it asks, that a destroy kept the old pool', async () => {
  pools = [
    { Id: 'us-east-1_AbCdEf123', Name: 'claude-gateway-idp-pool', CreationDate: new Date('2026-03-01') },
    { Id: 'us-east-1_Other0001', Name: 'team-b-idp-pool', CreationDate: new Date('2026-01-01') },
  ];
  const first = await deploy('managed-newcognito-notelemetry.env');
  expect(first.code, first.stderr).toBe(0);
  expect(first.stderr).toContain('user pool claude-gateway-idp-pool (us-east-1_AbCdEf123) was kept by an earlier destroy');
  expect(first.stderr).toContain('COGNITO_POOL_ID=us-east-1_AbCdEf123');
  // once the stack exists, its pool is the gateway's: nothing more to say
  const second = await deploy('managed-newcognito-notelemetry.env');
  expect(second.stderr).not.toContain('was kept by an earlier destroy');
});

test('with no pool kept, a first Cognito deploy says nothing of one', async () => {
  const first = await deploy('managed-newcognito-notelemetry.env');
  expect(first.code, first.stderr).toBe(0);
  expect(first.stderr).not.toContain('kept by an earlier destroy');
  expect(cognitoMock.commandCalls(ListUserPoolsCommand)).toHaveLength(1);
});

const BYO = {
  IDP_MODE: 'byo', OIDC_ISSUER: 'https://example.okta.com/oauth2/default', OIDC_CLIENT_ID: '0oa1b2c3d4e5f6g7h8i9',
  OIDC_CLIENT_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:claude-gateway/oidc-AbCdEf',
};

test('a stack the profile switched off is named with what happens to it, and removed after the deploy once confirmed', async () => {
  expect((await deploy('managed-newcognito-notelemetry.env')).code).toBe(0);
  expect(fake.stackNames()).toContain('claude-gateway-idp');

  const moved = await deploy('managed-newcognito-notelemetry.env', BYO);
  expect(moved.code, moved.stderr).toBe(0);
  expect(moved.stderr).toContain('IDP_MODE leaves the idp out of the profile, but stack claude-gateway-idp (CREATE_COMPLETE) still runs');
  expect(moved.stderr).toContain('keeps the user pool with its users');
  expect(moved.stderr).toContain('removed claude-gateway-idp');
  expect(fake.stackNames()).not.toContain('claude-gateway-idp');
  expect(moved.stderr).toMatch(/kept by its template \(DeletionPolicy: Retain\): AWS::Cognito::UserPool us-east-1_\w+ of claude-gateway-idp/);
  // the next deploy finds nothing left to say
  const again = await deploy('managed-newcognito-notelemetry.env', BYO);
  expect(again.stderr).not.toContain('still runs');
});

test('declined, the switched-off stack stays and the deploy still succeeds; the next deploy asks again', async () => {
  expect((await deploy('managed-newcognito-notelemetry.env')).code).toBe(0);
  const questions: string[] = [];
  const answers = (q: string) => {
    questions.push(q);
    return !q.startsWith('Remove');
  };
  const moved = await deploy('managed-newcognito-notelemetry.env', BYO, answers);
  expect(moved.code, moved.stderr).toBe(0);
  expect(questions.filter((q) => q.startsWith('Remove'))).toEqual(['Remove claude-gateway-idp, which the profile no longer deploys?']);
  expect(moved.stderr).toContain('kept claude-gateway-idp; the next deploy asks again');
  expect(fake.stackNames()).toContain('claude-gateway-idp');
  const again = await deploy('managed-newcognito-notelemetry.env', BYO, answers);
  expect(again.stderr).toContain('IDP_MODE leaves the idp out of the profile, but stack claude-gateway-idp');
  expect(questions.filter((q) => q.startsWith('Remove'))).toHaveLength(2);
});
