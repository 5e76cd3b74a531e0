// The certificates step with real openssl and a stateful fake ACM: certificates are made and
// imported once, found by their tags afterwards while their names and validity still fit, and
// the VPN CA key never goes to ACM.
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACMClient, DescribeCertificateCommand, ImportCertificateCommand, ListCertificatesCommand, ListTagsForCertificateCommand, type Tag } from '@aws-sdk/client-acm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, expect, test } from 'vitest';
import { certificateStep, RENEW_BEFORE_DAYS } from './certificate-step.ts';

const acmMock = mockClient(ACMClient);
const acm = new ACMClient({ region: 'us-east-1' });
const pkiRoot = mkdtempSync(join(tmpdir(), 'cagw-pki-'));
let certificates: { arn: string; cert: string; key: string; tags: Tag[] }[] = [];
// the clock of both the fake ACM and the step
let clock = new Date();
const DAY_MS = 86_400_000;
const later = (days: number) => new Date(Date.now() + days * DAY_MS);

beforeEach(() => {
  certificates = [];
  clock = new Date();
  acmMock.reset();
  acmMock.onAnyCommand().rejects(new Error('unexpected ACM call'));
  acmMock.on(ImportCertificateCommand).callsFake(async (input) => {
    const arn = `arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f${certificates.length}`;
    certificates.push({ arn, cert: Buffer.from(input.Certificate).toString(), key: Buffer.from(input.PrivateKey).toString(), tags: input.Tags ?? [] });
    return { CertificateArn: arn };
  });
  // one certificate per page, so paging is exercised
  acmMock.on(ListCertificatesCommand).callsFake(async (input) => {
    const i = Number(input.NextToken ?? 0);
    const c = certificates[i];
    return { CertificateSummaryList: c ? [{ CertificateArn: c.arn, Type: 'IMPORTED' }] : [], NextToken: i + 1 < certificates.length ? String(i + 1) : undefined };
  });
  acmMock.on(ListTagsForCertificateCommand).callsFake(async (input) => ({ Tags: certificates.find((c) => c.arn === input.CertificateArn)?.tags }));
  // what ACM reads from an imported certificate: the subject CN, the DNS SANs, the validity, and
  // EXPIRED once NotAfter has passed (ACM API reference, CertificateDetail)
  acmMock.on(DescribeCertificateCommand).callsFake(async (input) => {
    const c = certificates.find((x) => x.arn === input.CertificateArn);
    if (!c) throw Object.assign(new Error(`Could not find certificate ${input.CertificateArn}`), { name: 'ResourceNotFoundException' });
    const x509 = new X509Certificate(c.cert);
    const notAfter = new Date(x509.validTo);
    return { Certificate: {
      CertificateArn: c.arn, Type: 'IMPORTED', DomainName: /CN=([^\n,]+)/.exec(x509.subject)?.[1],
      SubjectAlternativeNames: (x509.subjectAltName ?? '').split(', ').filter((n) => n.startsWith('DNS:')).map((n) => n.slice(4)),
      NotBefore: new Date(x509.validFrom), NotAfter: notAfter, Status: notAfter < clock ? 'EXPIRED' : 'ISSUED',
    } };
  });
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
  expect(out.GatewayCertificateArn).toBe(certificates[0]?.arn);
  const x509 = new X509Certificate(certificates[0]?.cert ?? '');
  expect(x509.subjectAltName).toBe('DNS:claude-gateway.internal.example.com');
  expect(readFileSync(join(pkiDir, 'gateway-ca.pem'), 'utf8')).toBe(certificates[0]?.cert);
  // the next run finds it by its tags
  expect(await certificateStep({ acm, pkiDir }).find(inputs('gateway'))).toEqual(out);
  expect(certificates).toHaveLength(1);
});

test('the VPN server certificate is issued by a local CA whose key never reaches ACM, and serves as client root', async () => {
  const pkiDir = join(pkiRoot, 'vpn');
  const out = await certificateStep({ acm, pkiDir, caPassphrase }).run(inputs('vpn'));
  expect(out.VpnServerCertificateArn).toBe(out.VpnClientRootCertificateArn);
  const caKey = readFileSync(join(pkiDir, 'ca.key'), 'utf8');
  expect(caKey).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
  expect(certificates.map((c) => c.key)).not.toContain(caKey);
  const ca = new X509Certificate(readFileSync(join(pkiDir, 'ca.crt')));
  const server = new X509Certificate(certificates[0]?.cert ?? '');
  expect(server.verify(ca.publicKey)).toBe(true);
  expect(server.subjectAltName).toBe('DNS:server.claude-gateway-vpn');
  expect(existsSync(join(pkiDir, 'developer1.crt'))).toBe(true);
  expect(new X509Certificate(readFileSync(join(pkiDir, 'developer1.crt'))).verify(ca.publicKey)).toBe(true);
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
  expect(new X509Certificate(certificates[1]?.cert ?? '').subjectAltName).toBe('DNS:claude.corp.example.com');
  // and the next run keeps the new one
  expect(await stepAt(pkiDir).find(renamed)).toEqual(second);
});

test('after SERVER_CN changes, a VPN server certificate with the new name is issued by the same CA', async () => {
  const pkiDir = join(pkiRoot, 'vpn-rename');
  const first = await stepAt(pkiDir).run(inputs('vpn'));
  const renamed = inputs('vpn', 'acme', { ServerCn: 'vpn.corp.example.com' });
  expect(await stepAt(pkiDir).find(renamed)).toBeUndefined();
  const second = await stepAt(pkiDir).run(renamed);
  expect(second.VpnServerCertificateArn).not.toBe(first.VpnServerCertificateArn);
  const server = new X509Certificate(certificates[1]?.cert ?? '');
  expect(server.subjectAltName).toBe('DNS:vpn.corp.example.com');
  expect(server.verify(new X509Certificate(readFileSync(join(pkiDir, 'ca.crt'))).publicKey)).toBe(true);
});

test('an expired certificate (ListCertificates still lists it) is replaced, and so is one about to expire', async () => {
  const pkiDir = join(pkiRoot, 'expiry');
  const first = await stepAt(pkiDir).run(inputs('gateway'));
  // 825 days of validity: past its end it is EXPIRED, but still listed and tagged
  clock = later(826);
  expect(await stepAt(pkiDir).find(inputs('gateway'))).toBeUndefined();
  const renewed = await stepAt(pkiDir).run(inputs('gateway'));
  expect(renewed.GatewayCertificateArn).not.toBe(first.GatewayCertificateArn);
  expect(certificates).toHaveLength(2);

  // (openssl signs with the real clock, so the renewal check below starts over in another deployment)
  clock = new Date();
  const made = await stepAt(pkiDir).run(inputs('gateway', 'globex'));
  const end = new Date(new X509Certificate(certificates[2]?.cert ?? '').validTo).getTime();
  clock = new Date(end - (RENEW_BEFORE_DAYS + 1) * DAY_MS);
  expect(await stepAt(pkiDir).find(inputs('gateway', 'globex'))).toEqual(made);
  clock = new Date(end - (RENEW_BEFORE_DAYS - 1) * DAY_MS);
  expect(await stepAt(pkiDir).find(inputs('gateway', 'globex'))).toBeUndefined();
});
