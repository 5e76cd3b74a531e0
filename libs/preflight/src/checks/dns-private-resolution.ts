// The gateway's /login refuses a host that resolves to any public address (a dual-stack ALB's
// AAAA record is the usual culprit). Before the first deploy the name need not resolve at
// all; if it already resolves publicly, something else holds it.
import { pass, warn, type PreflightCheck } from '../check.ts';
import { isPrivateAddress } from '../private-address.ts';
import type { DnsResolver } from '../preflight-clients.ts';

const NO_RECORD = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN']);

type Lookup = { addresses: string[] } | { error: string };

async function lookup(resolve: DnsResolver['resolve4'], host: string): Promise<Lookup> {
  try {
    return { addresses: await resolve(host) };
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'ERROR';
    return NO_RECORD.has(code) ? { addresses: [] } : { error: code };
  }
}

export const dnsPrivateResolution: PreflightCheck = {
  id: 'dns.private-resolution',
  title: 'the gateway name resolves only to private addresses',
  needs: 'network',
  reads: ['DOMAIN_NAME', 'GATEWAY_HOST'],
  async run({ dns, settings: s }) {
    const host = s.gatewayHost;
    const [v4, v6] = await Promise.all([lookup((h) => dns.resolve4(h), host), lookup((h) => dns.resolve6(h), host)]);
    const errors = [v4, v6].filter((r): r is { error: string } => 'error' in r).map((r) => r.error);
    const addresses = [v4, v6].flatMap((r) => ('addresses' in r ? r.addresses : []));
    const publicOnes = addresses.filter((a) => !isPrivateAddress(a));
    if (publicOnes.length > 0) {
      return warn(
        `${host} already resolves to public address(es) ${publicOnes.join(', ')}; /login refuses a gateway host with any public address`,
        `remove those records (an AAAA record from a dual-stack load balancer is the usual cause), or choose another name`,
      );
    }
    if (errors.length > 0) return warn(`the lookup of ${host} failed (${errors.join(', ')}), so its addresses are not proven private`, 're-run where DNS is reachable');
    if (addresses.length === 0) {
      return pass(s.tlsMode === 'managed'
        ? `${host} does not resolve yet; the gateway stack creates its record for the internal IPv4 load balancer`
        : `${host} does not resolve from here; its record lives in the private zone ${s.ZONE ?? ''}, resolvable inside the VPC (and over the VPN)`);
    }
    return pass(`${host} resolves only to private addresses (${addresses.join(', ')})`);
  },
};
