import { GetHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test } from 'vitest';
import { awsError, dnsError, fakeClients, runOne, settingsFrom } from '../test-support.ts';
import { tlsHostedZone } from './tls-hosted-zone.ts';
import { tlsZoneDelegation } from './tls-zone-delegation.ts';

const route53 = mockClient(Route53Client);
beforeEach(() => {
  route53.reset();
  route53.onAnyCommand().rejects(new Error('unexpected Route 53 call'));
});

const ZONE_ID = 'Z0123456789ABCDEFGHIJ';
const NS = ['ns-1.awsdns-01.org', 'ns-2.awsdns-02.co.uk'];
const managed = (values: Record<string, string> = {}) => settingsFrom({ ZONE: '', DOMAIN_NAME: 'claude.example.com', PUBLIC_HOSTED_ZONE_ID: ZONE_ID, ...values });
const zone = (name: string, privateZone = false) => ({
  HostedZone: { Id: `/hostedzone/${ZONE_ID}`, Name: `${name}.`, CallerReference: 'x', Config: { PrivateZone: privateZone } },
  DelegationSet: { NameServers: NS },
});

describe('tls.hosted-zone', () => {
  test('a public zone that holds DOMAIN_NAME and the collector passes', async () => {
    route53.on(GetHostedZoneCommand, { Id: ZONE_ID }).resolves(zone('example.com'));
    const r = await runOne(tlsHostedZone, managed({ ENABLE_COLLECTOR: 'true' }));
    expect(r).toMatchObject({ status: 'pass', message: `example.com (${ZONE_ID}) is public and holds claude.example.com` });
  });

  test('a private zone fails: ACM would hang', async () => {
    route53.on(GetHostedZoneCommand).resolves(zone('example.com', true));
    const r = await runOne(tlsHostedZone, managed());
    expect(r).toMatchObject({ status: 'fail', message: expect.stringContaining('is a private zone') });
  });

  test('a name that only ends with the zone text is not under it (label boundary)', async () => {
    route53.on(GetHostedZoneCommand).resolves(zone('example.com'));
    const r = await runOne(tlsHostedZone, managed({ DOMAIN_NAME: 'claude.badexample.com' }));
    expect(r).toMatchObject({ status: 'fail', message: expect.stringContaining('DOMAIN_NAME claude.badexample.com is not under zone example.com') });
  });

  test('a collector host outside the zone fails', async () => {
    route53.on(GetHostedZoneCommand).resolves(zone('example.com'));
    const r = await runOne(tlsHostedZone, managed({ ENABLE_COLLECTOR: 'true', COLLECTOR_HOST: 'otel.example.net' }));
    expect(r).toMatchObject({ status: 'fail', message: expect.stringContaining('COLLECTOR_HOST otel.example.net') });
  });

  test('an unknown zone id fails with where to find the right one', async () => {
    route53.on(GetHostedZoneCommand).rejects(awsError('NoSuchHostedZone'));
    expect((await runOne(tlsHostedZone, managed())).message).toBe(`PUBLIC_HOSTED_ZONE_ID ${ZONE_ID} is not a hosted zone of this account`);
  });

  test('a failed Route 53 call fails the check instead of passing it (the original passed)', async () => {
    route53.on(GetHostedZoneCommand).rejects(awsError('Throttling', 'Rate exceeded'));
    const r = await runOne(tlsHostedZone, managed());
    expect(r).toMatchObject({ status: 'fail', message: 'route53:GetHostedZone failed: Throttling: Rate exceeded' });
  });
});

describe('tls.zone-delegation', () => {
  test('public NS records that match the zone\'s name servers pass', async () => {
    route53.on(GetHostedZoneCommand).resolves(zone('example.com'));
    const r = await runOne(tlsZoneDelegation, managed(), { dns: { ...fakeClients().dns, resolveNs: async (name) => (name === 'example.com' ? [...NS].reverse().map((n) => `${n}.`) : []) } });
    expect(r.status).toBe('pass');
  });

  test('a zone delegated to other name servers fails with the ones to set', async () => {
    route53.on(GetHostedZoneCommand).resolves(zone('example.com'));
    const r = await runOne(tlsZoneDelegation, managed(), { dns: { ...fakeClients().dns, resolveNs: async () => ['ns1.registrar.example'] } });
    expect(r.status).toBe('fail');
    expect(r.fix).toContain(NS.join(', '));
  });

  test('a zone with no public NS records is not delegated', async () => {
    route53.on(GetHostedZoneCommand).resolves(zone('example.com'));
    const r = await runOne(tlsZoneDelegation, managed(), { dns: { ...fakeClients().dns, resolveNs: async () => { throw dnsError('ENOTFOUND'); } } });
    expect(r).toMatchObject({ status: 'fail', message: expect.stringContaining('not delegated') });
  });

  test('a DNS timeout warns: the delegation is not proven', async () => {
    route53.on(GetHostedZoneCommand).resolves(zone('example.com'));
    const r = await runOne(tlsZoneDelegation, managed(), { dns: { ...fakeClients().dns, resolveNs: async () => { throw dnsError('ETIMEOUT'); } } });
    expect(r.status).toBe('warn');
  });

  test('a failed Route 53 call fails the check', async () => {
    route53.on(GetHostedZoneCommand).rejects(awsError('AccessDenied'));
    expect((await runOne(tlsZoneDelegation, managed())).message).toMatch(/^route53:GetHostedZone failed: AccessDenied/);
  });
});
