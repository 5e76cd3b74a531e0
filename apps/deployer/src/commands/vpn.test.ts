// cagw vpn with real openssl against a fake Client VPN endpoint: a .ovpn per developer, and a
// revoke that puts a CRL naming exactly that certificate on the endpoint and ends its sessions.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, CloudFormationServiceException, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeClientVpnConnectionsCommand, EC2Client, EC2ServiceException, ExportClientVpnClientCertificateRevocationListCommand, ExportClientVpnClientConfigurationCommand,
  ImportClientVpnClientCertificateRevocationListCommand, TerminateClientVpnConnectionsCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { exportVpnConfig } from '../orchestrate/export-vpn-config.ts';
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
async function vpn(args: string[], env: NodeJS.ProcessEnv = { CAGW_VPN_CA_PASSPHRASE_FILE: passFile }, flags: { from?: string; csr?: string } = {}) {
  const io = createRecordingIo();
  const code = await makeVpnCommand({ clients: () => clients, env, outRoot: root }).run({ profile: PROFILE, json: true, from: flags.from, csr: flags.csr }, args, io);
  return { code, out: JSON.parse(io.stdout[0] ?? 'null') };
}
const outDir = () => join(root, 'out', 'managed-newcognito-collector-vpn');
const clientsDir = () => join(outDir(), 'pki', 'clients');
const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8' });

test('add-user writes a .ovpn per developer with their own certificate and key, 0600, and deletes the key it made from pki/', async () => {
  const ana = await vpn(['add-user', 'ana.lopez']);
  const bo = await vpn(['add-user', 'bo.chen']);
  expect(ana.code).toBe(0);
  expect(ana.out.ovpnPath).toBe(join(outDir(), 'ana.lopez.ovpn'));
  expect(ana.out.key).toBe('in-ovpn');
  const anaOvpn = readFileSync(ana.out.ovpnPath, 'utf8');
  const boOvpn = readFileSync(bo.out.ovpnPath, 'utf8');
  expect(statSync(ana.out.ovpnPath).mode & 0o777).toBe(0o600);
  expect(statSync(outDir()).mode & 0o777).toBe(0o700);
  expect(anaOvpn).toContain(`remote ${ENDPOINT}.prod.clientvpn.us-east-1.amazonaws.com 443`);
  expect(anaOvpn).toContain(readFileSync(join(clientsDir(), 'ana.lopez.crt'), 'utf8').trim());
  expect(boOvpn).toContain(readFileSync(join(clientsDir(), 'bo.chen.crt'), 'utf8').trim());
  // the .ovpn is the delivery: no copy of a developer's key stays in the PKI
  expect(existsSync(join(clientsDir(), 'ana.lopez.key'))).toBe(false);
  expect(existsSync(join(clientsDir(), 'bo.chen.key'))).toBe(false);
  // each .ovpn's certificate is the developer's, signed by the CA, and its key is the certificate's
  const cert = /<cert>\n([\s\S]+?)\n<\/cert>/.exec(anaOvpn)?.[1] ?? '';
  const key = /<key>\n([\s\S]+?)\n<\/key>/.exec(anaOvpn)?.[1] ?? '';
  writeFileSync(join(root, 'ana.pem'), cert);
  writeFileSync(join(root, 'ana.key'), key);
  expect(openssl('x509', '-in', join(root, 'ana.pem'), '-noout', '-subject')).toMatch(/CN ?= ?ana\.lopez/);
  expect(openssl('verify', '-CAfile', join(outDir(), 'pki', 'ca.crt'), join(root, 'ana.pem'))).toMatch(/OK/);
  expect(openssl('pkey', '-in', join(root, 'ana.key'), '-pubout')).toBe(openssl('x509', '-in', join(root, 'ana.pem'), '-noout', '-pubkey'));
  expect(boOvpn).not.toContain(key);
});

test('revoke imports a CRL naming that certificate only, ends its sessions and deletes its key and .ovpn', async () => {
  await vpn(['add-user', 'ana.lopez']);
  await vpn(['add-user', 'bo.chen']);
  const serial = (n: string) => openssl('x509', '-in', join(clientsDir(), `${n}.crt`), '-noout', '-serial').trim().replace(/^serial=/, '').toUpperCase();
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
  expect(added.out.key).toBe('awaiting-ovpn');
  expect(existsSync(join(clientsDir(), 'ana.lopez.crt'))).toBe(true);
  expect(existsSync(join(clientsDir(), 'ana.lopez.key'))).toBe(true);
});

test('list without AWS still shows the local certificates, with the sign-in fix', async () => {
  await vpn(['add-user', 'ana.lopez']);
  cfnMock.on(DescribeStacksCommand, { StackName: 'claude-gateway-vpn' }).rejects(new CloudFormationServiceException({ name: 'ExpiredToken', $fault: 'client', $metadata: {}, message: 'The security token included in the request is expired' }));
  const io = createRecordingIo();
  expect(await makeVpnCommand({ clients: () => clients, env: {}, outRoot: root }).run({ profile: PROFILE, json: false, from: undefined, csr: undefined }, ['list'], io)).toBe(0);
  expect(io.stdout[0]).toMatch(/ana\.lopez +valid/);
  expect(io.stderr.join('\n')).toContain('fix: sign in again');
});

