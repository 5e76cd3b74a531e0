// Issue 24: cagw deploy keeps no developer's private key. The first VPN user's key
// (VPN_CLIENT_NAME) leaves pki/ once it is in their .ovpn, and the summary says the .ovpn is its
// only copy, to hand over and then delete.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, PutDashboardCommand } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { FakeCloudFormation } from '@cagw/strict-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { fakeDeploymentDeps } from '../cli/testing/fake-deployment-deps.ts';
import { makeDeployCommand } from '../commands/deploy.ts';
import { advanceUntilSettled } from '../orchestrate/testing/advance-until-settled.ts';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';
import { FakeClientVpn } from './testing/fake-client-vpn.ts';

const VPN_STACK = 'claude-gateway-vpn';
const cfnMock = mockClient(CloudFormationClient);
const ec2Mock = mockClient(EC2Client);
const cloudwatchMock = mockClient(CloudWatchClient);
const fake = new FakeCloudFormation({ createSeconds: () => 20 });
const vpn = new FakeClientVpn((id) => Object.values(fake.resourcesOf(VPN_STACK)).includes(id));
let root: string;

beforeEach(() => {
  // the VPN CA's passphrase, as the operator exports it (README): a deploy checks it before any stack operation
  vi.stubEnv('CAGW_VPN_CA_PASSPHRASE', 'the-operators-ca-passphrase');
  vi.useFakeTimers();
  root = mkdtempSync(join(tmpdir(), 'cagw-deploy-key-'));
  for (const m of [cfnMock, ec2Mock, cloudwatchMock]) m.reset();
  cfnMock.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
  ec2Mock.onAnyCommand().rejects(new Error('unexpected EC2 call'));
  cloudwatchMock.on(PutDashboardCommand).resolves({});
  fake.reset();
  fake.install(cfnMock);
  vpn.reset();
  vpn.install(ec2Mock);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

test("deploy deletes the first VPN user's key once it is in their .ovpn, and says the .ovpn is its only copy", async () => {
  const io = createRecordingIo();
  const flags = { profile: join(PROFILES_DIR, 'managed-newcognito-collector-vpn.env'), yes: true, json: false, 'dry-run': false, 'allow-replace': [] as string[] };
  const code = await advanceUntilSettled(makeDeployCommand(() => fakeDeploymentDeps(root)).run(flags, [], io));
  expect(code, io.stderr.join('\n')).toBe(0);
  const out = join(root, 'out', 'managed-newcognito-collector-vpn');
  // the stand-in certificates step leaves developer1.crt and .key in pki/, as the real one does
  expect(existsSync(join(out, 'pki', 'developer1.key'))).toBe(false);
  expect(existsSync(join(out, 'pki', 'developer1.crt'))).toBe(true);
  expect(readFileSync(join(out, 'developer1.ovpn'), 'utf8')).toContain('<key>\nKEY\n</key>');
  expect(io.stdout.join('\n')).toContain("holds developer1's private key, whose only copy it is (cagw keeps none): hand it to developer1 over a private channel, then delete it here");
});

test('with the state bucket, deploy puts the VPN CA it made there, without the first user\'s key', async () => {
  const { FakeStateS3, fakeCaller } = await import('../state/testing/fake-state-s3.ts');
  const s3 = new FakeStateS3();
  s3.addBucket('cagw-state-123456789012-us-east-1');
  const deps = fakeDeploymentDeps(root);
  const clients = deps.clients.bind(deps);
  deps.clients = (settings) => ({ ...clients(settings), s3: s3.client(), sts: fakeCaller('arn:aws:sts::123456789012:assumed-role/PlatformAdmin/alice') });
  const io = createRecordingIo();
  const flags = { profile: join(PROFILES_DIR, 'managed-newcognito-collector-vpn.env'), yes: true, json: false, 'dry-run': false, 'allow-replace': [] as string[] };
  expect(await advanceUntilSettled(makeDeployCommand(() => deps).run(flags, [], io)), io.stderr.join('\n')).toBe(0);
  const bundle = JSON.parse(s3.body('cagw-state-123456789012-us-east-1', 'profiles/managed-newcognito-collector-vpn/pki.json') ?? '{"files":{}}') as { files: Record<string, string> };
  expect(Object.keys(bundle.files)).toContain('developer1.crt');
  expect(Object.keys(bundle.files).filter((f) => f.endsWith('.key'))).toEqual([]);
});

test('an operator without a passphrase deploys the VPN: the account keeps the new CA\'s, under the state bucket\'s KMS key, and the certificates step gets it', async () => {
  vi.stubEnv('CAGW_VPN_CA_PASSPHRASE', undefined);
  const { FakeStateS3, fakeCaller } = await import('../state/testing/fake-state-s3.ts');
  const { FakeSecrets } = await import('./testing/fake-secrets.ts');
  const stateKey = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const s3 = new FakeStateS3();
  s3.addBucket('cagw-state-123456789012-us-east-1', undefined, stateKey);
  const secrets = new FakeSecrets();
  const deps = fakeDeploymentDeps(root);
  const clients = deps.clients.bind(deps);
  deps.clients = (settings) => ({ ...clients(settings), s3: s3.client(), sts: fakeCaller('arn:aws:sts::123456789012:assumed-role/PlatformAdmin/bob'), secrets: secrets.client() });
  const steps = deps.steps.bind(deps);
  const given: (string | undefined)[] = [];
  deps.steps = (settings, c, pkiDir, options) => {
    given.push(options?.caPassphrase?.());
    return steps(settings, c, pkiDir, options);
  };
  const io = createRecordingIo();
  const flags = { profile: join(PROFILES_DIR, 'managed-newcognito-collector-vpn.env'), yes: true, json: false, 'dry-run': false, 'allow-replace': [] as string[] };
  expect(await advanceUntilSettled(makeDeployCommand(() => deps).run(flags, [], io)), io.stderr.join('\n')).toBe(0);
  const held = secrets.secrets.get('cagw/managed-newcognito-collector-vpn/vpn-ca-passphrase');
  expect(held?.kmsKeyId).toBe(stateKey);
  expect(given).toEqual([held?.value]);
  expect(held?.value).toMatch(/^[A-Za-z0-9+/=]{44}$/);
});
