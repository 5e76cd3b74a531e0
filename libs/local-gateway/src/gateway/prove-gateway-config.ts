import { PINNED_GATEWAY_VERSION } from '../binary/pinned-version.ts';
import { GatewayConfigRejected } from './gateway-config-rejected.ts';
import type { GatewayFieldError } from './parse-gateway-failure.ts';
import { startLocalGateway, type StartLocalGatewayOptions } from './start-local-gateway.ts';

export type ConfigProof =
  | { accepted: true; version: string; bootMs: number; warnings: string[] }
  | { accepted: false; version: string; errors: GatewayFieldError[]; message: string };

/**
 * Boots the real gateway once with a config and stops it: what `cagw validate` needs. A refusal
 * is a value (the gateway's field-level errors); anything else that goes wrong is thrown.
 * PostgreSQL and the issuer stay up for the next proof unless keepSharedServices is false;
 * they stop with the process, or with stopSharedServices().
 */
export async function proveGatewayConfig(options: StartLocalGatewayOptions): Promise<ConfigProof> {
  const version = options.version ?? PINNED_GATEWAY_VERSION;
  try {
    const gateway = await startLocalGateway({ keepSharedServices: true, ...options });
    await gateway.stop();
    return { accepted: true, version: gateway.version, bootMs: gateway.bootMs, warnings: gateway.warnings };
  } catch (error) {
    if (GatewayConfigRejected.isRejection(error)) return { accepted: false, version, errors: error.errors, message: error.message };
    throw error;
  }
}
