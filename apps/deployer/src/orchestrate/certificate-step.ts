// The certificates step: the self-signed gateway certificate and the Client VPN server
// certificate are made once with openssl, imported into ACM with tags naming this
// deployment, and found by those tags on every later run. The original re-imported them on
// every run, which replaced the VPN endpoint and broke every issued client profile.
// A tagged certificate is reused only while it still fits: it names the current GATEWAY_HOST
// (or SERVER_CN) and stays valid for RENEW_BEFORE_DAYS more; otherwise a new one is made.
// The VPN CA's private key never leaves this machine: the server certificate is issued by
// that CA, so Client VPN accepts its ARN as the client root too.
// A new VPN server certificate goes into the ARN of the one it follows (ImportCertificate with
// CertificateArn): a new ARN would change ClientRootCertificateChainArn, which replaces the
// endpoint and invalidates every .ovpn (every 825 days). Client VPN takes a certificate
// re-imported into ACM by itself, within 24 hours; renewing RENEW_BEFORE_DAYS early leaves room.
// https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/mutual.html
// https://docs.aws.amazon.com/acm/latest/userguide/import-reimport.html
import { mkdirSync, existsSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeCertificateCommand, ImportCertificateCommand, ListCertificatesCommand, ListTagsForCertificateCommand, type ACMClient } from '@aws-sdk/client-acm';
import { CagwError } from '@cagw/errors';
import { $ } from 'zx';
import { readCaPassphrase } from '../vpn/ca-passphrase.ts';
import { clientFiles, issueClientCertificate, issueServerCertificate, listClientCertificates, openVpnCa } from '../vpn/vpn-ca.ts';
import { callAws } from './aws-call.ts';
import type { StepRunner } from './step-runner.ts';

export interface CertificateStepOptions {
  acm: ACMClient;
  /** where the VPN PKI (CA, client certificates) is kept, mode 0700 */
  pkiDir: string;
  awsProfile?: string | undefined;
  /** the clock validity is judged by (tests move it) */
  now?: () => Date;
  /** the VPN CA key's passphrase (default: CAGW_VPN_CA_PASSPHRASE_FILE or CAGW_VPN_CA_PASSPHRASE) */
  caPassphrase?: () => string;
}

/** A certificate closer than this to its end is replaced, so a deploy never serves one about to expire. */
export const RENEW_BEFORE_DAYS = 30;
const DAY_MS = 86_400_000;

type Role = 'gateway' | 'vpn-server';
const ROLE_TAG = 'cagw:certificate';
const PREFIX_TAG = 'cagw:prefix';

