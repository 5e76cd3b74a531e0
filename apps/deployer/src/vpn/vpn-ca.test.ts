// Issue 14.3 with real openssl: one certificate per developer, an encrypted CA key, and a CRL
// that holds exactly the revoked certificates.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  clientCertPath, clientFiles, issueClientCertificate, issueClientCertificateFromCsr, issueServerCertificate, listClientCertificates, openVpnCa, revokeClientCertificate,
} from './vpn-ca.ts';

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
  expect(statSync(join(dir, 'clients', 'ana.lopez.key')).mode & 0o777).toBe(0o600);
  expect(statSync(join(dir, 'clients')).mode & 0o777).toBe(0o700);
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
  expect(existsSync(join(dir, 'clients', 'ana.lopez.key'))).toBe(false);

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

  const serial = serialOf(join(dir, 'developer1.crt'));

  const ca = await openVpnCa(dir, 'claude-gateway', PASSPHRASE);
  expect(readFileSync(ca.keyPath, 'utf8')).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
  // moved beside the other developers' files and recorded, so list shows it
  expect(existsSync(join(dir, 'developer1.crt'))).toBe(false);
  expect(listClientCertificates(dir).map((c) => [c.name, c.serial, c.status])).toEqual([['developer1', serial, 'valid']]);
  await revokeClientCertificate(ca, 'developer1');
  expect(openssl('crl', '-in', join(dir, 'crl.pem'), '-noout', '-text')).toContain(`Serial Number: ${serial}`);
  expect(verify(dir, join(dir, 'clients', 'developer1.crt'))).toContain('certificate revoked');
});

test('the server certificate is signed by the same CA for serverAuth', async () => {
  const ca = await openVpnCa(dir, 'claude-gateway', PASSPHRASE);
  const server = await issueServerCertificate(ca, 'server.claude-gateway-vpn');
  writeFileSync(join(dir, 'server.pem'), server.cert);
  expect(openssl('verify', '-CAfile', ca.certPath, join(dir, 'server.pem')).trim()).toMatch(/OK$/);
  expect(openssl('x509', '-in', join(dir, 'server.pem'), '-noout', '-ext', 'extendedKeyUsage')).toContain('TLS Web Server Authentication');
  expect(listClientCertificates(dir)).toEqual([]);
});

test('a user named ca, server, crl, ../x or .hidden is refused by name and rule, and the authority is left whole', async () => {
  const ca = await openVpnCa(dir, 'claude-gateway', PASSPHRASE);
  const caKey = readFileSync(ca.keyPath, 'utf8');
  await expect(issueClientCertificate(ca, 'ca')).rejects.toMatchObject({ code: 'VpnClientNameInvalid', message: expect.stringMatching(/"ca" is reserved/) });
  await expect(issueClientCertificate(ca, 'CA.old')).rejects.toMatchObject({ code: 'VpnClientNameInvalid', message: expect.stringMatching(/"CA\.old" is reserved/) });
  await expect(issueClientCertificate(ca, 'crl')).rejects.toMatchObject({ code: 'VpnClientNameInvalid' });
  await expect(issueClientCertificate(ca, 'server')).rejects.toMatchObject({ code: 'VpnClientNameInvalid' });
  await expect(issueClientCertificate(ca, '../x')).rejects.toMatchObject({ code: 'VpnClientNameInvalid', message: expect.stringContaining('contains "/"') });
  await expect(issueClientCertificate(ca, '.hidden')).rejects.toMatchObject({ code: 'VpnClientNameInvalid', message: expect.stringContaining('starts with "."') });
  await expect(issueClientCertificate(ca, 'a'.repeat(65))).rejects.toMatchObject({ code: 'VpnClientNameInvalid', message: expect.stringContaining('65 characters') });
  await expect(revokeClientCertificate(ca, 'ca')).rejects.toMatchObject({ code: 'VpnClientNameInvalid' });
  expect(readFileSync(ca.keyPath, 'utf8')).toBe(caKey);
  expect(listClientCertificates(dir)).toEqual([]);
  // the CA still signs and revokes
  await issueClientCertificate(ca, 'ana.lopez@example.com');
  expect(openssl('x509', '-in', clientCertPath(ca, 'ana.lopez@example.com'), '-noout', '-ext', 'subjectAltName')).toContain('email:ana.lopez@example.com');
  await revokeClientCertificate(ca, 'ana.lopez@example.com');
  expect(verify(dir, ca.certPath)).toBe('OK');
});

