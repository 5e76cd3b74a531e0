// Without a managed domain the gateway gets its record in the private zone ZONE: its name must
// be inside it, at a label boundary. (The bundled collector needs managed TLS; the profile
// refuses it otherwise, and tls.hosted-zone checks its name against the public zone.)
import { fail, pass, type PreflightCheck } from '../check.ts';
import { isUnderZone } from '../dns-names.ts';

export const tlsNamesInZone: PreflightCheck = {
  id: 'tls.names-in-zone',
  title: 'the gateway name is inside ZONE',
  needs: 'offline',
  reads: ['ZONE', 'GATEWAY_HOST'],
  skipReason: (s) => (s.tlsMode === 'managed' ? 'managed TLS: the names are checked against the public zone (tls.hosted-zone)' : undefined),
  async run({ settings: s }) {
    const zone = s.ZONE ?? '';
    if (!isUnderZone(s.gatewayHost, zone)) return fail(`GATEWAY_HOST ${s.gatewayHost} is not inside ZONE ${zone}`, `use a name ending in .${zone}, e.g. claude-gateway.${zone}`);
    return pass(`${s.gatewayHost} is inside ${zone}`);
  },
};
