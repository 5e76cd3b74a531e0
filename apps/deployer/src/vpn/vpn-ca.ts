// The VPN certificate authority on this machine (out/<profile>/pki/): one client certificate
// per developer, revocation, and the certificate revocation list (CRL) Client VPN checks.
// Built on `openssl ca`, whose database (index.txt) records every certificate issued and
// revoked. The CA key is encrypted with AES-256; its passphrase reaches openssl through the
// child's environment only (ca-passphrase.ts).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CagwError } from '@cagw/errors';
import { $, type Shell } from 'zx';

/** A client certificate's name: its common name and the stem of its files. */
export const CLIENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const PASS_ENV = 'CAGW_OPENSSL_CA_PASSPHRASE';
const CLIENT_DAYS = 825;
// Client VPN refuses a CRL past its next-update date; a revoke or `cagw vpn crl` renews it
const CRL_DAYS = 365;

export interface VpnCa {
  dir: string;
  certPath: string;
  keyPath: string;
  cert: string;
  /** openssl with the passphrase in its environment */
  openssl: Shell;
}

export interface ClientCertificate {
  name: string;
  serial: string;
  status: 'valid' | 'revoked' | 'expired';
  expires: Date;
  revoked?: Date;
}

async function run(what: string, result: Promise<{ ok: boolean; stderr: string }>): Promise<void> {
  const out = await result;
  if (out.ok) return;
  const bad = /bad decrypt|maybe wrong password|unable to load CA private key|Could not read CA private key/i.test(out.stderr);
  throw new CagwError(bad ? 'VpnCaPassphraseWrong' : 'OpensslFailed', bad ? `openssl could not ${what}: the VPN CA passphrase does not open the CA key` : `openssl could not ${what}: ${out.stderr.trim()}`, {
    source: bad ? 'user' : 'internal',
    fix: bad ? 'give the passphrase the CA key was encrypted with (CAGW_VPN_CA_PASSPHRASE_FILE or CAGW_VPN_CA_PASSPHRASE)' : 'check that openssl 1.1.1 or newer is installed',
  });
}

const isEncrypted = (pem: string) => /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(pem);

/**
 * Opens the CA in pkiDir, creating it on the first use (encrypted key, 10 years). A CA made by
 * an earlier cagw without a passphrase has its key encrypted in place.
 */
