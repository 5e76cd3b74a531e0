import { expect, test } from 'vitest';
import type { DnsResolver } from '../preflight-clients.ts';
import { dnsError, runOne, settingsFrom } from '../test-support.ts';
import { isPrivateAddress } from '../private-address.ts';
import { dnsPrivateResolution } from './dns-private-resolution.ts';

const settings = settingsFrom({});
const resolver = (v4: string[] | Error, v6: string[] | Error): DnsResolver => ({
  resolve4: async () => { if (v4 instanceof Error) throw v4; return v4; },
  resolve6: async () => { if (v6 instanceof Error) throw v6; return v6; },
  resolveNs: async () => [],
});

test('private means RFC 1918, CGNAT, link-local, ULA and loopback, IPv4-mapped included', () => {
  expect(['10.1.2.3', '172.16.0.1', '192.168.1.1', '100.64.0.1', '169.254.1.1', 'fd00::1', 'fe80::1', '127.0.0.1', '::ffff:10.0.0.1'].every(isPrivateAddress)).toBe(true);
  expect(['8.8.8.8', '6.6.0.1', '2600:1f18::1', '172.32.0.1', '::ffff:8.8.8.8', 'not-an-ip'].some(isPrivateAddress)).toBe(false);
});

test('a name that does not resolve passes: the stack creates it, or it lives in the private zone', async () => {
  const managed = settingsFrom({ ZONE: '', DOMAIN_NAME: 'claude.example.com', PUBLIC_HOSTED_ZONE_ID: 'Z0123456789ABCDEFGHIJ' });
  const nx = resolver(dnsError('ENOTFOUND'), dnsError('ENOTFOUND'));
  expect(await runOne(dnsPrivateResolution, managed, { dns: nx })).toMatchObject({ status: 'pass', message: expect.stringContaining('does not resolve yet') });
  expect(await runOne(dnsPrivateResolution, settings, { dns: nx })).toMatchObject({ status: 'pass', message: expect.stringContaining('private zone internal.example.com') });
});

test('only private addresses pass', async () => {
  const r = await runOne(dnsPrivateResolution, settings, { dns: resolver(['10.20.1.5', '10.20.2.6'], dnsError('ENODATA')) });
  expect(r).toMatchObject({ status: 'pass', message: 'claude-gateway.internal.example.com resolves only to private addresses (10.20.1.5, 10.20.2.6)' });
});

test('a public AAAA next to private A records warns, naming the address', async () => {
  const r = await runOne(dnsPrivateResolution, settings, { dns: resolver(['10.20.1.5'], ['2600:1f18:abcd::1']) });
  expect(r).toMatchObject({ status: 'warn', message: expect.stringContaining('2600:1f18:abcd::1') });
});

test('a lookup that times out warns instead of passing', async () => {
  const r = await runOne(dnsPrivateResolution, settings, { dns: resolver(dnsError('ETIMEOUT'), dnsError('ENOTFOUND')) });
  expect(r).toMatchObject({ status: 'warn', message: expect.stringContaining('ETIMEOUT') });
});
