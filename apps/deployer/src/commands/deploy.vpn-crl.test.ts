// Issue 14.3 and 21.6: the revocation list lives on the Client VPN endpoint, which
// CloudFormation may replace (a new endpoint has none), and every import of it resets the
// endpoint's open connections. So a deploy reads the endpoint's list back and imports this
// machine's only when the endpoint has none or an older one, also after a run that replaced the
// endpoint and then failed on another stack. Real CRLs signed by a real CA; the endpoints are
// those the strict fake CloudFormation holds.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, PutDashboardCommand } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, expect, test, vi } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { fakeDeploymentDeps } from '../cli/testing/fake-deployment-deps.ts';
import { advanceUntilSettled } from '../orchestrate/testing/advance-until-settled.ts';
import { FakeCloudFormation } from '@cagw/strict-cloudformation';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';
import { crlIssuedAt, fixtureCa } from '../vpn/testing/crl-fixture.ts';
import { FakeClientVpn } from '../vpn/testing/fake-client-vpn.ts';
import { makeDeployCommand } from './deploy.ts';

const VPN_STACK = 'claude-gateway-vpn';
const cfnMock = mockClient(CloudFormationClient);
const ec2Mock = mockClient(EC2Client);
const cloudwatchMock = mockClient(CloudWatchClient);
const fake = new FakeCloudFormation({ createSeconds: () => 20 });
const vpn = new FakeClientVpn((id) => Object.values(fake.resourcesOf(VPN_STACK)).includes(id));
let caDir: string;
/** the CA's list of November, and the one of December (a revoke since) */
let november: string;
let december: string;
let root: string;

beforeAll(async () => {
  caDir = mkdtempSync(join(tmpdir(), 'cagw-deploy-crl-ca-'));
  const ca = await fixtureCa(join(caDir, 'pki'));
  november = crlIssuedAt(ca, '20261101090000Z');
  december = crlIssuedAt(ca, '20261201090000Z');
});
afterAll(() => rmSync(caDir, { recursive: true, force: true }));

