// The gateway's /login accepts only private addresses, and a dual-stack ALB publishes public
// AAAA records: the load balancer must be internal and IPv4-only.
import { loadTemplate, parseTemplate } from '@cagw/cloudformation';
import { combineOutcomes, fail, type CheckOutcome, type PreflightCheck } from '../check.ts';

const LOAD_BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer';

export const networkAlbPrivate: PreflightCheck = {
  id: 'network.alb-private',
  title: 'the gateway load balancer is internal and IPv4-only',
  needs: 'offline',
  reads: [],
  async run() {
    const file = await loadTemplate('gateway');
    const resources = (parseTemplate(file.body, file.path).body.Resources ?? {}) as Record<string, { Type?: string; Properties?: Record<string, unknown> }>;
    const albs = Object.entries(resources).filter(([, r]) => r.Type === LOAD_BALANCER);
    if (albs.length === 0) return fail('the gateway template declares no load balancer', 'report this as a cagw bug');
    const found: CheckOutcome[] = albs.flatMap(([name, r]) => {
      const problems: CheckOutcome[] = [];
      if (r.Properties?.Scheme !== 'internal') problems.push(fail(`load balancer ${name} is not internal (Scheme ${String(r.Properties?.Scheme ?? 'internet-facing')})`, 'set Scheme: internal in cloudformation/templates/gateway.yaml'));
      if ((r.Properties?.IpAddressType ?? 'ipv4') !== 'ipv4') problems.push(fail(`load balancer ${name} is ${String(r.Properties?.IpAddressType)}, so it gets public AAAA records`, 'set IpAddressType: ipv4 in cloudformation/templates/gateway.yaml'));
      return problems;
    });
    return combineOutcomes(found, `${albs.map(([n]) => n).join(', ')}: internal, IPv4 only`);
  },
};
