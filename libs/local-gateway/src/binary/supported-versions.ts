// The oldest gateway cagw runs. From 2.1.232 the gateway refuses at boot the matcher values an
// older one silently accepted (an empty `email_domain` matched everyone, an empty group entry,
// an empty `admin_groups` entry), and accepts the `desktop` keys cagw renders; the spend-cap
// headers (2.1.225) and pricing overrides (2.1.227) come before it (gateway-config.md).
import { CagwError } from '@cagw/errors';

export const OLDEST_SUPPORTED_GATEWAY_VERSION = '2.1.232';

const parts = (version: string) => version.split('.').map(Number);

/** Negative when a is older than b, 0 when equal, positive when newer (x.y.z only). */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

export function assertSupportedGatewayVersion(version: string): void {
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    throw new CagwError('GatewayVersionInvalid', `gateway version "${version}" is not a release version like 2.1.330`, {
      source: 'user',
      where: 'CLAUDE_VERSION',
      fix: 'set CLAUDE_VERSION to a published release (x.y.z), or leave it unset for the pinned one',
    });
  }
  if (compareVersions(version, OLDEST_SUPPORTED_GATEWAY_VERSION) < 0) {
    throw new CagwError('GatewayVersionUnsupported', `gateway version ${version} is older than ${OLDEST_SUPPORTED_GATEWAY_VERSION}, the oldest cagw supports (older gateways accept an empty email_domain as matching everyone)`, {
      source: 'user',
      where: 'CLAUDE_VERSION',
      fix: `set CLAUDE_VERSION to ${OLDEST_SUPPORTED_GATEWAY_VERSION} or newer, or leave it unset for the pinned one`,
    });
  }
}