beforeEach(() => {
  // the VPN CA's passphrase, as the operator exports it (README): a deploy checks it before any stack operation
  vi.stubEnv('CAGW_VPN_CA_PASSPHRASE', 'the-operators-ca-passphrase');
  vi.useFakeTimers();
  root = mkdtempSync(join(tmpdir(), 'cagw-deploy-crl-'));
  for (const m of [cfnMock, ec2Mock, cloudwatchMock]) m.reset();
  cfnMock.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
  ec2Mock.onAnyCommand().rejects(new Error('unexpected EC2 call'));
  cloudwatchMock.onAnyCommand().rejects(new Error('unexpected CloudWatch call'));
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

const flags = { profile: join(PROFILES_DIR, 'managed-newcognito-collector-vpn.env'), yes: true, json: false, 'dry-run': false, 'allow-replace': [] as string[] };
/** a new client address pool replaces the endpoint, a guarded resource: accepted by name */
const ALLOW_ENDPOINT_REPLACEMENT = { 'allow-replace': ['Endpoint'] };
const pki = () => join(root, 'out', 'managed-newcognito-collector-vpn', 'pki');
const crlPem = () => join(pki(), 'crl.pem');
function writeCrl(pem: string): void {
  mkdirSync(pki(), { recursive: true });
  writeFileSync(crlPem(), pem);
}
const endpoint = () => fake.outputsOf(VPN_STACK).ClientVpnEndpointId ?? '';
async function deploy(env: Record<string, string> = {}, extraFlags: Partial<typeof flags> = {}) {
  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeDeployCommand(() => fakeDeploymentDeps(root, { env })).run({ ...flags, ...extraFlags }, [], io));
  return { code, stderr: io.stderr.join('\n') };
}

test('a first deploy imports the CA\'s current revocation list into the new endpoint', async () => {
  writeCrl(november);
  const first = await deploy();
  expect(first.code, first.stderr).toBe(0);
  expect(endpoint()).toMatch(/^cvpn-endpoint-0[0-9a-f]{16}$/);
  expect(vpn.crlOf(endpoint())).toBe(november);
  expect(first.stderr).toContain(`revocation list ${crlPem()} imported into ${endpoint()} (a new endpoint has none)`);
});

test('a deploy with the list the endpoint already has imports nothing: open VPN sessions stay up', async () => {
  writeCrl(november);
  expect((await deploy()).code).toBe(0);
  expect(vpn.resets(endpoint())).toBe(1);
  const again = await deploy();
  expect(again.code, again.stderr).toBe(0);
  expect(vpn.resets(endpoint())).toBe(1);
  expect(again.stderr).toContain(`revocation list of ${endpoint()} is already ${crlPem()}: not imported, open VPN sessions kept`);
});

test('a list revoked since the last import is imported', async () => {
  writeCrl(november);
  expect((await deploy()).code).toBe(0);
  writeCrl(december);
  const next = await deploy();
  expect(next.code, next.stderr).toBe(0);
  expect(vpn.crlOf(endpoint())).toBe(december);
  expect(vpn.resets(endpoint())).toBe(2);
});

test('a newer list another operator imported is kept, with what to copy from them', async () => {
  writeCrl(november);
  expect((await deploy()).code).toBe(0);
  vpn.importList(endpoint(), december); // a revoke on another machine
  const next = await deploy();
  expect(next.code, next.stderr).toBe(0);
  expect(vpn.crlOf(endpoint())).toBe(december);
  expect(vpn.resets(endpoint())).toBe(2);
  expect(next.stderr).toContain(`warning: the revocation list on ${endpoint()} (issued 2026-12-01 09:00:00 UTC) is newer than ${crlPem()} (issued 2026-11-01 09:00:00 UTC)`);
  expect(next.stderr).toContain(`fix: another operator revoked since this machine's copy of the CA was made; copy their pki folder over ${pki()}`);
});

test('a run that replaces the endpoint puts the list on the new one, also when another stack of the run fails', async () => {
  writeCrl(november);
  expect((await deploy()).code).toBe(0);
  const before = endpoint();
  // a new client address pool replaces the endpoint; the gateway stack fails in the same run
  fake.failResource('claude-gateway-gateway', 'ScalableTarget', 'Resource limit exceeded: Application Auto Scaling scalable targets');
  const run = await deploy({ VPN_CLIENT_CIDR: '10.40.0.0/22', MIN_TASKS: '3' }, ALLOW_ENDPOINT_REPLACEMENT);
  expect(run.code, run.stderr).toBe(1);
  expect(fake.status(VPN_STACK)).toBe('UPDATE_COMPLETE');
  expect(endpoint()).not.toBe(before);
  expect(vpn.crlOf(endpoint())).toBe(november);
  expect(run.stderr).toContain(`imported into ${endpoint()} (a new endpoint has none)`);
});

/** a deploy replacing the endpoint (a new client address pool), with Ctrl-C the moment the VPN stack's progress line starts with `phase` */
async function replacementInterruptedAt(phase: string) {
  let interrupt = () => {};
  const io = createRecordingIo();
  const deps = fakeDeploymentDeps(root, {
    env: { VPN_CLIENT_CIDR: '10.40.0.0/22' },
    onInterrupt: (h) => {
      interrupt = h;
      return () => {};
    },
    stderr: { write: (s: string) => (s.startsWith(`${VPN_STACK}: ${phase}`) ? queueMicrotask(() => interrupt()) : undefined, true) },
  });
  const code = await advanceUntilSettled(makeDeployCommand(() => deps).run({ ...flags, ...ALLOW_ENDPOINT_REPLACEMENT }, [], io));
  return { code, stderr: io.stderr.join('\n') };
}

test('without --allow-replace Endpoint, --yes does not replace the endpoint: nothing runs, the flag is named', async () => {
  writeCrl(november);
  expect((await deploy()).code).toBe(0);
  const before = endpoint();
  const executions = fake.executions.length;
  const refused = await deploy({ VPN_CLIENT_CIDR: '10.40.0.0/22' });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(`${VPN_STACK} Endpoint (AWS::EC2::ClientVpnEndpoint, the Client VPN endpoint) would be replaced: ClientCidrBlock changed`);
  expect(refused.stderr).toContain('re-run cagw deploy with --allow-replace Endpoint');
  expect(fake.executions.length).toBe(executions);
  expect(fake.changeSetNames()).toEqual([]);
  expect(endpoint()).toBe(before);
});

test('a run interrupted once the VPN stack replaced the endpoint puts the list on the new one', async () => {
  writeCrl(november);
  expect((await deploy()).code).toBe(0);
  const before = endpoint();
  const run = await replacementInterruptedAt('completed');
  expect(run.code, run.stderr).toBe(130);
  expect(endpoint()).not.toBe(before);
  expect(vpn.crlOf(endpoint())).toBe(november);
});

test('a list that is not a CRL stops the deploy with where it is and how to write it again', async () => {
  writeCrl('-----BEGIN X509 CRL-----\nnot a list\n-----END X509 CRL-----\n');
  await expect(deploy()).rejects.toMatchObject({ code: 'VpnCrlUnreadable', where: crlPem(), fix: expect.stringContaining('cagw vpn crl') });
});

test('no revocation yet: nothing is imported', async () => {
  mkdirSync(pki(), { recursive: true });
  expect((await deploy()).code).toBe(0);
  expect(vpn.crlOf(endpoint())).toBeUndefined();
});
