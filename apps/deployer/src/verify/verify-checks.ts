// `cagw verify` as a module: what a developer's first /login needs from a deployed gateway,
// checked from the developer's side, each result with its fix. Never prints; never throws for
// a failed check (a failed check is a result).
import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import type { CheckResult } from '@cagw/preflight';
import { probe, type ProbeAnswer } from './http-probe.ts';
import { inspectTls } from './tls-check.ts';
import { runChecksInOrder, type StepOutcome, type VerifyResult, type VerifyStep } from './checks-in-order.ts';

export interface VerifyTarget {
  /** the gateway's address as developers' managed settings name it */
  url: string;
  /** CLAUDE_VERSION of the profile */
  expectedVersion: string;
  /** the IdP issuer the config names, when it is a literal URL */
  issuer: string | undefined;
  /** why the issuer is not known, when it is not */
  issuerUnknownBecause?: string;
  scopes: string[];
  /** PEM of the profile's own CA (self-signed TLS), trusted besides the system store */
  extraCa?: string;
  /** days of certificate validity below which verify fails */
  minCertDays?: number;
}

// ranges /login accepts (gateway-config.md §7.6): RFC 1918, loopback, link-local, CGNAT, IPv6 ULA
const PRIVATE_RANGES = new Set(['private', 'loopback', 'linkLocal', 'carrierGradeNat', 'uniqueLocal']);
const MIN_CERT_DAYS = 30;
const DAY_MS = 86_400_000;

const result = (id: string, title: string, status: CheckResult['status'], message: string, fix = ''): CheckResult => ({ id, title, status, message, fix });

/** The host's addresses; rejects as dns.lookup does when the name does not resolve. */
export type LookupHost = (host: string) => Promise<string[]>;
const lookupHost: LookupHost = async (host) => (await lookup(host, { all: true })).map((entry) => entry.address);