test('a deployment issued before client files had their own folder keeps working: its users move to pki/clients and can be revoked', async () => {
  const ca = await openVpnCa(dir, 'claude-gateway', PASSPHRASE);
  await issueClientCertificate(ca, 'ana.lopez');
  // the layout an earlier cagw wrote: pki/ana.lopez.crt|.key beside ca.crt|.key
  for (const ext of ['crt', 'key']) renameSync(join(dir, 'clients', `ana.lopez.${ext}`), join(dir, `ana.lopez.${ext}`));
  rmdirSync(join(dir, 'clients'));
  expect(clientFiles(dir, 'ana.lopez').cert).toBe(join(dir, 'ana.lopez.crt'));
  const serial = serialOf(join(dir, 'ana.lopez.crt'));

  const reopened = await openVpnCa(dir, 'claude-gateway', PASSPHRASE);
  expect(existsSync(join(dir, 'clients', 'ana.lopez.crt')) && existsSync(join(dir, 'clients', 'ana.lopez.key'))).toBe(true);
  expect(existsSync(join(dir, 'ca.crt')) && existsSync(join(dir, 'ca.key'))).toBe(true);
  expect(listClientCertificates(dir).map((c) => [c.name, c.serial])).toEqual([['ana.lopez', serial]]);
  await revokeClientCertificate(reopened, 'ana.lopez');
  expect(openssl('crl', '-in', join(dir, 'crl.pem'), '-noout', '-text')).toContain(`Serial Number: ${serial}`);
});

describe('a developer\'s own certificate signing request', () => {
  const request = (name: string, keyArgs: string[], subj = `/CN=${name}`) => {
    openssl('req', '-new', ...keyArgs, '-nodes', '-keyout', join(dir, `${name}.own.key`), '-out', join(dir, `${name}.csr`), '-subj', subj);
    return readFileSync(join(dir, `${name}.csr`), 'utf8');
  };
  const P256 = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];

  test('is signed for its name with cagw\'s client extensions, and no key is kept', async () => {
    const ca = await openVpnCa(dir, 'claude-gateway', PASSPHRASE);
    const csr = request('bo.chen', P256, '/O=Acme/CN=bo.chen');
    const { cert } = await issueClientCertificateFromCsr(ca, 'bo.chen', csr, 'bo.chen.csr');
    writeFileSync(join(dir, 'bo.pem'), cert);
    expect(openssl('x509', '-in', join(dir, 'bo.pem'), '-noout', '-subject').trim()).toMatch(/^subject= ?CN ?= ?bo\.chen$/);
    expect(openssl('x509', '-in', join(dir, 'bo.pem'), '-noout', '-ext', 'extendedKeyUsage')).toContain('TLS Web Client Authentication');
    expect(openssl('x509', '-in', join(dir, 'bo.pem'), '-noout', '-pubkey')).toBe(openssl('pkey', '-in', join(dir, 'bo.chen.own.key'), '-pubout'));
    expect(openssl('verify', '-CAfile', ca.certPath, join(dir, 'bo.pem')).trim()).toMatch(/OK$/);
    expect(existsSync(clientFiles(dir, 'bo.chen').key)).toBe(false);
    expect(listClientCertificates(dir).map((c) => [c.name, c.status])).toEqual([['bo.chen', 'valid']]);
  });

  test('is refused, naming what, for another name, a weak key, a broken signature or no request at all', async () => {
    const ca = await openVpnCa(dir, 'claude-gateway', PASSPHRASE);
    await expect(issueClientCertificateFromCsr(ca, 'ana.lopez', request('ca', P256), 'x.csr')).rejects.toMatchObject({ code: 'VpnCsrRefused', message: 'x.csr asks for common name "ca", not "ana.lopez" (subject CN=ca)' });
    await expect(issueClientCertificateFromCsr(ca, 'ana.lopez', request('ana.lopez', ['-newkey', 'rsa:1024']), 'weak.csr')).rejects.toMatchObject({ code: 'VpnCsrRefused', message: 'weak.csr: its RSA key has 1024 bits; at least 2048 are needed' });
    await expect(issueClientCertificateFromCsr(ca, 'ana.lopez', request('ana.lopez', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:secp256k1']), 'k1.csr')).rejects.toMatchObject({ code: 'VpnCsrRefused', message: expect.stringContaining('curve secp256k1') });
    const good = request('ana.lopez', P256);
    // one signature byte flipped
    const body = good.split('\n').filter((l) => !l.startsWith('-----')).join('');
    const der = Buffer.from(body, 'base64');
    der[der.length - 5] = (der[der.length - 5] ?? 0) ^ 0xff;
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE REQUEST-----\n`;
    await expect(issueClientCertificateFromCsr(ca, 'ana.lopez', tampered, 't.csr')).rejects.toMatchObject({ code: 'VpnCsrUnreadable', where: 't.csr' });
    await expect(issueClientCertificateFromCsr(ca, 'ana.lopez', 'not a request', 'n.csr')).rejects.toMatchObject({ code: 'VpnCsrUnreadable' });
    expect(listClientCertificates(dir)).toEqual([]);
  });
});
