// The carving must match what !Cidr [VpcCidr, 6, SubnetHostBits] gives in network.yaml: six
// consecutive, equal, non-overlapping blocks from the start of the VPC, none below /27.
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, test } from 'vitest';
import { subnetLayout } from './subnet-layout.ts';
import { loadWith, problemVariables } from './test-support.ts';

describe('subnetLayout', () => {
  test('a /16 keeps the /24 subnets cagw always deployed, in the order of the template', () => {
    expect(subnetLayout('10.20.0.0/16')).toEqual({
      hostBits: 8, usablePerSubnet: 251,
      public: ['10.20.0.0/24', '10.20.1.0/24'], private: ['10.20.2.0/24', '10.20.3.0/24'], loadBalancer: ['10.20.4.0/24', '10.20.5.0/24'],
    });
  });

  test.each([['10.20.0.0/22', 7], ['10.20.0.0/23', 6], ['192.168.7.0/24', 5]])('%s gives host bits %i', (cidr, bits) => {
    expect(subnetLayout(cidr)?.hostBits).toBe(bits);
  });

  test('a /24 is carved into six /27s', () => {
    expect(subnetLayout('192.168.7.0/24')?.loadBalancer).toEqual(['192.168.7.128/27', '192.168.7.160/27']);
  });

  test('a /25 cannot hold six /27s', () => expect(subnetLayout('10.20.0.0/25')).toBeUndefined());

  test('every subnet is inside the VPC, at least /27, and no two overlap', () => {
    const vpcs = fc.tuple(fc.integer({ min: 16, max: 24 }), fc.nat(2 ** 32 - 1))
      .map(([prefix, n]) => `${ipaddr.IPv4.networkAddressFromCIDR(`${ipaddr.fromByteArray([24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256))}/${prefix}`)}/${prefix}`);
    fc.assert(fc.property(vpcs, (vpc) => {
      const layout = subnetLayout(vpc)!;
      const all = [...layout.public, ...layout.private, ...layout.loadBalancer];
      const vpcRange = ipaddr.IPv4.parseCIDR(vpc);
      for (const [i, cidr] of all.entries()) {
        const [addr, prefix] = ipaddr.IPv4.parseCIDR(cidr);
        expect(prefix).toBeLessThanOrEqual(27);
        expect(addr.match(vpcRange)).toBe(true);
        expect(ipaddr.IPv4.broadcastAddressFromCIDR(cidr).match(vpcRange)).toBe(true);
        for (const other of all.slice(i + 1)) expect(addr.match(ipaddr.IPv4.parseCIDR(other))).toBe(false);
      }
    }));
  });
});

describe('VPC_CIDR holds its subnets (profile rule)', () => {
  test('a /24 holds the default ten tasks', () => expect(loadWith({ VPC_CIDR: '10.20.0.0/24' }).problems).toEqual([]));

  test('a /24 cannot hold a rolling deploy of 40 tasks: refused, with the block that would', () => {
    const loaded = loadWith({ VPC_CIDR: '10.20.0.0/24', MAX_TASKS: '40', DB_INSTANCE_CLASS: 'db.t4g.medium' });
    expect(problemVariables(loaded)).toEqual(['VPC_CIDR']);
    expect(loaded.problems[0]).toMatchObject({ message: expect.stringContaining('each private subnet needs 44'), fix: expect.stringContaining('/23 or larger') });
  });
});
