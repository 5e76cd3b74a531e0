// A ZONE edit replaces the network stack's private hosted zone (a zone's name cannot change).
// CloudFormation then tries to delete the old zone while the gateway and collector records are
// still in it, which Route 53 refuses (DeleteHostedZone: HostedZoneNotEmpty, "contains resource
// records that are not SOA or NS records"); a failed cleanup does not fail the update, so the old
// zone stays, and once those stacks have moved their records it is empty and forgotten. cagw
// notes the old zone before the deploy and deletes it after, when only its SOA and NS are left.
// https://docs.aws.amazon.com/Route53/latest/APIReference/API_DeleteHostedZone.html
import { DeleteHostedZoneCommand, ListResourceRecordSetsCommand, type Route53Client } from '@aws-sdk/client-route-53';
import { callAws } from './aws-call.ts';
import type { LiveStack } from './live-stack.ts';

export interface ReplacedPrivateZone {
  zoneId: string;
  /** the zone's old name (the network stack's PrivateZoneName) */
  name: string;
  /** what ZONE names now; empty when the profile has no private zone any more */
  newName: string;
}

export type ReplacedZoneOutcome =
  | { result: 'deleted' | 'already-gone'; zone: ReplacedPrivateZone }
  | { result: 'kept'; zone: ReplacedPrivateZone; records: string[]; fix: string };

/** Before the deploy: the private zone the live network stack holds when ZONE no longer names it. */
export function replacedPrivateZone(liveNetwork: Pick<LiveStack, 'parameters' | 'outputs'> | undefined, zone: string | undefined): ReplacedPrivateZone | undefined {
  const name = liveNetwork?.parameters.PrivateZoneName ?? '';
  const zoneId = liveNetwork?.outputs.PrivateHostedZoneId;
  const newName = zone ?? '';
  if (!name || !zoneId || sameName(name, newName)) return undefined;
  return { zoneId, name, newName };
}

/** After the deploy: deletes the old zone if only its SOA and NS records are left, else says what is. */
export async function deleteReplacedPrivateZone(route53: Route53Client, zone: ReplacedPrivateZone, awsProfile?: string): Promise<ReplacedZoneOutcome> {
  const left = await recordsBesidesSoaAndNs(route53, zone, awsProfile);
  if (left === undefined) return { result: 'already-gone', zone };
  const kept = (records: string[]): ReplacedZoneOutcome => ({
    result: 'kept', zone, records,
    fix: `move or delete those records (aws route53 list-resource-record-sets --hosted-zone-id ${zone.zoneId}), then: aws route53 delete-hosted-zone --id ${zone.zoneId}`,
  });
  if (left.length > 0) return kept(left);
  return callAws(`deleting the old private zone ${zone.name} (${zone.zoneId})`, () => route53.send(new DeleteHostedZoneCommand({ Id: zone.zoneId })).then(
    () => ({ result: 'deleted' as const, zone }),
    (e: unknown) => {
      if ((e as Error)?.name === 'NoSuchHostedZone') return { result: 'already-gone' as const, zone };
      // a record written between the listing and the delete
      if ((e as Error)?.name === 'HostedZoneNotEmpty') return kept(['(a record added since it was listed)']);
      throw e;
    },
  ), { awsProfile });
}

/** The zone's records other than its own SOA and NS, as "name type"; undefined when the zone is gone. */
async function recordsBesidesSoaAndNs(route53: Route53Client, zone: ReplacedPrivateZone, awsProfile?: string): Promise<string[] | undefined> {
  const left: string[] = [];
  let start: { StartRecordName?: string; StartRecordType?: never } = {};
  for (;;) {
    const page = await callAws(`listing the records of the old private zone ${zone.name}`, () => route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone.zoneId, ...start })).catch((e: unknown) => {
      if ((e as Error)?.name === 'NoSuchHostedZone') return undefined;
      throw e;
    }), { awsProfile });
    if (!page) return undefined;
    for (const r of page.ResourceRecordSets ?? []) {
      const apex = sameName(r.Name ?? '', zone.name);
      if (!(apex && (r.Type === 'SOA' || r.Type === 'NS'))) left.push(`${r.Name} ${r.Type}`);
    }
    if (!page.IsTruncated) return left;
    start = { StartRecordName: page.NextRecordName, StartRecordType: page.NextRecordType as never };
  }
}

/** Route 53 writes names fully qualified (a trailing dot) and in lower case. */
const sameName = (a: string, b: string) => a.replace(/\.$/, '').toLowerCase() === b.replace(/\.$/, '').toLowerCase();
