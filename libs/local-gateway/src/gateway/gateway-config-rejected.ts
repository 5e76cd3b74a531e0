import { CagwError } from '@cagw/errors';
import type { GatewayFieldError, GatewayFailure } from './parse-gateway-failure.ts';

/** The real gateway refused the config; `errors` holds its own field-level findings. */
export class GatewayConfigRejected extends CagwError {
  readonly errors: GatewayFieldError[];
  readonly gatewayMessage: string;

  constructor(failure: GatewayFailure, version: string) {
    const listed = failure.errors.map((error) => (error.path ? `${error.path}: ${error.message}` : error.message));
    super('GatewayConfigRejected', `claude gateway ${version} refused the config: ${listed.join('; ')}`, {
      source: 'user',
      where: failure.errors[0]?.path || 'gateway.yaml',
      fix: 'correct the fields named above in the profile or policies file, then validate again',
    });
    this.errors = failure.errors;
    this.gatewayMessage = failure.text;
  }

  /** Works across copies of this package, unlike instanceof. */
  static isRejection(x: unknown): x is GatewayConfigRejected {
    return CagwError.is(x) && x.code === 'GatewayConfigRejected' && Array.isArray((x as { errors?: unknown }).errors);
  }
}

// Failures caused by the loopback parts cagw started (Postgres, the issuer), not by the config.
const LOOPBACK_PART_FAILURE = /could not connect to Postgres|password authentication failed|ECONNREFUSED|EADDRINUSE|address already in use|self signed certificate|requires the native binary/i;

/** Whether a failed boot is the config's fault (GatewayConfigRejected) or cagw's (GatewayBootFailed). */
export function isConfigFault(failure: GatewayFailure): boolean {
  return failure.kind !== 'message' || !LOOPBACK_PART_FAILURE.test(failure.text);
}
