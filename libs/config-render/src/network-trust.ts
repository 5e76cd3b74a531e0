// Whom the gateway believes about a client's address, and how many sign-ins it allows per
// address. X-Forwarded-For is honoured only from the load balancers' own subnets: Client VPN
// users sit in the private subnets (the VPN translates them to its interfaces there), so
// trusting the whole VPC would let any of them forge client_ip. The same translation puts every
// VPN user behind one or two addresses, so the per-address sign-in limits are sized by the
// profile (SIGNIN_RATE_LIMIT) instead of the gateway's defaults.
import { CagwError } from '@cagw/errors';
import { subnetLayout } from '@cagw/profile';

/** The load-balancer subnets of network.yaml, carved from the VPC exactly as it carves them. */
export function loadBalancerCidrs(vpcCidr: string): string[] {
  const layout = subnetLayout(vpcCidr);
  if (!layout) {
    throw new CagwError('VpcTooSmall', `VPC_CIDR ${vpcCidr} cannot hold the six /27 subnets the network stack carves`, {
      source: 'user', where: 'VPC_CIDR', fix: 'use a /24 or larger block, e.g. 10.20.0.0/16',
    });
  }
  return [...layout.loadBalancer];
}

/** The gateway's windows (gateway-config.md §1.12): 10 minutes for both limits. */
const WINDOW_SECONDS = 600;

/** The gateway's own device_verify limit: at it, the block is left out to save parameter bytes. */
export const GATEWAY_DEFAULT_SIGNIN_LIMIT = 10;

/**
 * rate_limits: device_verify at the profile's limit, device_authorization three times it (the
 * gateway's 30:10); undefined at the gateway's defaults.
 */
export function signInRateLimits(perAddress = GATEWAY_DEFAULT_SIGNIN_LIMIT) {
  if (perAddress === GATEWAY_DEFAULT_SIGNIN_LIMIT) return undefined;
  return {
    deviceAuthorization: { max: perAddress * 3, windowSeconds: WINDOW_SECONDS },
    deviceVerify: { max: perAddress, windowSeconds: WINDOW_SECONDS },
  };
}
