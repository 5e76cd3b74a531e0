import { fc, test } from '@fast-check/vitest';
import ipaddr from 'ipaddr.js';
import { describe, expect } from 'vitest';
import { vpcDnsResolverIp } from './vpc-dns-resolver.ts';

describe('vpcDnsResolverIp', () => {
  test.each([
    ['10.20.0.0/16', '10.20.0.2'],
    ['10.20.8.0/21', '10.20.8.2'], // the original toolkit answered 10.20.0.2 here
    ['172.31.255.240/28', '172.31.255.242'],
    ['10.20.8.77/21', '10.20.8.2'], // host bits set: the network address counts
  ])('%s → %s', (cidr, resolver) => {
    expect(vpcDnsResolverIp(cidr)).toBe(resolver);
  });

  test.each(['10.20.0.0', '10.20.0.0/29', 'fd00::/64', '300.1.1.1/16', ''])('refuses %j with the fix', (cidr) => {
    expect(() => vpcDnsResolverIp(cidr)).toThrow(expect.objectContaining({ code: 'VpcCidrInvalid', fix: expect.stringContaining('/16') }));
  });

  test.prop([fc.ipV4(), fc.integer({ min: 16, max: 28 })])('is inside the VPC, two above its network address', (address, bits) => {
    const resolver = ipaddr.IPv4.parse(vpcDnsResolverIp(`${address}/${bits}`));
    const network = ipaddr.IPv4.networkAddressFromCIDR(`${address}/${bits}`);
    expect(resolver.match(network, bits)).toBe(true);
    const toNumber = (ip: ipaddr.IPv4) => ip.toByteArray().reduce((n, o) => n * 256 + o, 0);
    expect(toNumber(resolver) - toNumber(network)).toBe(2);
  });
});