test('a user named ca or ../x is refused before the passphrase is asked for, and revoke ca cannot touch the authority', async () => {
  await vpn(['add-user', 'ana.lopez']);
  const caKey = readFileSync(join(outDir(), 'pki', 'ca.key'), 'utf8');
  await expect(vpn(['add-user', 'ca'], {})).rejects.toMatchObject({ code: 'VpnClientNameInvalid', message: expect.stringContaining('VPN user name "ca" is reserved') });
  await expect(vpn(['add-user', '../x'], {})).rejects.toMatchObject({ code: 'VpnClientNameInvalid', message: expect.stringContaining('VPN user name "../x" contains "/"') });
  await expect(vpn(['revoke', 'ca'])).rejects.toMatchObject({ code: 'VpnClientNameInvalid' });
  expect(readFileSync(join(outDir(), 'pki', 'ca.key'), 'utf8')).toBe(caKey);
  expect(existsSync(join(outDir(), 'ca.ovpn'))).toBe(false);
  expect(endpoint.crl).toBeUndefined();
});

test('VPN_CLIENT_NAME=ca is refused with the profile, naming the variable and the rule', async () => {
  await expect(vpn(['list'], { VPN_CLIENT_NAME: 'ca' })).rejects.toMatchObject({ code: 'ProfileInvalid', message: expect.stringMatching(/VPN_CLIENT_NAME[\s\S]*is reserved/) });
  await expect(vpn(['list'], { VPN_CLIENT_NAME: '.ca' })).rejects.toMatchObject({ code: 'ProfileInvalid', message: expect.stringContaining('VPN_CLIENT_NAME') });
});

test('an existing out/<profile>/ made 0755 (by render, or an earlier cagw) is made 0700 once it holds VPN files', async () => {
  mkdirSync(outDir(), { recursive: true, mode: 0o755 });
  chmodSync(outDir(), 0o755);
  await vpn(['add-user', 'ana.lopez']);
  expect(statSync(outDir()).mode & 0o777).toBe(0o700);
});

describe('by the hundred: --from FILE', () => {
  const list = (name: string, text: string) => {
    writeFileSync(join(root, name), text);
    return join(root, name);
  };

  test('add-users reports every bad line with file:line and issues nobody', async () => {
    const file = list('devs.txt', '# platform team\nana.lopez\n\nca\nbo chen\n../x\nana.lopez\ncy@example.com\n');
    const refused = vpn(['add-users'], undefined, { from: file });
    await expect(refused).rejects.toMatchObject({ code: 'VpnUserListInvalid', where: file });
    const message = (await refused.catch((e: Error) => e.message)) as string;
    expect(message).toContain(`${file}:4: VPN user name "ca" is reserved`);
    expect(message).toContain(`${file}:5: VPN user name "bo chen" contains " "`);
    expect(message).toContain(`${file}:6: VPN user name "../x" contains "/"`);
    expect(message).toContain(`${file}:7: "ana.lopez" is listed twice (first on line 2)`);
    expect(message).not.toContain(':8:');
    expect(existsSync(join(outDir(), 'pki', 'index.txt'))).toBe(false);
  });

  test('add-users issues each new name a .ovpn, skips names already issued, and keeps no key', async () => {
    await vpn(['add-user', 'ana.lopez']);
    const file = list('devs.txt', 'ana.lopez\nbo.chen   # joined in May\ncy@example.com\n');
    const { out } = await vpn(['add-users'], undefined, { from: file });
    expect(out.added.map((a: { name: string; key: string }) => `${a.name}:${a.key}`)).toEqual(['bo.chen:in-ovpn', 'cy@example.com:in-ovpn']);
    expect(out.skipped).toEqual([{ name: 'ana.lopez', where: `${file}:1`, reason: expect.stringContaining('already has a valid certificate') }]);
    for (const name of ['bo.chen', 'cy@example.com']) {
      expect(readFileSync(join(outDir(), `${name}.ovpn`), 'utf8')).toContain('<key>');
      expect(existsSync(join(clientsDir(), `${name}.key`))).toBe(false);
    }
    const listed = await vpn(['list'], {});
    expect(listed.out.certificates.map((c: { name: string }) => c.name)).toEqual(['ana.lopez', 'bo.chen', 'cy@example.com']);
  });

  test('revoke-users revokes the list with ONE revocation list import, and skips who is unknown or revoked already', async () => {
    for (const n of ['ana.lopez', 'bo.chen', 'cy.diaz']) await vpn(['add-user', n]);
    await vpn(['revoke', 'cy.diaz']);
    const imports = () => ec2Mock.commandCalls(ImportClientVpnClientCertificateRevocationListCommand).length;
    const before = imports();
    const serial = (n: string) => openssl('x509', '-in', join(clientsDir(), `${n}.crt`), '-noout', '-serial').trim().replace(/^serial=/, '').toUpperCase();
    const serials = { ana: serial('ana.lopez'), bo: serial('bo.chen') };
    const file = list('leavers.txt', 'ana.lopez\nbo.chen\ncy.diaz\nno.body\n');
    const { out } = await vpn(['revoke-users'], undefined, { from: file });
    expect(imports() - before).toBe(1);
    expect(out.revoked).toEqual(['ana.lopez', 'bo.chen']);
    expect(out.disconnected.sort()).toEqual(['cvpn-connection-0a1b2c3d4e5f67890', 'cvpn-connection-0f9e8d7c6b5a43210']);
    expect(out.skipped.map((s: { where: string }) => s.where)).toEqual([`${file}:3`, `${file}:4`]);
    writeFileSync(join(root, 'imported.crl'), endpoint.crl ?? '');
    const crl = openssl('crl', '-in', join(root, 'imported.crl'), '-noout', '-text');
    expect(crl).toContain(`Serial Number: ${serials.ana}`);
    expect(crl).toContain(`Serial Number: ${serials.bo}`);
    expect(existsSync(join(outDir(), 'bo.chen.ovpn'))).toBe(false);
  });

  test('--from belongs to add-users and revoke-users, which need it', async () => {
    await expect(vpn(['add-users'])).rejects.toMatchObject({ name: 'UsageError' });
    await expect(vpn(['add-users', 'ana.lopez'], undefined, { from: join(root, 'x') })).rejects.toMatchObject({ name: 'UsageError' });
    await expect(vpn(['list'], undefined, { from: join(root, 'x') })).rejects.toMatchObject({ name: 'UsageError' });
    await expect(vpn(['revoke', 'ana.lopez'], undefined, { csr: join(root, 'x') })).rejects.toMatchObject({ name: 'UsageError' });
  });
});

