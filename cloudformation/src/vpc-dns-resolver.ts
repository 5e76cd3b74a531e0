// The Amazon-provided DNS resolver of a VPC sits at the VPC's network address plus two. The
// original toolkit derived it by string surgery that only worked for x.y.0.0 bases
// (10.20.8.0/21 gave 10.20.0.2); this computes it for any IPv4 CIDR.
import ipaddr from 'ipaddr.js';
import { CagwError } from '@cagw/errors';

export function vpcDnsResolverIp(vpcCidr: string): string {
  let network: ipaddr.IPv4;
  try {
    const [address, bits] = ipaddr.IPv4.parseCIDR(vpcCidr);
    network = ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${bits}`);
    if (bits > 28) throw new Error('a VPC is /16 to /28');
  } catch (e) {
    throw new CagwError('VpcCidrInvalid', `"${vpcCidr}" is not an IPv4 VPC CIDR`, {
      source: 'user', where: 'VPC_CIDR', fix: 'use a CIDR from /16 to /28, e.g. 10.20.0.0/16', cause: e,
    });
  }
  const octets = network.toByteArray();
  const asNumber = octets.reduce((n, o) => n * 256 + o, 0) + 2;
  return [24, 16, 8, 0].map((shift) => Math.floor(asNumber / 2 ** shift) % 256).join('.');
}
