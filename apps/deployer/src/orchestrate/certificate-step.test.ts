// The certificates step with real openssl and a stateful fake ACM (testing/fake-acm.ts):
// certificates are made and imported once, found by their tags afterwards while their names and
// validity still fit, the VPN CA key never goes to ACM, and a renewed VPN server certificate
// goes into the ARN the endpoint already has (a new ARN would replace the endpoint).
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACMClient } from '@aws-sdk/client-acm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, expect, test } from 'vitest';
import { certificateStep, RENEW_BEFORE_DAYS } from './certificate-step.ts';
import { FakeAcm } from './testing/fake-acm.ts';

const acmMock = mockClient(ACMClient);
const acm = new ACMClient({ region: 'us-east-1' });
const pkiRoot = mkdtempSync(join(tmpdir(), 'cagw-pki-'));
// the clock of both the fake ACM and the step
let clock = new Date();
const DAY_MS = 86_400_000;
const later = (days: number) => new Date(Date.now() + days * DAY_MS);
const fakeAcm = new FakeAcm(() => clock);
const certificates = () => fakeAcm.certificates;

beforeEach(() => {
  clock = new Date();
  acmMock.reset();
  acmMock.onAnyCommand().rejects(new Error('unexpected ACM call'));
  fakeAcm.reset();
  fakeAcm.install(acmMock);
});
afterAll(() => rmSync(pkiRoot, { recursive: true, force: true }));

const inputs = (For: string, Prefix = 'acme', more: Record<string, string> = {}) => ({ For, Prefix, GatewayHost: 'claude-gateway.internal.example.com', ServerCn: 'server.claude-gateway-vpn', VpnClientName: 'developer1', ...more });
const caPassphrase = () => 'q7Vx2mLp9RtZ4wKs-test-ca';
const stepAt = (pkiDir: string) => certificateStep({ acm, pkiDir, now: () => clock, caPassphrase });

test('the self-signed gateway certificate names the gateway host and is imported once', async () => {
  const pkiDir = join(pkiRoot, 'gw');
  const step = certificateStep({ acm, pkiDir });
  expect(await step.find(inputs('gateway'))).toBeUndefined();
  const out = await step.run(inputs('gateway'));
  expect(out.GatewayCertificateArn).toBe(certificates()[0]?.arn);
  const x509 = new X509Certificate(certificates()[0]?.cert ?? '');
  expect(x509.subjectAltName).toBe('DNS:claude-gateway.internal.example.com');
  expect(readFileSync(join(pkiDir, 'gateway-ca.pem'), 'utf8')).toBe(certificates()[0]?.cert);
  // the next run finds it by its tags
  expect(await certificateStep({ acm, pkiDir }).find(inputs('gateway'))).toEqual(out);
  expect(certificates()).toHaveLength(1);
});

test('the VPN server certificate is issued by a local CA whose key never reaches ACM, and serves as client root', async () => {
  const pkiDir = join(pkiRoot, 'vpn');
  const out = await certificateStep({ acm, pkiDir, caPassphrase }).run(inputs('vpn'));
  expect(out.VpnServerCertificateArn).toBe(out.VpnClientRootCertificateArn);
  const caKey = readFileSync(join(pkiDir, 'ca.key'), 'utf8');
  expect(caKey).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
  expect(certificates().map((c) => c.key)).not.toContain(caKey);
  const ca = new X509Certificate(readFileSync(join(pkiDir, 'ca.crt')));
  const server = new X509Certificate(certificates()[0]?.cert ?? '');
  expect(server.verify(ca.publicKey)).toBe(true);
  expect(server.subjectAltName).toBe('DNS:server.claude-gateway-vpn');
  expect(existsSync(join(pkiDir, 'clients', 'developer1.crt'))).toBe(true);
  expect(new X509Certificate(readFileSync(join(pkiDir, 'clients', 'developer1.crt'))).verify(ca.publicKey)).toBe(true);
});

test('another deployment prefix does not see these certificates', async () => {
  const pkiDir = join(pkiRoot, 'other');
  await certificateStep({ acm, pkiDir }).run(inputs('gateway', 'acme'));
  expect(await certificateStep({ acm, pkiDir }).find(inputs('gateway', 'globex'))).toBeUndefined();
});

test('after GATEWAY_HOST changes, the certificate for the old host is not reused: one for the new host is imported', async () => {
  const pkiDir = join(pkiRoot, 'rename');
  const first = await stepAt(pkiDir).run(inputs('gateway'));
  const renamed = inputs('gateway', 'acme', { GatewayHost: 'claude.corp.example.com' });
  expect(await stepAt(pkiDir).find(renamed)).toBeUndefined();
  const second = await stepAt(pkiDir).run(renamed);
  expect(second.GatewayCertificateArn).not.toBe(first.GatewayCertificateArn);
  expect(new X509Certificate(certificates()[1]?.cert ?? '').subjectAltName).toBe('DNS:claude.corp.example.com');
  // and the next run keeps the new one
  expect(await stepAt(pkiDir).find(renamed)).toEqual(second);
});

