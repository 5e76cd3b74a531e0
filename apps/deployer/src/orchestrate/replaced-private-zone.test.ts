// A ZONE edit leaves the old private zone behind (CloudFormation's delete of it fails while the
// gateway's record is still in it); cagw deletes it after the deploy, once it holds only SOA and NS.
import { DeleteHostedZoneCommand, HostedZoneNotEmpty, ListResourceRecordSetsCommand, NoSuchHostedZone, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test } from 'vitest';
import { deleteReplacedPrivateZone, replacedPrivateZone } from './replaced-private-zone.ts';

const route53Mock = mockClient(Route53Client);
const route53 = new Route53Client({ region: 'us-east-1' });
type Rr = { Name: string; Type: 'SOA' | 'NS' | 'A' | 'CNAME' };
let zones: Map<string, Rr[]>;

/**
 * Route 53 as far as this meets it: ListResourceRecordSets pages (IsTruncated, NextRecordName,
 * NextRecordType; two records a page here) and answers NoSuchHostedZone for an unknown id;
 * DeleteHostedZone refuses a zone with records other than SOA and NS (HostedZoneNotEmpty, 400)
 * and an unknown id (NoSuchHostedZone, 404).
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_DeleteHostedZone.html
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListResourceRecordSets.html
 */
beforeEach(() => {
  route53Mock.reset();
  route53Mock.onAnyCommand().rejects(new Error('unexpected Route 53 call'));
  zones = new Map();
  const noSuch = (id: string) => new NoSuchHostedZone({ message: `No hosted zone found with ID: ${id}`, $metadata: { httpStatusCode: 404 } });
  route53Mock.on(ListResourceRecordSetsCommand).callsFake(async (i) => {
    const records = zones.get(i.HostedZoneId ?? '');
    if (!records) throw noSuch(i.HostedZoneId ?? '');
    const from = i.StartRecordName ? records.findIndex((r) => r.Name === i.StartRecordName && r.Type === i.StartRecordType) : 0;
    const page = records.slice(from, from + 2);
    const next = records[from + 2];
    return { ResourceRecordSets: page.map((r) => ({ ...r, TTL: 300, ResourceRecords: [{ Value: '10.20.3.4' }] })), IsTruncated: next !== undefined, MaxItems: 2, ...(next ? { NextRecordName: next.Name, NextRecordType: next.Type } : {}) };
  });
  route53Mock.on(DeleteHostedZoneCommand).callsFake(async (i) => {
    const records = zones.get(i.Id ?? '');
    if (!records) throw noSuch(i.Id ?? '');
    if (records.some((r) => r.Type !== 'SOA' && r.Type !== 'NS')) throw new HostedZoneNotEmpty({ message: 'The specified hosted zone contains non-required resource record sets and so cannot be deleted.', $metadata: { httpStatusCode: 400 } });
    zones.delete(i.Id ?? '');
    return { ChangeInfo: { Id: '/change/C2682N5HXP0BZ4', Status: 'PENDING', SubmittedAt: new Date(0) } };
  });
});

const OLD = 'Z08123456ABCDEFGHIJKL';
const live = { parameters: { PrivateZoneName: 'corp.example.com' }, outputs: { PrivateHostedZoneId: OLD } };
const apex: Rr[] = [{ Name: 'corp.example.com.', Type: 'SOA' }, { Name: 'corp.example.com.', Type: 'NS' }];

describe('the private zone a ZONE edit replaced', () => {
  test('is noted before the deploy only when ZONE names another zone or none', () => {
    expect(replacedPrivateZone(live, 'internal.example.com')).toEqual({ zoneId: OLD, name: 'corp.example.com', newName: 'internal.example.com' });
    expect(replacedPrivateZone(live, undefined)).toEqual({ zoneId: OLD, name: 'corp.example.com', newName: '' });
    expect(replacedPrivateZone(live, 'Corp.Example.com.')).toBeUndefined();
    expect(replacedPrivateZone(undefined, 'internal.example.com')).toBeUndefined();
    expect(replacedPrivateZone({ parameters: { PrivateZoneName: '' }, outputs: {} }, 'internal.example.com')).toBeUndefined();
  });

  test('is deleted after the deploy once only its SOA and NS are left', async () => {
    zones.set(OLD, [...apex]);
    const zone = replacedPrivateZone(live, 'internal.example.com')!;
    expect(await deleteReplacedPrivateZone(route53, zone)).toEqual({ result: 'deleted', zone });
    expect(zones.has(OLD)).toBe(false);
  });

  test('is kept, naming the records still in it and the fix, when another record is there (on any page)', async () => {
    zones.set(OLD, [...apex, { Name: 'a.corp.example.com.', Type: 'CNAME' }, { Name: 'claude.corp.example.com.', Type: 'A' }]);
    const outcome = await deleteReplacedPrivateZone(route53, replacedPrivateZone(live, 'internal.example.com')!);
    expect(outcome).toMatchObject({ result: 'kept', records: ['a.corp.example.com. CNAME', 'claude.corp.example.com. A'] });
    expect(outcome.result === 'kept' && outcome.fix).toContain(`aws route53 delete-hosted-zone --id ${OLD}`);
    expect(route53Mock.commandCalls(DeleteHostedZoneCommand)).toHaveLength(0);
    expect(zones.has(OLD)).toBe(true);
  });

  test('that CloudFormation managed to delete is reported gone', async () => {
    expect(await deleteReplacedPrivateZone(route53, replacedPrivateZone(live, 'internal.example.com')!)).toMatchObject({ result: 'already-gone' });
  });
});