// Each check runs after those it needs (checks-in-order.ts): a name that does not resolve leaves
// nothing of the gateway to check, a certificate that is not trusted leaves no HTTPS answer, a
// gateway process that does not answer leaves no page, and a sign-in needs the database.
export async function verifyGateway(target: VerifyTarget, now: Date = new Date(), resolveHost: LookupHost = lookupHost): Promise<VerifyResult[]> {
  const url = new URL(target.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const get = (path: string, headers?: Record<string, string>) => probe(new URL(path, url).toString(), { ...(target.extraCa ? { extraCa: target.extraCa } : {}), ...(headers ? { headers } : {}) });
  const step = (id: string, title: string, needs: string[], run: () => Promise<StepOutcome>): VerifyStep => ({ id, title, needs, run });
  const reached = ['dns-private', 'tls', 'healthz'];

  return runChecksInOrder([
    step('dns-private', 'the name resolves to private addresses only', [], () => checkPrivateName(host, resolveHost)),
    step('tls', 'TLS is valid for the name and not about to expire', ['dns-private'], () => checkTls(url, host, target, now)),
    step('healthz', 'the gateway process answers (/healthz)', ['dns-private', 'tls'], async () => {
      const healthz = await get('/healthz');
      return answered(healthz, 200)
        ? result('healthz', 'the gateway process answers (/healthz)', 'pass', 'GET /healthz answered 200')
        : result('healthz', 'the gateway process answers (/healthz)', 'fail', `GET /healthz: ${what(healthz)}`, 'check the service has running tasks (cagw status) and that this machine reaches the load balancer (VPN connected, CLIENT_CIDR admits it)');
    }),
    step('readyz', 'the gateway reaches its database (/readyz)', reached, async () => {
      const readyz = await get('/readyz');
      return answered(readyz, 200)
        ? result('readyz', 'the gateway reaches its database (/readyz)', 'pass', 'GET /readyz answered 200')
        : result(
            'readyz',
            'the gateway reaches its database (/readyz)',
            'fail',
            `GET /readyz: ${what(readyz)}: the gateway cannot use its PostgreSQL database, so new sign-ins fail`,
            'check the database is available (cagw status; RDS console events) and that the gateway security group reaches it on 5432; its log names the store error',
          );
    }),
    step('version', "the gateway runs the profile's version", reached, async () => {
      const landing = await get('/');
      const version = landing.ok ? /Version\s+(\d+\.\d+\.\d+)/.exec(landing.text.replace(/<[^>]*>/g, ''))?.[1] : undefined;
      if (version === target.expectedVersion) return result('version', "the gateway runs the profile's version", 'pass', `claude gateway ${version}`);
      // another version still answers everything else
      return {
        blocks: false,
        ...result(
          'version',
          "the gateway runs the profile's version",
          'fail',
          version ? `the gateway runs ${version}, the profile says CLAUDE_VERSION=${target.expectedVersion}` : `the landing page shows no version (${what(landing)})`,
          version ? 'deploy the profile (cagw deploy, or cagw upgrade --to the version you want) and wait for the rollout (cagw status)' : 'check the address is the gateway itself, not another service',
        ),
      };
    }),
    // the IdP is another host: its check needs nothing of the gateway's
    step('issuer-discovery', "the IdP's discovery document is reachable and offers the scopes", [], () => checkIssuer(target)),
    step('device-authorization', 'a device sign-in can start', [...reached, 'readyz'], async () => {
      const device = await probe(new URL('/oauth/device_authorization', url).toString(), { method: 'POST', form: {}, ...(target.extraCa ? { extraCa: target.extraCa } : {}) });
      const userCode = device.ok && device.status === 200 ? (JSON.parse(device.text) as { user_code?: string }).user_code : undefined;
      return userCode
        ? result('device-authorization', 'a device sign-in can start', 'pass', `POST /oauth/device_authorization gave a user code (${userCode.length} characters)`)
        : result('device-authorization', 'a device sign-in can start', 'fail', `POST /oauth/device_authorization: ${what(device)}`, "look at the gateway's log: it refuses sign-ins when its database or the IdP discovery is down");
    }),
    step('managed-settings-guarded', 'managed settings need a session', reached, async () => {
      const managed = await get('/managed/settings');
      return answered(managed, 401)
        ? result('managed-settings-guarded', 'managed settings need a session', 'pass', 'GET /managed/settings without a session answered 401')
        : result('managed-settings-guarded', 'managed settings need a session', 'fail', `GET /managed/settings without a session: ${what(managed)} (expected 401)`, 'make sure the address is the gateway itself, not a proxy that answers for it');
    }),
  ]);
}

async function checkPrivateName(host: string, resolveHost: LookupHost): Promise<StepOutcome> {
  const title = 'the name resolves to private addresses only';
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : await resolveHost(host);
  } catch (error) {
    return result('dns-private', title, 'fail', `${host} does not resolve: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'connect the VPN (its DNS answers the private zone), or check the record in the private hosted zone (ZONE)');
  }
  const publicOnes = addresses.filter((address) => !PRIVATE_RANGES.has(ipaddr.process(address).range()));
  if (publicOnes.length > 0) {
    // a public address still answers: the checks after this one can run
    return { blocks: false, ...result('dns-private', title, 'fail', `${host} resolves to the public (or unrecognised) address ${publicOnes.join(', ')}: Claude Code's /login refuses such a gateway`, 'serve the name from a private hosted zone (ZONE) with an internal load balancer, and resolve it through the VPN or VPC DNS') };
  }
  return result('dns-private', title, 'pass', `${host} → ${addresses.join(', ')}`);
}

async function checkTls(url: URL, host: string, target: VerifyTarget, now: Date): Promise<StepOutcome> {
  const title = 'TLS is valid for the name and not about to expire';
  if (url.protocol === 'http:') {
    const loopback = ipaddr.isValid(host) ? ipaddr.process(host).range() === 'loopback' : host === 'localhost';
    return loopback
      ? result('tls', title, 'skip', 'plain HTTP on loopback (cagw local): no certificate to check')
      : { blocks: false, ...result('tls', title, 'fail', `${url.origin} is plain HTTP: Claude Code signs in only over HTTPS`, 'use the https:// address of the load balancer') };
  }
  const finding = await inspectTls(host, Number(url.port || 443), target.extraCa);
  if (!finding.trusted) {
    const fix =
      finding.error === 'CERT_HAS_EXPIRED'
        ? 'renew the certificate (a new CERT_ARN, or redeploy for the self-signed one) and deploy'
        : finding.error === 'ERR_TLS_CERT_ALTNAME_INVALID'
          ? `serve a certificate whose names include ${host} (DOMAIN_NAME or GATEWAY_HOST must match it)`
          : "trust the profile's CA on developer machines (NODE_EXTRA_CA_CERTS, or --ca here), or use a publicly trusted certificate";
    return result('tls', title, 'fail', `the certificate of ${host} is not trusted: ${finding.error ?? 'unknown'}${finding.subject ? ` (subject ${finding.subject}` : ''}${finding.validTo ? `, valid to ${finding.validTo.toISOString().slice(0, 10)})` : finding.subject ? ')' : ''}`, fix);
  }
  const days = finding.validTo ? Math.floor((finding.validTo.getTime() - now.getTime()) / DAY_MS) : Number.POSITIVE_INFINITY;
  const min = target.minCertDays ?? MIN_CERT_DAYS;
  if (days <= min) {
    // a certificate about to expire still serves: the checks after this one can run
    return { blocks: false, ...result('tls', title, 'fail', `the certificate of ${host} expires in ${days} day(s) (${finding.validTo?.toISOString().slice(0, 10)})`, 'renew it now; Claude Code pins the certificate on first connect, so tell developers a new one is coming') };
  }
  return result('tls', title, 'pass', `trusted for ${host}, valid for ${days} more days`);
}

async function checkIssuer(target: VerifyTarget): Promise<CheckResult> {
  const title = "the IdP's discovery document is reachable and offers the scopes";
  if (!target.issuer) return result('issuer-discovery', title, 'skip', `the issuer is not known here: ${target.issuerUnknownBecause ?? 'not set'}`, 'pass --issuer URL to check it too');
  const discovery = `${target.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const answer = await probe(discovery);
  if (!answered(answer, 200)) return result('issuer-discovery', title, 'fail', `GET ${discovery}: ${what(answer)}`, 'check OIDC_ISSUER (no trailing path mistakes) and that developer machines reach the IdP');
  let offered: string[] | undefined;
  try {
    offered = (JSON.parse(answer.ok ? answer.text : '{}') as { scopes_supported?: string[] }).scopes_supported;
  } catch {
    return result('issuer-discovery', title, 'fail', `${discovery} is not JSON`, 'OIDC_ISSUER must be the issuer itself (its /.well-known/openid-configuration is a JSON document)');
  }
  const missing = offered ? target.scopes.filter((scope) => !offered.includes(scope)) : [];
  if (missing.length > 0) {
    return result('issuer-discovery', title, 'fail', `the IdP does not offer the scope(s) ${missing.join(', ')} the config asks for (it offers ${offered?.join(', ')})`, 'set OIDC_SCOPES to scopes the IdP offers (Cognito refuses offline_access)');
  }
  return result('issuer-discovery', title, 'pass', `${discovery} offers ${target.scopes.join(', ')}`);
}

function answered(answer: ProbeAnswer, status: number): boolean {
  return answer.ok && answer.status === status;
}

function what(answer: ProbeAnswer): string {
  return answer.ok ? `answered ${answer.status} ${answer.text.trim().slice(0, 120)}` : `no answer (${answer.error})`;
}
