// Issue 21.6: renewing the VPN server certificate must not replace the Client VPN endpoint (a
// new ClientRootCertificateChainArn does, and every .ovpn dies with it). cagw deploy with the
// real certificates step (real openssl, the fake ACM) on the strict fake CloudFormation, whose
// update-or-replace comes from the AWS resource specification: a deploy within the renewal
// window re-imports the certificate into its ARN, and the endpoint keeps its id.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACMClient } from '@aws-sdk/client-acm';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, PutDashboardCommand } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { FakeCloudFormation } from '@cagw/strict-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { fakeDeploymentDeps } from '../cli/testing/fake-deployment-deps.ts';
import { certificateStep, RENEW_BEFORE_DAYS } from '../orchestrate/certificate-step.ts';
import { advanceUntilSettled } from '../orchestrate/testing/advance-until-settled.ts';
import { FakeAcm } from '../orchestrate/testing/fake-acm.ts';
import { fakeSteps, PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';
import { FakeClientVpn } from '../vpn/testing/fake-client-vpn.ts';
import { makeDeployCommand } from './deploy.ts';

const VPN_STACK = 'claude-gateway-vpn';
const DAY_MS = 86_400_000;
const cfnMock = mockClient(CloudFormationClient);
const ec2Mock = mockClient(EC2Client);
const cloudwatchMock = mockClient(CloudWatchClient);
const acmMock = mockClient(ACMClient);
const fake = new FakeCloudFormation({ createSeconds: () => 20 });
const vpn = new FakeClientVpn((id) => Object.values(fake.resourcesOf(VPN_STACK)).includes(id));
// the clock ACM and the step judge validity by (openssl signs with the real one)
let clock = new Date();
const acm = new FakeAcm(() => clock);
let root: string;

beforeEach(() => {
  clock = new Date();
  vi.useFakeTimers();
  root = mkdtempSync(join(tmpdir(), 'cagw-deploy-renewal-'));
  for (const m of [cfnMock, ec2Mock, cloudwatchMock, acmMock]) m.reset();
  cfnMock.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
  ec2Mock.onAnyCommand().rejects(new Error('unexpected EC2 call'));
  cloudwatchMock.onAnyCommand().rejects(new Error('unexpected CloudWatch call'));
  acmMock.onAnyCommand().rejects(new Error('unexpected ACM call'));
  cloudwatchMock.on(PutDashboardCommand).resolves({});
  fake.reset();
  fake.install(cfnMock);
  vpn.reset();
  vpn.install(ec2Mock);
  acm.reset();
  acm.install(acmMock);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

const flags = { profile: join(PROFILES_DIR, 'managed-newcognito-collector-vpn.env'), yes: true, json: false, 'dry-run': false, 'allow-replace': [] };
async function deploy() {
  const passFile = join(root, 'vpn-ca.pass');
  writeFileSync(passFile, 'q7Vx2mLp9RtZ4wKs-renewal\n', { mode: 0o600 });
  // as the operator exports it (README): a deploy opens the CA key with it before any stack operation
  vi.stubEnv('CAGW_VPN_CA_PASSPHRASE_FILE', passFile);
  const image = fakeSteps().image;
  const deps = fakeDeploymentDeps(root, {
    steps: (_settings, _clients, pkiDir) => ({
      image,
      certificates: certificateStep({ acm: new ACMClient({ region: 'us-east-1' }), pkiDir, now: () => clock, caPassphrase: () => readFileSync(passFile, 'utf8').trim() }),
    }),
  });
  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeDeployCommand(() => deps).run(flags, [], io));
  return { code, stderr: io.stderr.join('\n') };
}
const endpoint = () => fake.outputsOf(VPN_STACK).ClientVpnEndpointId;
/** the endpoint a developer's .ovpn connects to */
const remoteOfOvpn = () => /^remote .+$/m.exec(readFileSync(join(root, 'out', 'managed-newcognito-collector-vpn', 'developer1.ovpn'), 'utf8'))?.[0];
const serverCertificate = () => new X509Certificate(acm.certificates.find((c) => c.tags.some((t) => t.Value === 'vpn-server'))?.cert ?? '');

test('a deploy in the renewal window renews the VPN server certificate under its ARN: the endpoint and every .ovpn stay', async () => {
  const first = await deploy();
  expect(first.code, first.stderr).toBe(0);
  const before = { endpoint: endpoint(), parameters: fake.parametersOf(VPN_STACK), serial: serverCertificate().serialNumber, remote: remoteOfOvpn() };
  expect(before.remote).toBe(`remote ${before.endpoint}.prod.clientvpn.us-east-1.amazonaws.com 443`);
  expect(before.endpoint).toMatch(/^cvpn-endpoint-0[0-9a-f]{16}$/);

  clock = new Date(new Date(serverCertificate().validTo).getTime() - (RENEW_BEFORE_DAYS - 1) * DAY_MS);
  const renewal = await deploy();
  expect(renewal.code, renewal.stderr).toBe(0);
  expect(endpoint()).toBe(before.endpoint);
  expect(fake.parametersOf(VPN_STACK)).toEqual(before.parameters);
  expect(remoteOfOvpn()).toBe(before.remote);
  expect(acm.certificates.filter((c) => c.tags.some((t) => t.Value === 'vpn-server'))).toHaveLength(1);
  expect(acm.reimports).toBe(1);
  expect(serverCertificate().serialNumber).not.toBe(before.serial);
  // two whole deploys with real openssl key generation: about 4 s on a quiet machine, 20 s
  // seen with a core kept busy (stress-ng); the bound only has to catch a hang
}, 120_000);
