import { CagwError } from '@cagw/errors';

// The gateway ships as one native npm package per platform; the npm wrapper package picks it
// the same way. Windows has no server build, and the gateway needs the native binary.
const PACKAGE_BY_PLATFORM: Record<string, string> = {
  'linux-x64': '@anthropic-ai/claude-code-linux-x64',
  'linux-arm64': '@anthropic-ai/claude-code-linux-arm64',
  'darwin-x64': '@anthropic-ai/claude-code-darwin-x64',
  'darwin-arm64': '@anthropic-ai/claude-code-darwin-arm64',
};

export interface PlatformId {
  platform: string;
  arch: string;
}

/** The npm package holding the gateway binary for a platform, or a CagwError if there is none. */
export function gatewayPackageFor({ platform, arch }: PlatformId): string {
  const name = PACKAGE_BY_PLATFORM[`${platform}-${arch}`];
  if (name === undefined) {
    throw new CagwError(
      'GatewayBinaryUnavailable',
      `the claude gateway has no native binary for ${platform}-${arch}`,
      {
        source: 'user',
        where: `this machine (${platform}-${arch})`,
        fix: `run cagw on Linux or macOS (x64 or arm64); supported: ${Object.keys(PACKAGE_BY_PLATFORM).join(', ')}`,
      },
    );
  }
  return name;
}
