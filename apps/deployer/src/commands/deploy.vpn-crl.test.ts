// Issue 14.3: the revocation list lives on the Client VPN endpoint, which CloudFormation may
// replace (a new client root, say). Every deploy puts the CA's current CRL back on it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, PutDashboardCommand } from '@aws-sdk/client-cloudwatch';
import { EC2Client, ExportClientVpnClientConfigurationCommand, ImportClientVpnClientCertificateRevocationListCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { fakeDeploymentDeps } from '../cli/testing/fake-deployment-deps.ts';
import { advanceUntilSettled } from '../orchestrate/testing/advance-until-settled.ts';
import { FakeCloudFormation } from '@cagw/strict-cloudformation';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';
import { makeDeployCommand } from './deploy.ts';

const cfnMock = mockClient(CloudFormationClient);
const ec2Mock = mockClient(EC2Client);
const cloudwatchMock = mockClient(CloudWatchClient);
const fake = new FakeCloudFormation({ createSeconds: () => 20 });
// a CRL as `openssl ca -gencrl` writes it (its content is not read on this path)
const CRL = '-----BEGIN X509 CRL-----\nMIIBpjCBjwIBATANBgkqhkiG9w0BAQsFADAgMR4wHAYDVQQDDBVjbGF1ZGUtZ2F0ZXdheS12cG4tY2EX\n-----END X509 CRL-----\n';
let root: string;

beforeEach(() => {
  vi.useFakeTimers();
  root = mkdtempSync(join(tmpdir(), 'cagw-deploy-crl-'));
  for (const m of [cfnMock, ec2Mock, cloudwatchMock]) m.reset();
  cfnMock.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
  ec2Mock.onAnyCommand().rejects(new Error('unexpected EC2 call'));
  cloudwatchMock.onAnyCommand().rejects(new Error('unexpected CloudWatch call'));
  ec2Mock.on(ExportClientVpnClientConfigurationCommand).resolves({ ClientConfiguration: 'client\ndev tun\nremote cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com 443' });
  ec2Mock.on(ImportClientVpnClientCertificateRevocationListCommand).resolves({ Return: true });
  cloudwatchMock.on(PutDashboardCommand).resolves({});
  fake.reset();
  fake.install(cfnMock);
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(root, { recursive: true, force: true });
});

const deps = () => fakeDeploymentDeps(root);
const flags = { profile: join(PROFILES_DIR, 'managed-newcognito-collector-vpn.env'), yes: true, json: false, 'dry-run': false };

test('a deploy imports the CA\'s current revocation list into the endpoint', async () => {
  const pki = join(root, 'out', 'managed-newcognito-collector-vpn', 'pki');
  mkdirSync(pki, { recursive: true });
  writeFileSync(join(pki, 'crl.pem'), CRL);
  const io = createRecordingIo();
  const code = await advanceUntilSettled(makeDeployCommand(deps).run(flags, [], io));
  expect(code, io.stderr.join('\n')).toBe(0);
  const imported = ec2Mock.commandCalls(ImportClientVpnClientCertificateRevocationListCommand).map((c) => c.args[0].input);
  expect(imported).toEqual([{ ClientVpnEndpointId: fake.outputsOf('claude-gateway-vpn').ClientVpnEndpointId, CertificateRevocationList: CRL }]);
});

test('no revocation yet: nothing is imported', async () => {
  mkdirSync(join(root, 'out', 'managed-newcognito-collector-vpn', 'pki'), { recursive: true });
  expect(await advanceUntilSettled(makeDeployCommand(deps).run(flags, [], createRecordingIo()))).toBe(0);
  expect(ec2Mock.commandCalls(ImportClientVpnClientCertificateRevocationListCommand)).toHaveLength(0);
});