test('after SERVER_CN changes, a VPN server certificate with the new name from the same CA goes into the same ARN: the endpoint stays', async () => {
  const pkiDir = join(pkiRoot, 'vpn-rename');
  const first = await stepAt(pkiDir).run(inputs('vpn'));
  const renamed = inputs('vpn', 'acme', { ServerCn: 'vpn.corp.example.com' });
  expect(await stepAt(pkiDir).find(renamed)).toBeUndefined();
  const second = await stepAt(pkiDir).run(renamed);
  expect(second).toEqual(first);
  expect(certificates()).toHaveLength(1);
  const server = new X509Certificate(certificates()[0]?.cert ?? '');
  expect(server.subjectAltName).toBe('DNS:vpn.corp.example.com');
  expect(server.verify(new X509Certificate(readFileSync(join(pkiDir, 'ca.crt'))).publicKey)).toBe(true);
  // and the next run finds it under its new name
  expect(await stepAt(pkiDir).find(renamed)).toEqual(first);
});

test('renewing the VPN server certificate re-imports it into the same ARN, keeping its tags and the CA', async () => {
  const pkiDir = join(pkiRoot, 'vpn-renew');
  const first = await stepAt(pkiDir).run(inputs('vpn'));
  const old = new X509Certificate(certificates()[0]?.cert ?? '');
  // RENEW_BEFORE_DAYS - 1 days before its end it no longer fits
  clock = new Date(new Date(old.validTo).getTime() - (RENEW_BEFORE_DAYS - 1) * DAY_MS);
  expect(await stepAt(pkiDir).find(inputs('vpn'))).toBeUndefined();
  const renewed = await stepAt(pkiDir).run(inputs('vpn'));
  expect(renewed).toEqual(first);
  expect(renewed.VpnClientRootCertificateArn).toBe(first.VpnClientRootCertificateArn);
  expect(certificates()).toHaveLength(1);
  expect(fakeAcm.reimports).toBe(1);
  const now = new X509Certificate(certificates()[0]?.cert ?? '');
  expect(now.serialNumber).not.toBe(old.serialNumber);
  expect(now.verify(new X509Certificate(readFileSync(join(pkiDir, 'ca.crt'))).publicKey)).toBe(true);
  expect(certificates()[0]?.chain).toBe(readFileSync(join(pkiDir, 'ca.crt'), 'utf8'));
  expect(certificates()[0]?.tags).toEqual(expect.arrayContaining([{ Key: 'cagw:prefix', Value: 'acme' }, { Key: 'cagw:certificate', Value: 'vpn-server' }]));
});

test('an expired VPN server certificate is renewed into its ARN too', async () => {
  const pkiDir = join(pkiRoot, 'vpn-expired');
  const first = await stepAt(pkiDir).run(inputs('vpn'));
  clock = later(826);
  expect(await stepAt(pkiDir).find(inputs('vpn'))).toBeUndefined();
  expect(await stepAt(pkiDir).run(inputs('vpn'))).toEqual(first);
  expect(certificates()).toHaveLength(1);
});

test('ACM refusing the re-import stops the step with the ARN and the way to a new one', async () => {
  const pkiDir = join(pkiRoot, 'vpn-refused');
  const first = await stepAt(pkiDir).run(inputs('vpn'));
  // the tagged certificate was replaced by hand with one without key usages (2048-bit, so still
  // listed), ending in 10 days: ACM refuses to add the Key Usage extension the renewal carries
  const original = certificates()[0];
  if (!original) throw new Error('no certificate imported');
  original.cert = execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', '/dev/null', '-subj', '/CN=server.claude-gateway-vpn', '-days', '10', '-addext', 'subjectAltName=DNS:server.claude-gateway-vpn'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  await expect(stepAt(pkiDir).run(inputs('vpn'))).rejects.toMatchObject({
    code: 'CertificateReimportRefused', where: first.VpnServerCertificateArn,
    message: expect.stringContaining('ValidationException'), fix: expect.stringContaining(`remove-tags-from-certificate --certificate-arn ${first.VpnServerCertificateArn}`),
  });
  expect(fakeAcm.reimports).toBe(0);
});

test('an expired certificate (ListCertificates still lists it) is replaced, and so is one about to expire', async () => {
  const pkiDir = join(pkiRoot, 'expiry');
  const first = await stepAt(pkiDir).run(inputs('gateway'));
  // 825 days of validity: past its end it is EXPIRED, but still listed and tagged
  clock = later(826);
  expect(await stepAt(pkiDir).find(inputs('gateway'))).toBeUndefined();
  const renewed = await stepAt(pkiDir).run(inputs('gateway'));
  expect(renewed.GatewayCertificateArn).not.toBe(first.GatewayCertificateArn);
  expect(certificates()).toHaveLength(2);

  // (openssl signs with the real clock, so the renewal check below starts over in another deployment)
  clock = new Date();
  const made = await stepAt(pkiDir).run(inputs('gateway', 'globex'));
  const end = new Date(new X509Certificate(certificates()[2]?.cert ?? '').validTo).getTime();
  clock = new Date(end - (RENEW_BEFORE_DAYS + 1) * DAY_MS);
  expect(await stepAt(pkiDir).find(inputs('gateway', 'globex'))).toEqual(made);
  clock = new Date(end - (RENEW_BEFORE_DAYS - 1) * DAY_MS);
  expect(await stepAt(pkiDir).find(inputs('gateway', 'globex'))).toBeUndefined();
});
