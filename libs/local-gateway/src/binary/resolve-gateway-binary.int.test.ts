import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { CagwError } from '@cagw/profile';
import { startLocalGateway } from '../gateway/start-local-gateway.ts';
import { minimalDeployedConfig } from '../test-support/gateway-configs.ts';
import { PINNED_GATEWAY_VERSION } from './pinned-version.ts';
import { resolveGatewayBinary } from './resolve-gateway-binary.ts';

// One real install of another version (the npm registry is reachable here); everything else
// in this file reuses it.
const OTHER_VERSION = '2.1.329';
const cacheDir = await mkdtemp(join(tmpdir(), 'cagw-gateway-cache-test-'));

afterAll(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

test('the pinned version comes from the workspace, without npm', async () => {
  const binary = await resolveGatewayBinary({ version: PINNED_GATEWAY_VERSION, cacheDir, env: { PATH: '' } });
  expect(binary.origin).toBe('workspace');
  expect(execFileSync(binary.path, ['--version'], { encoding: 'utf8' })).toContain(PINNED_GATEWAY_VERSION);
});

test('another version is installed on demand into the cache, then reused without npm, and boots', async () => {
  const installed = await resolveGatewayBinary({ version: OTHER_VERSION, cacheDir, env: process.env });
  expect(installed.origin).toBe('cache');
  expect(installed.path.startsWith(cacheDir)).toBe(true);
  expect(execFileSync(installed.path, ['--version'], { encoding: 'utf8' })).toContain(OTHER_VERSION);

  // no npm on PATH: only the cache can answer
  const again = await resolveGatewayBinary({ version: OTHER_VERSION, cacheDir, env: { PATH: '' } });
  expect(again.path).toBe(installed.path);

  const gateway = await startLocalGateway({ config: minimalDeployedConfig(), version: OTHER_VERSION, cacheDir });
  try {
    expect(gateway.version).toBe(OTHER_VERSION);
    expect(await (await fetch(`${gateway.url}/`)).text()).toContain(OTHER_VERSION);
  } finally {
    await gateway.stop();
  }
});

test('a version that was never published is a user error naming it', async () => {
  const outcome = await resolveGatewayBinary({ version: '2.1.0-not-a-release', cacheDir, env: process.env }).catch((error: unknown) => error);
  expect(CagwError.is(outcome) && outcome.code).toBe('GatewayVersionNotFound');
  expect((outcome as Error).message).toContain('2.1.0-not-a-release');
});
