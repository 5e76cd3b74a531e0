// The certificates step with real openssl and a stateful fake ACM: certificates are made and
// imported once, found by their tags afterwards, and the VPN CA key never goes to ACM.
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACMClient, ImportCertificateCommand, ListCertificatesCommand, ListTagsForCertificateCommand, type Tag } from '@aws-sdk/client-acm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, expect, test } from 'vitest';
import { certificateStep } from './certificate-step.ts';

const acmMock = mockClient(ACMClient);
const acm = new ACMClient({ region: 'us-east-1' });
const pkiRoot = mkdtempSync(join(tmpdir(), 'cagw-pki-'));
let certificates: { arn: string; cert: string; key: string; tags: Tag[] }[] = [];

beforeEach(() => {
  certificates = [];
  acmMock.reset();
  acmMock.onAnyCommand().rejects(new Error('unexpected ACM call'));
  acmMock.on(ImportCertificateCommand).callsFake(async (input) => {
    const arn = `arn:aws:acm:us-east-1:123456789012:certificate/${certificates.length + 1}`;
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
});
afterAll(() => rmSync(pkiRoot, { recursive: true, force: true }));

const inputs = (For: string, Prefix = 'acme') => ({ For, Prefix, GatewayHost: 'claude-gateway.internal.example.com', ServerCn: 'server.claude-gateway-vpn', VpnClientName: 'developer1' });

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
  const out = await certificateStep({ acm, pkiDir }).run(inputs('vpn'));
  expect(out.VpnServerCertificateArn).toBe(out.VpnClientRootCertificateArn);
  const caKey = readFileSync(join(pkiDir, 'ca.key'), 'utf8');
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
