// The VPN certificate authority on this machine (out/<profile>/pki/): one client certificate
// per developer, revocation, and the certificate revocation list (CRL) Client VPN checks.
// Built on `openssl ca`, whose database (index.txt) records every certificate issued and
// revoked. The CA key is encrypted with AES-256; its passphrase reaches openssl through the
// child's environment only (ca-passphrase.ts).
//
// pki/ca.crt, ca.key, crl.pem, index.txt, serial, ...   the authority's own files
// pki/clients/<name>.crt|.key                            one developer's (a name never reaches
//                                                        the authority's files: issue 27.1)
import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CagwError } from '@cagw/errors';
import { $, type Shell } from 'zx';
import { assertClientName, clientNameProblem } from './client-name.ts';

const CLIENTS = 'clients';
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
  const ca = { dir, certPath, keyPath, cert: readFileSync(certPath, 'utf8'), openssl };
  await moveLegacyClientFiles(ca);
  return ca;
}

/**
 * An earlier cagw kept developers' files beside the authority's (pki/<name>.crt|.key): they move
 * to pki/clients/, and a certificate issued before the database existed is recorded in it as
 * valid, so that list shows it and revoke finds it. The authority's own files never move.
 */
async function moveLegacyClientFiles(ca: VpnCa): Promise<void> {
  const known = new Set(listClientCertificates(ca.dir).map((c) => c.serial));
  for (const file of readdirSync(ca.dir)) {
    const m = /^(.+)\.(crt|key)$/.exec(file);
    if (!m || clientNameProblem(m[1] as string)) continue;
    const from = join(ca.dir, file);
    const to = join(ca.dir, CLIENTS, file);
    if (existsSync(to)) continue;
    if (m[2] === 'crt') {
      const serial = (await ca.openssl`openssl x509 -in ${from} -noout -serial`).stdout.trim().replace(/^serial=/, '').toUpperCase();
      if (serial && !known.has(serial)) await run(`record ${file} in the CA database`, ca.openssl`openssl ca -config ${config(ca)} -passin ${`env:${PASS_ENV}`} -valid ${from}`);
    }
    renameSync(from, to);
  }
}

