// The fake ACM refuses the re-imports ACM refuses, and a re-import it accepts keeps the ARN and
// the tags: real certificates made by openssl.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACMClient, ImportCertificateCommand, ListTagsForCertificateCommand } from '@aws-sdk/client-acm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, expect, test } from 'vitest';
import { FakeAcm } from './fake-acm.ts';

const acmMock = mockClient(ACMClient);
const acm = new ACMClient({ region: 'us-east-1' });
const fake = new FakeAcm(() => new Date());
const dir = mkdtempSync(join(tmpdir(), 'cagw-fake-acm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  acmMock.reset();
  acmMock.onAnyCommand().rejects(new Error('unexpected ACM call'));
  fake.reset();
  fake.install(acmMock);
});

let made = 0;
/** a self-signed certificate and its key, with the key size and usages asked for */
function certificate(options: { bits?: number; keyUsage?: string; extendedKeyUsage?: string; cn?: string } = {}): { Certificate: Uint8Array; PrivateKey: Uint8Array } {
  made += 1;
  const key = join(dir, `${made}.key`);
  const cert = join(dir, `${made}.crt`);
  const cn = options.cn ?? 'server.claude-gateway-vpn';
  const ext = [`subjectAltName=DNS:${cn}`, ...(options.keyUsage ? [`keyUsage=${options.keyUsage}`] : []), ...(options.extendedKeyUsage ? [`extendedKeyUsage=${options.extendedKeyUsage}`] : [])];
  execFileSync('openssl', ['req', '-x509', '-newkey', `rsa:${options.bits ?? 2048}`, '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', `/CN=${cn}`, ...ext.flatMap((e) => ['-addext', e])], { stdio: 'ignore' });
  return { Certificate: readFileSync(cert), PrivateKey: readFileSync(key) };
}
const SERVER = { keyUsage: 'digitalSignature,keyEncipherment', extendedKeyUsage: 'serverAuth' };
const TAGS = [{ Key: 'cagw:prefix', Value: 'claude-gateway' }, { Key: 'cagw:certificate', Value: 'vpn-server' }];
const importNew = async () => (await acm.send(new ImportCertificateCommand({ ...certificate(SERVER), Tags: TAGS }))).CertificateArn ?? '';

test('a re-import into an existing ARN keeps the ARN and its tags, with the new certificate', async () => {
  const arn = await importNew();
  const renewed = certificate({ ...SERVER, cn: 'vpn.corp.example.com' });
  expect((await acm.send(new ImportCertificateCommand({ CertificateArn: arn, ...renewed }))).CertificateArn).toBe(arn);
  expect(fake.certificates).toHaveLength(1);
  expect(fake.certificates[0]?.cert).toBe(Buffer.from(renewed.Certificate).toString());
  expect((await acm.send(new ListTagsForCertificateCommand({ CertificateArn: arn }))).Tags).toEqual(TAGS);
});

test('ACM refuses a re-import into an ARN that does not exist, and one with tags', async () => {
  const arn = await importNew();
  await expect(acm.send(new ImportCertificateCommand({ CertificateArn: arn.replace(/.{3}$/, '999'), ...certificate(SERVER) }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  await expect(acm.send(new ImportCertificateCommand({ CertificateArn: arn, ...certificate(SERVER), Tags: TAGS }))).rejects.toMatchObject({ name: 'ValidationException', message: 'Tagging is not permitted on re-import.' });
  expect(fake.reimports).toBe(0);
});

test('ACM refuses a re-import that changes the key size, or takes away a key usage the original had', async () => {
  const arn = await importNew();
  await expect(acm.send(new ImportCertificateCommand({ CertificateArn: arn, ...certificate({ ...SERVER, bits: 1024 }) }))).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('rsa/2048 to rsa/1024') });
  await expect(acm.send(new ImportCertificateCommand({ CertificateArn: arn, ...certificate({ ...SERVER, keyUsage: 'digitalSignature' }) }))).rejects.toMatchObject({ message: expect.stringContaining('Key Encipherment') });
  await expect(acm.send(new ImportCertificateCommand({ CertificateArn: arn, ...certificate({ keyUsage: SERVER.keyUsage }) }))).rejects.toMatchObject({ message: expect.stringContaining('TLS Web Server Authentication') });
  expect(fake.reimports).toBe(0);
});

test('ACM refuses a usage extension the original did not have; added values and a dropped client authentication are fine', async () => {
  const bare = (await acm.send(new ImportCertificateCommand({ ...certificate() }))).CertificateArn ?? '';
  await expect(acm.send(new ImportCertificateCommand({ CertificateArn: bare, ...certificate(SERVER) }))).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('cannot be added') });
  const both = (await acm.send(new ImportCertificateCommand({ ...certificate({ ...SERVER, extendedKeyUsage: 'serverAuth,clientAuth' }) }))).CertificateArn ?? '';
  await acm.send(new ImportCertificateCommand({ CertificateArn: both, ...certificate({ keyUsage: 'digitalSignature,keyEncipherment,keyAgreement', extendedKeyUsage: 'serverAuth' }) }));
  expect(fake.reimports).toBe(1);
});
