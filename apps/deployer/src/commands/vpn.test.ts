// cagw vpn with real openssl against a fake Client VPN endpoint: a .ovpn per developer, and a
// revoke that puts a CRL naming exactly that certificate on the endpoint and ends its sessions.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, CloudFormationServiceException, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeClientVpnConnectionsCommand, EC2Client, EC2ServiceException, ExportClientVpnClientCertificateRevocationListCommand, ExportClientVpnClientConfigurationCommand,
  ImportClientVpnClientCertificateRevocationListCommand, TerminateClientVpnConnectionsCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';
import { makeVpnCommand } from './vpn.ts';

const ENDPOINT = 'cvpn-endpoint-0123456789abcdef0';
const cfnMock = mockClient(CloudFormationClient);
const ec2Mock = mockClient(EC2Client);
const clients = { cfn: new CloudFormationClient({ region: 'us-east-1' }), ec2: new EC2Client({ region: 'us-east-1' }) };
const ec2Error = (name: string, message: string) => new EC2ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });

/**
 * The endpoint as EC2 answers for it: an unknown endpoint id is InvalidClientVpnEndpointId.NotFound;
 * a CRL that is not a PEM X.509 CRL is refused (ImportClientVpnClientCertificateRevocationList);
 * Terminate needs a connection that exists.
 */
class FakeEndpoint {
  crl: string | undefined;
  connections = [
    { ConnectionId: 'cvpn-connection-0a1b2c3d4e5f67890', CommonName: 'ana.lopez', Status: { Code: 'active' as const } },
    { ConnectionId: 'cvpn-connection-0f9e8d7c6b5a43210', CommonName: 'bo.chen', Status: { Code: 'active' as const } },
  ];
  terminated: string[] = [];
  install(): void {
    const known = (id: string | undefined) => {
      if (id !== ENDPOINT) throw ec2Error('InvalidClientVpnEndpointId.NotFound', `The Client VPN endpoint ID '${id}' does not exist`);
    };
    ec2Mock.on(ExportClientVpnClientConfigurationCommand).callsFake(async (i) => {
      known(i.ClientVpnEndpointId);
      return { ClientConfiguration: `client\ndev tun\nproto udp\nremote ${ENDPOINT}.prod.clientvpn.us-east-1.amazonaws.com 443\nremote-random-hostname\n<ca>\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n</ca>\n` };
    });
    ec2Mock.on(ImportClientVpnClientCertificateRevocationListCommand).callsFake(async (i) => {
      known(i.ClientVpnEndpointId);
      if (!/^-----BEGIN X509 CRL-----[\s\S]+-----END X509 CRL-----\s*$/.test(i.CertificateRevocationList ?? '')) throw ec2Error('InvalidParameterValue', 'The certificate revocation list is not valid');
      this.crl = i.CertificateRevocationList;
      return { Return: true };
    });
    ec2Mock.on(ExportClientVpnClientCertificateRevocationListCommand).callsFake(async (i) => {
      known(i.ClientVpnEndpointId);
      return this.crl ? { CertificateRevocationList: this.crl, Status: { Code: 'active' } } : {};
    });
    ec2Mock.on(DescribeClientVpnConnectionsCommand).callsFake(async (i) => {
      known(i.ClientVpnEndpointId);
      return { Connections: this.connections };
    });
    ec2Mock.on(TerminateClientVpnConnectionsCommand).callsFake(async (i) => {
      known(i.ClientVpnEndpointId);
      const c = this.connections.find((x) => x.ConnectionId === i.ConnectionId);
      if (!c) throw ec2Error('InvalidConnectionId.NotFound', `The connection ID '${i.ConnectionId}' does not exist`);
      this.terminated.push(c.ConnectionId);
      return { ClientVpnEndpointId: ENDPOINT, ConnectionStatuses: [{ ConnectionId: c.ConnectionId, PreviousStatus: { Code: 'active' }, CurrentStatus: { Code: 'terminating' } }] };
    });
  }
}

let root: string;
let passFile: string;
let endpoint: FakeEndpoint;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cagw-vpn-cmd-'));
  passFile = join(root, 'vpn-ca.pass');
  writeFileSync(passFile, 'q7Vx2mLp9RtZ4wKs-passphrase\n', { mode: 0o600 });
  cfnMock.reset();
  ec2Mock.reset();
  cfnMock.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
  ec2Mock.onAnyCommand().rejects(new Error('unexpected EC2 call'));
  endpoint = new FakeEndpoint();
  endpoint.install();
  cfnMock.on(DescribeStacksCommand, { StackName: 'claude-gateway-vpn' }).resolves({
    Stacks: [{ StackName: 'claude-gateway-vpn', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), Outputs: [{ OutputKey: 'ClientVpnEndpointId', OutputValue: ENDPOINT }] }],
  });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const PROFILE = join(PROFILES_DIR, 'managed-newcognito-collector-vpn.env');
async function vpn(args: string[], env: NodeJS.ProcessEnv = { CAGW_VPN_CA_PASSPHRASE_FILE: passFile }) {
  const io = createRecordingIo();
  const code = await makeVpnCommand({ clients: () => clients, env, outRoot: root }).run({ profile: PROFILE, json: true }, args, io);
  return { code, out: JSON.parse(io.stdout[0] ?? 'null') };
}
const outDir = () => join(root, 'out', 'managed-newcognito-collector-vpn');
const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8' });

