// Managed TLS: ACM validates the certificate through PUBLIC_HOSTED_ZONE_ID, so the zone must
// exist, be public, and hold DOMAIN_NAME (and the collector's name) at a label boundary;
// otherwise the deploy hangs on ACM for 90 minutes.
import { GetHostedZoneCommand } from '@aws-sdk/client-route-53';
import { combineOutcomes, fail, type CheckOutcome, type PreflightCheck } from '../check.ts';
import { awsCallFailed, isNotFound } from '../aws-failure.ts';
import { isUnderZone, normalizeHostname } from '../dns-names.ts';

export const tlsHostedZone: PreflightCheck = {
  id: 'tls.hosted-zone',
  title: 'the public hosted zone holds the gateway name',
  needs: 'aws',
  reads: ['PUBLIC_HOSTED_ZONE_ID', 'DOMAIN_NAME', 'ENABLE_COLLECTOR', 'COLLECTOR_HOST'],
  skipReason: (s) => (s.tlsMode === 'managed' ? undefined : `TLS mode ${s.tlsMode} uses no public zone`),
  async run({ aws, settings: s, signal }) {
    const zoneId = s.PUBLIC_HOSTED_ZONE_ID ?? '';
    let zone;
    try {
      ({ HostedZone: zone } = await aws.route53.send(new GetHostedZoneCommand({ Id: zoneId }), { abortSignal: signal }));
    } catch (e) {
      if (isNotFound(e, 'NoSuchHostedZone')) return fail(`PUBLIC_HOSTED_ZONE_ID ${zoneId} is not a hosted zone of this account`, 'use the id of your public zone (Route 53 → Hosted zones), e.g. Z0123456789ABCDEFGHIJ');
      return awsCallFailed('route53:GetHostedZone', e);
    }
    const zoneName = normalizeHostname(zone?.Name ?? '');
    if (zone?.Config?.PrivateZone) {
      return fail(`PUBLIC_HOSTED_ZONE_ID ${zoneId} (${zoneName}) is a private zone: ACM cannot validate through it and the deploy would hang`, 'use the id of the public zone for the same domain');
    }
    const found: CheckOutcome[] = [];
    if (!isUnderZone(s.gatewayHost, zoneName)) {
      found.push(fail(`DOMAIN_NAME ${s.gatewayHost} is not under zone ${zoneName} (${zoneId}): ACM DNS validation would hang`, `use a name ending in .${zoneName}, or the zone that holds ${s.gatewayHost}`));
    }
    if (s.ENABLE_COLLECTOR && s.COLLECTOR_HOST && !isUnderZone(s.COLLECTOR_HOST, zoneName)) {
      found.push(fail(`COLLECTOR_HOST ${s.COLLECTOR_HOST} is not under zone ${zoneName}: its certificate cannot be validated`, `use a name ending in .${zoneName}, e.g. claude-otel.${zoneName}`));
    }
    return combineOutcomes(found, `${zoneName} (${zoneId}) is public and holds ${s.gatewayHost}`);
  },
};
