// Issue 14.3 with real openssl: one certificate per developer, an encrypted CA key, and a CRL
// that holds exactly the revoked certificates.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { clientCertPath, issueClientCertificate, issueServerCertificate, listClientCertificates, openVpnCa, revokeClientCertificate } from './vpn-ca.ts';

const PASSPHRASE = 'correct horse battery staple';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cagw-vpn-ca-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const serialOf = (certPath: string) => openssl('x509', '-in', certPath, '-noout', '-serial').trim().replace(/^serial=/, '').toUpperCase();
/** openssl verify with the CRL checked: 'OK', or the reason it refuses */
function verify(pki: string, certPath: string): string {
  try {
    return openssl('verify', '-crl_check', '-CAfile', join(pki, 'ca.crt'), '-CRLfile', join(pki, 'crl.pem'), certPath).trim().split(': ').pop() ?? '';
  } catch (e) {
    return String((e as { stdout?: string; stderr?: string }).stdout ?? '') + String((e as { stderr?: string }).stderr ?? '');
  }
}

test('a certificate per developer, signed by an encrypted CA; a revoked one is in the CRL and fails verification', async () => {
  const ca = await openVpnCa(dir, 'claude-gateway', PASSPHRASE);
  expect(readFileSync(ca.keyPath, 'utf8')).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
  expect(statSync(ca.keyPath).mode & 0o777).toBe(0o600);
  expect(statSync(dir).mode & 0o777).toBe(0o700);

  await issueClientCertificate(ca, 'ana.lopez');
  await issueClientCertificate(ca, 'bo.chen');
  expect(statSync(join(dir, 'ana.lopez.key')).mode & 0o777).toBe(0o600);
  expect(openssl('x509', '-in', clientCertPath(ca, 'ana.lopez'), '-noout', '-subject').trim()).toMatch(/CN ?= ?ana\.lopez$/);
  expect(openssl('x509', '-in', clientCertPath(ca, 'ana.lopez'), '-noout', '-ext', 'extendedKeyUsage')).toContain('TLS Web Client Authentication');
  const anaSerial = serialOf(clientCertPath(ca, 'ana.lopez'));
  const boSerial = serialOf(clientCertPath(ca, 'bo.chen'));
  expect(anaSerial).not.toBe(boSerial);

  const crl = await revokeClientCertificate(ca, 'ana.lopez');
  expect(crl).toContain('-----BEGIN X509 CRL-----');
  const listed = openssl('crl', '-in', join(dir, 'crl.pem'), '-noout', '-text');
  expect(listed).toContain(`Serial Number: ${anaSerial}`);
  expect(listed).not.toContain(`Serial Number: ${boSerial}`);
  expect(openssl('crl', '-in', join(dir, 'crl.pem'), '-noout', '-issuer')).toContain('claude-gateway-vpn-ca');
  expect(verify(dir, clientCertPath(ca, 'ana.lopez'))).toContain('certificate revoked');
  expect(verify(dir, clientCertPath(ca, 'bo.chen'))).toBe('OK');
  expect(existsSync(join(dir, 'ana.lopez.key'))).toBe(false);

  expect(listClientCertificates(dir).map((c) => [c.name, c.status])).toEqual([['ana.lopez', 'revoked'], ['bo.chen', 'valid']]);
});

test('a name is issued once while valid, again after its revocation', async () => {
  const ca = await openVpnCa(dir, 'claude-gateway', PASSPHRASE);
  await issueClientCertificate(ca, 'ana.lopez');
  await expect(issueClientCertificate(ca, 'ana.lopez')).rejects.toMatchObject({ code: 'VpnClientExists', fix: expect.stringContaining('cagw vpn revoke ana.lopez') });
  await revokeClientCertificate(ca, 'ana.lopez');
  await expect(revokeClientCertificate(ca, 'ana.lopez')).rejects.toMatchObject({ code: 'VpnClientUnknown' });
  await issueClientCertificate(ca, 'ana.lopez');
  expect(listClientCertificates(dir).map((c) => c.status)).toEqual(['revoked', 'valid']);
  await expect(issueClientCertificate(ca, '../etc/passwd')).rejects.toMatchObject({ code: 'VpnClientNameInvalid' });
});

test('the wrong passphrase cannot sign', async () => {
  await openVpnCa(dir, 'claude-gateway', PASSPHRASE);
  const wrong = await openVpnCa(dir, 'claude-gateway', 'not the passphrase at all');
  await expect(issueClientCertificate(wrong, 'ana.lopez')).rejects.toMatchObject({ code: 'VpnCaPassphraseWrong' });
});

test('a CA an earlier cagw made without a passphrase gets its key encrypted, and its old client certificate can be revoked', async () => {
  // what certificate-step made before: an unencrypted CA key and developer1 signed with x509 -req
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.crt'), '-subj', '/CN=claude-gateway-vpn-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'developer1.key'), '-out', join(dir, 'developer1.csr'), '-subj', '/CN=developer1');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  openssl('x509', '-req', '-in', join(dir, 'developer1.csr'), '-CA', join(dir, 'ca.crt'), '-CAkey', join(dir, 'ca.key'), '-CAcreateserial', '-days', '825', '-out', join(dir, 'developer1.crt'), '-extfile', join(dir, 'client.ext'));

  const ca = await openVpnCa(dir, 'claude-gateway', PASSPHRASE);
  expect(readFileSync(ca.keyPath, 'utf8')).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
  await revokeClientCertificate(ca, 'developer1');
  expect(openssl('crl', '-in', join(dir, 'crl.pem'), '-noout', '-text')).toContain(`Serial Number: ${serialOf(join(dir, 'developer1.crt'))}`);
  expect(verify(dir, join(dir, 'developer1.crt'))).toContain('certificate revoked');
});

test('the server certificate is signed by the same CA for serverAuth', async () => {
  const ca = await openVpnCa(dir, 'claude-gateway', PASSPHRASE);
  const server = await issueServerCertificate(ca, 'server.claude-gateway-vpn');
  writeFileSync(join(dir, 'server.pem'), server.cert);
  expect(openssl('verify', '-CAfile', ca.certPath, join(dir, 'server.pem')).trim()).toMatch(/OK$/);
  expect(openssl('x509', '-in', join(dir, 'server.pem'), '-noout', '-ext', 'extendedKeyUsage')).toContain('TLS Web Server Authentication');
  expect(listClientCertificates(dir)).toEqual([]);
});
