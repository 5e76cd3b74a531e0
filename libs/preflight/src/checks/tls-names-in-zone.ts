// Without a managed domain the gateway (and the bundled collector) get records in the private
// zone ZONE: their names must be inside it, at a label boundary.
import { combineOutcomes, fail, type CheckOutcome, type PreflightCheck } from '../check.ts';
import { isUnderZone } from '../dns-names.ts';

export const tlsNamesInZone: PreflightCheck = {
  id: 'tls.names-in-zone',
  title: 'gateway and collector names are inside ZONE',
  needs: 'offline',
  reads: ['ZONE', 'GATEWAY_HOST', 'ENABLE_COLLECTOR', 'COLLECTOR_HOST'],
  skipReason: (s) => (s.tlsMode === 'managed' ? 'managed TLS: the names are checked against the public zone (tls.hosted-zone)' : undefined),
  async run({ settings: s }) {
    const zone = s.ZONE ?? '';
    const found: CheckOutcome[] = [];
    if (!isUnderZone(s.gatewayHost, zone)) found.push(fail(`GATEWAY_HOST ${s.gatewayHost} is not inside ZONE ${zone}`, `use a name ending in .${zone}, e.g. claude-gateway.${zone}`));
    if (s.ENABLE_COLLECTOR && s.COLLECTOR_HOST && !isUnderZone(s.COLLECTOR_HOST, zone)) {
      found.push(fail(`COLLECTOR_HOST ${s.COLLECTOR_HOST} is not inside ZONE ${zone}`, `use a name ending in .${zone}, e.g. claude-otel.${zone}`));
    }
    return combineOutcomes(found, `${s.gatewayHost}${s.ENABLE_COLLECTOR ? ` and ${s.COLLECTOR_HOST}` : ''} are inside ${zone}`);
  },
};