/** The `openssl ca` configuration and database, made once beside the CA. */
function ensureDatabase(dir: string): void {
  mkdirSync(join(dir, 'issued'), { recursive: true, mode: 0o700 });
  mkdirSync(join(dir, CLIENTS), { recursive: true, mode: 0o700 });
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
/** pki/clients/NAME.crt; NAME is checked, so it never names a file of the authority. */
export function clientCertPath(ca: Pick<VpnCa, 'dir'>, name: string): string {
  assertClientName(name);
  return join(ca.dir, CLIENTS, `${name}.crt`);
}
export function clientKeyPath(ca: Pick<VpnCa, 'dir'>, name: string): string {
  assertClientName(name);
  return join(ca.dir, CLIENTS, `${name}.key`);
}
/**
 * NAME's certificate and key files: pki/clients/, or pki/ where an earlier cagw wrote them and no
 * command has opened the CA since (which moves them). The key may be absent: deleted once the
 * .ovpn was written, or never here (a developer's own request).
 */
export function clientFiles(pkiDir: string, name: string): { cert: string; key: string } {
  assertClientName(name);
  const dir = resolve(pkiDir);
  const legacy = !existsSync(join(dir, CLIENTS, `${name}.crt`)) && existsSync(join(dir, `${name}.crt`));
  const base = legacy ? dir : join(dir, CLIENTS);
  return { cert: join(base, `${name}.crt`), key: join(base, `${name}.key`) };
}
export const crlPath = (pkiDir: string) => join(resolve(pkiDir), 'crl.pem');

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

/** The extensions of a developer's certificate: client authentication only, named by SAN too. */
function clientExtensions(work: string, name: string): string {
  const ext = join(work, 'client.ext');
  writeFileSync(ext, `basicConstraints=CA:FALSE\nsubjectAltName=${name.includes('@') ? 'email' : 'DNS'}:${name}\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n`);
  return ext;
}

function refuseIfValid(ca: VpnCa, name: string): void {
  const current = listClientCertificates(ca.dir).find((c) => c.name === name && c.status === 'valid');
  if (current) {
    throw new CagwError('VpnClientExists', `${name} already has a valid VPN certificate (serial ${current.serial}, until ${current.expires.toISOString().slice(0, 10)})`, {
      source: 'user', where: name, fix: `hand out the existing .ovpn again, or revoke it first (cagw vpn revoke ${name}) and add the user again`,
    });
  }
}

/** One developer's certificate and key (pki/clients/NAME.crt and NAME.key, 0600), recorded in the CA's database. */
export async function issueClientCertificate(ca: VpnCa, name: string): Promise<{ cert: string; key: string }> {
  assertClientName(name);
  refuseIfValid(ca, name);
  const work = mkdtempSync(join(ca.dir, '.client-'));
  try {
    const key = clientKeyPath(ca, name);
    const csr = join(work, 'client.csr');
    await run(`make the key of ${name}`, ca.openssl`openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ${key}`);
    chmodSync(key, 0o600);
    await run(`make the request of ${name}`, ca.openssl`openssl req -new -key ${key} -out ${csr} -subj ${`/CN=${name}`}`);
    await run(`sign the certificate of ${name}`, ca.openssl`openssl ca -batch -notext -config ${config(ca)} -passin ${`env:${PASS_ENV}`} -in ${csr} -out ${clientCertPath(ca, name)} -extfile ${clientExtensions(work, name)}`);
    return { cert: readFileSync(clientCertPath(ca, name), 'utf8'), key: readFileSync(key, 'utf8') };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Signs a developer's own certificate signing request (their key never leaves their machine):
 * pki/clients/NAME.crt, recorded in the CA's database, and no key file. The request must carry
 * a valid self-signature, the common name NAME and a key checkCsrKey accepts; only its key and
 * name are used (the extensions are cagw's own).
 */
export async function issueClientCertificateFromCsr(ca: VpnCa, name: string, csrPem: string, csrWhere: string): Promise<{ cert: string }> {
  assertClientName(name);
  refuseIfValid(ca, name);
  const work = mkdtempSync(join(ca.dir, '.client-'));
  try {
    const csr = join(work, 'client.csr');
    writeFileSync(csr, csrPem);
    const read = await ca.openssl`openssl req -in ${csr} -noout -verify -subject -nameopt RFC2253`;
    // openssl 3.0 exits 0 on a bad self-signature: only its "ok" line counts (1.1.1 said "verify OK")
    if (!read.ok || !/self-signature ok|verify OK/i.test(read.stderr + read.stdout) || /failure/i.test(read.stderr)) {
      throw new CagwError('VpnCsrUnreadable', `${csrWhere} is not a certificate signing request whose signature checks out: ${read.stderr.trim().split('\n')[0] ?? ''}`, {
        source: 'user', where: csrWhere, fix: `ask ${name} for the request again, made with: openssl req -new -newkey rsa:2048 -nodes -keyout ${name}.key -out ${name}.csr -subj /CN=${name}`,
      });
    }
    const subject = /^subject=(.*)$/m.exec(read.stdout)?.[1]?.trim() ?? '';
    const cn = /(?:^|,)CN=((?:\\.|[^,])*)/.exec(subject)?.[1];
    if (cn !== name) {
      throw new CagwError('VpnCsrRefused', `${csrWhere} asks for common name ${cn === undefined ? '(none)' : `"${cn}"`}, not "${name}" (subject ${subject || 'empty'})`, {
        source: 'user', where: csrWhere, fix: `add the user under the name in the request (cagw vpn add-user ${cn ?? 'NAME'} --csr ${csrWhere}), or ask for a request made with -subj /CN=${name}`,
      });
    }
    const pub = await ca.openssl`openssl req -in ${csr} -noout -pubkey`;
    const weakness = pub.ok ? csrKeyWeakness(pub.stdout) : 'its public key cannot be read';
    if (weakness) {
      throw new CagwError('VpnCsrRefused', `${csrWhere}: ${weakness}`, {
        source: 'user', where: csrWhere, fix: `ask ${name} for a request with an RSA key of 2048 bits or more, or an ECDSA P-256 or P-384 key: openssl req -new -newkey rsa:2048 -nodes -keyout ${name}.key -out ${name}.csr -subj /CN=${name}`,
      });
    }
    await run(`sign the certificate of ${name}`, ca.openssl`openssl ca -batch -notext -config ${config(ca)} -passin ${`env:${PASS_ENV}`} -in ${csr} -out ${clientCertPath(ca, name)} -extfile ${clientExtensions(work, name)}`);
    rmSync(clientKeyPath(ca, name), { force: true });
    return { cert: readFileSync(clientCertPath(ca, name), 'utf8') };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const STRONG_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1']);

/** Why a request's public key is too weak for a VPN certificate, or undefined when it is strong enough. */
export function csrKeyWeakness(publicKeyPem: string): string | undefined {
  let key: KeyObject;
  try {
    key = createPublicKey(publicKeyPem);
  } catch {
    return 'its public key cannot be read';
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    const bits = details.modulusLength ?? 0;
    return bits >= 2048 ? undefined : `its RSA key has ${bits} bits; at least 2048 are needed`;
  }
  if (key.asymmetricKeyType === 'ec') {
    return STRONG_CURVES.has(details.namedCurve ?? '') ? undefined : `its EC key is on curve ${details.namedCurve ?? 'unknown'}; P-256, P-384 or P-521 are accepted`;
  }
  return `its key is ${key.asymmetricKeyType ?? 'of an unknown type'}; an RSA (2048 bits or more) or ECDSA P-256/P-384/P-521 key is needed`;
}

/** Why NAME cannot be revoked (unknown, or revoked already), or undefined when it can. */
export function revocationProblem(ca: Pick<VpnCa, 'dir'>, name: string): CagwError | undefined {
  const known = listClientCertificates(ca.dir).filter((c) => c.name === name);
  if (existsSync(clientCertPath(ca, name)) && (known.length === 0 || known.some((c) => c.status === 'valid'))) return undefined;
  const revoked = known.find((c) => c.status === 'revoked');
  return new CagwError('VpnClientUnknown', revoked ? `${name}'s VPN certificate is already revoked` : `no VPN certificate named ${name} in ${ca.dir}`, {
    source: 'user', where: name, fix: revoked ? `re-import the CRL if the endpoint was replaced: cagw vpn crl` : 'list the certificates with cagw vpn list',
  });
}

/**
 * Revokes NAME's certificate and writes the new CRL (pki/crl.pem); the key and .ovpn of NAME
 * are deleted here, the CRL still has to reach the endpoint. Returns the CRL.
 */
export async function revokeClientCertificate(ca: VpnCa, name: string): Promise<string> {
  return revokeClientCertificates(ca, [name]);
}

/** Revokes each of NAMES, then writes one CRL for them all (one import, one reset of sessions). */
export async function revokeClientCertificates(ca: VpnCa, names: string[]): Promise<string> {
  for (const name of names) {
    assertClientName(name);
    const problem = revocationProblem(ca, name);
    if (problem) throw problem;
    // a certificate issued before the database existed is added to it as revoked
    await run(`revoke ${name}`, ca.openssl`openssl ca -config ${config(ca)} -passin ${`env:${PASS_ENV}`} -revoke ${clientCertPath(ca, name)} -crl_reason cessationOfOperation`);
    rmSync(clientKeyPath(ca, name), { force: true });
  }
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