export function certificateStep(options: CertificateStepOptions): StepRunner {
  const { acm, awsProfile } = options;
  const now = options.now ?? (() => new Date());

  /** The name each role's certificate must carry, from the step inputs. */
  const expectedName = (inputs: Record<string, string>): Record<Role, string> => ({
    gateway: inputs.GatewayHost ?? '',
    'vpn-server': inputs.ServerCn ?? 'server.claude-gateway-vpn',
  });

  // ListCertificates also returns EXPIRED certificates, and the tags say nothing of the names:
  // DescribeCertificate tells whether a tagged certificate still fits.
  const describe = async (arn: string, name: string): Promise<{ arn: string; notAfter: number; fits: boolean }> => {
    const { Certificate: c } = await callAws('describing an ACM certificate', () => acm.send(new DescribeCertificateCommand({ CertificateArn: arn })), { awsProfile });
    const notAfter = c?.NotAfter?.getTime() ?? 0;
    const fits = c?.Status === 'ISSUED' && notAfter > 0 && c.DomainName === name && (c.SubjectAlternativeNames ?? [name]).includes(name)
      && notAfter - now().getTime() >= RENEW_BEFORE_DAYS * DAY_MS;
    return { arn, notAfter, fits };
  };

  /** Per role, the tagged certificate that fits, and the one a new certificate follows (the latest to expire). */
  const tagged = async (prefix: string, names: Record<Role, string>): Promise<{ fitting: Partial<Record<Role, string>>; latest: Partial<Record<Role, string>> }> => {
    const found: Partial<Record<Role, { arn: string; notAfter: number }>> = {};
    const latest: Partial<Record<Role, { arn: string; notAfter: number }>> = {};
    let token: string | undefined;
    do {
      const page = await callAws('listing ACM certificates', () => acm.send(new ListCertificatesCommand({ NextToken: token, Includes: { keyTypes: ['RSA_2048'] } })), { awsProfile });
      for (const c of page.CertificateSummaryList ?? []) {
        if (c.Type !== undefined && c.Type !== 'IMPORTED') continue;
        const tags = await callAws('reading certificate tags', () => acm.send(new ListTagsForCertificateCommand({ CertificateArn: c.CertificateArn })), { awsProfile });
        const tag = (k: string) => tags.Tags?.find((t) => t.Key === k)?.Value;
        const role = tag(ROLE_TAG) as Role | undefined;
        if (tag(PREFIX_TAG) !== prefix || !role || !(role in names) || !c.CertificateArn) continue;
        const described = await describe(c.CertificateArn, names[role]);
        // of several that fit, the one valid longest: the one the last deploy passed on
        if (described.fits && (!found[role] || described.notAfter > found[role].notAfter)) found[role] = described;
        if (!latest[role] || described.notAfter > latest[role].notAfter) latest[role] = described;
      }
      token = page.NextToken;
    } while (token);
    const arnsOf = (m: typeof found) => Object.fromEntries(Object.entries(m).map(([role, f]) => [role, f.arn])) as Partial<Record<Role, string>>;
    return { fitting: arnsOf(found), latest: arnsOf(latest) };
  };

  const outputsOf = (wanted: string[], arns: Partial<Record<Role, string>>): Record<string, string> | undefined => {
    const out: Record<string, string> = {};
    if (wanted.includes('gateway')) {
      if (!arns.gateway) return undefined;
      out.GatewayCertificateArn = arns.gateway;
    }
    if (wanted.includes('vpn')) {
      if (!arns['vpn-server']) return undefined;
      out.VpnServerCertificateArn = arns['vpn-server'];
      out.VpnClientRootCertificateArn = arns['vpn-server'];
    }
    return out;
  };

  const importCertificate = async (prefix: string, role: Role, pem: { cert: string; key: string; chain?: string }) => {
    const result = await callAws(`importing the ${role} certificate into ACM`, () => acm.send(new ImportCertificateCommand({
      Certificate: Buffer.from(pem.cert), PrivateKey: Buffer.from(pem.key), ...(pem.chain ? { CertificateChain: Buffer.from(pem.chain) } : {}),
      Tags: [{ Key: PREFIX_TAG, Value: prefix }, { Key: ROLE_TAG, Value: role }, { Key: 'project', Value: 'claude-apps-gateway' }],
    })), { awsProfile, throttleRetries: 0 });
    return result.CertificateArn ?? '';
  };

  // no tags on a re-import: ACM refuses them ("Tagging is not permitted on re-import"); the
  // certificate keeps the ones it has
  const reimportCertificate = async (arn: string, role: Role, pem: { cert: string; key: string; chain: string }) => {
    try {
      const result = await callAws(`re-importing the renewed ${role} certificate into ${arn}`, () => acm.send(new ImportCertificateCommand({
        CertificateArn: arn, Certificate: Buffer.from(pem.cert), PrivateKey: Buffer.from(pem.key), CertificateChain: Buffer.from(pem.chain),
      })), { awsProfile, throttleRetries: 0 });
      return result.CertificateArn ?? arn;
    } catch (e) {
      if (!CagwError.is(e) || e.code !== 'AwsCallFailed') throw e;
      throw new CagwError('CertificateReimportRefused', `ACM refused the renewed ${role} certificate into ${arn}, the ARN the Client VPN endpoint uses: ${e.message}`, {
        source: 'aws', where: arn, cause: e,
        fix: `if the message is about this certificate, take the cagw:certificate tag off it (aws acm remove-tags-from-certificate --certificate-arn ${arn} --tags Key=${ROLE_TAG}) and deploy again: a new ARN is imported, which replaces the endpoint, and every developer needs a new .ovpn (docs/vpn.md)`,
      });
    }
  };

  return {
    async find(inputs) {
      return outputsOf((inputs.For ?? '').split(','), (await tagged(inputs.Prefix ?? '', expectedName(inputs))).fitting);
    },
    async run(inputs) {
      const wanted = (inputs.For ?? '').split(',');
      const prefix = inputs.Prefix ?? '';
      const { fitting: arns, latest } = await tagged(prefix, expectedName(inputs));
      const work = mkdtempSync(join(tmpdir(), 'cagw-cert-'));
      try {
        if (wanted.includes('gateway') && !arns.gateway) {
          const pem = await selfSigned(work, inputs.GatewayHost ?? '');
          arns.gateway = await importCertificate(prefix, 'gateway', pem);
          // laptops trust this certificate (NODE_EXTRA_CA_CERTS): keep it beside the PKI
          mkdirSync(options.pkiDir, { recursive: true, mode: 0o700 });
          writeFileSync(join(options.pkiDir, 'gateway-ca.pem'), pem.cert);
        }
        if (wanted.includes('vpn') && !arns['vpn-server']) {
          // the CA (encrypted key) and the developers' certificates: vpn/vpn-ca.ts, cagw vpn
          const ca = await openVpnCa(options.pkiDir, prefix, (options.caPassphrase ?? (() => readCaPassphrase(process.env)))());
          const server = await issueServerCertificate(ca, expectedName(inputs)['vpn-server']);
          // renewed (about to expire, or a new SERVER_CN) into the ARN the endpoint has: kept in place
          const follows = latest['vpn-server'];
          arns['vpn-server'] = follows
            ? await reimportCertificate(follows, 'vpn-server', { ...server, chain: ca.cert })
            : await importCertificate(prefix, 'vpn-server', { ...server, chain: ca.cert });
          const first = inputs.VpnClientName ?? 'developer1';
          if (!listClientCertificates(options.pkiDir).some((c) => c.name === first && c.status === 'valid') && !existsSync(clientFiles(options.pkiDir, first).cert)) {
            await issueClientCertificate(ca, first);
          }
        }
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
      const out = outputsOf(wanted, arns);
      if (!out) throw new CagwError('CertificateMissing', 'a certificate was imported but is not listed by ACM', { source: 'aws', fix: 're-run in a minute' });
      return out;
    },
  };
}

const openssl = $({ quiet: true, nothrow: true });

async function run(what: string, result: Promise<{ ok: boolean; stderr: string }>): Promise<void> {
  const out = await result;
  if (!out.ok) throw new CagwError('OpensslFailed', `openssl could not ${what}: ${out.stderr.trim()}`, { source: 'internal', fix: 'check that openssl 1.1.1 or newer is installed' });
}

async function selfSigned(dir: string, host: string): Promise<{ cert: string; key: string }> {
  const key = join(dir, 'gateway.key');
  const cert = join(dir, 'gateway.crt');
  await run('make the self-signed gateway certificate', openssl`openssl req -x509 -newkey rsa:2048 -nodes -days 825 -keyout ${key} -out ${cert} -subj ${`/CN=${host}`} -addext ${`subjectAltName=DNS:${host}`} -addext keyUsage=digitalSignature,keyEncipherment -addext extendedKeyUsage=serverAuth`);
  return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
}