test('add-user writes a .ovpn per developer with their own certificate and key, 0600', async () => {
  const ana = await vpn(['add-user', 'ana.lopez']);
  const bo = await vpn(['add-user', 'bo.chen']);
  expect(ana.code).toBe(0);
  expect(ana.out.ovpnPath).toBe(join(outDir(), 'ana.lopez.ovpn'));
  const anaOvpn = readFileSync(ana.out.ovpnPath, 'utf8');
  const boOvpn = readFileSync(bo.out.ovpnPath, 'utf8');
  expect(statSync(ana.out.ovpnPath).mode & 0o777).toBe(0o600);
  expect(anaOvpn).toContain(`remote ${ENDPOINT}.prod.clientvpn.us-east-1.amazonaws.com 443`);
  expect(anaOvpn).toContain(readFileSync(join(outDir(), 'pki', 'ana.lopez.crt'), 'utf8').trim());
  expect(anaOvpn).toContain(readFileSync(join(outDir(), 'pki', 'ana.lopez.key'), 'utf8').trim());
  expect(anaOvpn).not.toContain(readFileSync(join(outDir(), 'pki', 'bo.chen.key'), 'utf8').trim());
  expect(boOvpn).toContain(readFileSync(join(outDir(), 'pki', 'bo.chen.crt'), 'utf8').trim());
  // each .ovpn's certificate is the developer's, signed by the CA
  const cert = /<cert>\n([\s\S]+?)\n<\/cert>/.exec(anaOvpn)?.[1] ?? '';
  writeFileSync(join(root, 'ana.pem'), cert);
  expect(openssl('x509', '-in', join(root, 'ana.pem'), '-noout', '-subject')).toMatch(/CN ?= ?ana\.lopez/);
  expect(openssl('verify', '-CAfile', join(outDir(), 'pki', 'ca.crt'), join(root, 'ana.pem'))).toMatch(/OK/);
});

test('revoke imports a CRL naming that certificate only, ends its sessions and deletes its key and .ovpn', async () => {
  await vpn(['add-user', 'ana.lopez']);
  await vpn(['add-user', 'bo.chen']);
  const serial = (n: string) => openssl('x509', '-in', join(outDir(), 'pki', `${n}.crt`), '-noout', '-serial').trim().replace(/^serial=/, '').toUpperCase();
  const revoked = await vpn(['revoke', 'ana.lopez']);
  expect(revoked.out).toEqual({ name: 'ana.lopez', endpointId: ENDPOINT, disconnected: ['cvpn-connection-0a1b2c3d4e5f67890'] });
  expect(endpoint.terminated).toEqual(['cvpn-connection-0a1b2c3d4e5f67890']);
  writeFileSync(join(root, 'imported.crl'), endpoint.crl ?? '');
  const crl = openssl('crl', '-in', join(root, 'imported.crl'), '-noout', '-text');
  expect(crl).toContain(`Serial Number: ${serial('ana.lopez')}`);
  expect(crl).not.toContain(`Serial Number: ${serial('bo.chen')}`);
  // signed by the CA the endpoint trusts (openssl exits non-zero on a bad signature)
  expect(() => openssl('crl', '-in', join(root, 'imported.crl'), '-noout', '-verify', '-CAfile', join(outDir(), 'pki', 'ca.crt'))).not.toThrow();
  expect(existsSync(join(outDir(), 'ana.lopez.ovpn'))).toBe(false);
  expect(existsSync(join(outDir(), 'pki', 'ana.lopez.key'))).toBe(false);

  const listed = await vpn(['list'], {});
  expect(listed.out.endpointId).toBe(ENDPOINT);
  expect(listed.out.crl).toBe('active');
  expect(listed.out.certificates.map((c: { name: string; status: string }) => `${c.name}:${c.status}`)).toEqual(['ana.lopez:revoked', 'bo.chen:valid']);
});

test('signing without the passphrase stops with where to put it; list needs none', async () => {
  await expect(vpn(['add-user', 'ana.lopez'], {})).rejects.toMatchObject({ code: 'VpnCaPassphraseMissing', where: 'CAGW_VPN_CA_PASSPHRASE_FILE or CAGW_VPN_CA_PASSPHRASE' });
  expect((await vpn(['list'], {})).out.certificates).toEqual([]);
});

test('a sub-command without its name, or an unknown one, is a usage error', async () => {
  await expect(vpn(['add-user'])).rejects.toMatchObject({ name: 'UsageError' });
  await expect(vpn(['rotate'])).rejects.toMatchObject({ name: 'UsageError' });
  await expect(vpn(['list', 'extra'])).rejects.toMatchObject({ name: 'UsageError' });
});

test('the VPN stack not deployed yet: the certificate is issued, the .ovpn comes after the deploy', async () => {
  cfnMock.on(DescribeStacksCommand, { StackName: 'claude-gateway-vpn' }).rejects(new CloudFormationServiceException({ name: 'ValidationError', $fault: 'client', $metadata: {}, message: 'Stack with id claude-gateway-vpn does not exist' }));
  const added = await vpn(['add-user', 'ana.lopez']);
  expect(added.out.ovpnPath).toBeNull();
  expect(existsSync(join(outDir(), 'pki', 'ana.lopez.crt'))).toBe(true);
});

test('list without AWS still shows the local certificates, with the sign-in fix', async () => {
  await vpn(['add-user', 'ana.lopez']);
  cfnMock.on(DescribeStacksCommand, { StackName: 'claude-gateway-vpn' }).rejects(new CloudFormationServiceException({ name: 'ExpiredToken', $fault: 'client', $metadata: {}, message: 'The security token included in the request is expired' }));
  const io = createRecordingIo();
  expect(await makeVpnCommand({ clients: () => clients, env: {}, outRoot: root }).run({ profile: PROFILE, json: false }, ['list'], io)).toBe(0);
  expect(io.stdout[0]).toMatch(/ana\.lopez +valid/);
  expect(io.stderr.join('\n')).toContain('fix: sign in again');
});
