// Managed TLS: ACM's validation record is looked up from the public internet, so the zone's
// name servers must be the ones its parent delegates to.
import { GetHostedZoneCommand } from '@aws-sdk/client-route-53';
import { fail, pass, warn, type PreflightCheck } from '../check.ts';
import { awsCallFailed, errorName } from '../aws-failure.ts';
import { normalizeHostname } from '../dns-names.ts';

const NOT_DELEGATED = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN']);

export const tlsZoneDelegation: PreflightCheck = {
  id: 'tls.zone-delegation',
  title: 'the public zone is delegated to its Route 53 name servers',
  needs: 'aws',
  reads: ['PUBLIC_HOSTED_ZONE_ID'],
  skipReason: (s) => (s.tlsMode === 'managed' ? undefined : `TLS mode ${s.tlsMode} uses no public zone`),
  async run({ aws, dns, settings: s, signal }) {
    let zoneName: string;
    let assigned: string[];
    try {
      const answer = await aws.route53.send(new GetHostedZoneCommand({ Id: s.PUBLIC_HOSTED_ZONE_ID ?? '' }), { abortSignal: signal });
      zoneName = normalizeHostname(answer.HostedZone?.Name ?? '');
      assigned = (answer.DelegationSet?.NameServers ?? []).map(normalizeHostname);
    } catch (e) {
      return awsCallFailed('route53:GetHostedZone', e);
    }
    let published: string[];
    try {
      published = (await dns.resolveNs(zoneName)).map(normalizeHostname);
    } catch (e) {
      const code = (e as { code?: string }).code ?? errorName(e);
      if (NOT_DELEGATED.has(code)) return fail(`${zoneName} has no public NS records (${code}): the zone is not delegated`, `at the registrar (or parent zone), set the name servers of ${zoneName} to ${assigned.join(', ')}`);
      return warn(`the NS lookup of ${zoneName} failed (${code}), so the delegation is not proven`, 're-run where public DNS is reachable');
    }
    const unknown = published.filter((ns) => !assigned.includes(ns));
    if (unknown.length === published.length) {
      return fail(`${zoneName} is delegated to ${published.join(', ')}, not to this zone's name servers: ACM validation would hang`, `set the name servers of ${zoneName} at its parent to ${assigned.join(', ')}`);
    }
    if (unknown.length > 0) return warn(`${zoneName} is also delegated to ${unknown.join(', ')}, which do not serve this zone`, `remove ${unknown.join(', ')} from the delegation of ${zoneName}`);
    return pass(`${zoneName} is delegated to its ${assigned.length} Route 53 name servers`);
  },
};
