import { expect, test } from 'vitest';
import { CagwError } from '@cagw/errors';
import { gatewayPackageFor } from './platform-package.ts';

test('each supported platform maps to its native package', () => {
  expect(gatewayPackageFor({ platform: 'linux', arch: 'x64' })).toBe('@anthropic-ai/claude-code-linux-x64');
  expect(gatewayPackageFor({ platform: 'linux', arch: 'arm64' })).toBe('@anthropic-ai/claude-code-linux-arm64');
  expect(gatewayPackageFor({ platform: 'darwin', arch: 'arm64' })).toBe('@anthropic-ai/claude-code-darwin-arm64');
});

test('a platform without a gateway binary is a user error naming the platform', () => {
  let thrown: unknown;
  try {
    gatewayPackageFor({ platform: 'win32', arch: 'x64' });
  } catch (error) {
    thrown = error;
  }
  expect(CagwError.is(thrown) && thrown.code).toBe('GatewayBinaryUnavailable');
  expect((thrown as Error).message).toContain('win32-x64');
});