describe('without the operator keeping developers\' keys', () => {
  test('add-user --csr signs the developer\'s request: the .ovpn carries their certificate and no key, and pki/ holds none', async () => {
    openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(root, 'bo.key'), '-out', join(root, 'bo.csr'), '-subj', '/CN=bo.chen');
    const { out } = await vpn(['add-user', 'bo.chen'], undefined, { csr: join(root, 'bo.csr') });
    expect(out.key).toBe('developer');
    const ovpn = readFileSync(out.ovpnPath, 'utf8');
    expect(ovpn).not.toMatch(/^<key>$/m);
    expect(ovpn).toContain('key /full/path/to/bo.chen.key');
    const cert = /<cert>\n([\s\S]+?)\n<\/cert>/.exec(ovpn)?.[1] ?? '';
    writeFileSync(join(root, 'bo.pem'), cert);
    expect(openssl('x509', '-in', join(root, 'bo.pem'), '-noout', '-pubkey')).toBe(openssl('pkey', '-in', join(root, 'bo.key'), '-pubout'));
    expect(existsSync(join(clientsDir(), 'bo.chen.key'))).toBe(false);
    await expect(vpn(['add-user', 'ana.lopez'], undefined, { csr: join(root, 'bo.csr') })).rejects.toMatchObject({ code: 'VpnCsrRefused', message: expect.stringContaining('"bo.chen", not "ana.lopez"') });
  });

  test('a user added before the deploy gets the .ovpn by add-user again, and then the key leaves pki/; a later re-export keeps the key', async () => {
    cfnMock.on(DescribeStacksCommand, { StackName: 'claude-gateway-vpn' }).rejects(new CloudFormationServiceException({ name: 'ValidationError', $fault: 'client', $metadata: {}, message: 'Stack with id claude-gateway-vpn does not exist' }));
    await vpn(['add-user', 'ana.lopez']);
    const key = readFileSync(join(clientsDir(), 'ana.lopez.key'), 'utf8').trim();
    cfnMock.on(DescribeStacksCommand, { StackName: 'claude-gateway-vpn' }).resolves({
      Stacks: [{ StackName: 'claude-gateway-vpn', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), Outputs: [{ OutputKey: 'ClientVpnEndpointId', OutputValue: ENDPOINT }] }],
    });
    const { out } = await vpn(['add-user', 'ana.lopez']);
    expect(out.key).toBe('in-ovpn');
    expect(readFileSync(out.ovpnPath, 'utf8')).toContain(key);
    expect(existsSync(join(clientsDir(), 'ana.lopez.key'))).toBe(false);
    await expect(vpn(['add-user', 'ana.lopez'])).rejects.toMatchObject({ code: 'VpnClientExists' });
    // what a deploy does after replacing the endpoint: the .ovpn written again, with the key it had
    await exportVpnConfig(clients.ec2, { endpointId: ENDPOINT, pkiDir: join(outDir(), 'pki'), clientName: 'ana.lopez', outPath: out.ovpnPath });
    expect(readFileSync(out.ovpnPath, 'utf8')).toContain(key);
  });
});
