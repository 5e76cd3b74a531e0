import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { expect, test } from 'vitest';
import { detectAwsCredentials, findExecutableOnPath, systemPreflightClients } from './system-clients.ts';

const identity = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' };

test('credentials from the chain are found, and resolved only once', async () => {
  let calls = 0;
  const status = await detectAwsCredentials({ provider: async () => { calls += 1; return identity; } });
  expect(status.available).toBe(true);
  if (!status.available) return;
  await status.credentials();
  expect(await status.credentials()).toEqual(identity);
  expect(calls).toBe(1);
});

test('no credentials gives the reason, naming the AWS profile, and what the chain said', async () => {
  const status = await detectAwsCredentials({ profile: 'deploy', provider: async () => { throw new Error('Could not load credentials from any providers'); } });
  expect(status).toEqual({ available: false, reason: 'no AWS credentials from AWS profile deploy', detail: 'Could not load credentials from any providers' });
});

test('a chain that hangs (an unreachable metadata service) is given up after the timeout', async () => {
  const status = await detectAwsCredentials({ timeoutMs: 50, provider: () => new Promise(() => {}) });
  expect(status).toMatchObject({ available: false, detail: 'no credentials within 50 ms' });
});

test('executables are found on the PATH given, and only when executable', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cagw-path-'));
  writeFileSync(join(dir, 'podman'), '#!/bin/sh\n');
  chmodSync(join(dir, 'podman'), 0o755);
  writeFileSync(join(dir, 'docker'), 'not executable');
  const find = findExecutableOnPath(['/nonexistent', dir].join(delimiter));
  expect(await find('podman')).toBe(join(dir, 'podman'));
  expect(await find('docker')).toBeUndefined();
});

test('without credentials the clients carry no AWS clients and the reason', () => {
  const clients = systemPreflightClients({ region: 'us-east-1', bedrockRegion: 'us-west-2', credentials: { available: false, reason: 'no AWS credentials from the default credential chain', detail: 'x' }, pathValue: '' });
  expect(clients.aws).toBeUndefined();
  expect(clients.noAwsReason).toBe('no AWS credentials from the default credential chain');
});

test('with credentials the Bedrock client is in the Bedrock region, the others in AWS_REGION', async () => {
  const clients = systemPreflightClients({ region: 'us-east-1', bedrockRegion: 'us-west-2', credentials: { available: true, credentials: async () => identity }, pathValue: '' });
  expect(await clients.aws!.bedrock.config.region()).toBe('us-west-2');
  expect(await clients.aws!.sts.config.region()).toBe('us-east-1');
});
