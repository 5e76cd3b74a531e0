// How the network stack carves VPC_CIDR into its six subnets, computed here once so that the
// profile can refuse a VPC too small, the plan can pass SubnetHostBits, and the gateway config
// can trust exactly the load balancers' subnets. network.yaml carves the same blocks with
// !Cidr [VpcCidr, 6, SubnetHostBits]: blocks 0-1 public (NAT), 2-3 private (tasks, database,
// VPN, endpoints), 4-5 load balancers only.
import ipaddr from 'ipaddr.js';

export const SUBNET_COUNT = 6;
/** Host bits of a /24 subnet: the size cagw has always used, kept where the VPC has room. */
export const MAX_SUBNET_HOST_BITS = 8;
/** A /27: the smallest subnet an ALB accepts (and Client VPN needs room for its interfaces). */
export const MIN_SUBNET_HOST_BITS = 5;
/** AWS reserves the first four and the last address of every subnet. */
export const RESERVED_PER_SUBNET = 5;

export interface SubnetLayout {
  /** SubnetHostBits of the network stack */
  hostBits: number;
  /** usable addresses in each subnet */
  usablePerSubnet: number;
  public: [string, string];
  private: [string, string];
  loadBalancer: [string, string];
}

/** The largest subnets (up to /24) of which six fit in the VPC; undefined when six /27 do not fit. */
export function subnetLayout(vpcCidr: string): SubnetLayout | undefined {
  const [address, prefix] = ipaddr.IPv4.parseCIDR(vpcCidr);
  const vpcBits = 32 - prefix;
  // Fn::Cidr carves consecutive blocks from the start: six blocks of 2^b fit when 6 * 2^b <= 2^vpcBits
  const hostBits = Math.min(MAX_SUBNET_HOST_BITS, Math.floor(Math.log2(2 ** vpcBits / SUBNET_COUNT)));
  if (hostBits < MIN_SUBNET_HOST_BITS) return undefined;
  const base = address.toByteArray().reduce((n, byte) => n * 256 + byte, 0);
  const block = (i: number): string => {
    const start = base + i * 2 ** hostBits;
    const bytes = [24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256);
    return `${ipaddr.fromByteArray(bytes).toString()}/${32 - hostBits}`;
  };
  return {
    hostBits,
    usablePerSubnet: 2 ** hostBits - RESERVED_PER_SUBNET,
    public: [block(0), block(1)],
    private: [block(2), block(3)],
    loadBalancer: [block(4), block(5)],
  };
}