export async function openVpnCa(pkiDir: string, prefix: string, passphrase: string): Promise<VpnCa> {
  const dir = resolve(pkiDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const openssl = $({ quiet: true, nothrow: true, env: { ...process.env, [PASS_ENV]: passphrase } });
  const keyPath = join(dir, 'ca.key');
  const certPath = join(dir, 'ca.crt');
  const pass = `env:${PASS_ENV}`;
  if (!existsSync(certPath)) {
    await run('make the VPN CA key', openssl`openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -aes-256-cbc -pass ${pass} -out ${keyPath}`);
    chmodSync(keyPath, 0o600);
    await run('make the VPN CA certificate', openssl`openssl req -x509 -new -key ${keyPath} -passin ${pass} -days 3650 -out ${certPath} -subj ${`/CN=${prefix}-vpn-ca`} -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign`);
  } else if (!isEncrypted(readFileSync(keyPath, 'utf8'))) {
    const encrypted = `${keyPath}.encrypting`;
    await run('encrypt the VPN CA key', openssl`openssl pkey -in ${keyPath} -aes-256-cbc -passout ${pass} -out ${encrypted}`);
    chmodSync(encrypted, 0o600);
    renameSync(encrypted, keyPath);
  }
  ensureDatabase(dir);
  return { dir, certPath, keyPath, cert: readFileSync(certPath, 'utf8'), openssl };
}

/** The `openssl ca` configuration and database, made once beside the CA. */
function ensureDatabase(dir: string): void {
  mkdirSync(join(dir, 'issued'), { recursive: true, mode: 0o700 });
  if (!existsSync(join(dir, 'index.txt'))) writeFileSync(join(dir, 'index.txt'), '', { mode: 0o600 });
  // random start: serials stay unique next to those an earlier cagw gave with -CAcreateserial
  if (!existsSync(join(dir, 'serial'))) writeFileSync(join(dir, 'serial'), `${randomBytes(16).toString('hex').toUpperCase().replace(/^[89A-F]/, '1')}\n`, { mode: 0o600 });
  if (!existsSync(join(dir, 'crlnumber'))) writeFileSync(join(dir, 'crlnumber'), '01\n', { mode: 0o600 });
  writeFileSync(join(dir, 'openssl-ca.cnf'), [
    '[ ca ]', 'default_ca = cagw', '',
    '[ cagw ]',
    `dir = ${dir}`,
    'database = $dir/index.txt', 'new_certs_dir = $dir/issued', 'certificate = $dir/ca.crt', 'private_key = $dir/ca.key',
    'serial = $dir/serial', 'crlnumber = $dir/crlnumber', 'default_md = sha256',
    `default_days = ${CLIENT_DAYS}`, `default_crl_days = ${CRL_DAYS}`,
    'policy = cagw_policy', 'unique_subject = no', 'copy_extensions = none', 'email_in_dn = no', '',
    '[ cagw_policy ]', 'commonName = supplied', '',
  ].join('\n'), { mode: 0o600 });
}

const config = (ca: VpnCa) => join(ca.dir, 'openssl-ca.cnf');
export const clientCertPath = (ca: Pick<VpnCa, 'dir'>, name: string) => join(ca.dir, `${name}.crt`);
export const clientKeyPath = (ca: Pick<VpnCa, 'dir'>, name: string) => join(ca.dir, `${name}.key`);
export const crlPath = (pkiDir: string) => join(resolve(pkiDir), 'crl.pem');

function assertName(name: string): void {
  if (!CLIENT_NAME.test(name)) {
    throw new CagwError('VpnClientNameInvalid', `"${name}" cannot name a VPN client certificate`, {
      source: 'user', where: 'NAME', fix: 'use 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit (e.g. ana.lopez)',
    });
  }
}

/** The server certificate of the endpoint (imported into ACM): signed by the CA, not in its database. */
export async function issueServerCertificate(ca: VpnCa, cn: string): Promise<{ cert: string; key: string }> {
  const work = mkdtempSync(join(ca.dir, '.server-'));
  try {
    const key = join(work, 'server.key');
    const csr = join(work, 'server.csr');
    const cert = join(work, 'server.crt');
    const ext = join(work, 'server.ext');
    // Client VPN needs a domain-style name and SAN; OpenVPN's remote-cert-tls needs the key usages
    writeFileSync(ext, `subjectAltName=DNS:${cn}\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`);
    await run(`make the key of ${cn}`, ca.openssl`openssl req -new -newkey rsa:2048 -nodes -keyout ${key} -out ${csr} -subj ${`/CN=${cn}`}`);
    await run(`sign ${cn}`, ca.openssl`openssl x509 -req -in ${csr} -CA ${ca.certPath} -CAkey ${ca.keyPath} -passin ${`env:${PASS_ENV}`} -set_serial ${`0x${randomBytes(16).toString('hex')}`} -days ${CLIENT_DAYS} -out ${cert} -extfile ${ext}`);
    return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** One developer's certificate and key (NAME.crt, NAME.key, 0600), recorded in the CA's database. */
export async function issueClientCertificate(ca: VpnCa, name: string): Promise<{ cert: string; key: string }> {
  assertName(name);
  const current = listClientCertificates(ca.dir).find((c) => c.name === name && c.status === 'valid');
  if (current) {
    throw new CagwError('VpnClientExists', `${name} already has a valid VPN certificate (serial ${current.serial}, until ${current.expires.toISOString().slice(0, 10)})`, {
      source: 'user', where: name, fix: `hand out the existing .ovpn again, or revoke it first (cagw vpn revoke ${name}) and add the user again`,
    });
  }
  const work = mkdtempSync(join(ca.dir, '.client-'));
  try {
    const key = clientKeyPath(ca, name);
    const csr = join(work, 'client.csr');
    const ext = join(work, 'client.ext');
    writeFileSync(ext, `basicConstraints=CA:FALSE\nsubjectAltName=DNS:${name}\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n`);
    await run(`make the key of ${name}`, ca.openssl`openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ${key}`);
    chmodSync(key, 0o600);
    await run(`make the request of ${name}`, ca.openssl`openssl req -new -key ${key} -out ${csr} -subj ${`/CN=${name}`}`);
    await run(`sign the certificate of ${name}`, ca.openssl`openssl ca -batch -notext -config ${config(ca)} -passin ${`env:${PASS_ENV}`} -in ${csr} -out ${clientCertPath(ca, name)} -extfile ${ext}`);
    return { cert: readFileSync(clientCertPath(ca, name), 'utf8'), key: readFileSync(key, 'utf8') };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Revokes NAME's certificate and writes the new CRL (pki/crl.pem); the key and .ovpn of NAME
 * are deleted here, the CRL still has to reach the endpoint. Returns the CRL.
 */
export async function revokeClientCertificate(ca: VpnCa, name: string): Promise<string> {
  assertName(name);
  const certPath = clientCertPath(ca, name);
  const known = listClientCertificates(ca.dir).filter((c) => c.name === name);
  if (!existsSync(certPath) || (known.length > 0 && !known.some((c) => c.status === 'valid'))) {
    const revoked = known.find((c) => c.status === 'revoked');
    throw new CagwError('VpnClientUnknown', revoked ? `${name}'s VPN certificate is already revoked` : `no VPN certificate named ${name} in ${ca.dir}`, {
      source: 'user', where: name, fix: revoked ? `re-import the CRL if the endpoint was replaced: cagw vpn crl` : 'list the certificates with cagw vpn list',
    });
  }
  // a certificate issued before the database existed is added to it as revoked
  await run(`revoke ${name}`, ca.openssl`openssl ca -config ${config(ca)} -passin ${`env:${PASS_ENV}`} -revoke ${certPath} -crl_reason cessationOfOperation`);
  rmSync(clientKeyPath(ca, name), { force: true });
  return generateCrl(ca);
}

/** A fresh CRL of every revoked certificate (valid CRL_DAYS), written to pki/crl.pem. */
export async function generateCrl(ca: VpnCa): Promise<string> {
  const out = crlPath(ca.dir);
  await run('write the certificate revocation list', ca.openssl`openssl ca -gencrl -config ${config(ca)} -passin ${`env:${PASS_ENV}`} -out ${out}`);
  return readFileSync(out, 'utf8');
}

/** Every certificate in the CA's database, newest last (no passphrase needed). */
export function listClientCertificates(pkiDir: string): ClientCertificate[] {
  const index = join(resolve(pkiDir), 'index.txt');
  if (!existsSync(index)) return [];
  return readFileSync(index, 'utf8').split('\n').filter(Boolean).flatMap((line) => {
    // status, expiry, revocation[,reason], serial, file, subject (openssl ca's index.txt)
    const [flag, expiry, revocation, serial, , subject] = line.split('\t');
    const name = /\/CN=([^/]+)/.exec(subject ?? '')?.[1];
    if (!name || !expiry || !serial) return [];
    const expires = asnTime(expiry);
    const status = flag === 'R' ? 'revoked' : flag === 'E' || expires.getTime() < Date.now() ? 'expired' : 'valid';
    return [{ name, serial, status, expires, ...(flag === 'R' && revocation ? { revoked: asnTime(revocation.split(',')[0] ?? '') } : {}) }];
  });
}

/** YYMMDDHHMMSSZ or YYYYMMDDHHMMSSZ, as openssl writes them. */
function asnTime(t: string): Date {
  const digits = t.replace(/Z$/, '');
  const full = digits.length === 12 ? `${Number(digits.slice(0, 2)) < 50 ? '20' : '19'}${digits}` : digits;
  return new Date(Date.UTC(Number(full.slice(0, 4)), Number(full.slice(4, 6)) - 1, Number(full.slice(6, 8)), Number(full.slice(8, 10)), Number(full.slice(10, 12)), Number(full.slice(12, 14))));
}
