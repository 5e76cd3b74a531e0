// Address ranges that would break routing: the VPC in private space, the Client VPN pool
// outside the VPC (AWS refuses the endpoint otherwise) and inside CLIENT_CIDR (the range the
// load balancer admits).
import ipaddr from 'ipaddr.js';
import { combineOutcomes, fail, warn, type CheckOutcome, type PreflightCheck } from '../check.ts';

export function cidrsOverlap(a: string, b: string): boolean {
  const [addrA, lenA] = ipaddr.parseCIDR(a);
  const [addrB, lenB] = ipaddr.parseCIDR(b);
  return addrA.kind() === addrB.kind() && addrA.match(addrB, Math.min(lenA, lenB));
}

/** true when every address of `inner` is inside `outer` */
export function cidrContains(outer: string, inner: string): boolean {
  const [addrO, lenO] = ipaddr.parseCIDR(outer);
  const [addrI, lenI] = ipaddr.parseCIDR(inner);
  return addrO.kind() === addrI.kind() && lenI >= lenO && addrI.match(addrO, lenO);
}

const PRIVATE_V4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

export const networkCidrs: PreflightCheck = {
  id: 'network.cidrs',
  title: 'address ranges are private and do not collide',
  needs: 'offline',
  reads: ['VPC_CIDR', 'CLIENT_CIDR', 'ENABLE_VPN', 'VPN_CLIENT_CIDR'],
  async run({ settings: s }) {
    // loadSettings applies the defaults, so these are set; the type does not say so yet.
    const vpc = s.VPC_CIDR!;
    const clients = s.CLIENT_CIDR!;
    const pool = s.VPN_CLIENT_CIDR!;
    const found: CheckOutcome[] = [];
    if (!PRIVATE_V4.some((p) => cidrContains(p, vpc))) {
      found.push(warn(`VPC_CIDR ${vpc} is not in private address space`, 'use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16'));
    }
    if (s.ENABLE_VPN) {
      if (cidrsOverlap(pool, vpc)) {
        found.push(fail(`VPN_CLIENT_CIDR ${pool} overlaps VPC_CIDR ${vpc}`, 'choose a VPN pool outside the VPC, e.g. 10.30.0.0/22 with VPC_CIDR=10.20.0.0/16'));
      } else if (!cidrContains(clients, pool)) {
        found.push(warn(`VPN_CLIENT_CIDR ${pool} is outside CLIENT_CIDR ${clients}`, `widen CLIENT_CIDR to cover ${pool}, so the rules that admit clients also name the VPN pool`));
      }
    }
    return combineOutcomes(found, `VPC ${vpc}, clients ${clients}${s.ENABLE_VPN ? `, VPN pool ${pool}` : ''}`);
  },
};
